package generator

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"casebook/internal/corpus"
	"casebook/privacy"
	theme "casebook/themes/default"
)

// benchSite generates a corpus of CASEBOOK_BENCH_N entries (default 1,000)
// once per benchmark.
func benchSite(b *testing.B) string {
	b.Helper()
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("CASEBOOK_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	dir := filepath.Join(b.TempDir(), "site")
	if _, err := corpus.Generate(dir, corpus.Options{N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoad measures reading, decoding, rendering Markdown and checking
// privacy for every entry (the cold path of a build).
func BenchmarkLoad(b *testing.B) {
	src := benchSite(b)
	fsys := os.DirFS(src)
	cfg, ds := LoadConfig(fsys)
	if cfg == nil {
		b.Fatal(ds)
	}
	sources, _ := findSources(fsys)
	guard := privacy.NewGuard(nil)
	b.ResetTimer()
	for b.Loop() {
		entries, ds := loadEntries(fsys, cfg, guard, sources)
		if len(ds.Errors()) > 0 || len(entries) != len(sources) {
			b.Fatal(ds.Error())
		}
	}
	b.ReportMetric(float64(len(sources))*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkResolve measures the site graph: backlinks, terms, related entries.
func BenchmarkResolve(b *testing.B) {
	src := benchSite(b)
	site, _, err := Load(Options{Source: src})
	if err != nil {
		b.Fatal(err)
	}
	entries := site.Entries
	b.ResetTimer()
	for b.Loop() {
		resolve(site.Config, entries, nil)
	}
}

// BenchmarkRender measures planning and rendering every page into memory,
// and reports the time of a page of each kind that has more than one.
func BenchmarkRender(b *testing.B) {
	src := benchSite(b)
	site, _, err := Load(Options{Source: src})
	if err != nil {
		b.Fatal(err)
	}
	th := newThemeFS(os.DirFS(src), "default", theme.Files)
	var pages int
	took, count := map[string]time.Duration{}, map[string]int{}
	b.ResetTimer()
	for b.Loop() {
		tmpl, ds := siteTemplates(th, site) // a build's item cache starts empty
		if len(ds) > 0 {
			b.Fatal(ds)
		}
		plan := planPages(site, false)
		pages = len(plan)
		var buf discard
		for _, p := range plan {
			start := time.Now()
			if err := tmpl.execute(p, &buf); err != nil {
				b.Fatal(err)
			}
			took[p.Kind] += time.Since(start)
			count[p.Kind]++
		}
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	for kind, n := range count {
		if n > b.N {
			b.ReportMetric(float64(took[kind].Microseconds())/float64(n), "µs/"+kind)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkRebuildOne measures an incremental build after one entry changed,
// as the preview server runs it.
func BenchmarkRebuildOne(b *testing.B) {
	src := benchSite(b)
	builder := NewBuilder(Options{Source: src, Dest: filepath.Join(b.TempDir(), "public"), Drafts: true, Preview: true})
	defer builder.Close()
	if _, err := builder.Build(); err != nil {
		b.Fatal(err)
	}
	entry := filepath.Join(src, "content", "cases", "case-000010.md")
	stages := map[string]time.Duration{}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		f, err := os.OpenFile(entry, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		f.WriteString("\n第" + strconv.Itoa(i) + "次修改。\n")
		f.Close()
		res, err := builder.Build()
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.Logf("rebuild: %v, %d files", res.Timings, len(res.Written))
		}
		for _, t := range res.Timings {
			stages[t.Stage] += t.Took
		}
	}
	for stage, took := range stages {
		b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms-"+stage)
	}
}

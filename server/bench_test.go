package server

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"casebook/internal/corpus"
)

// BenchmarkSaveToReload measures, on a generated corpus of
// CASEBOOK_BENCH_N entries (default 1000), the time from writing one entry
// to the reload event that follows its rebuild, debounce included. Run it
// with a fixed count, e.g. -bench SaveToReload -benchtime 20x; the corpus
// is generated and built once, outside the measurement.
func BenchmarkSaveToReload(b *testing.B) {
	n := 1000
	if v := os.Getenv("CASEBOOK_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("CASEBOOK_BENCH_N=%q is not a positive number", v)
		}
	}
	dir := b.TempDir()
	if _, err := corpus.Generate(dir, corpus.Options{N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	ts := startServer(b, dir)
	b.Logf("%d entries: first build %v", n, time.Since(start).Round(time.Millisecond))
	events := ts.subscribe(b)
	rel, page := pickEntry(b, dir)
	orig := readFile(b, dir, rel)
	want := `"` + ts.basePath() + page + `"`

	var took []time.Duration
	for b.Loop() {
		text := orig + fmt.Sprintf("\n第 %d 次修改。\n", len(took)+1)
		start := time.Now()
		writeFile(b, dir, rel, text)
		events.expectWithin(b, 2*time.Minute, "reload", want)
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	b.Logf("server log:\n%s", lastLines(ts.log.String(), 12))
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(took[len(took)/2]), "ms-median")
	b.ReportMetric(ms(took[len(took)*9/10]), "ms-p90")
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// pickEntry returns the first case that is a single file, and its page.
func pickEntry(b *testing.B, dir string) (rel, page string) {
	b.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "content", "cases"))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range ents {
		if slug, ok := strings.CutSuffix(e.Name(), ".md"); ok && !e.IsDir() {
			return "content/cases/" + e.Name(), "cases/" + slug + "/"
		}
	}
	b.Fatal("no case in the corpus")
	return "", ""
}

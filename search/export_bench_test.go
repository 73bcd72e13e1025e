package search

import (
	"casebook/internal/parallel"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// exportBenchDocs returns the benchmark corpus: CASEBOOK_BENCH_N synthetic
// entries (default 2,000).
func exportBenchDocs(b *testing.B) []Doc {
	n := 2000
	if s := os.Getenv("CASEBOOK_BENCH_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("CASEBOOK_BENCH_N=%q is not a positive number", s)
		}
		n = v
	}
	return synthDocs(n)
}

// BenchmarkExport measures a clean export: every doc analysed, every file
// written into an empty folder. Besides wall time it reports the CPU time
// of all goroutines per export.
func BenchmarkExport(b *testing.B) {
	docs := exportBenchDocs(b)
	var cpu float64
	for b.Loop() {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "search")
		c0 := processCPU()
		b.StartTimer()
		if _, err := Export(docs, dir, ExportOptions{}); err != nil {
			b.Fatal(err)
		}
		cpu += processCPU() - c0
	}
	b.ReportMetric(cpu*1e3/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(docs)), "docs")
}

// BenchmarkExportOne measures the export that follows a body edit of one
// doc: "memory" with the Exporter of the last export, as the preview
// server keeps it; "cache" with a new Exporter that starts from the cache
// folder, as a new build process does.
func BenchmarkExportOne(b *testing.B) {
	for _, mode := range []string{"memory", "cache"} {
		b.Run(mode, func(b *testing.B) {
			docs := exportBenchDocs(b)
			cache, dir := b.TempDir(), filepath.Join(b.TempDir(), "search")
			e := NewExporter(cache, ExportOptions{})
			if _, err := e.Export(docs, dir); err != nil {
				b.Fatal(err)
			}
			var cpu float64
			edit := 0
			for b.Loop() {
				b.StopTimer()
				d := &docs[(edit*7919)%len(docs)]
				edit++
				d.Body += "另查明，申请人已获先行救助" + strconv.Itoa(edit) + "。"
				d.Hash = "edit-" + strconv.Itoa(edit)
				if mode == "cache" {
					e = NewExporter(cache, ExportOptions{})
				}
				c0 := processCPU()
				b.StartTimer()
				st, err := e.Export(docs, dir)
				if err != nil {
					b.Fatal(err)
				}
				cpu += processCPU() - c0
				if st.Analysed != 1 {
					b.Fatalf("%d docs analysed, want 1", st.Analysed)
				}
			}
			b.ReportMetric(cpu*1e3/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkExportIndex measures the export's work in memory on analyses
// made beforehand: merging them into posting lists, finding the phrases
// indexed whole, and gathering the positions by block, all on one
// goroutine per core as Export does.
func BenchmarkExportIndex(b *testing.B) {
	docs := exportBenchDocs(b)
	dict := newExportDict()
	all := make([]int, len(docs))
	for n := range all {
		all[n] = n
	}
	an := exportAnalyzeDocs(docs, all, dict)
	phrases := exportPhrases(docs, nil, nil, map[string]exportPhraseValue{})
	const block = 1024 // the default PosBlockDocs
	for b.Loop() {
		buildExportIndex(an, dict, phrases)
		parallel.For((len(an)+block-1)/block, 1, func(k int) {
			encodeExportPosBlock(an[k*block:min((k+1)*block, len(an))], dict)
		})
	}
}

// BenchmarkAnalyze measures the analysis a clean build runs once for each
// doc (the export and bleve share it), on one goroutine, and reports the
// text analysed per second.
func BenchmarkAnalyze(b *testing.B) {
	docs := exportBenchDocs(b)
	var size int
	for _, d := range docs {
		size += len(d.Title) + len(d.Summary) + len(d.Body) + len(strings.Join(d.Keywords, ""))
	}
	a := newExportAnalyzer(newExportDict())
	for b.Loop() {
		for n := range docs {
			a.analyze(&docs[n])
		}
	}
	b.ReportMetric(float64(size)*float64(b.N)/b.Elapsed().Seconds()/(1<<20), "MB/s")
}

package search

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// benchN is the number of docs the update benchmarks index first:
// CASEBOOK_BENCH_N, or 2,000.
func benchN(b *testing.B) int {
	b.Helper()
	s := os.Getenv("CASEBOOK_BENCH_N")
	if s == "" {
		return 2000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		b.Fatalf("CASEBOOK_BENCH_N=%q: want a positive number", s)
	}
	return n
}

// benchIndex opens an index in a temporary folder holding docs.
func benchIndex(b *testing.B, docs []Doc) *Index {
	b.Helper()
	ix, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	if _, err := ix.Update(docs); err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkUpdateOne indexes N docs, then measures an Update of all N in
// which one doc changed, as the preview server does after each save. It
// reports the time Update takes (ms/update: searches see the change when
// it returns), the time until the change is also on disk (ms/durable), and
// the CPU time per Update of the whole process, bleve's merging in the
// background included (cpu-ms/update).
func BenchmarkUpdateOne(b *testing.B) {
	n := benchN(b)
	docs := synthDocs(n)
	ix := benchIndex(b, docs)
	if err := ix.flush(); err != nil {
		b.Fatal(err)
	}
	bodies := synthDocs(1)
	var update, durable time.Duration
	round := 0
	c0 := processCPU()
	for b.Loop() {
		round++
		d := &docs[(round*7919)%n]
		d.Body = bodies[0].Body + strconv.Itoa(round)
		d.Hash = "changed-" + strconv.Itoa(round)
		t0 := time.Now()
		st, err := ix.Update(docs)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := ix.flush(); err != nil {
			b.Fatal(err)
		}
		update += t1.Sub(t0)
		durable += time.Since(t0)
		if st.Indexed != 1 {
			b.Fatalf("update %+v, want one doc indexed", st)
		}
	}
	b.ReportMetric(float64(update.Microseconds())/1e3/float64(b.N), "ms/update")
	b.ReportMetric(float64(durable.Microseconds())/1e3/float64(b.N), "ms/durable")
	b.ReportMetric((processCPU()-c0)*1e3/float64(b.N), "cpu-ms/update")
}

// BenchmarkBleveBatchOne measures what bleve alone takes to index a batch
// of one doc into an index of N docs: until the batch is applied in
// memory and searchable (ms/applied), and until scorch has also written it
// to disk (ms/persisted). It is the floor under BenchmarkUpdateOne.
func BenchmarkBleveBatchOne(b *testing.B) {
	n := benchN(b)
	docs := synthDocs(n)
	ix := benchIndex(b, docs)
	if err := ix.flush(); err != nil {
		b.Fatal(err)
	}
	live := ix.w.live
	var applied, persisted time.Duration
	round := 0
	for b.Loop() {
		round++
		d := docs[(round*7919)%n]
		d.Body += strconv.Itoa(round)
		t0 := time.Now()
		batch, err := newDocBatch(live, []*Doc{&d}, nil)
		if err != nil {
			b.Fatal(err)
		}
		pw, err := batchPersisted(live, batch.Batch)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := pw.wait(); err != nil {
			b.Fatal(err)
		}
		applied += t1.Sub(t0)
		persisted += time.Since(t0)
	}
	b.ReportMetric(float64(applied.Microseconds())/1e3/float64(b.N), "ms/applied")
	b.ReportMetric(float64(persisted.Microseconds())/1e3/float64(b.N), "ms/persisted")
}

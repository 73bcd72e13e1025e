package search

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// exportEdit returns a change that edits the doc id and gives it a new hash.
func exportEdit(id string, edit func(d *Doc)) func([]Doc) []Doc {
	return func(docs []Doc) []Doc {
		for i := range docs {
			if docs[i].ID == id {
				edit(&docs[i])
				docs[i].Hash += "'"
				return docs
			}
		}
		panic("no doc " + id)
	}
}

// exportCompareFull checks the export in dir and its stats against a full
// export of docs, made in memory.
func exportCompareFull(t *testing.T, docs []Doc, dir string, st ExportStats, opts ExportOptions) {
	t.Helper()
	want, files, err := NewExporter("", opts).export(docs, "")
	if err != nil {
		t.Fatal(err)
	}
	full := make(map[string]string, len(files))
	for p, data := range files {
		full[p] = string(data)
	}
	sameTree(t, exportTree(t, dir), full)
	if st.Docs != want.Docs || st.Terms != want.Terms || st.Phrases != want.Phrases || st.TermShards != want.TermShards ||
		st.Files != want.Files || st.Bytes != want.Bytes {
		t.Errorf("stats %+v, a full export's %+v", st, want)
	}
}

// TestExportInMemory checks that an export made in memory holds the files
// Export writes.
func TestExportInMemory(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}
	dir := filepath.Join(t.TempDir(), "search")
	st, err := Export(exportFixtureDocs(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(exportTree(t, dir)) < 100 {
		t.Fatalf("the export has %d files", st.Files)
	}
	exportCompareFull(t, exportFixtureDocs(), dir, st, opts)
}

// TestExportSeries applies a series of changes to the docs and exports
// after each one, alternately with the Exporter of the last export and
// with a new one that reads the cache folder, every third time after
// Analyse (whose analyses the docs then carry), and checks every file and
// the stats against a full export of the same docs. Changes that keep the
// docs' numbers are patched; the others are full exports.
func TestExportSeries(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 2048, PosBlockDocs: 8, PosShardBytes: 4096}
	docs := exportFixtureDocs()
	longID := "long-body-orphan"
	steps := []struct {
		name   string
		change func([]Doc) []Doc
		patch  bool
	}{
		{"nothing changed", func(d []Doc) []Doc { return d }, true},
		{"body appended", exportEdit("minor-victim-aid", func(d *Doc) { d.Body += "另查明，申请人已获先行救助。" }), true},
		{"body start edited", exportEdit("orphan-joint-aid", func(d *Doc) { d.Body = "据查，" + d.Body }), true},
		{"title edited", exportEdit("spc-opinion", func(d *Doc) { d.Title += "（修订）" }), true},
		{"url changed, same hash", func(d []Doc) []Doc { d[3].URL += "v2/"; return d }, true},
		{"phrase gone from a doc", exportEdit("minor-victim-aid", func(d *Doc) { d.Body = strings.ReplaceAll(d.Body, "先行救助", "先期救助") }), true},
		{"new characters", exportEdit("spc-procedure", func(d *Doc) { d.Body += "鳏寡孤独者，亦予救济。" }), true},
		{"characters gone again", exportEdit("spc-procedure", func(d *Doc) { d.Body = strings.TrimSuffix(d.Body, "鳏寡孤独者，亦予救济。") }), true},
		{"long body becomes short", exportEdit(longID, func(d *Doc) { d.Body = "孤兒先行救助。" }), true},
		{"short body becomes long", exportEdit(longID, func(d *Doc) { d.Body = strings.Repeat("法院決定先行救助，孤兒生活困難。", 60) }), true},
		{"two docs edited", func(d []Doc) []Doc {
			d = exportEdit("case-20", func(d *Doc) { d.Body += "心理疏导" })(d)
			return exportEdit("case-30", func(d *Doc) { d.Keywords = nil; d.Summary = "" })(d)
		}, true},
		{"same content, no hash", func(d []Doc) []Doc { d[7].Hash = ""; return d }, true},
		{"date changed", exportEdit("case-25", func(d *Doc) { d.Date = d.Date.AddDate(-3, 0, 0) }), false},
		{"doc added", func(d []Doc) []Doc {
			return append(d, Doc{ID: "new-entry", Section: "rules", Title: "新细则", Body: "孤儿救助细则。", Hash: "n1", Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
		}, false},
		{"doc removed", func(d []Doc) []Doc { return slices.Delete(d, 2, 3) }, false},
		{"doc renamed", func(d []Doc) []Doc { d[4].ID += "-renamed"; return d }, false},
		{"keyword becomes a phrase", exportEdit("case-21", func(d *Doc) { d.Keywords = append(d.Keywords, "鳏寡孤独") }), false},
		{"body edited after the full export", exportEdit("case-22", func(d *Doc) { d.Body += "民政部门" }), true},
		{"many docs edited", func(d []Doc) []Doc {
			for i := range d[:20] {
				d[i].Body += "。补充"
				d[i].Hash += "'"
			}
			return d
		}, false},
	}
	cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "search")
	e := NewExporter(cache, opts)
	if _, err := e.Export(docs, dir); err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		docs = s.change(docs)
		if i%2 == 1 {
			e = NewExporter(cache, opts) // as a new process
		}
		if i%3 == 0 {
			e.Analyse(docs) // as a build does, for the index to share
		}
		st, err := e.Export(docs, dir)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		t.Run(s.name, func(t *testing.T) {
			if e.patched != s.patch {
				t.Errorf("patched %v, want %v", e.patched, s.patch)
			}
			exportCompareFull(t, docs, dir, st, opts)
		})
	}
}

// TestExportPatchShardCount checks that a change that would change a shard
// count is exported whole.
func TestExportPatchShardCount(t *testing.T) {
	docs := exportFixtureDocs()
	probe := NewExporter("", ExportOptions{PosBlockDocs: 8})
	if _, err := probe.Export(docs, filepath.Join(t.TempDir(), "search")); err != nil {
		t.Fatal(err)
	}
	// Four shards, with no room to spare: a new term makes eight.
	opts := ExportOptions{PosBlockDocs: 8, TermShardBytes: probe.layout.termTotal/4 + 1}
	e := NewExporter("", opts)
	dir := filepath.Join(t.TempDir(), "search")
	if st, err := e.Export(docs, dir); err != nil || st.TermShards != 4 {
		t.Fatalf("%d shards, %v; want 4", st.TermShards, err)
	}
	docs = exportEdit("spc-opinion", func(d *Doc) { d.Body += "鳏寡孤独者，亦予救济。" })(docs)
	st, err := e.Export(docs, dir)
	if err != nil {
		t.Fatal(err)
	}
	if e.patched || st.TermShards != 8 {
		t.Errorf("patched %v, %d shards; want a full export, 8 shards", e.patched, st.TermShards)
	}
	exportCompareFull(t, docs, dir, st, opts)
}

// TestExportPatchRandom edits random docs of a generated corpus, a few at
// a time, and checks each patched export against a full one.
func TestExportPatchRandom(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 8192, PosBlockDocs: 16, PosShardBytes: 16384}
	docs := synthDocs(48)
	for i := range docs {
		docs[i].Body = docs[i].Body[:len(docs[i].Body)/4]
	}
	rng := rand.New(rand.NewPCG(3, 5))
	words := []string{"孤儿", "先行救助", "鳏寡", "法院", "生活困难", "救助金", "zeta", "司法救助"}
	cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "search")
	e := NewExporter(cache, opts)
	if _, err := e.Export(docs, dir); err != nil {
		t.Fatal(err)
	}
	patched := 0
	for round := range 8 {
		for range 1 + rng.IntN(3) {
			d := &docs[rng.IntN(len(docs))]
			rs := []rune(d.Body)
			at := rng.IntN(len(rs) + 1)
			switch rng.IntN(3) {
			case 0: // insert
				d.Body = string(rs[:at]) + words[rng.IntN(len(words))] + string(rs[at:])
			case 1: // delete
				end := min(len(rs), at+1+rng.IntN(20))
				d.Body = string(rs[:at]) + string(rs[end:])
			default: // the title
				d.Title = words[rng.IntN(len(words))] + d.Title
			}
			d.Hash = fmt.Sprintf("r%d-%d", round, rng.Int())
		}
		if round%3 == 2 {
			e = NewExporter(cache, opts)
		}
		st, err := e.Export(docs, dir)
		if err != nil {
			t.Fatal(err)
		}
		if e.patched {
			patched++
		}
		exportCompareFull(t, docs, dir, st, opts)
		if t.Failed() {
			t.Fatalf("round %d differs", round)
		}
	}
	if patched < 6 {
		t.Errorf("%d of 8 exports patched, want most", patched)
	}
}

// TestExportEdgeCases exports unusual doc sets incrementally: none, one
// without text, two with the same id.
func TestExportEdgeCases(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 1024, PosBlockDocs: 4}
	day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		series [][]Doc
	}{
		{"no docs, then one", [][]Doc{nil, {{ID: "a", Body: "救助", Hash: "1"}}, nil}},
		{"a doc without text", [][]Doc{{{ID: "a", Hash: "1"}}, {{ID: "a", Hash: "2", Title: "孤儿"}}, {{ID: "a", Hash: "3"}}}},
		{"two docs with one id", [][]Doc{
			{{ID: "a", Body: "先行救助", Hash: "1", Date: day}, {ID: "a", Body: "孤儿", Hash: "2"}},
			{{ID: "a", Body: "先行救助。", Hash: "3", Date: day}, {ID: "a", Body: "孤儿", Hash: "2"}},
		}},
		{"no hashes", [][]Doc{
			{{ID: "a", Body: "先行救助"}, {ID: "b", Body: "孤儿"}},
			{{ID: "a", Body: "先行救助"}, {ID: "b", Body: "孤儿院"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "search")
			for i, docs := range tt.series {
				st, err := NewExporter(cache, opts).Export(docs, dir)
				if err != nil {
					t.Fatalf("export %d: %v", i, err)
				}
				exportCompareFull(t, docs, dir, st, opts)
			}
		})
	}
}

// TestExportAnalyseThenEdit analyses docs, exports them, edits one of
// them in place and exports again: the analysis the edited doc still
// carries is of its old text and must not be used, by the export or by
// the index.
func TestExportAnalyseThenEdit(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 2048, PosBlockDocs: 8, PosShardBytes: 4096}
	docs := exportFixtureDocs()
	dir := filepath.Join(t.TempDir(), "search")
	e := NewExporter("", opts)
	e.Analyse(docs)
	if _, err := e.Export(docs, dir); err != nil {
		t.Fatal(err)
	}
	docs = exportEdit("minor-victim-aid", func(d *Doc) { d.Body += "另查明，申请人曾在鲲鹏小区居住。" })(docs)
	st, err := e.Export(docs, dir)
	if err != nil {
		t.Fatal(err)
	}
	exportCompareFull(t, docs, dir, st, opts)

	res, err := indexOf(t, docs).Search(Request{Query: "鲲鹏"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "minor-victim-aid" {
		t.Errorf("鲲鹏 finds %d hits (%+v), want minor-victim-aid alone", res.Total, res.Hits)
	}
}

package search

import (
	"os"
	"path/filepath"
	"testing"
)

// exportTree reads every file under dir: path → content.
func exportTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree reports the first difference between two exports.
func sameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("missing %s", p)
		} else if g != w {
			t.Errorf("%s differs from a full export", p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("stray %s", p)
		}
	}
}

// TestExportIncremental checks that an export from the cache of the last
// one analyses only what changed, writes only what changed, and leaves the
// same files as a full export.
func TestExportIncremental(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}
	base := exportFixtureDocs()
	edited := exportFixtureDocs()
	edited[5].Body += "另查明，申请人已获先行救助。"
	edited[5].Hash = "edited"
	removed := exportFixtureDocs()[1:]
	added := append(exportFixtureDocs(), Doc{ID: "new-entry", Section: "rules", Title: "新细则", Body: "孤儿救助细则。", Hash: "n1"})

	tests := []struct {
		name         string
		next         []Doc
		analysed     int
		maxWritten   int
		removesFiles bool
	}{
		{"nothing changed", base, 0, 1, false},
		{"one body edited", edited, 1, 60, false},
		{"one entry removed", removed, 0, 1 << 20, true},
		{"one entry added", added, 1, 1 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "search")
			first, err := ExportIncremental(base, dir, cache, opts)
			if err != nil {
				t.Fatal(err)
			}
			if first.Analysed != len(base) || first.Written != first.Files {
				t.Fatalf("first export: %d analysed, %d of %d files written", first.Analysed, first.Written, first.Files)
			}
			// A new Exporter, as a new process would have: it reads the cache.
			st, err := ExportIncremental(tt.next, dir, cache, opts)
			if err != nil {
				t.Fatal(err)
			}
			if st.Analysed != tt.analysed {
				t.Errorf("%d docs analysed, want %d", st.Analysed, tt.analysed)
			}
			if st.Written > tt.maxWritten || st.Written == 0 {
				t.Errorf("%d files written, want 1 to %d", st.Written, tt.maxWritten)
			}
			if tt.removesFiles != (st.Removed > 0) {
				t.Errorf("%d files removed", st.Removed)
			}
			full := filepath.Join(t.TempDir(), "search")
			if _, err := Export(tt.next, full, opts); err != nil {
				t.Fatal(err)
			}
			want := exportTree(t, full)
			sameTree(t, exportTree(t, dir), want)

			// Without the cache folder: a full export, the same files.
			if err := os.RemoveAll(cache); err != nil {
				t.Fatal(err)
			}
			st, err = ExportIncremental(tt.next, dir, cache, opts)
			if err != nil {
				t.Fatal(err)
			}
			if st.Analysed != len(tt.next) || st.Written != st.Files {
				t.Errorf("without a cache: %d analysed, %d of %d files written", st.Analysed, st.Written, st.Files)
			}
			sameTree(t, exportTree(t, dir), want)
		})
	}
}

// TestExportIncrementalForeignFolder checks that a folder the cache does
// not describe is written whole, stray files removed.
func TestExportIncrementalForeignFolder(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}
	docs := exportFixtureDocs()
	cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "search")
	if _, err := ExportIncremental(docs, dir, cache, opts); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "search")
	if err := os.MkdirAll(filepath.Join(other, "terms"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"manifest.json", "terms/0.json", "stray.json"} {
		if err := os.WriteFile(filepath.Join(other, p), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := ExportIncremental(docs, other, cache, opts)
	if err != nil {
		t.Fatal(err)
	}
	if st.Analysed != 0 || st.Written != st.Files {
		t.Errorf("%d analysed, %d of %d files written; want 0 and all", st.Analysed, st.Written, st.Files)
	}
	sameTree(t, exportTree(t, other), exportTree(t, dir))
}

package search

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// recordStage keeps what an ExportStaged hands it.
type recordStage struct {
	mu      sync.Mutex
	files   map[string][]byte
	removed []string
	last    string
}

func (r *recordStage) Stage(rel string, data []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[rel], r.last = data, rel
	return nil
}

func (r *recordStage) Remove(rel string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.removed = append(r.removed, rel)
}

// apply makes the staged changes in dir.
func (r *recordStage) apply(t *testing.T, dir string) {
	t.Helper()
	for rel, data := range r.files {
		p := exportPath(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range r.removed {
		if err := os.Remove(exportPath(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExportStaged checks that a staged export leaves the folder as it
// was, hands over the changes with manifest.json last, and that once they
// are applied the folder holds what a full export writes; and that a
// folder the Exporter does not know is refused.
func TestExportStaged(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}
	dir := filepath.Join(t.TempDir(), "search")
	e := NewExporter(filepath.Join(t.TempDir(), "cache"), opts)
	docs := exportFixtureDocs()
	if _, err := e.Export(docs, dir); err != nil {
		t.Fatal(err)
	}
	for _, change := range []struct {
		name string
		edit func([]Doc) []Doc
	}{
		{"body", exportEdit(docs[3].ID, func(d *Doc) { d.Body += " 先行救助再次发放" })},
		{"removed doc", func(ds []Doc) []Doc { return ds[1:] }},
	} {
		t.Run(change.name, func(t *testing.T) {
			docs = change.edit(docs)
			before := exportTree(t, dir)
			stage := &recordStage{files: map[string][]byte{}}
			st, err := e.ExportStaged(docs, dir, stage)
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, exportTree(t, dir), before)
			if len(stage.files) == 0 || stage.last != "manifest.json" {
				t.Fatalf("staged %d files, the last %q; want changes ending with manifest.json", len(stage.files), stage.last)
			}
			stage.apply(t, dir)
			exportCompareFull(t, docs, dir, st, opts)
		})
	}
	other := filepath.Join(t.TempDir(), "search")
	if _, err := e.ExportStaged(docs, other, &recordStage{files: map[string][]byte{}}); !errors.Is(err, ErrExportUnknown) {
		t.Errorf("a staged export into an unknown folder: got %v, want ErrExportUnknown", err)
	}
	if _, err := os.Stat(other); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused staged export wrote into the folder")
	}
}

package search

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestUpdateIncremental(t *testing.T) {
	dir := t.TempDir()
	ix := openAt(t, dir)
	docs := testDocs()
	st, err := ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Indexed: len(docs)}) {
		t.Errorf("first update %+v, want all %d indexed", st, len(docs))
	}

	// One changed doc: exactly one re-indexed.
	docs[3].Body = "法院先行救助，随后调查。"
	docs[3].Hash = "h-changed"
	st, err = ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Indexed: 1, Unchanged: len(docs) - 1}) {
		t.Errorf("second update %+v, want 1 indexed", st)
	}
	res, err := ix.Search(Request{Query: "先行救助", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ids(res), "advance-apart") {
		t.Errorf("changed doc not found by its new text: %v", ids(res))
	}

	// Nothing changed: nothing indexed.
	st, err = ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Unchanged: len(docs)}) {
		t.Errorf("idle update %+v", st)
	}

	// A removed doc is deleted; metadata of unchanged docs is refreshed.
	removed := docs[0].ID
	docs = docs[1:]
	docs[0].Title = "新标题"
	st, err = ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Deleted: 1, Unchanged: len(docs)}) {
		t.Errorf("delete update %+v", st)
	}
	res, _ = ix.Search(Request{Query: "孤儿"})
	if slices.Contains(ids(res), removed) {
		t.Errorf("deleted doc still found: %v", ids(res))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened, the index keeps its state and its hashes.
	ix = openAt(t, dir)
	if ix.Len() != len(docs) {
		t.Errorf("reopened with %d docs, want %d", ix.Len(), len(docs))
	}
	st, err = ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Unchanged: len(docs)}) {
		t.Errorf("update after reopen %+v", st)
	}
	res, _ = ix.Search(Request{Query: "孤兒"})
	if res.Total != 1 || res.Hits[0].Title != "新标题" {
		t.Errorf("after reopen: %+v", res.Hits)
	}
	texts, _ := filepath.Glob(filepath.Join(dir, "text-*"))
	if len(texts) != 1 {
		t.Errorf("text files %v, want exactly one", texts)
	}
}

func TestOpenRecovers(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(dir string) error
	}{
		{"deleted folder", func(dir string) error { return os.RemoveAll(dir) }},
		{"corrupt manifest", func(dir string) error { return os.WriteFile(filepath.Join(dir, manifestName), []byte("junk"), 0o644) }},
		{"missing bleve index", func(dir string) error { return os.RemoveAll(filepath.Join(dir, bleveDirName)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := openAt(t, dir)
			docs := testDocs()
			if _, err := ix.Update(docs); err != nil {
				t.Fatal(err)
			}
			ix.Close()
			if err := tt.break_(dir); err != nil {
				t.Fatal(err)
			}
			ix = openAt(t, dir)
			st, err := ix.Update(docs)
			if err != nil {
				t.Fatal(err)
			}
			if st.Indexed != len(docs) {
				t.Errorf("after %s: %+v, want a full rebuild", tt.name, st)
			}
			res, _ := ix.Search(Request{Query: "孤儿"})
			if res.Total != 2 {
				t.Errorf("after rebuild: %d hits", res.Total)
			}
		})
	}
}

func TestUpdateRejectsBadInput(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Update([]Doc{{ID: "a"}, {ID: "a"}}); err == nil {
		t.Error("duplicate IDs accepted")
	}
	if _, err := ix.Update([]Doc{{Title: "x"}}); err == nil {
		t.Error("empty ID accepted")
	}
}

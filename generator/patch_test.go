package generator

import (
	"path/filepath"
	"testing"
)

// A Builder that patches its last graph and plan writes exactly what a
// build from scratch writes, whether an edit keeps the graph (a body, a
// summary, an amount's wording) or changes it (a title, a category, a
// date).
func TestPatchedBuildsMatchFullBuilds(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(Options{Source: src, Dest: dest, Drafts: true, Preview: true})
	defer b.Close()
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(src, "content/cases/xiaoji-children.md")
	for _, step := range []struct {
		name, old, new string
		patched        bool
	}{
		{"body", "法院派员", "法院两次派员", true},
		{"summary", "法院主动救助", "法院依职权主动救助", true},
		{"title", "六名儿童司法救助案", "六名儿童获司法救助案", false},
		{"body again", "两次派员", "三次派员", true},
		{"category", `"未成年人救助", "刑事被害人救助"`, `"未成年人救助"`, false},
		{"date", "2024-03-10", "2023-03-10", false},
		{"cites", `cites = ["six-dept-opinion", "sc-linkage"]`, `cites = ["six-dept-opinion"]`, false},
		{"body after graph changes", "三次派员", "多次派员", true},
		{"an error", `groups = ["近亲属"]`, `groups = ["近亲属们"]`, false},
		{"its fix", `groups = ["近亲属们"]`, `groups = ["近亲属"]`, false},
		{"body after the fix", "多次派员", "再次派员", true},
	} {
		t.Run(step.name, func(t *testing.T) {
			rewrite(t, entry, step.old, step.new)
			_, err := b.Build()
			if step.name == "an error" {
				if err == nil {
					t.Fatal("an unknown group was accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if patched := b.last != nil && b.last.pageOf != nil; patched != step.patched {
				t.Errorf("patched the last build: %t, want %t", patched, step.patched)
			}
			// The reference is built from a copy: the builder holds the index open.
			sameTree(t, files(t, dest), referenceTree(t, src, Options{Drafts: true, Preview: true}))
		})
	}
}

package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"casebook/internal/outdir"
)

// files reads every file under dir, by path relative to it.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// referenceTree builds a copy of the site src, without its cache, from
// scratch with opts and returns the files of the output.
func referenceTree(t *testing.T, src string, opts Options) map[string]string {
	t.Helper()
	opts.Source = copyTree(t, src)
	if err := os.RemoveAll(filepath.Join(opts.Source, CacheDir)); err != nil {
		t.Fatal(err)
	}
	opts.Dest = filepath.Join(t.TempDir(), "public")
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	return files(t, opts.Dest)
}

func writeTree(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	for rel, data := range tree {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func sameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got files %v, want %v", keys(got), keys(want))
	}
	for rel, data := range want {
		if got[rel] != data {
			t.Errorf("%s = %q, want %q", rel, got[rel], data)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// stageChange stages a change of the tree {a, b/c, gone} into
// {a: new, b/c: new, d/e: new} and returns the transaction, uncommitted.
func stageChange(t *testing.T, dest, journal string) *transaction {
	t.Helper()
	writeTree(t, dest, map[string]string{"a": "old a", "b/c": "old c", "gone/x": "old x"})
	tx, err := beginTransaction(dest, journal, outdir.Create)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{"a": "new a", "b/c": "new c", "d/e": "new e"} {
		if err := tx.stage(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	tx.remove("gone/x")
	// Until the commit the tree is the old one, temporary files aside.
	for rel, want := range map[string]string{"a": "old a", "b/c": "old c", "gone/x": "old x"} {
		if got := files(t, dest)[rel]; got != want {
			t.Fatalf("before the commit %s = %q, want %q", rel, got, want)
		}
	}
	return tx
}

var newTree = map[string]string{"a": "new a", "b/c": "new c", "d/e": "new e"}
var oldTree = map[string]string{"a": "old a", "b/c": "old c", "gone/x": "old x"}

func TestTransactionCommits(t *testing.T) {
	dest, journal := t.TempDir(), filepath.Join(t.TempDir(), "j")
	tx := stageChange(t, dest, journal)
	if err := tx.commit(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, files(t, dest), newTree)
	if _, err := os.Stat(journal); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the journal is left after the commit: %v", err)
	}
}

func TestTransactionAborts(t *testing.T) {
	dest, journal := t.TempDir(), filepath.Join(t.TempDir(), "j")
	stageChange(t, dest, journal).abort()
	sameTree(t, files(t, dest), oldTree)
	if _, err := os.Stat(filepath.Join(dest, "d")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the folder made for a staged file is left after the abort")
	}
}

// A build killed while staging leaves temporary files and a journal that
// names them; the next build removes them.
func TestRecoveryAfterKillWhileStaging(t *testing.T) {
	dest, journal := t.TempDir(), filepath.Join(t.TempDir(), "j")
	stageChange(t, dest, journal) // and then the process dies
	if err := recoverOutput(journal); err != nil {
		t.Fatal(err)
	}
	sameTree(t, files(t, dest), oldTree)
}

// A build killed half-way through its renames is finished by the next one.
func TestRecoveryAfterKillWhileCommitting(t *testing.T) {
	dest, journal := t.TempDir(), filepath.Join(t.TempDir(), "j")
	tx := stageChange(t, dest, journal)
	sortedStaged := append([]string(nil), tx.staged...)
	if err := tx.writeJournal(true); err != nil {
		t.Fatal(err)
	}
	// The first rename happens, then the process dies.
	first := filepath.Join(dest, filepath.FromSlash(sortedStaged[0]))
	if err := os.Rename(tempName(first, tx.id), first); err != nil {
		t.Fatal(err)
	}
	if err := recoverOutput(journal); err != nil {
		t.Fatal(err)
	}
	sameTree(t, files(t, dest), newTree)
	if err := recoverOutput(journal); err != nil {
		t.Errorf("recovering twice: %v", err)
	}
}

// A whole build killed while committing: the next build finishes the
// commit and then builds as usual.
func TestBuildAfterKillWhileCommitting(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(Options{Source: src, Dest: dest})
	tx, err := beginTransaction(dest, b.journalFile(), outdir.Create)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.stage("cases/index.html", []byte("half a commit")); err != nil {
		t.Fatal(err)
	}
	b.dropCache() // as a build does before it commits
	if err := tx.writeJournal(true); err != nil {
		t.Fatal(err)
	}
	rewrite(t, filepath.Join(src, "content/cases/xiaoji-children.md"), "法院派员", "法院两次派员")
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	b.Close()
	ref := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: ref}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, files(t, dest), files(t, ref))
}

func TestCancelledBuildLeavesOutput(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dest)
	rewrite(t, filepath.Join(src, "content/cases/xiaoji-children.md"), "法院派员", "法院两次派员")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BuildContext(ctx, Options{Source: src, Dest: dest}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if treeHash(t, dest) != before {
		t.Errorf("a cancelled build changed the output")
	}
}

// Without the export's cache the builder cannot tell what the search
// export in the output holds: it writes the whole site again.
func TestLostExportCacheRewritesTheSite(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(NewBuilder(Options{Source: src, Dest: dest}).opts.IndexDir() + "-export"); err != nil {
		t.Fatal(err)
	}
	rewrite(t, filepath.Join(src, "content/cases/xiaoji-children.md"), "法院派员", "法院两次派员")
	res, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if len(pagesOnly(res.Written)) != res.Pages {
		t.Errorf("rendered %d of %d pages, want all", len(pagesOnly(res.Written)), res.Pages)
	}
	sameTree(t, files(t, dest), referenceTree(t, src, Options{}))
}

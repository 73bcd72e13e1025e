package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"casebook/internal/outdir"
)

// TestOddFiles builds a site whose content folder holds what editors' disks
// do: hidden files, editor temporaries, a binary file, a symlink loop, a
// dangling link, very deep bundle folders and a 20 MB entry.
func TestOddFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20 MB entry")
	}
	src := copyTree(t, "testdata/site")
	cases := filepath.Join(src, "content/cases")
	valid := "+++\n" + caseHead + "+++\n正文。\n"
	for name, data := range map[string]string{
		".hidden.md":          "not front matter",
		"xiaoji-children.md~": "not front matter",
		"#autosave.md#":       "not front matter",
		".xiaoji.md.swp":      "\x00\x01binary",
		"4913":                "",
		"photo.png":           "\x89PNG\r\n\x1a\n\x00\x00",
	} {
		if err := os.WriteFile(filepath.Join(cases, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("..", filepath.Join(cases, "loop")); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(cases, "deep-bundle")
	dir := deep
	for i := range 40 {
		dir = filepath.Join(dir, "d"+string(rune('a'+i%26)))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(deep, "index.md"), []byte(valid), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "note.txt"), []byte("深层附件"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := "+++\n" + caseHead + "+++\n" + strings.Repeat("司法救助金用于受助人的生活、医疗与教育。\n\n", 20<<20/63)
	if err := os.WriteFile(filepath.Join(cases, "big-entry.md"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}

	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	warnings := res.Warnings.Error()
	for _, want := range []string{"content/cases/photo.png: warning: not an entry", "content/cases/loop: warning: not an entry"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
	if strings.Contains(warnings, "hidden") || strings.Contains(warnings, "swp") || strings.Contains(warnings, "autosave") || strings.Contains(warnings, "4913") {
		t.Errorf("hidden or temporary files were looked at:\n%s", warnings)
	}
	for _, p := range []string{"cases/big-entry/index.html", "cases/deep-bundle/index.html", "cases/deep-bundle/" + strings.TrimPrefix(filepath.ToSlash(filepath.Join(dir, "note.txt")), filepath.ToSlash(deep)+"/")} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}

	// A link to nothing is an entry that cannot be read: an error that names it.
	if err := os.Symlink("missing.md", filepath.Join(cases, "dangling.md")); err != nil {
		t.Fatal(err)
	}
	_, err = Build(Options{Source: src, Dest: dest})
	var ce *ContentError
	if !errors.As(err, &ce) || !strings.Contains(ce.Error(), "content/cases/dangling.md:1: cannot read") {
		t.Errorf("dangling link: %v", err)
	}
}

func TestConcurrentBuildsDoNotCorruptEachOther(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := Build(Options{Source: src, Dest: dest})
			errs <- err
		}()
	}
	ok := 0
	for range 4 {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case !strings.Contains(err.Error(), "another casebook build is running"):
			t.Errorf("a concurrent build failed otherwise: %v", err)
		}
	}
	if ok == 0 {
		t.Fatal("no build succeeded")
	}
	if n := checkLinks(t, dest, "/kb/"); n < 100 {
		t.Errorf("the output is incomplete: %d links", n)
	}
}

func TestFailedWriteKeepsLastGoodSite(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dest)
	rewrite(t, filepath.Join(src, "content/cases/xiaoji-children.md"), "法院派员", "法院两次派员")
	for _, failAt := range []int{1, 4, 8} {
		b := NewBuilder(Options{Source: src, Dest: dest})
		var mu sync.Mutex
		n := 0
		b.writeFile = func(path string, data []byte) error {
			mu.Lock()
			defer mu.Unlock()
			if n++; n >= failAt {
				return syscall.ENOSPC
			}
			return outdir.Create(path, data)
		}
		_, err := b.Build()
		b.Close()
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("failing at write %d: got %v, want no space left on device", failAt, err)
		}
		if treeHash(t, dest) != before {
			t.Fatalf("a build failing at write %d changed the output", failAt)
		}
		leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.new-*"))
		if len(leftovers) > 0 {
			t.Errorf("temporary folders left behind: %v", leftovers)
		}
	}
	if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
		t.Fatalf("the cache is not usable after failed builds: %v", err)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "cases/xiaoji-children/index.html"))
	if !strings.Contains(string(page), "两次派员") {
		t.Errorf("the build after the failures does not show the change")
	}
}

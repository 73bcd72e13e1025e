package generator

import (
	"bytes"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// touch rewrites a file with new content and a later modification time.
func rewrite(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

func pagesOnly(files []string) []string {
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, ".html") {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

func TestIncrementalBuildWritesOnlyDependentPages(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(Options{Source: src, Dest: dest})
	defer b.Close()
	first, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(pagesOnly(first.Written)) != first.Pages {
		t.Fatalf("first build wrote %d pages of %d", len(pagesOnly(first.Written)), first.Pages)
	}

	again, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Written) != 0 {
		t.Errorf("a build with nothing changed wrote %v", again.Written)
	}

	rewrite(t, filepath.Join(src, "content/cases/xiaoquan-orphan.md"), "法院協調多個部門幫扶", "法院協調民政、教育等部門幫扶")
	one, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	got := pagesOnly(one.Written)
	want := []string{
		"cases/index.html",                 // its section list
		"cases/xiaoquan-orphan/index.html", // the entry
		"categories/minors/index.html",     // its terms, and their parents
		"categories/vulnerable/index.html", //
		"groups/orphans/index.html",        //
		"index.html",                       // the home page lists the latest entries
		"methods/instalments/index.html",   //
		"methods/money/index.html",         //
		"regions/hunan/index.html",         // its region
		"rules/hn-xinxin/index.html",       // the rule it cites shows it as a backlink
		"years/2023/index.html",            // its year
		"cases/xiaoji-children/index.html", // lists it as related
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("changing one case did not rewrite %s", w)
		}
	}
	for _, unrelated := range []string{"policies/spc-opinion/index.html", "years/2014/index.html", "regions/index.html", "search/index.html", "404.html"} {
		if slices.Contains(got, unrelated) {
			t.Errorf("changing one case rewrote the unrelated page %s", unrelated)
		}
	}
	if len(got) >= first.Pages/2 {
		t.Errorf("changing one case rewrote %d of %d pages", len(got), first.Pages)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "cases/xiaoquan-orphan/index.html"))
	if !strings.Contains(string(page), "民政、教育等部門") {
		t.Errorf("the entry page does not show the new text")
	}

	rewrite(t, filepath.Join(src, "site.toml"), `description = "`, `description = "新的描述。`)
	all, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pagesOnly(all.Written)); n != all.Pages {
		t.Errorf("a site.toml change rewrote %d of %d pages, want all", n, all.Pages)
	}

	if err := os.Remove(filepath.Join(src, "content/cases/xiaoquan-orphan.md")); err != nil {
		t.Fatal(err)
	}
	gone, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(gone.Removed, "cases/xiaoquan-orphan/index.html") {
		t.Errorf("removed pages %v lack the deleted entry", gone.Removed)
	}
	if _, err := os.Stat(filepath.Join(dest, "cases/xiaoquan-orphan")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the deleted entry's folder is still in the output")
	}
}

func TestIncrementalBuildKeepsLastGoodSiteOnErrors(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(Options{Source: src, Dest: dest})
	defer b.Close()
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dest)
	entry := filepath.Join(src, "content/cases/xiaoji-children.md")
	rewrite(t, entry, "stage = ", "stgae = ")
	_, err := b.Build()
	var ce *ContentError
	if !errors.As(err, &ce) || !strings.Contains(ce.Error(), "content/cases/xiaoji-children.md:") {
		t.Fatalf("broken entry: got %v", err)
	}
	if treeHash(t, dest) != before {
		t.Errorf("a failed rebuild changed the output")
	}
	if _, err := b.Build(); err == nil {
		t.Errorf("the same error was not reported again on the next build")
	}
	rewrite(t, entry, "stgae = ", "stage = ")
	res, err := b.Build()
	if err != nil {
		t.Fatalf("fixed entry: %v", err)
	}
	if len(res.Written) != 0 {
		// the entry is back as it was, so no page changed
		t.Logf("rewrote %d files after the fix", len(res.Written))
	}
}

func TestLaterBuildReusesTheCache(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Written) != 0 {
		t.Errorf("a build with nothing changed rendered %d files, want 0 (all linked from the last output)", len(second.Written))
	}
	if checkLinks(t, dest, "/kb/") == 0 || first.Pages != second.Pages {
		t.Errorf("the linked output is incomplete")
	}
	rewrite(t, filepath.Join(src, "content/policies/spc-opinion.md"), "及时", "依法及时")
	third, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pagesOnly(third.Written)); n == 0 || n > first.Pages/2 {
		t.Errorf("one changed entry rendered %d of %d pages", n, first.Pages)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "policies/spc-opinion/index.html"))
	if !strings.Contains(string(page), "依法") {
		t.Errorf("the changed entry's page is stale")
	}
	if err := os.RemoveAll(filepath.Join(src, CacheDir)); err != nil {
		t.Fatal(err)
	}
	fourth, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatalf("build after deleting the cache: %v", err)
	}
	if len(pagesOnly(fourth.Written)) != fourth.Pages {
		t.Errorf("without a cache every page must be rendered")
	}
}

// TestCacheRestoresBodies checks that a new builder reading the cache gets
// back every entry's rendered body and plain text as loading makes them.
func TestCacheRestoresBodies(t *testing.T) {
	src := copyTree(t, "testdata/site")
	opts := Options{Source: src, Dest: filepath.Join(t.TempDir(), "public")}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(opts)
	b.readCache()
	restored := 0
	for _, want := range res.Site.Entries {
		c, ok := b.entries[want.Path]
		if !ok || c.Entry == nil {
			t.Errorf("%s: not in the cache", want.Path)
			continue
		}
		if c.Entry.HTML != want.HTML || c.Entry.Text != want.Text {
			t.Errorf("%s: the cached body differs from the loaded one", want.Path)
		}
		restored++
	}
	if restored == 0 || restored != len(res.Site.Entries) {
		t.Fatalf("restored %d of %d entries", restored, len(res.Site.Entries))
	}
}

// gobStream is values as a stream of gob messages.
func gobStream(t *testing.T, values ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, v := range values {
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestDamagedCacheIsIgnored(t *testing.T) {
	src := copyTree(t, "testdata/site")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	caches, _ := filepath.Glob(filepath.Join(src, CacheDir, "build-*.gob"))
	if len(caches) != 1 {
		t.Fatalf("want one build cache, found %v", caches)
	}
	good, err := os.ReadFile(caches[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"truncated in the bodies", good[:len(good)-10]},
		{"truncated in the header", good[:len(good)/50]},
		{"bodies past the end", gobStream(t, cacheHead{Version: cacheVersion, Bodies: int64(len(good)) + 1})},
		{"entries past the end", gobStream(t, cacheHead{Version: cacheVersion, Entries: 3})},
		{"negative counts", gobStream(t, cacheHead{Version: cacheVersion, Entries: -1, Written: -1})},
		{"another version", append(gobStream(t, cacheHead{Version: cacheVersion - 1}), good...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(caches[0], tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Build(Options{Source: src, Dest: dest})
			if err != nil {
				t.Fatal(err)
			}
			if len(pagesOnly(res.Written)) != res.Pages {
				t.Errorf("with a damaged cache every page must be rendered again; rendered %d of %d", len(pagesOnly(res.Written)), res.Pages)
			}
			if checkLinks(t, dest, "/kb/") == 0 {
				t.Errorf("the output is incomplete")
			}
		})
	}
}

package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"casebook/generator"
)

// repoRoot is the repository's root, seen from this package's folder.
const repoRoot = "../.."

// site is the shipped sample site, built into a temporary folder and served
// over HTTP under its base path.
type site struct {
	src  string            // the source folder the site was built from
	out  string            // the output folder
	root string            // the server's address, e.g. http://127.0.0.1:41234
	base string            // the base path, e.g. /kb/
	res  *generator.Result // what the build did
	cfg  *generator.Config // the site's configuration
}

// buildSite copies the sample's site.toml, content/ and private/ into a
// temporary folder (so that no cache is written into the repository),
// builds it, and serves the output with a plain file server.
func buildSite(t *testing.T) *site {
	t.Helper()
	src := t.TempDir()
	if err := copyFile(filepath.Join(repoRoot, "site.toml"), filepath.Join(src, "site.toml")); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"content", "private"} {
		if err := os.CopyFS(filepath.Join(src, dir), os.DirFS(filepath.Join(repoRoot, dir))); err != nil {
			t.Fatalf("copying %s: %v", dir, err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: src, Dest: out})
	if err != nil {
		t.Fatalf("building the sample site: %v", err)
	}
	cfg := res.Site.Config
	base := cfg.BasePath()
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux) // listens on 127.0.0.1:0
	t.Cleanup(srv.Close)
	t.Logf("built %d entries, %d pages in %v", res.Entries, res.Pages, res.Took)
	return &site{src: src, out: out, root: srv.URL, base: base, res: res, cfg: cfg}
}

// copyFile copies one file.
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// url is the address of a page, given its path below the base path.
func (s *site) url(path string) string { return s.root + s.base + path }

// entryPaths lists every entry page's path below the base path, e.g.
// cases/some-slug/, sorted.
func (s *site) entryPaths() []string {
	var paths []string
	for _, e := range s.res.Site.Entries {
		paths = append(paths, e.Section+"/"+e.ID+"/")
	}
	sort.Strings(paths)
	return paths
}

// heaviestCase is the path of the case whose page is the largest: the one
// with the most text, metadata and links to lay out.
func (s *site) heaviestCase(t *testing.T) string {
	t.Helper()
	best, bestSize := "", int64(-1)
	for _, e := range s.res.Site.Sections["cases"] {
		p := "cases/" + e.ID + "/"
		fi, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > bestSize {
			best, bestSize = p, fi.Size()
		}
	}
	if best == "" {
		t.Fatal("the sample has no cases")
	}
	return best
}

// termPath is the path of the first top-level category that has entries.
func (s *site) termPath(t *testing.T) string {
	t.Helper()
	tax := s.cfg.Taxonomies["categories"]
	if tax == nil {
		t.Fatal("the sample has no categories taxonomy")
	}
	for _, term := range tax.Terms {
		if term.ParentT == nil && len(s.res.Site.TermEntries[term]) > 0 {
			return "categories/" + term.Slug + "/"
		}
	}
	t.Fatal("no category has entries")
	return ""
}

// regionPath is the path of the region page of the given case.
func (s *site) regionPath(t *testing.T, entryPath string) string {
	t.Helper()
	id := strings.TrimSuffix(strings.TrimPrefix(entryPath, "cases/"), "/")
	e := s.res.Site.ByID[id]
	if e == nil {
		t.Fatalf("no entry %s", id)
	}
	for _, r := range s.cfg.Regions {
		if r.Name == e.Region {
			return "regions/" + r.Slug + "/"
		}
	}
	t.Fatalf("entry %s has no known region (%q)", id, e.Region)
	return ""
}

package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"casebook/internal/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// buildInto builds the site at source into a fresh folder and returns it.
func buildInto(t *testing.T, source string, opts Options) (string, *Result) {
	t.Helper()
	src := copyTree(t, source)
	opts.Source = src
	opts.Dest = filepath.Join(t.TempDir(), "public")
	res, err := Build(opts)
	if err != nil {
		t.Fatalf("build %s: %v", source, err)
	}
	return opts.Dest, res
}

// copyTree copies a testdata site into a temporary folder, so that builds
// never write a cache into the repository.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// internalLinks returns every href and src of an HTML file.
func internalLinks(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var links []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					links = append(links, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return links
}

// checkLinks proves that every internal link of every HTML file in dest
// resolves to a written file, and that all of them honour the base path.
func checkLinks(t *testing.T, dest, basePath string) int {
	t.Helper()
	checked := 0
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		pageURL := basePath + filepath.ToSlash(rel)
		for _, link := range internalLinks(t, p) {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad link %q", rel, link)
				continue
			}
			if u.Scheme != "" || u.Host != "" || (u.Path == "" && u.Fragment != "") {
				continue
			}
			target := u.Path
			if !strings.HasPrefix(target, "/") {
				target = path.Join(path.Dir(pageURL), target)
				if strings.HasSuffix(u.Path, "/") {
					target += "/"
				}
			}
			if !strings.HasPrefix(target, basePath) {
				t.Errorf("%s: link %q leaves the base path %s", rel, link, basePath)
				continue
			}
			file := strings.TrimPrefix(target, basePath)
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(file))); err != nil {
				t.Errorf("%s: link %q points to no file", rel, link)
			}
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return checked
}

func TestBuildEveryLinkResolves(t *testing.T) {
	dest, res := buildInto(t, "testdata/site", Options{})
	if n := checkLinks(t, dest, "/kb/"); n < 100 {
		t.Errorf("only %d links checked; the walk is missing pages", n)
	}
	if res.Entries != 6 {
		t.Errorf("published %d entries, want 6 (the draft left out)", res.Entries)
	}
	if _, err := os.Stat(filepath.Join(dest, "cases/draft-case/index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the draft was published without --drafts")
	}
	if _, err := os.Stat(filepath.Join(dest, "rules/sc-linkage/summary.txt")); err != nil {
		t.Errorf("bundle file not published: %v", err)
	}
}

func TestBuildWithDraftsAndBaseURL(t *testing.T) {
	dest, res := buildInto(t, "testdata/site", Options{Drafts: true, BaseURL: "https://courts.example/a/b/"})
	if res.Entries != 7 {
		t.Errorf("published %d entries, want 7 with drafts", res.Entries)
	}
	checkLinks(t, dest, "/a/b/")
}

type atomDoc struct {
	Entries []struct {
		ID   string `xml:"id"`
		Link struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

type sitemapDoc struct {
	URLs []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
}

// The sample has fewer entries than a feed holds: every one is in the feeds.
func TestFeedsAndSitemapListEveryEntry(t *testing.T) {
	dest, res := buildInto(t, "testdata/site", Options{})
	var want []string
	for _, e := range res.Site.Entries {
		want = append(want, "https://example.org/kb/"+entryPath(e))
	}
	sort.Strings(want)

	var feed atomDoc
	readXML(t, filepath.Join(dest, "index.xml"), &feed)
	var got []string
	for _, e := range feed.Entries {
		got = append(got, e.Link.Href)
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("feed lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, sec := range Sections {
		var f atomDoc
		readXML(t, filepath.Join(dest, sec, "index.xml"), &f)
		if len(f.Entries) != len(res.Site.Sections[sec]) {
			t.Errorf("%s feed has %d entries, want %d", sec, len(f.Entries), len(res.Site.Sections[sec]))
		}
	}
	var sm sitemapDoc
	readXML(t, filepath.Join(dest, "sitemap.xml"), &sm)
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[u.Loc] = true
	}
	for _, w := range want {
		if !locs[w] {
			t.Errorf("sitemap lacks %s", w)
		}
	}
}

func readXML(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s does not parse as XML: %v", file, err)
	}
}

// treeHash hashes every file of a folder, names and contents.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel + "\x00"))
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestBadInputReportsEverythingAndKeepsOutput(t *testing.T) {
	dest, _ := buildInto(t, "testdata/site", Options{})
	before := treeHash(t, dest)

	_, err := Build(Options{Source: copyTree(t, "testdata/bad"), Dest: dest})
	var ce *ContentError
	if !errors.As(err, &ce) {
		t.Fatalf("build of a bad site returned %v, want a *ContentError", err)
	}
	var lines []string
	for _, d := range ce.Diagnostics {
		lines = append(lines, d.String())
	}
	got := strings.Join(lines, "\n") + "\n"
	golden(t, "testdata/bad.golden", got)
	for _, d := range ce.Diagnostics.Errors() {
		if d.Line < 1 {
			t.Errorf("error without a line: %s", d)
		}
	}
	if after := treeHash(t, dest); after != before {
		t.Errorf("a failed build changed the output folder")
	}
}

// golden compares got with the file, or rewrites the file under -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the output (run go test ./generator -update if the change is intended):\n%s", file, diffLines(string(want), got))
	}
}

// diffLines shows the first lines where two texts differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 12; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "line "+strconv.Itoa(i+1)+":\n- "+a+"\n+ "+b)
		}
	}
	return strings.Join(out, "\n")
}

// goldenPages are the pages of testdata/site pinned as golden files.
var goldenPages = []string{
	"index.html",
	"cases/index.html",
	"cases/xiaoji-children/index.html",
	"policies/six-dept-opinion/index.html",
	"rules/sc-linkage/index.html",
	"categories/index.html",
	"categories/vulnerable/index.html",
	"regions/sichuan/index.html",
	"years/2024/index.html",
	"index.xml",
	"sitemap.xml",
}

func TestGoldenPages(t *testing.T) {
	dest, _ := buildInto(t, "testdata/site", Options{})
	for _, p := range goldenPages {
		t.Run(p, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dest, p))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata/golden", p), string(b))
		})
	}
}

func TestBuildGeneratedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1,000 generated entries")
	}
	src := filepath.Join(t.TempDir(), "site")
	if _, err := corpus.Generate(src, corpus.Options{N: 1000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatalf("building the generated corpus: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("%d warnings, first: %s", len(res.Warnings), res.Warnings[0])
	}
	if res.Entries < 950 {
		t.Errorf("published %d of 1,000 entries", res.Entries)
	}
	if n := checkLinks(t, dest, "/kb/"); n < 40000 {
		t.Errorf("only %d links checked", n)
	}
	// A region's rules are listed on the first page of its list only: on
	// every page, they would make the output grow with the square of the
	// region's entries.
	for page, want := range map[string]bool{"regions/beijing/index.html": true, "regions/beijing/page/2/index.html": false} {
		b, err := os.ReadFile(filepath.Join(dest, page))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(b), `class="region-rules"`); got != want {
			t.Errorf("%s lists the region's rules: %v, want %v", page, got, want)
		}
	}
}

func TestFeedHoldsTheNewestEntries(t *testing.T) {
	s := &Site{Config: &Config{BaseURL: "https://example.org/kb/"}}
	for i := range feedSize + 10 {
		s.Entries = append(s.Entries, &Entry{ID: fmt.Sprintf("e%02d", i), Section: "cases", Title: "t", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i)})
	}
	var feed atomDoc
	if err := xml.Unmarshal(atom(s, "title", "", s.Entries), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != feedSize {
		t.Fatalf("the feed holds %d entries, want the newest %d", len(feed.Entries), feedSize)
	}
	if got, want := feed.Entries[0].Link.Href, "https://example.org/kb/cases/e00/"; got != want {
		t.Errorf("first entry %s, want %s (the newest)", got, want)
	}
}

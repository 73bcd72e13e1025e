package browsertest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// maxEntryWeight is the most an entry page's HTML and CSS may weigh,
// gzip-compressed, so that it loads quickly on a slow phone connection.
const maxEntryWeight = 60 * 1024

// gzipSize is the size of b compressed with gzip at level 6, as a static
// host compresses what it sends.
func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, 6)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// pageParts reads an HTML page and returns its stylesheet and script
// addresses.
func pageParts(t *testing.T, page []byte) (styles, scripts []string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script":
			scripts = append(scripts, attr(n, "src"))
		case "link":
			if strings.EqualFold(attr(n, "rel"), "stylesheet") {
				styles = append(styles, attr(n, "href"))
			}
		}
	}
	return styles, scripts
}

// attr is the value of an element's attribute, or "".
func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// localFile maps a stylesheet's address, as written in the page at
// pagePath (below the base path), to a file in the output folder.
func (s *site) localFile(t *testing.T, pagePath, href string) string {
	t.Helper()
	var p string
	switch {
	case strings.HasPrefix(href, s.base):
		p = strings.TrimPrefix(href, s.base)
	case strings.HasPrefix(href, "/") || strings.Contains(href, "://"):
		t.Fatalf("%s: stylesheet %s is outside the site", pagePath, href)
	default:
		p = path.Join(pagePath, href)
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return filepath.Join(s.out, filepath.FromSlash(strings.TrimPrefix(path.Clean("/"+p), "/")))
}

func testWeight(t *testing.T, s *site, _ *browser) {
	paths := s.entryPaths()
	if len(paths) == 0 {
		t.Fatal("the site has no entries")
	}
	heaviest, most, figures := "", 0, ""
	for _, p := range paths {
		page, err := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		styles, scripts := pageParts(t, page)
		for _, src := range scripts {
			// The page needs no script; the only one allowed adds copy
			// buttons to the citations, and it counts in the weight.
			if src != s.base+"static/js/cite.js" {
				t.Errorf("%s loads the script %q; an entry page needs no JavaScript", p, src)
			}
		}
		if len(styles) == 0 {
			t.Errorf("%s links no stylesheet", p)
		}
		htmlZ, cssZ, cssRaw := gzipSize(t, page), 0, 0 // "CSS" counts the citation script too
		for _, href := range append(styles, scripts...) {
			css, err := os.ReadFile(s.localFile(t, p, href))
			if err != nil {
				t.Fatalf("%s: %s: %v", p, href, err)
			}
			cssZ += gzipSize(t, css)
			cssRaw += len(css)
		}
		total := htmlZ + cssZ
		if total > maxEntryWeight {
			t.Errorf("%s weighs %d bytes gzipped (HTML %d + CSS %d); the limit is %d", p, total, htmlZ, cssZ, maxEntryWeight)
		}
		if total > most {
			heaviest, most = p, total
			figures = fmt.Sprintf("HTML %d bytes (%d gzipped) + CSS %d bytes (%d gzipped) = %d bytes gzipped",
				len(page), htmlZ, cssRaw, cssZ, total)
		}
	}
	t.Logf("%d entry pages; the heaviest is %s: %s, %.1f KB of a %d KB limit",
		len(paths), heaviest, figures, float64(most)/1024, maxEntryWeight/1024)
}

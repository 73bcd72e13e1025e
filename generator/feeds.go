package generator

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title    string         `xml:"title"`
	ID       string         `xml:"id"`
	Updated  string         `xml:"updated"`
	Link     atomLink       `xml:"link"`
	Summary  string         `xml:"summary"`
	Category []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// feedSize is how many entries a feed carries: the newest. Readers poll
// feeds often; the sitemap lists every page.
const feedSize = 50

// atom writes an Atom feed of the newest feedSize of entries (newest first).
func atom(s *Site, title, path string, entries []*Entry) []byte {
	entries = first(entries, feedSize)
	abs := func(p string) string { return s.Config.BaseURL + strings.TrimPrefix(p, "/") }
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(entries) > 0 {
		updated = entries[0].Date
	}
	f := atomFeed{
		Title:   title,
		ID:      abs(path),
		Updated: updated.Format(time.RFC3339),
		Links: []atomLink{
			{Href: abs(path + "index.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: abs(path), Rel: "alternate", Type: "text/html"},
		},
	}
	for _, e := range entries {
		ae := atomEntry{
			Title:   e.Title,
			ID:      abs(entryPath(e)),
			Updated: e.Date.Format(time.RFC3339),
			Link:    atomLink{Href: abs(entryPath(e))},
			Summary: e.Summary,
		}
		for _, c := range e.Categories {
			ae.Category = append(ae.Category, atomCategory{Term: c})
		}
		f.Entries = append(f.Entries, ae)
	}
	return marshalXML(f)
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every page of the site, with the date of the entry it
// shows (what sitemapFingerprint hashes).
func sitemap(s *Site, pages []*Page) []byte {
	var u urlset
	for _, p := range pages {
		if p.Kind == "404" {
			continue
		}
		su := sitemapURL{Loc: s.Config.BaseURL + p.Path}
		if p.Entry != nil {
			su.LastMod = p.Entry.Date.Format("2006-01-02")
		}
		u.URLs = append(u.URLs, su)
	}
	return marshalXML(u)
}

func marshalXML(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		panic(err) // the types above always marshal
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// robots allows everything and points at the sitemap.
func robots(s *Site) []byte {
	return []byte("User-agent: *\nAllow: /\nSitemap: " + s.Config.BaseURL + "sitemap.xml\n")
}

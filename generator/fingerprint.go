package generator

import (
	"casebook/internal/parallel"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"math/bits"
	"os"
	"slices"
	"strings"
)

// plannedFile is one file of the output with the fingerprint of its content.
type plannedFile struct {
	rel         string
	fingerprint string
	page        *Page                  // set for pages
	data        func() ([]byte, error) // set for other files
}

// plan lists every file of the output with a fingerprint of what it will
// hold: for pages, a hash of the data they show, so that a page is rendered
// only when that data changed.
func (b *Builder) plan(s *Site, th themeFS) ([]plannedFile, int, error) {
	salt, err := themeSalt(th, s)
	if err != nil {
		return nil, 0, err
	}
	if last := b.last; last != nil && last.site == s && last.pages != nil && last.salt == salt {
		files, err := b.replan(s, th, salt)
		return files, last.nPages, err
	}
	plan := planPages(s, b.opts.Preview)
	keys := entryKeys(s.Entries)
	pages := make([]plannedFile, len(plan))
	parallel.For(len(plan), 512, func(i int) {
		p := plan[i]
		pages[i] = plannedFile{rel: outputFile(p), fingerprint: salt + pageFingerprint(p, keys), page: p}
	})
	other, err := b.planOtherFiles(s, th, plan, salt)
	if err != nil {
		return nil, 0, err
	}
	files := append(slices.Clone(pages), other...)
	slices.SortFunc(files, func(a, b plannedFile) int { return strings.Compare(a.rel, b.rel) })
	if last := b.last; last != nil && last.site == s {
		last.salt, last.pages, last.keys, last.nPages, last.pageOf = salt, pages, keys, len(plan), nil
	}
	return files, len(plan), nil
}

// planOtherFiles lists the files that are not pages: feeds, the sitemap,
// robots.txt, the theme's static files and the entries' bundle files.
func (b *Builder) planOtherFiles(s *Site, th themeFS, pages []*Page, salt string) ([]plannedFile, error) {
	var files []plannedFile
	// Feeds and the sitemap are made only when the entries they list changed.
	lazy := func(rel string, list []*Entry, make func() []byte) {
		files = append(files, plannedFile{rel: rel, fingerprint: salt + listFingerprint(list), data: func() ([]byte, error) { return make(), nil }})
	}
	lazy("index.xml", first(s.Entries, feedSize), func() []byte { return atom(s, s.Config.Title, "", s.Entries) })
	files = append(files, plannedFile{rel: "sitemap.xml", fingerprint: salt + sitemapFingerprint(pages), data: func() ([]byte, error) { return sitemap(s, pages), nil }})
	for _, sec := range Sections {
		lazy(sec+"/index.xml", first(s.Sections[sec], feedSize), func() []byte {
			return atom(s, s.Config.Title+" · "+SectionNames[sec], sec+"/", s.Sections[sec])
		})
	}
	static := map[string][]byte{"robots.txt": robots(s)}
	for _, name := range th.List("static") {
		if !publishedStatic(name) {
			continue
		}
		data, _, err := th.ReadFile(name)
		if err != nil {
			return nil, err
		}
		static[name] = data
	}
	for rel, data := range static {
		files = append(files, plannedFile{rel: rel, fingerprint: hashBytes(data), data: constData(data)})
	}
	fsys := os.DirFS(b.opts.source())
	for _, e := range s.Entries {
		for _, res := range e.Resources {
			src := e.Bundle + "/" + res
			files = append(files, plannedFile{rel: entryPath(e) + res, fingerprint: "res:" + e.Hash + src, data: func() ([]byte, error) {
				return publishedResource(fsys, src)
			}})
		}
	}
	return files, nil
}

func constData(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }

// publishedStatic reports whether a theme static file is published (tests
// of the theme's scripts are not).
func publishedStatic(name string) bool {
	return !strings.HasSuffix(name, ".test.mjs") && !strings.Contains(name, "/testdata/")
}

// themeSalt hashes what every page depends on: the layouts and the site's
// configuration, so that a change to either renders every page again.
func themeSalt(th themeFS, s *Site) (string, error) {
	h := sha256.New()
	for _, name := range th.List("layouts") {
		data, _, err := th.ReadFile(name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(name))
		h.Write(data)
	}
	c := s.Config
	fmt.Fprintf(h, "%q %q %q %q %q %d %v\n", c.Title, c.Description, c.BaseURL, c.LanguageCode, c.Theme, c.Paginate, c.Params)
	for _, key := range TaxonomyKeys {
		for _, t := range s.Config.Taxonomies[key].Terms {
			fmt.Fprintf(h, "%s|%s|%s|%s|%q\n", t.Name, t.Slug, t.Description, t.Parent, t.Hints)
		}
	}
	for _, r := range s.Config.Regions {
		fmt.Fprintf(h, "%s|%s\n", r.Name, r.Slug)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]) + ":", nil
}

// pageFingerprint hashes the data a page shows: the entries it lists or
// links to (their content hashes), its pager and, for overview pages, the
// counts they show.
//
// Entries enter as 64-bit keys (see entryKeys) mixed in order into two
// accumulators, which is much cheaper than hashing their ids and hashes as
// text for every page they appear on; the result is stable across
// processes, as the cache needs.
func pageFingerprint(p *Page, keys map[*Entry]uint64) string {
	s := p.Site
	var buf []byte
	str := func(v string) { buf = append(append(buf, v...), 0) }
	num := func(n int) { buf = binary.AppendVarint(buf, int64(n)) }
	str(p.Kind)
	str(p.Path)
	str(p.Title)
	if p.Preview {
		str("preview")
	}
	num(p.Total)
	if p.Pager != nil {
		num(p.Pager.Number)
		num(p.Pager.Count)
	}
	var a, b uint64 = 14695981039346656037, 0x9E3779B97F4A7C15
	visitPageEntries(p, func(e *Entry) {
		k := keys[e]
		a = (a ^ k) * 1099511628211
		b = bits.RotateLeft64(b, 23) ^ k*0xBF58476D1CE4E5B9
	})
	switch p.Kind {
	case "home":
		for _, sec := range Sections {
			num(len(s.Sections[sec]))
		}
		for _, c := range p.Charts {
			buf = fmt.Appendf(buf, "%+v\n", c)
		}
	case "taxonomies":
		for _, t := range p.Taxonomy.Terms {
			num(len(s.TermEntries[t]))
		}
	case "regions", "region":
		for _, r := range s.Config.Regions {
			num(len(s.RegionEntries[r.Name]))
		}
	case "years":
		for _, y := range s.Years {
			num(y)
			num(len(s.YearEntries[y]))
		}
	}
	buf = binary.LittleEndian.AppendUint64(buf, a)
	buf = binary.LittleEndian.AppendUint64(buf, b)
	h := fnv.New128a()
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// visitPageEntries calls visit for every entry whose content a page shows,
// in a fixed order: those it lists, its own entry and the entries that
// one links to, the rules the first page of a region shows beside its
// list, and the newest entry on the citation page.
func visitPageEntries(p *Page, visit func(*Entry)) {
	s := p.Site
	for _, e := range p.Entries {
		visit(e)
	}
	if e := p.Entry; e != nil {
		visit(e)
		for _, list := range [...][]string{e.Cites, e.Implements} {
			for _, id := range list {
				if c := s.ByID[id]; c != nil {
					visit(c)
				}
			}
		}
		for _, list := range [...][]*Entry{s.CitedBy[e.ID], s.ImplementedBy[e.ID], s.Related[e.ID]} {
			for _, c := range list {
				visit(c)
			}
		}
	}
	switch {
	case p.Kind == "region" && p.Region != nil && p.FirstPage():
		for _, e := range s.regionRules(p.Region.Name) {
			visit(e)
		}
	case p.Kind == "cite" && len(s.Entries) > 0:
		visit(s.Entries[0])
	}
}

// entryKeys gives every entry a 64-bit key of its id and content hash.
func entryKeys(entries []*Entry) map[*Entry]uint64 {
	keys := make(map[*Entry]uint64, len(entries))
	for _, e := range entries {
		keys[e] = entryKey(e)
	}
	return keys
}

// entryKey is a 64-bit hash of an entry's id and content hash.
func entryKey(e *Entry) uint64 {
	h := fnv.New64a()
	io.WriteString(h, e.ID)
	io.WriteString(h, "\x00")
	io.WriteString(h, e.Hash)
	return h.Sum64()
}

// sitemapFingerprint hashes what the sitemap shows: every page's path and
// the date of its entry.
func sitemapFingerprint(pages []*Page) string {
	h := fnv.New128a()
	var buf []byte
	for _, p := range pages {
		buf = append(buf[:0], p.Path...)
		if p.Entry != nil {
			buf = binary.AppendVarint(append(buf, 0), p.Entry.Date.Unix())
		}
		h.Write(append(buf, '\n'))
	}
	return "s:" + hex.EncodeToString(h.Sum(nil))
}

// listFingerprint hashes the ids and content hashes of a list of entries.
func listFingerprint(list []*Entry) string {
	h := sha256.New()
	for _, e := range list {
		h.Write([]byte(e.ID + ":" + e.Hash + "\n"))
	}
	return "l:" + hex.EncodeToString(h.Sum(nil)[:16])
}

func hashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return "b:" + hex.EncodeToString(h[:16])
}

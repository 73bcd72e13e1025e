package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"math/bits"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	plan := planPages(s, b.opts.Preview)
	files := make([]plannedFile, len(plan), len(plan)+64)
	keys := entryKeys(s.Entries)
	parallel(len(plan), 512, func(i int) {
		p := plan[i]
		files[i] = plannedFile{rel: outputFile(p), fingerprint: salt + pageFingerprint(p, keys), page: p}
	})
	pages := plan
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
			return nil, 0, err
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
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	return files, len(pages), nil
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
	writeEntries := func(list ...*Entry) {
		for _, e := range list {
			k := keys[e]
			a = (a ^ k) * 1099511628211
			b = bits.RotateLeft64(b, 23) ^ k*0xBF58476D1CE4E5B9
		}
	}
	writeEntries(p.Entries...)
	if e := p.Entry; e != nil {
		writeEntries(e)
		for _, list := range [...][]string{e.Cites, e.Implements} {
			for _, id := range list {
				if c := s.ByID[id]; c != nil {
					writeEntries(c)
				}
			}
		}
		writeEntries(s.CitedBy[e.ID]...)
		writeEntries(s.ImplementedBy[e.ID]...)
		writeEntries(s.Related[e.ID]...)
	}
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
		if p.Region != nil {
			for _, e := range s.RegionEntries[p.Region.Name] {
				if e.Section == "rules" {
					writeEntries(e)
				}
			}
		}
	case "years":
		for _, y := range s.Years {
			num(y)
			num(len(s.YearEntries[y]))
		}
	case "cite":
		writeEntries(first(s.Entries, 1)...)
	}
	buf = binary.LittleEndian.AppendUint64(buf, a)
	buf = binary.LittleEndian.AppendUint64(buf, b)
	h := fnv.New128a()
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// entryKeys gives every entry a 64-bit key of its id and content hash.
func entryKeys(entries []*Entry) map[*Entry]uint64 {
	keys := make(map[*Entry]uint64, len(entries))
	h := fnv.New64a()
	for _, e := range entries {
		h.Reset()
		io.WriteString(h, e.ID)
		io.WriteString(h, "\x00")
		io.WriteString(h, e.Hash)
		keys[e] = h.Sum64()
	}
	return keys
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

// parallel calls do(i) for every i below n, in chunks of chunk on all cores.
func parallel(n, chunk int, do func(i int)) {
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					do(i)
				}
			}
		})
	}
	wg.Wait()
}

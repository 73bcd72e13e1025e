package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"casebook/search"
	theme "casebook/themes/default"
)

// Builder builds a site again and again, reusing what did not change: files
// whose size and modification time are the same are not read again, pages
// whose data did not change are not rendered again, and entries whose
// content did not change are not indexed again.
type Builder struct {
	opts     Options
	entries  map[string]cachedEntry // by source path
	written  map[string]string      // output file → fingerprint of what it holds
	previous map[string]string      // the same, for the output a former process left
	index    *search.Index          // opened on the first build
	built    bool                   // the output holds a complete build
	allowed  Diagnostics            // privacy findings let through by [[allow]], last load
	export   *search.Exporter       // the static search export, kept between builds
	// writeFile writes one output file; tests replace it to simulate a full disk.
	writeFile func(path string, data []byte) error
}

// cachedEntry is an entry as loaded, with the signature of its files.
type cachedEntry struct {
	Signature string
	Entry     *Entry
	Diags     Diagnostics
	Allowed   Diagnostics
}

// NewBuilder prepares builds of a site; nothing is read until Build.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, entries: map[string]cachedEntry{}, written: map[string]string{}, writeFile: writeFile}
}

// Close saves what the next build can reuse and releases the search index.
func (b *Builder) Close() error {
	if b.built {
		_ = b.writeCache() // the cache only saves time: a build never depends on it
	}
	if b.index == nil {
		return nil
	}
	err := b.index.Close()
	b.index = nil
	return err
}

// Search answers a query from the index of the last build.
func (b *Builder) Search(req search.Request) (*search.Result, error) {
	if b.index == nil {
		return nil, errors.New("the site has not been built yet")
	}
	return b.index.Search(req)
}

// exporter returns the static search exporter, whose cache lives beside
// the index.
func (b *Builder) exporter() *search.Exporter {
	if b.export == nil {
		b.export = search.NewExporter(b.opts.IndexDir()+"-export", search.ExportOptions{})
	}
	return b.export
}

// IndexDir is where the bleve index of a build lives: builds with drafts
// keep their own, so that a preview never changes what `build` publishes.
func (o Options) IndexDir() string {
	name := "index"
	if o.Drafts {
		name = "index-drafts"
	}
	return filepath.Join(o.source(), CacheDir, name)
}

// Build brings the output folder up to date. The first build of a Builder
// writes a whole new folder and swaps it in; later builds rewrite only the
// files whose content changed. On content errors it returns a
// *ContentError and leaves the output as it was.
func (b *Builder) Build() (*Result, error) {
	start := time.Now()
	unlock, err := lockSource(b.opts.source())
	if err != nil {
		return nil, err
	}
	defer unlock()
	var timings []Timing
	lap := start
	stage := func(name string) {
		now := time.Now()
		timings = append(timings, Timing{Stage: name, Took: now.Sub(lap)})
		lap = now
	}
	if !b.built && len(b.entries) == 0 {
		b.readCache()
		stage("cache")
	}
	site, ds, err := b.load()
	if err != nil {
		return nil, err
	}
	stage("load")
	fsys := os.DirFS(b.opts.source())
	th := newThemeFS(fsys, site.Config.Theme, theme.Files)
	files, pages, err := b.plan(site, th)
	if err != nil {
		return nil, err
	}
	stage("plan")
	docs := searchDocs(site)
	stats, err := b.updateIndex(docs)
	if err != nil {
		return nil, err
	}
	stage("index")
	res := &Result{Site: site, Entries: len(site.Entries), Pages: pages, Warnings: ds.Warnings(), Allowed: b.allowed}
	if !b.built {
		err = b.writeFresh(site, th, files, docs, stats.Indexed+stats.Deleted > 0, res)
	} else {
		err = b.writeChanges(site, th, files, docs, res)
	}
	if err != nil {
		return nil, err
	}
	stage("write")
	b.built = true
	res.Took, res.Timings = time.Since(start), timings
	return res, nil
}

// load reads the configuration and every entry, reusing entries whose files
// did not change, then checks and resolves the site.
func (b *Builder) load() (*Site, Diagnostics, error) {
	fsys := os.DirFS(b.opts.source())
	cfg, ds := LoadConfig(fsys)
	if cfg == nil {
		return nil, nil, &ContentError{Diagnostics: ds}
	}
	if b.opts.BaseURL != "" {
		cfg.BaseURL = b.opts.BaseURL
		if cds := cfg.check(tomlLines{}); len(cds.Errors()) > 0 {
			return nil, nil, fmt.Errorf("--base-url %q is not an absolute URL such as https://example.org/kb/", b.opts.BaseURL)
		}
	}
	guard, guardKey, gds := loadGuard(fsys, cfg)
	if guard == nil {
		return nil, nil, &ContentError{Diagnostics: append(ds, gds...)}
	}
	sources, sds := findSources(fsys)
	ds = append(ds, sds...)
	var stale []source
	fresh := map[string]cachedEntry{}
	for _, src := range sources {
		sig := b.signature(src, cfg.BasePath()+guardKey)
		if c, ok := b.entries[src.path]; ok && c.Signature == sig {
			fresh[src.path] = c
			continue
		}
		fresh[src.path] = cachedEntry{Signature: sig}
		stale = append(stale, src)
	}
	loaded := loadEach(fsys, cfg, guard, stale)
	for i, src := range stale {
		c := fresh[src.path]
		c.Entry, c.Diags, c.Allowed = loaded[i].entry, loaded[i].diags, loaded[i].allowed
		fresh[src.path] = c
	}
	b.entries = fresh
	var entries []*Entry
	b.allowed = nil
	for _, src := range sources {
		c := fresh[src.path]
		ds = append(ds, c.Diags...)
		b.allowed = append(b.allowed, c.Allowed...)
		if c.Entry != nil {
			entries = append(entries, c.Entry)
		}
	}
	ds = append(ds, checkEntries(cfg, entries)...)
	ds.Sort()
	if len(ds.Errors()) > 0 {
		// A file with errors must be read again next time, even unchanged,
		// so that its messages are reported again.
		return nil, ds, &ContentError{Diagnostics: ds}
	}
	var published []*Entry
	for _, e := range entries {
		if b.opts.Drafts || !e.Draft {
			published = append(published, e)
		}
	}
	return resolve(cfg, published), ds, nil
}

// signature identifies the state of an entry's files without reading them;
// salt carries what else its loading depends on (base path, denylist).
func (b *Builder) signature(src source, salt string) string {
	var buf bytes.Buffer
	buf.WriteString(salt)
	add := func(p string) {
		info, err := os.Stat(filepath.Join(b.opts.source(), filepath.FromSlash(p)))
		if err != nil {
			buf.WriteString("?" + p)
			return
		}
		fmt.Fprintf(&buf, "|%s %d %d", p, info.Size(), info.ModTime().UnixNano())
	}
	add(src.path)
	for _, r := range src.resources {
		add(src.bundle + "/" + r)
	}
	return buf.String()
}

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
	files := make([]plannedFile, 0, len(plan)+64)
	for _, p := range plan {
		files = append(files, plannedFile{rel: outputFile(p), fingerprint: salt + pageFingerprint(p), page: p})
	}
	pages := plan
	// Feeds and the sitemap are made only when the entries they list changed.
	lazy := func(rel string, list []*Entry, make func() []byte) {
		files = append(files, plannedFile{rel: rel, fingerprint: salt + listFingerprint(list), data: func() ([]byte, error) { return make(), nil }})
	}
	lazy("index.xml", s.Entries, func() []byte { return atom(s, s.Config.Title, "", s.Entries) })
	lazy("sitemap.xml", s.Entries, func() []byte { return sitemap(s, pages) })
	for _, sec := range Sections {
		lazy(sec+"/index.xml", s.Sections[sec], func() []byte {
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
func pageFingerprint(p *Page) string {
	h := fnv.New128a() // fast, and stable across processes (the cache keeps it)
	s := p.Site
	fmt.Fprintf(h, "%s|%s|%s|%t|%d\n", p.Kind, p.Path, p.Title, p.Preview, p.Total)
	if p.Pager != nil {
		fmt.Fprintf(h, "pager %d/%d\n", p.Pager.Number, p.Pager.Count)
	}
	writeEntries := func(list []*Entry) {
		for _, e := range list {
			io.WriteString(h, e.ID)
			io.WriteString(h, e.Hash)
		}
	}
	writeEntries(p.Entries)
	if e := p.Entry; e != nil {
		writeEntries([]*Entry{e})
		for _, id := range append(append([]string(nil), e.Cites...), e.Implements...) {
			if c := s.ByID[id]; c != nil {
				writeEntries([]*Entry{c})
			}
		}
		writeEntries(s.CitedBy[e.ID])
		writeEntries(s.ImplementedBy[e.ID])
		writeEntries(s.Related[e.ID])
	}
	switch p.Kind {
	case "home":
		for _, sec := range Sections {
			fmt.Fprintf(h, "%s %d\n", sec, len(s.Sections[sec]))
		}
		for _, c := range p.Charts {
			fmt.Fprintf(h, "%+v\n", c)
		}
	case "taxonomies":
		for _, t := range p.Taxonomy.Terms {
			fmt.Fprintf(h, "%s %d\n", t.Name, len(s.TermEntries[t]))
		}
	case "regions", "region":
		for _, r := range s.Config.Regions {
			fmt.Fprintf(h, "%s %d\n", r.Name, len(s.RegionEntries[r.Name]))
		}
		if p.Region != nil {
			for _, e := range s.RegionEntries[p.Region.Name] {
				if e.Section == "rules" {
					writeEntries([]*Entry{e})
				}
			}
		}
	case "years":
		for _, y := range s.Years {
			fmt.Fprintf(h, "%d %d\n", y, len(s.YearEntries[y]))
		}
	case "cite":
		if len(s.Entries) > 0 {
			writeEntries(s.Entries[:1])
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
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

// updateIndex brings the bleve index up to date with the published entries.
func (b *Builder) updateIndex(docs []search.Doc) (search.UpdateStats, error) {
	if b.index == nil {
		ix, err := search.Open(b.opts.IndexDir())
		if err != nil {
			return search.UpdateStats{}, fmt.Errorf("search index: %w", err)
		}
		b.index = ix
	}
	stats, err := b.index.Update(docs)
	if err != nil {
		return stats, fmt.Errorf("search index: %w", err)
	}
	return stats, nil
}

// searchDocs turns published entries into what the search index holds.
// Categories carry their ancestors, so that filtering on a parent term finds
// the entries of its children.
func searchDocs(s *Site) []search.Doc {
	docs := make([]search.Doc, len(s.Entries))
	for i, e := range s.Entries {
		docs[i] = search.Doc{
			ID: e.ID, Section: e.Section, Title: e.Title, URL: s.Config.BasePath() + entryPath(e),
			Date: e.Date, Summary: e.Summary, Body: e.Text, ShortTitle: e.ShortTitle, DocNumber: e.DocNumber,
			Keywords: e.Keywords, Categories: withAncestors(s.Config.Taxonomies["categories"], e.Categories),
			Groups: withAncestors(s.Config.Taxonomies["groups"], e.Groups), Methods: withAncestors(s.Config.Taxonomies["methods"], e.Methods),
			Region: e.Region, CourtLevel: e.CourtLevel, Stage: e.Stage, Hash: e.Hash + strconv.FormatBool(e.Draft),
		}
	}
	return docs
}

func withAncestors(tax *Taxonomy, names []string) []string {
	out := make([]string, 0, len(names))
	seen := map[string]bool{}
	for _, n := range names {
		t := tax.Term(n)
		if t == nil {
			continue
		}
		for _, u := range append([]*Term{t}, t.Ancestors()...) {
			if !seen[u.Name] {
				seen[u.Name] = true
				out = append(out, u.Name)
			}
		}
	}
	return out
}

// OpenIndex loads and checks the site, brings its search index up to date
// (re-indexing only changed entries) and returns it open, writing no pages.
func OpenIndex(opts Options) (*search.Index, error) {
	b := NewBuilder(opts)
	site, _, err := b.load()
	if err != nil {
		return nil, err
	}
	if _, err := b.updateIndex(searchDocs(site)); err != nil {
		b.Close()
		return nil, err
	}
	return b.index, nil
}

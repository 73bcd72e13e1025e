package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"casebook/internal/outdir"
	"casebook/internal/parallel"
	"casebook/internal/readahead"
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
	unsaved  bool                   // the cache folder does not hold what the next build can reuse
	last     *lastBuild             // the graph and plan of the last build, to patch
	allowed  Diagnostics            // privacy findings let through by [[allow]], last load
	export   *search.Exporter       // the static search export, kept between builds
	related  related                // related entries of the last graph, by id
	// writeFile writes one output file; tests replace it to simulate a full disk.
	writeFile func(path string, data []byte) error
}

// cachedEntry is an entry as loaded, with the signature of its files.
type cachedEntry struct {
	Path      string // the source path
	Signature string
	Entry     *Entry
	Diags     Diagnostics
	Allowed   Diagnostics
}

// NewBuilder prepares builds of a site; nothing is read until Build.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, entries: map[string]cachedEntry{}, written: map[string]string{}, writeFile: outdir.Create}
}

// Close saves what the next build can reuse and releases the search index.
func (b *Builder) Close() error {
	if b.built && b.unsaved {
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

// Build brings the output folder up to date; see BuildContext.
func (b *Builder) Build() (*Result, error) { return b.BuildContext(context.Background()) }

// BuildContext brings the output folder up to date. An output that a
// former build left, and that the cache describes, is changed in place:
// only the files whose content changed are written, in one transaction.
// Otherwise a whole new folder is written and swapped in. On content
// errors it returns a *ContentError; when ctx is cancelled before the
// output changes, ctx's error. Either way the output is left as it was.
func (b *Builder) BuildContext(ctx context.Context) (*Result, error) {
	start := time.Now()
	unlock, err := lockSource(b.opts.source())
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := recoverOutput(b.journalFile()); err != nil {
		return nil, err
	}
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
	// The search index is brought up to date while the pages are planned
	// and written; the output changes only once it is.
	docs := searchDocs(site)
	indexed := make(chan Timing, 1)
	var indexErr error
	go func() {
		t := time.Now()
		if !b.opts.Preview {
			// The export's analysis serves the index too: the text of
			// each entry is analysed once.
			b.exporter().Analyse(docs)
		}
		_, indexErr = b.updateIndex(docs)
		indexed <- Timing{Stage: "index", Took: time.Since(t)}
	}()
	indexReady := sync.OnceValue(func() error {
		timings = append(timings, <-indexed)
		return indexErr
	})
	defer indexReady()
	fsys := os.DirFS(b.opts.source())
	th := newThemeFS(fsys, site.Config.Theme, theme.Files)
	files, pages, err := b.plan(site, th)
	if err != nil {
		return nil, err
	}
	stage("plan")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Site: site, Entries: len(site.Entries), Pages: pages, Warnings: ds.Warnings(), Allowed: b.allowed}
	timed := func(name string, took time.Duration) { timings = append(timings, Timing{Stage: name, Took: took}) }
	w := outputWrite{site: site, theme: th, files: files, docs: docs, ready: indexReady, timed: timed}
	if b.canUpdate() {
		err = b.writeChanges(ctx, w, res)
	} else {
		err = b.writeFresh(ctx, w, res)
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
	fresh := make(map[string]cachedEntry, len(sources))
	for i, sig := range b.signatures(sources, cfg.BasePath()+guardKey) {
		src := sources[i]
		if c, ok := b.entries[src.path]; ok && c.Signature == sig {
			fresh[src.path] = c
			continue
		}
		fresh[src.path] = cachedEntry{Path: src.path, Signature: sig}
		stale = append(stale, src)
	}
	if len(stale) > 0 || len(fresh) != len(b.entries) {
		b.unsaved = true
	}
	stopReading := readahead.Files(b.opts.source(), entryFiles(stale))
	loaded := loadEach(fsys, cfg, guard, stale)
	stopReading()
	for i, src := range stale {
		c := fresh[src.path]
		c.Entry, c.Diags, c.Allowed = loaded[i].entry, loaded[i].diags, loaded[i].allowed
		fresh[src.path] = c
	}
	old := b.entries
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
	key := guardKey + "|" + configKey(fsys)
	if len(ds.Errors()) == 0 {
		if site := b.patchSite(cfg, key, old, stale); site != nil {
			ds.Sort()
			return site, ds, nil
		}
	}
	ds = append(ds, checkEntries(cfg, entries)...)
	ds.Sort()
	if len(ds.Errors()) > 0 {
		// A file with errors must be read again next time, even unchanged,
		// so that its messages are reported again.
		b.last = nil
		return nil, ds, &ContentError{Diagnostics: ds}
	}
	var published []*Entry
	for _, e := range entries {
		if b.opts.Drafts || !e.Draft {
			published = append(published, e)
		}
	}
	site := resolve(cfg, published, &b.related)
	b.last = &lastBuild{site: site, key: key}
	return site, ds, nil
}

// configKey identifies the content of site.toml.
func configKey(fsys fs.FS) string {
	data, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return "?"
	}
	return hashBytes(data)
}

// signatures identify the state of the sources' files without reading
// them: path, size and modification time of each file, after salt, which
// carries what else loading depends on (base path, denylist). The files
// are looked at on all cores.
func (b *Builder) signatures(sources []source, salt string) []string {
	out := make([]string, len(sources))
	parallel.For(len(sources), 64, func(i int) {
		src := sources[i]
		buf := b.appendSignature([]byte(salt), src.path)
		for _, r := range src.resources {
			buf = b.appendSignature(buf, src.bundle+"/"+r)
		}
		out[i] = string(buf)
	})
	return out
}

// appendSignature appends "|path size mtime" of one file, or "?path" when
// it cannot be read.
func (b *Builder) appendSignature(buf []byte, p string) []byte {
	info, err := os.Stat(filepath.Join(b.opts.source(), filepath.FromSlash(p)))
	if err != nil {
		return append(append(buf, '?'), p...)
	}
	buf = append(append(buf, '|'), p...)
	buf = strconv.AppendInt(append(buf, ' '), info.Size(), 10)
	return strconv.AppendInt(append(buf, ' '), info.ModTime().UnixNano(), 10)
}

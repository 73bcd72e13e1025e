// Package generator turns a Casebook source folder (site.toml, content/,
// themes/) into a static site: load → check → resolve → render → write.
package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	theme "casebook/themes/default"
)

// CacheDir is the folder, inside the source folder, where builds keep what
// they reuse between runs. Deleting it is always safe.
const CacheDir = ".casebook"

// Options says what to build and where.
type Options struct {
	Source  string // the site folder; "" is the current folder
	Dest    string // the output folder; "" is public/ in the source folder
	Drafts  bool   // publish entries marked draft
	BaseURL string // overrides site.toml's baseURL when not ""
	Preview bool   // pages are marked as a preview (drafts visibly flagged)
}

func (o Options) source() string {
	if o.Source == "" {
		return "."
	}
	return o.Source
}

func (o Options) dest() string {
	if o.Dest == "" {
		return filepath.Join(o.source(), "public")
	}
	return o.Dest
}

// Result reports what a build did.
type Result struct {
	Site     *Site         // the resolved site
	Entries  int           // entries published
	Pages    int           // HTML pages written
	Files    int           // files written in all
	Warnings Diagnostics   // hints that did not fail the build
	Took     time.Duration // wall time of the whole build
}

// Load reads and checks a site and resolves its graph. It returns a
// *ContentError when the content has errors, with every one of them.
func Load(opts Options) (*Site, Diagnostics, error) {
	fsys := os.DirFS(opts.source())
	cfg, ds := LoadConfig(fsys)
	if cfg == nil {
		return nil, nil, &ContentError{Diagnostics: ds}
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
		if cds := cfg.check(tomlLines{}); len(cds.Errors()) > 0 {
			return nil, nil, fmt.Errorf("--base-url %q is not an absolute URL such as https://example.org/kb/", opts.BaseURL)
		}
	}
	sources, sds := findSources(fsys)
	ds = append(ds, sds...)
	entries, lds := loadEntries(fsys, cfg, sources)
	ds = append(ds, lds...)
	ds = append(ds, checkEntries(cfg, entries)...)
	ds.Sort()
	if len(ds.Errors()) > 0 {
		return nil, ds, &ContentError{Diagnostics: ds}
	}
	var published []*Entry
	for _, e := range entries {
		if opts.Drafts || !e.Draft {
			published = append(published, e)
		}
	}
	return resolve(cfg, published), ds, nil
}

// Build loads, checks and renders the site into the output folder. The new
// site is written beside the old one and swapped in only when complete, so a
// failed build leaves the last good site as it was.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	unlock, err := lockSource(opts.source())
	if err != nil {
		return nil, err
	}
	defer unlock()
	site, ds, err := Load(opts)
	if err != nil {
		return nil, err
	}
	dest := opts.dest()
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dest)), "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, fmt.Errorf("cannot write the output: %w", err)
	}
	defer os.RemoveAll(tmp)
	out := &output{dir: tmp}
	fsys := os.DirFS(opts.source())
	pages, err := renderSite(site, fsys, newThemeFS(fsys, site.Config.Theme, theme.Files), out, opts.Preview)
	if err != nil {
		return nil, err
	}
	if err := swapDir(tmp, dest); err != nil {
		return nil, fmt.Errorf("cannot replace %s: %w", dest, err)
	}
	return &Result{Site: site, Entries: len(site.Entries), Pages: pages, Files: out.n, Warnings: ds.Warnings(), Took: time.Since(start)}, nil
}

// swapDir puts the folder tmp in the place of dest: the old dest is moved
// aside, tmp renamed to dest, and the old one removed.
func swapDir(tmp, dest string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// relPath makes a path relative to the source folder for messages.
func relPath(source, p string) string {
	r, err := filepath.Rel(source, p)
	if err != nil || strings.HasPrefix(r, "..") {
		return p
	}
	return filepath.ToSlash(r)
}

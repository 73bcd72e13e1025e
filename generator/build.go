// Package generator turns a Casebook source folder (site.toml, content/,
// themes/) into a static site: load → check → resolve → render → write.
package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
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
	Written  []string      // the files written, relative to the output folder
	Removed  []string      // the files removed because their pages are gone
	Warnings Diagnostics   // hints that did not fail the build
	Allowed  Diagnostics   // privacy findings that an [[allow]] let through, with its reason
	Took     time.Duration // wall time of the whole build
}

// Load reads and checks a site and resolves its graph, writing nothing. It
// returns a *ContentError when the content has errors, with every one of them.
func Load(opts Options) (*Site, Diagnostics, error) {
	return NewBuilder(opts).load()
}

// Build loads, checks and renders the site into the output folder, and
// updates the search index. The new site is written beside the old one and
// swapped in only when complete, so a failed build leaves the last good site
// as it was.
func Build(opts Options) (*Result, error) {
	b := NewBuilder(opts)
	res, err := b.Build()
	if cerr := b.Close(); err == nil && cerr != nil {
		return nil, cerr
	}
	return res, err
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

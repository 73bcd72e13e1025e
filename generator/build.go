// Package generator turns a Casebook source folder (site.toml, content/,
// themes/) into a static site: load → check → resolve → render → write.
package generator

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
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
	Timings  []Timing      // wall time of each stage, in order
}

// Timing is the wall time one stage of a build took.
type Timing struct {
	Stage string // cache, load, plan, index, export or write (which includes export)
	Took  time.Duration
}

// String formats the timing as "load 120ms".
func (t Timing) String() string { return t.Stage + " " + t.Took.Round(time.Millisecond).String() }

// Load reads and checks a site and resolves its graph, writing nothing. It
// returns a *ContentError when the content has errors, with every one of them.
func Load(opts Options) (*Site, Diagnostics, error) {
	return NewBuilder(opts).load()
}

// Build loads, checks and renders the site into the output folder, and
// updates the search index. The new site is written beside the old one and
// swapped in only when complete, so a failed build leaves the last good site
// as it was.
func Build(opts Options) (*Result, error) { return BuildContext(context.Background(), opts) }

// BuildContext is Build that stops, leaving the output as it was, when ctx
// is cancelled before the new output is put in place.
func BuildContext(ctx context.Context, opts Options) (*Result, error) {
	b := NewBuilder(opts)
	res, err := b.BuildContext(ctx)
	if cerr := b.Close(); err == nil && cerr != nil {
		return nil, cerr
	}
	return res, err
}

// swapDir puts the folder tmp in the place of dest. Where the system can,
// the two are exchanged in one atomic rename, so that dest never stops
// existing; otherwise the old dest is moved aside first. The old site is
// then removed.
func swapDir(tmp, dest string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	} else if err != nil {
		return err
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the old site
	}
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Rename(old, dest)
		return err
	}
	return os.RemoveAll(old)
}

// removeStaleTemps removes the temporary folders of builds that were
// interrupted (killed, or the machine stopped) before they could clean up.
func removeStaleTemps(dest string) {
	pattern := filepath.Join(filepath.Dir(filepath.Clean(dest)), "."+filepath.Base(dest)+".new-*")
	matches, _ := filepath.Glob(pattern)
	for _, m := range matches {
		_ = os.RemoveAll(m)
	}
}

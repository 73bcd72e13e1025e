package server

import (
	"casebook/generator"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchedTrees are the folders of the source watched with all their
// sub-folders; besides them only site.toml is watched.
var watchedTrees = [...]string{"content", "themes"}

// configFile is the site's configuration, watched by name in the source
// folder so that editors that save it by renaming a temporary file work.
const configFile = "site.toml"

// watcher reports changes to a site's sources: content/ and themes/ with
// every sub-folder (new ones too), and site.toml.
type watcher struct {
	fs     *fsnotify.Watcher
	source string // absolute
	log    io.Writer
}

func newWatcher(source string, log io.Writer) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, source: source, log: log}
	if err := fw.Add(source); err != nil {
		fw.Close()
		return nil, err
	}
	for _, t := range watchedTrees {
		w.addTree(filepath.Join(source, t))
	}
	return w, nil
}

func (w *watcher) close() error { return w.fs.Close() }

// addTree watches dir and every folder below it that is not ignored, and
// returns the files found in it (source-relative), which may have been
// written before the watch began.
func (w *watcher) addTree(dir string) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != dir && generator.IgnoredName(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fs.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(w.log, "cannot watch %s: %v\n", w.rel(p), err)
			}
			return nil
		}
		files = append(files, w.rel(p))
		return nil
	})
	return files
}

// rel makes a path relative to the source folder, with forward slashes.
func (w *watcher) rel(p string) string {
	r, err := filepath.Rel(w.source, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

// relevant reports whether a path is one of the site's sources: site.toml,
// or anything under content/ or themes/ that no part of is hidden or an
// editor's temporary file.
func (w *watcher) relevant(rel string) bool {
	parts := strings.Split(rel, "/")
	if len(parts) == 1 {
		return parts[0] == configFile || parts[0] == watchedTrees[0] || parts[0] == watchedTrees[1]
	}
	if parts[0] != watchedTrees[0] && parts[0] != watchedTrees[1] {
		return false
	}
	for _, p := range parts[1:] {
		if generator.IgnoredName(p) {
			return false
		}
	}
	return true
}

// handle turns one fsnotify event into the source files that changed,
// watching folders that appeared.
func (w *watcher) handle(ev fsnotify.Event) []string {
	if ev.Op == fsnotify.Chmod {
		return nil
	}
	rel := w.rel(ev.Name)
	if !w.relevant(rel) {
		return nil
	}
	changed := []string{rel}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			changed = append(changed, w.addTree(ev.Name)...)
		}
	}
	return changed
}

// run collects changes until the sources have been quiet for quiet, or
// maxDelay has passed since the first change, then calls rebuild with them
// (sorted, without repeats). Changes made during a rebuild make the next
// one. It returns when ctx is done.
func (w *watcher) run(ctx context.Context, quiet, maxDelay time.Duration, rebuild func([]string)) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	pending := map[string]bool{}
	var first time.Time
	note := func(paths []string) {
		if len(paths) == 0 {
			return
		}
		for _, p := range paths {
			pending[p] = true
		}
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		wait := quiet
		if left := first.Add(maxDelay).Sub(now); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			note(w.handle(ev))
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(w.log, "watching: %v\n", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				note([]string{"(events lost)"})
			}
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			clear(pending)
			first = time.Time{}
			if ctx.Err() == nil {
				rebuild(paths)
			}
		}
	}
}

package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"casebook/internal/outdir"
	"casebook/search"
)

// SearchDir is the folder of the static search export inside the output.
const SearchDir = "search/data"

// outputWrite is what the write stage of a build puts in the output.
type outputWrite struct {
	site  *Site
	theme themeFS
	files []plannedFile
	docs  []search.Doc
	ready func() error                           // waits for the rest of the build (the search index); the output changes only after it returns nil
	timed func(stage string, took time.Duration) // records the time of a stage that is part of writing (the search export)
}

// writeFresh writes a complete site into a new folder beside the output and
// swaps it in, so that a failed build never touches the last good site.
func (b *Builder) writeFresh(ctx context.Context, w outputWrite, res *Result) error {
	dest := b.opts.dest()
	parent := filepath.Dir(filepath.Clean(dest))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cannot write the output: %w", err)
	}
	removeStaleTemps(dest) // under the build lock, no other build is writing one
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return fmt.Errorf("cannot write the output: %w", err)
	}
	defer os.RemoveAll(tmp)
	dirs := outdir.NewDirs()
	written, err := b.writeFiles(ctx, w.site, w.theme, w.files, func(rel string, data []byte) error {
		path := filepath.Join(tmp, filepath.FromSlash(rel))
		if err := dirs.Make(filepath.Dir(path)); err != nil {
			return err
		}
		return b.writeFile(path, data)
	})
	if err != nil {
		return err
	}
	fingerprints := make(map[string]string, len(w.files))
	for _, f := range w.files {
		fingerprints[f.rel] = f.fingerprint
	}
	swapped := false
	if !b.opts.Preview {
		// The build cache, which Close would write on one core once the
		// output is in place, is written meanwhile beside its place, and
		// takes it with the output.
		next := b.cacheFile() + ".next"
		saved := make(chan error, 1)
		go func() { saved <- b.saveCache(fingerprints, next) }()
		defer func() {
			if err := <-saved; err == nil && swapped && os.Rename(next, b.cacheFile()) == nil {
				b.unsaved = false
			} else {
				os.Remove(next)
			}
		}()
	}
	// The export waits for the index: the two at once would need the
	// memory of both.
	if err := w.ready(); err != nil {
		return err
	}
	if !b.opts.Preview { // a preview's search page asks the preview server
		start := time.Now()
		if _, err := b.exporter().Export(w.docs, filepath.Join(tmp, filepath.FromSlash(SearchDir))); err != nil {
			return fmt.Errorf("search export: %w", err)
		}
		w.timed("export", time.Since(start))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The cache describes the old output: once the new one is in place it
	// would be wrong, so it goes first and is written again on Close.
	b.dropCache()
	if err := swapDir(tmp, dest); err != nil {
		return fmt.Errorf("cannot replace %s: %w", dest, err)
	}
	swapped = true
	b.written = fingerprints
	res.Written, res.Files = written, len(written)
	return nil
}

// canUpdate reports whether the output can be changed in place: it holds
// what b.written says after a build of this builder, and what b.previous
// says after one of an earlier process whose cache describes it.
func (b *Builder) canUpdate() bool {
	if b.built {
		return true
	}
	if b.previous == nil {
		return false
	}
	probe := b.opts.dest()
	if !b.opts.Preview {
		probe = filepath.Join(probe, filepath.FromSlash(SearchDir), "manifest.json")
	}
	_, err := os.Stat(probe)
	return err == nil
}

// writeChanges updates the output in place, as one transaction: the files
// whose fingerprint changed are staged, the search export is brought up to
// date, and then the staged files are renamed into place and the files no
// longer planned removed.
func (b *Builder) writeChanges(ctx context.Context, w outputWrite, res *Result) error {
	if !b.built {
		b.written = b.previous // the output an earlier process left
	}
	dest := b.opts.dest()
	var changed []plannedFile
	planned := make(map[string]bool, len(w.files))
	for _, f := range w.files {
		planned[f.rel] = true
		if b.written[f.rel] != f.fingerprint {
			changed = append(changed, f)
		}
	}
	var removed []string
	for rel := range b.written {
		if !planned[rel] {
			removed = append(removed, rel)
		}
	}
	sort.Strings(removed)
	if len(changed) == 0 && len(removed) == 0 {
		return w.ready()
	}
	t, err := beginTransaction(dest, b.journalFile(), b.writeFile)
	if err != nil {
		return err
	}
	written, err := b.writeFiles(ctx, w.site, w.theme, changed, t.stage)
	if err == nil {
		err = w.ready()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && !b.opts.Preview {
		start := time.Now()
		_, err = b.exporter().ExportStaged(w.docs, filepath.Join(dest, filepath.FromSlash(SearchDir)), exportStage{t})
		if errors.Is(err, search.ErrExportUnknown) {
			// The export in the output is not the one the cache describes:
			// the whole site is written again.
			t.abort()
			b.built = false
			return b.writeFresh(ctx, w, res)
		}
		if err != nil {
			err = fmt.Errorf("search export: %w", err)
		} else {
			w.timed("export", time.Since(start))
			err = ctx.Err()
		}
	}
	if err != nil {
		t.abort()
		return err
	}
	for _, rel := range removed {
		t.remove(rel)
	}
	b.dropCache()
	if err := t.commit(); err != nil {
		b.built = false // the output may be half updated: write it whole next time
		return fmt.Errorf("cannot update %s: %w", dest, err)
	}
	for _, f := range changed {
		b.written[f.rel] = f.fingerprint
	}
	for _, rel := range removed {
		delete(b.written, rel)
	}
	res.Written, res.Removed, res.Files = written, removed, len(written)
	return nil
}

// exportStage stages the changes of the search export in a transaction.
type exportStage struct{ t *transaction }

func (s exportStage) Stage(rel string, data []byte) error { return s.t.stage(SearchDir+"/"+rel, data) }
func (s exportStage) Remove(rel string)                   { s.t.remove(SearchDir + "/" + rel) }

// writeFiles renders files on all cores, hands each to put with its path
// relative to the output, and returns the paths written. It stops early
// when ctx is cancelled.
func (b *Builder) writeFiles(ctx context.Context, s *Site, th themeFS, files []plannedFile, put func(rel string, data []byte) error) ([]string, error) {
	var tmpl templates
	for _, f := range files {
		if f.page != nil {
			var ds Diagnostics
			if tmpl, ds = siteTemplates(th, s); len(ds) > 0 {
				return nil, &ContentError{Diagnostics: ds}
			}
			break
		}
	}
	jobs := make(chan plannedFile)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for f := range jobs {
				data, err := f.content(tmpl, &buf)
				if err == nil {
					err = put(f.rel, data)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("%s: %w", f.rel, err))
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.rel
	}
	return out, nil
}

// content renders a page or produces a file's bytes.
func (f plannedFile) content(tmpl templates, buf *bytes.Buffer) ([]byte, error) {
	if f.page == nil {
		return f.data()
	}
	buf.Reset()
	if err := tmpl.execute(f.page, buf); err != nil {
		return nil, fmt.Errorf("rendering /%s: %w", f.page.Path, err)
	}
	return buf.Bytes(), nil
}

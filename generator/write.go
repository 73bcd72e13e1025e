package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"casebook/search"
)

// SearchDir is the folder of the static search export inside the output.
const SearchDir = "search/data"

// writeFresh writes a complete site into a new folder beside the output and
// swaps it in, so that a failed build never touches the last good site.
//
// Files whose fingerprint is the same as in the output a former build left
// are hard-linked from it instead of rendered, and so is the search export
// when no entry changed.
func (b *Builder) writeFresh(s *Site, th themeFS, files []plannedFile, docs []search.Doc, docsChanged bool, res *Result) error {
	dest := b.opts.dest()
	if !docsChanged && b.upToDate(dest, files) {
		b.written = b.previous
		return nil
	}
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
	written, err := b.writeFiles(s, th, tmp, b.linkUnchanged(dest, tmp, files), false)
	if err != nil {
		return err
	}
	oldExport := filepath.Join(dest, filepath.FromSlash(SearchDir))
	newExport := filepath.Join(tmp, filepath.FromSlash(SearchDir))
	switch {
	case b.opts.Preview:
		// a preview's search page asks the preview server, not a static export
	case !docsChanged && b.previous != nil && linkTree(oldExport, newExport) == nil:
		// nothing the export holds changed: the old one, linked, is the new one
	default:
		// Start from the old export, linked, so that the exporter rewrites
		// only the files whose content changed (by rename: the old site's
		// files stay as they were).
		_ = os.RemoveAll(newExport)
		_ = linkTree(oldExport, newExport)
		if _, err := b.exporter().Export(docs, newExport); err != nil {
			return fmt.Errorf("search export: %w", err)
		}
	}
	// The cache describes the old output: once the new one is in place it
	// would be wrong, so it goes first and is written again on Close.
	b.dropCache()
	if err := swapDir(tmp, dest); err != nil {
		return fmt.Errorf("cannot replace %s: %w", dest, err)
	}
	b.written = map[string]string{}
	for _, f := range files {
		b.written[f.rel] = f.fingerprint
	}
	res.Written, res.Files = written, len(written)
	return nil
}

// writeChanges updates the output in place: files whose fingerprint changed
// are written (each atomically, by rename), files no longer planned are
// removed, and the search export is replaced when the entries changed.
func (b *Builder) writeChanges(s *Site, th themeFS, files []plannedFile, docs []search.Doc, res *Result) error {
	dest := b.opts.dest()
	var changed []plannedFile
	planned := map[string]bool{}
	for _, f := range files {
		planned[f.rel] = true
		if b.written[f.rel] != f.fingerprint {
			changed = append(changed, f)
		}
	}
	b.dropCache()
	written, err := b.writeFiles(s, th, dest, changed, true)
	if err != nil {
		b.built = false // the output may be half updated: write it whole next time
		return err
	}
	var removed []string
	for rel := range b.written {
		if !planned[rel] {
			removed = append(removed, rel)
			_ = os.Remove(filepath.Join(dest, filepath.FromSlash(rel)))
			removeEmptyDirs(dest, filepath.Dir(filepath.Join(dest, filepath.FromSlash(rel))))
		}
	}
	sort.Strings(removed)
	for _, f := range changed {
		b.written[f.rel] = f.fingerprint
	}
	for _, rel := range removed {
		delete(b.written, rel)
	}
	if (len(changed) > 0 || len(removed) > 0) && !b.opts.Preview {
		// The exporter replaces each changed file atomically, the manifest last.
		if _, err := b.exporter().Export(docs, filepath.Join(dest, filepath.FromSlash(SearchDir))); err != nil {
			b.built = false
			return fmt.Errorf("search export: %w", err)
		}
	}
	res.Written, res.Removed, res.Files = written, removed, len(written)
	return nil
}

// writeFiles renders and writes files into dir on all cores and returns the
// paths written. In a folder that readers may be looking at, each file is
// replaced atomically; a new folder is written directly.
func (b *Builder) writeFiles(s *Site, th themeFS, dir string, files []plannedFile, atomic bool) ([]string, error) {
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
	dirs := newDirMaker()
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
				path := filepath.Join(dir, filepath.FromSlash(f.rel))
				if err == nil {
					err = dirs.make(filepath.Dir(path))
				}
				if err == nil && atomic {
					err = writeAtomic(b.writeFile, path, data)
				} else if err == nil {
					err = b.writeFile(path, data)
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
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
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

// writeFile writes one output file.
func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }

// upToDate reports whether the output a former build left holds exactly the
// planned files: the same set, each with the same fingerprint, and the search
// export in place. Such an output is left as it is.
func (b *Builder) upToDate(dest string, files []plannedFile) bool {
	if b.previous == nil || len(b.previous) != len(files) {
		return false
	}
	for _, f := range files {
		if b.previous[f.rel] != f.fingerprint {
			return false
		}
	}
	if !b.opts.Preview {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(SearchDir), "manifest.json")); err != nil {
			return false
		}
	}
	_, err := os.Stat(dest)
	return err == nil
}

// dirMaker creates folders once each, however many files go into them.
type dirMaker struct {
	mu   sync.Mutex
	made map[string]bool
}

func newDirMaker() *dirMaker { return &dirMaker{made: map[string]bool{}} }

func (d *dirMaker) make(dir string) error {
	d.mu.Lock()
	done := d.made[dir]
	d.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	d.mu.Lock()
	d.made[dir] = true
	d.mu.Unlock()
	return nil
}

// writeAtomic writes a file by writing a temporary file beside it and
// renaming it over the old one, so readers never see half a file.
func writeAtomic(write func(string, []byte) error, path string, data []byte) error {
	tmp := path + ".tmp-" + randomSuffix()
	if err := write(tmp, data); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// removeEmptyDirs removes dir and its parents up to root while they are empty.
func removeEmptyDirs(root, dir string) {
	root = filepath.Clean(root)
	for dir = filepath.Clean(dir); strings.HasPrefix(dir, root+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}

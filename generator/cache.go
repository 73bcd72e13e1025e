package generator

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// cacheVersion changes whenever what the cache holds changes meaning.
const cacheVersion = 4

// buildCache is what a build keeps in the cache folder for the next one:
// the entries as loaded (with the signatures of their files) and the
// fingerprint of every file of the output it wrote.
type buildCache struct {
	Version int
	Dest    string                 // the output folder the fingerprints describe
	Entries map[string]cachedEntry // by source path
	Written map[string]string      // output file → fingerprint
}

func init() {
	// Values a [params] table may hold, so that entries round-trip through gob.
	for _, v := range []any{"", int64(0), float64(0), false, time.Time{}, []any{}, map[string]any{}, []map[string]any{}} {
		gob.Register(v)
	}
}

// cacheFile is the file of the build cache for the builder's options: a
// build with drafts, or into another folder, keeps a cache of its own.
func (b *Builder) cacheFile() string {
	abs, _ := filepath.Abs(b.opts.dest())
	key := sha256.Sum256([]byte(fmt.Sprintf("%s|%t|%s|%t", abs, b.opts.Drafts, b.opts.BaseURL, b.opts.Preview)))
	return filepath.Join(b.opts.source(), CacheDir, "build-"+hex.EncodeToString(key[:6])+".gob")
}

// readCache restores what the last build of these options kept. A missing,
// unreadable or outdated cache only means everything is done again.
func (b *Builder) readCache() {
	f, err := os.Open(b.cacheFile())
	if err != nil {
		return
	}
	defer f.Close()
	var c buildCache
	if gob.NewDecoder(f).Decode(&c) != nil || c.Version != cacheVersion {
		return
	}
	abs, _ := filepath.Abs(b.opts.dest())
	if c.Entries != nil {
		b.entries = c.Entries
	}
	if c.Dest == abs && c.Written != nil {
		b.previous = c.Written
	}
}

// dropCache removes the saved state before the output changes, so that a
// build killed half-way never leaves a cache that describes another output.
func (b *Builder) dropCache() {
	_ = os.Remove(b.cacheFile())
}

// writeCache saves the state of the last successful build, atomically.
func (b *Builder) writeCache() error {
	abs, _ := filepath.Abs(b.opts.dest())
	c := buildCache{Version: cacheVersion, Dest: abs, Entries: b.entries, Written: b.written}
	path := b.cacheFile()
	tmp := path + ".tmp-" + randomSuffix()
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(&c); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// linkUnchanged hard-links into the new folder tmp every file of the old
// output whose fingerprint is the same in the new plan, and returns the files
// still to write. Where a link cannot be made the file is written anew.
func (b *Builder) linkUnchanged(dest, tmp string, files []plannedFile) []plannedFile {
	if b.previous == nil {
		return files
	}
	dirs := newDirMaker()
	var todo []plannedFile
	for _, f := range files {
		if b.previous[f.rel] != f.fingerprint {
			todo = append(todo, f)
			continue
		}
		to := filepath.Join(tmp, filepath.FromSlash(f.rel))
		if dirs.make(filepath.Dir(to)) != nil || os.Link(filepath.Join(dest, filepath.FromSlash(f.rel)), to) != nil {
			todo = append(todo, f)
		}
	}
	return todo
}

// linkTree hard-links (or copies) a whole folder, for an unchanged search export.
func linkTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if err := os.Link(p, target); err != nil {
			data, rerr := os.ReadFile(p)
			if rerr != nil {
				return errors.Join(err, rerr)
			}
			return os.WriteFile(target, data, 0o644)
		}
		return nil
	})
}

// Package outdir writes files into the folders a build produces: folders
// made once each, files replaced atomically, folders left empty removed.
package outdir

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Dirs makes folders, each once however many files go into it. It is safe
// for concurrent use.
type Dirs struct {
	mu   sync.Mutex
	made map[string]bool
}

// NewDirs returns a Dirs that has made no folder yet.
func NewDirs() *Dirs { return &Dirs{made: map[string]bool{}} }

// Make makes dir and its missing parents.
func (d *Dirs) Make(dir string) error {
	d.mu.Lock()
	done := d.made[dir]
	d.mu.Unlock()
	if done {
		return nil
	}
	// One mkdir for a folder whose parent exists, the common case: os.MkdirAll
	// would look at the folder and its parent first.
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if parent := filepath.Dir(dir); parent != dir {
			if err = d.Make(parent); err == nil {
				err = os.Mkdir(dir, 0o755)
			}
		}
	}
	if errors.Is(err, fs.ErrExist) {
		if info, serr := os.Stat(dir); serr == nil && info.IsDir() {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.made[dir] = true
	d.mu.Unlock()
	return nil
}

// WriteFile replaces path by data atomically: readers see the old file or
// the new one, never half of either.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write is WriteFile for content that write produces: it goes to a
// temporary file beside path, renamed over path once complete. On error
// path is as it was and no temporary file is left.
func Write(path string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// RemoveEmptyDirs removes dir and its parents up to root, not root itself,
// while they are empty.
func RemoveEmptyDirs(root, dir string) {
	root = filepath.Clean(root)
	for dir = filepath.Clean(dir); strings.HasPrefix(dir, root+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}

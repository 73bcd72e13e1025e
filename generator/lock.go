package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockSource takes the source folder's build lock, so that two builds of the
// same folder never write the cache or the output at once. A second build
// started while one runs is refused with a message that says so.
func lockSource(source string) (func(), error) {
	dir := filepath.Join(source, CacheDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the cache folder: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "build.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open the build lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another casebook build is running on %s: wait for it to finish, then build again", source)
		}
		return nil, fmt.Errorf("cannot lock %s: %w", filepath.Join(dir, "build.lock"), err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

package readahead

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// willNeed starts the reading of one whole file without waiting for it:
// posix_fadvise(POSIX_FADV_WILLNEED) queues the reads and returns.
func willNeed(root, path string) {
	fd, err := unix.Open(filepath.Join(root, filepath.FromSlash(path)), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	_ = unix.Fadvise(fd, 0, 0, unix.FADV_WILLNEED)
	_ = unix.Close(fd)
}

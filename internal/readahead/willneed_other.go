//go:build !linux

package readahead

// willNeed does nothing where the kernel has no posix_fadvise: the files
// are read when they are needed, as without this package.
func willNeed(root, path string) {}

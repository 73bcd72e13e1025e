package readahead

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestFilesReadsAhead evicts files from the kernel's cache, reads them
// ahead, and asks the kernel which of their pages are in memory: all of
// them must be, though nothing read them. A file that cannot be opened,
// first in the list, is skipped.
func TestFilesReadsAhead(t *testing.T) {
	const size = 256 << 10
	pages := (size + os.Getpagesize() - 1) / os.Getpagesize()
	dir := t.TempDir()
	paths := []string{"missing.md"}
	for i := range 16 {
		name := fmt.Sprintf("cases/%02d.md", i)
		paths = append(paths, name)
		writeSynced(t, filepath.Join(dir, name), size)
	}
	for _, p := range paths[1:] {
		evict(t, filepath.Join(dir, p))
		if n := resident(t, filepath.Join(dir, p)); n > 0 {
			t.Skipf("%s: the file system keeps %d pages of an evicted file in memory (tmpfs?)", p, n)
		}
	}
	stop := Files(dir, paths)
	defer stop()
	deadline := time.Now().Add(30 * time.Second)
	for _, p := range paths[1:] {
		full := filepath.Join(dir, p)
		for resident(t, full) < pages {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d of %d pages in memory 30 s after Files", p, resident(t, full), pages)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// TestStopWaits stops a read-ahead of many files at once and calls stop
// again, which must not close its channel twice; a read-ahead of no files
// has a stop too.
func TestStopWaits(t *testing.T) {
	paths := make([]string, 100000)
	for i := range paths {
		paths[i] = fmt.Sprintf("missing/%d.md", i)
	}
	stop := Files(t.TempDir(), paths)
	stop()
	stop()
	Files(t.TempDir(), nil)()
}

// writeSynced writes size bytes to path and flushes them to the disk, so
// that the kernel may drop them from its cache.
func writeSynced(t *testing.T, path string, size int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, size)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}

// evict asks the kernel to drop the (clean) pages of path from its cache.
func evict(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
}

// resident counts the pages of path that are in the kernel's cache.
func resident(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	vec := make([]byte, (len(m)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

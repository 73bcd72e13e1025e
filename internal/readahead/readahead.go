// Package readahead asks the kernel to read files before a program needs
// them. A loop that reads many small files on a few goroutines otherwise
// waits for the disk on each file in turn: loading 100,000 entries from a
// cold disk took 26 s so, and 15 s with the files read ahead.
package readahead

import "sync"

// Files starts reading the files at paths, relative to root, into the
// kernel's cache, in order and in the background, and returns a function
// that stops it and waits until it has stopped. Reading ahead only saves
// time: a file it cannot open is skipped, and whoever reads the files
// opens them as usual.
func Files(root string, paths []string) (stop func()) {
	if len(paths) == 0 {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range paths {
			select {
			case <-quit:
				return
			default:
				willNeed(root, p)
			}
		}
	}()
	return sync.OnceFunc(func() {
		close(quit)
		<-done
	})
}

// Package parallel runs the iterations of a loop on all cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls do(i) for each i in [0, n), on up to GOMAXPROCS goroutines
// that take chunk consecutive indexes at a time (at least one), and
// returns when every call has.
func For(n, chunk int, do func(i int)) {
	Workers(n, chunk, func() func(int) { return do })
}

// Workers is For with state of each goroutine's own: newWorker runs once
// on each goroutine and returns the function that goroutine calls for
// each of its indexes.
func Workers(n, chunk int, newWorker func() func(i int)) {
	workers(runtime.GOMAXPROCS(0), n, chunk, newWorker)
}

// ioPerCore is how many goroutines per core WorkersIO runs.
const ioPerCore = 4

// WorkersIO is Workers for iterations that read files: it runs ioPerCore
// goroutines per core, so that while some wait for the disk, others keep
// the cores busy.
func WorkersIO(n, chunk int, newWorker func() func(i int)) {
	workers(ioPerCore*runtime.GOMAXPROCS(0), n, chunk, newWorker)
}

// workers is Workers on up to most goroutines.
func workers(most, n, chunk int, newWorker func() func(i int)) {
	chunk = max(chunk, 1)
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(most, (n+chunk-1)/chunk) {
		wg.Go(func() {
			do := newWorker()
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					do(i)
				}
			}
		})
	}
	wg.Wait()
}

package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestForCallsEachIndexOnce runs loops of several lengths and chunk sizes
// and counts the calls of each index.
func TestForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 64, 1000} {
		for _, chunk := range []int{0, 1, 3, 64, 5000} {
			calls := make([]atomic.Int32, n)
			For(n, chunk, func(i int) { calls[i].Add(1) })
			for i := range calls {
				if c := calls[i].Load(); c != 1 {
					t.Fatalf("n=%d chunk=%d: index %d called %d times", n, chunk, i, c)
				}
			}
		}
	}
}

// TestWorkersKeepTheirState checks that each goroutine gets a worker of
// its own: state a worker keeps is never shared.
func TestWorkersKeepTheirState(t *testing.T) {
	const n = 10000
	var workers, total atomic.Int64
	Workers(n, 8, func() func(int) {
		workers.Add(1)
		busy := false
		return func(int) {
			if busy {
				t.Error("a worker's function was called while it ran")
			}
			busy = true
			total.Add(1)
			busy = false
		}
	})
	if total.Load() != n || workers.Load() < 1 {
		t.Fatalf("%d calls by %d workers, want %d calls", total.Load(), workers.Load(), n)
	}
}

// TestWorkersIOWaitTogether checks that WorkersIO has ioPerCore iterations
// per core waiting at once, as iterations that read files do, and calls
// each index once.
func TestWorkersIOWaitTogether(t *testing.T) {
	want := ioPerCore * runtime.GOMAXPROCS(0)
	n := 3 * want
	calls := make([]atomic.Int32, n)
	var waiting sync.WaitGroup
	waiting.Add(want)
	all := make(chan struct{})
	go func() { waiting.Wait(); close(all) }()
	WorkersIO(n, 1, func() func(int) {
		return func(i int) {
			calls[i].Add(1)
			if i < want {
				// The first iterations return only once as many are
				// under way.
				waiting.Done()
				<-all
			}
		}
	})
	for i := range calls {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("index %d called %d times", i, c)
		}
	}
}

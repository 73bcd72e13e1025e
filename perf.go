package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"syscall"

	"casebook/generator"
)

// startCPUProfile writes a CPU profile to path until the returned function
// is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cannot write the profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// formatTimings lists the stages of a build as "stages: load 120ms, …".
func formatTimings(ts []generator.Timing) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.String()
	}
	return "stages: " + strings.Join(parts, ", ")
}

// limitMemory sets a soft limit on the heap of a quarter of the machine's
// memory, unless GOMEMLIMIT says otherwise: a large site then makes the
// garbage collector work harder instead of growing the heap to twice what
// is live (the Go default), which on 100,000 entries would be more than
// the machine wants to give.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) != nil || info.Totalram == 0 {
		return
	}
	debug.SetMemoryLimit(int64(uint64(info.Totalram) * uint64(info.Unit) / 4))
}

// collectLessOnLargeHeaps lets the heap grow to four times what is live,
// rather than twice (Go's default), once a collection finds more than
// large bytes live (main: 1 GiB), unless GOGC says otherwise. Marking a
// large heap costs more per byte (one collection of 2.2 GB live took 2.1 s
// of CPU, one of 226 MB 91 ms): at 100,000 entries this halves the
// collections, and the memory limit still bounds the total. Smaller sites
// never reach it, so their peak memory stays as it was.
func collectLessOnLargeHeaps(large uint64) {
	if os.Getenv("GOGC") != "" {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var watch func()
	watch = func() {
		// The finalizer runs after the collection that finds the probe
		// unreachable; it watches the next one until the heap is large.
		runtime.SetFinalizer(&gcProbe{}, func(*gcProbe) {
			metrics.Read(live)
			if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > large {
				debug.SetGCPercent(300)
				return
			}
			watch()
		})
	}
	watch()
}

// gcProbe is an object whose finalizer reports a garbage collection. It
// holds a pointer so that it is not a tiny allocation, which shares its
// memory block (and its finalizer's timing) with others.
type gcProbe struct{ _ *byte }

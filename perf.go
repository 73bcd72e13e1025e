package main

import (
	"fmt"
	"os"
	"runtime/debug"
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

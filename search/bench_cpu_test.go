//go:build unix

package search

import "syscall"

// processCPU returns the CPU time (user + system) the process has used so
// far, in seconds, or 0 where it cannot be read. Benchmarks report it
// because wall time on a shared machine says little.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

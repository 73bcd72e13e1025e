package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// gogc returns the collector's current GOGC.
func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestCollectLessOnLargeHeaps keeps 96 MiB live against thresholds of
// 1 TiB and of 64 MiB: GOGC stays 100 under the first and becomes 300,
// after a collection, under the second.
func TestCollectLessOnLargeHeaps(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	live := make([]byte, 96<<20)
	collectLessOnLargeHeaps(1 << 40)
	for range 3 {
		runtime.GC()
	}
	time.Sleep(50 * time.Millisecond) // finalizers run after the collection
	if got := gogc(); got != 100 {
		t.Fatalf("GOGC %d below the threshold, want 100", got)
	}
	collectLessOnLargeHeaps(64 << 20)
	for deadline := time.Now().Add(10 * time.Second); gogc() != 300; {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC still %d with 96 MiB live, want 300", gogc())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
}

package server

import (
	"runtime"
	"testing"
	"time"
)

func TestShutdownLeavesNoGoroutines(t *testing.T) {
	dir := copyFixture(t)
	before := runtime.NumGoroutine()
	ts := startServer(t, dir)
	events := ts.subscribe(t)
	if status, _, _ := ts.get(t, ts.site+entryPage); status != 200 {
		t.Fatalf("status %d", status)
	}
	entry := readFile(t, dir, entryRel)
	writeFile(t, dir, entryRel, withBody(t, entry, "关闭之前的修改。"))
	events.expect(t, "reload")
	if during := runtime.NumGoroutine(); during <= before {
		t.Fatalf("%d goroutines while serving, %d before: the count proves nothing", during, before)
	}

	if err := ts.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	select {
	case <-events.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the shutdown did not end the open event stream")
	}
	ts.builder.Close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines after shutdown, %d before:\n%s", runtime.NumGoroutine(), before, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// openFiles counts this process's open file descriptors.
func openFiles(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count file descriptors: %v", err)
	}
	return len(fds)
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestServerUnderLoad runs 200 concurrent clients on loopback against pages,
// the search API and the event stream while entries change on disk: no
// answer may be an error, and afterwards goroutines, file descriptors and
// heap return to their levels. Bounded: 200 clients × 15 requests, 60 s at most.
func TestServerUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	dir := copyFixture(t)
	ts := startServer(t, dir)
	ts.get(t, ts.site+entryPage) // the first build is done once a page answers
	time.Sleep(100 * time.Millisecond)
	ts.client.CloseIdleConnections()
	goroutines, fds, heap := runtime.NumGoroutine(), openFiles(t), heapInUse()

	const clients, requests = 200, 15
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: 0}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	urls := []string{
		ts.site,
		ts.site + entryPage,
		ts.site + "cases/",
		ts.site + "categories/",
		ts.site + "static/css/site.css",
		ts.root + SearchPath + "?q=" + "救助",
		ts.root + SearchPath + "?q=" + "孤兒&sort=date",
	}
	var failures, done, reloads atomic.Int64
	var wg sync.WaitGroup
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	// Editors keep saving while the clients read.
	editsDone := make(chan struct{})
	go func() {
		defer close(editsDone)
		entry := readFile(t, dir, entryRel)
		for i := range 6 {
			writeFile(t, dir, entryRel, withBody(t, entry, fmt.Sprintf("负载下的第 %d 次修改。", i)))
			select {
			case <-ctx.Done():
				return
			case <-time.After(300 * time.Millisecond):
			}
		}
	}()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c%10 == 0 { // one client in ten holds the event stream open
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.root+EventsPath, nil)
				resp, err := client.Do(req)
				if err != nil {
					fail("event stream: %v", err)
					return
				}
				defer resp.Body.Close()
				sc := bufio.NewScanner(resp.Body)
				deadline := time.After(3 * time.Second)
				lines := make(chan string)
				go func() {
					defer close(lines)
					for sc.Scan() {
						lines <- sc.Text()
					}
				}()
				for {
					select {
					case l, ok := <-lines:
						if !ok {
							return
						}
						if strings.HasPrefix(l, "event: reload") {
							reloads.Add(1)
						}
					case <-deadline:
						resp.Body.Close()
						for range lines {
						}
						return
					}
				}
			}
			for i := range requests {
				url := urls[(c+i)%len(urls)]
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				resp, err := client.Do(req)
				if err != nil {
					fail("GET %s: %v", url, err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					fail("GET %s: status %d, %v", url, resp.StatusCode, err)
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	<-editsDone
	if failures.Load() > 0 {
		t.Fatalf("%d of %d requests failed", failures.Load(), done.Load())
	}
	t.Logf("%d requests answered, %d reload events received by stream clients", done.Load(), reloads.Load())
	if reloads.Load() == 0 {
		t.Errorf("no stream client saw a reload while files changed")
	}

	transport.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for {
		g, f, h := runtime.NumGoroutine(), openFiles(t), heapInUse()
		if g <= goroutines+2 && f <= fds+2 && h <= heap*2+8<<20 {
			t.Logf("after load: %d goroutines (before %d), %d fds (before %d), heap %d KiB (before %d KiB)", g, goroutines, f, fds, h>>10, heap>>10)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after load: %d goroutines (before %d), %d fds (before %d), heap %d KiB (before %d KiB)", g, goroutines, f, fds, h>>10, heap>>10)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

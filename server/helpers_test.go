package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"casebook/generator"
)

// fixture is the small test site shared with the generator's tests.
const fixture = "../generator/testdata/site"

// entryRel is the entry the tests edit, and the page it is published as.
const (
	entryRel  = "content/cases/xiaoji-children.md"
	entryPage = "cases/xiaoji-children/"
)

// copyFixture copies the fixture site into a new temporary folder.
func copyFixture(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(fixture, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixture, p)
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// countingBuilder is a generator.Builder that counts its builds.
type countingBuilder struct {
	*generator.Builder
	builds atomic.Int64
}

func (c *countingBuilder) Build() (*generator.Result, error) {
	c.builds.Add(1)
	return c.Builder.Build()
}

// syncBuffer is a log the server writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is a server running on a free loopback port over a copy of a
// site, with an HTTP client of its own.
type testServer struct {
	*Server
	source  string
	dest    string
	root    string // http://127.0.0.1:PORT
	site    string // root + base path
	builder *countingBuilder
	log     *syncBuffer
	client  *http.Client
	stopped chan error
	cancel  context.CancelFunc
}

// startServer starts a server over the site in source and stops it when the
// test ends.
func startServer(t testing.TB, source string) *testServer {
	t.Helper()
	dest := filepath.Join(source, generator.CacheDir, "preview")
	b := &countingBuilder{Builder: generator.NewBuilder(generator.Options{Source: source, Dest: dest, Drafts: true, Preview: true})}
	logBuf := &syncBuffer{}
	s, err := New(Config{Builder: b, Source: source, Dest: dest, Addr: "127.0.0.1:0", Log: logBuf})
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{
		Server: s, source: source, dest: dest, builder: b, log: logBuf,
		root:    "http://" + s.Addr().String(),
		client:  &http.Client{Transport: &http.Transport{}, CheckRedirect: noRedirects},
		stopped: make(chan error, 1),
		cancel:  cancel,
	}
	ts.site = ts.root + s.basePath()
	go func() { ts.stopped <- s.Run(ctx) }()
	t.Cleanup(func() {
		if err := ts.stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		b.Close()
	})
	return ts
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// stop stops the server and waits for Run to return; later calls return nil.
func (ts *testServer) stop() error {
	ts.cancel()
	ts.client.CloseIdleConnections()
	select {
	case err, ok := <-ts.stopped:
		if ok {
			close(ts.stopped)
		}
		return err
	case <-time.After(2 * time.Minute):
		return context.DeadlineExceeded
	}
}

// get fetches a URL and returns its status, body and headers.
func (ts *testServer) get(t testing.TB, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := ts.client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

// writeFile writes a file of the site, making its folder.
func writeFile(t testing.TB, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// withBody replaces the Markdown body of an entry (keeping its pseudonym
// marked at first use).
func withBody(t testing.TB, entry, body string) string {
	t.Helper()
	i := strings.Index(entry[3:], "+++\n")
	if !strings.HasPrefix(entry, "+++\n") || i < 0 {
		t.Fatalf("no front matter in %q", entry)
	}
	return entry[:i+3+4] + "\n小吉（化名）：" + body + "\n"
}

// withBadKey adds an unknown key on line 2 of an entry.
func withBadKey(entry string) string {
	return strings.Replace(entry, "+++\n", "+++\ncolour = \"red\"\n", 1)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sseEvent is one Server-Sent Event as a client sees it.
type sseEvent struct {
	name, data string
}

// sseClient reads a server's event stream.
type sseClient struct {
	events chan sseEvent
	done   chan struct{} // closed when the stream ended
	cancel context.CancelFunc
}

// subscribe opens the event stream and returns once the server has
// registered the client.
func (ts *testServer) subscribe(t testing.TB) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.root+EventsPath, nil)
	resp, err := ts.client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		cancel()
		resp.Body.Close()
		t.Fatalf("event stream Content-Type = %q", ct)
	}
	c := &sseClient{events: make(chan sseEvent, 64), done: make(chan struct{}), cancel: cancel}
	ready := make(chan struct{})
	go func() {
		defer close(c.done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "retry:"):
				close(ready)
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				c.events <- ev
				ev = sseEvent{}
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		cancel()
		t.Fatal("the event stream did not start")
	}
	t.Cleanup(func() { cancel(); <-c.done })
	return c
}

// next returns the next event, failing the test after d.
func (c *sseClient) next(t testing.TB, d time.Duration) sseEvent {
	t.Helper()
	select {
	case ev := <-c.events:
		return ev
	case <-c.done:
		select {
		case ev := <-c.events:
			return ev
		default:
		}
		t.Fatal("the event stream ended")
	case <-time.After(d):
		t.Fatalf("no event within %v", d)
	}
	return sseEvent{}
}

// expect returns the next event and fails unless it is called name and its
// data holds every one of want.
func (c *sseClient) expect(t testing.TB, name string, want ...string) sseEvent {
	t.Helper()
	return c.expectWithin(t, 15*time.Second, name, want...)
}

// expectWithin is expect with a deadline of its own. Hints events, which
// every good build sends, are passed over unless they are what is expected.
func (c *sseClient) expectWithin(t testing.TB, d time.Duration, name string, want ...string) sseEvent {
	t.Helper()
	ev := c.next(t, d)
	for ev.name == "hints" && name != "hints" {
		ev = c.next(t, d)
	}
	if ev.name != name {
		t.Fatalf("event %q (%s), want %q", ev.name, ev.data, name)
	}
	for _, w := range want {
		if !strings.Contains(ev.data, w) {
			t.Fatalf("%s event %s does not hold %q", name, ev.data, w)
		}
	}
	return ev
}

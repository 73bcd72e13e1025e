// Package server is Casebook's preview server: it serves a site built with
// drafts under its base path, watches the site's sources, rebuilds what
// changed, and tells open pages to reload, or shows the build's errors over
// them while the last good site stays served.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"casebook/generator"
	"casebook/search"
)

// DefaultAddr is where the preview server listens unless told otherwise:
// loopback only, so that drafts are not shown to the network.
const DefaultAddr = "127.0.0.1:1314"

// Builder is what the server needs from the generator: a *generator.Builder
// made with Drafts and Preview set and Dest equal to Config.Dest.
type Builder interface {
	// Build brings the output folder up to date; on content errors it
	// returns a *generator.ContentError and leaves the output as it was.
	Build() (*generator.Result, error)
	// Search answers a query from the index of the last good build.
	Search(req search.Request) (*search.Result, error)
}

// Config says what the server builds, watches and serves.
type Config struct {
	Builder  Builder       // builds the site into Dest and answers /api/search
	Source   string        // the site folder: its content/, themes/ and site.toml are watched
	Dest     string        // the folder Builder writes; no file outside it is served
	Addr     string        // host:port to listen on; "" is DefaultAddr; port 0 picks a free one
	Log      io.Writer     // build results and errors, one a line; nil discards them
	Quiet    time.Duration // a rebuild starts once the sources were quiet this long; 0 is 30 ms
	MaxDelay time.Duration // and at the latest this long after the first change; 0 is 500 ms
}

// Server is a running preview: listener, watcher, builder and live-reload hub.
type Server struct {
	cfg   Config
	log   io.Writer
	ln    net.Listener
	watch *watcher
	hub   *hub
	http  *http.Server
	build sync.RWMutex           // held for writing while the builder builds, for reading while it searches
	base  atomic.Pointer[string] // the site's base path, e.g. /kb/
	ran   atomic.Bool
}

// New listens on cfg.Addr, starts watching the sources and builds the site
// once. Content errors in that first build do not stop it: they are logged
// and shown in the browser until fixed. Call Run to serve, exactly once; it
// releases everything New took.
func New(cfg Config) (*Server, error) {
	if cfg.Builder == nil {
		return nil, errors.New("server: no builder")
	}
	if cfg.Source == "" {
		cfg.Source = "."
	}
	if cfg.Dest == "" {
		return nil, errors.New("server: no output folder")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Quiet <= 0 {
		cfg.Quiet = 30 * time.Millisecond
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = 500 * time.Millisecond
	}
	var err error
	if cfg.Source, err = filepath.Abs(cfg.Source); err != nil {
		return nil, err
	}
	if cfg.Dest, err = filepath.Abs(cfg.Dest); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: newLogWriter(cfg.Log), hub: newHub()}
	s.setBase(configBasePath(cfg.Source))
	if s.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", cfg.Addr, err)
	}
	if s.watch, err = newWatcher(cfg.Source, s.log); err != nil {
		s.ln.Close()
		return nil, fmt.Errorf("cannot watch %s: %w", cfg.Source, err)
	}
	if err := s.rebuild(nil); err != nil && !isContentError(err) {
		s.watch.close()
		s.ln.Close()
		return nil, err
	}
	s.http = &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(s.log, "casebook serve: ", 0),
	}
	return s, nil
}

// Addr returns the address the server listens on, with the port chosen.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// URL returns the address of the site's home page, e.g.
// http://127.0.0.1:1314/kb/.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + s.basePath() }

// Run serves and rebuilds until ctx is done, then stops: open event streams
// are ended, the HTTP server shut down, the watcher closed. It returns nil
// after a clean stop. The Builder is the caller's to close.
func (s *Server) Run(ctx context.Context) error {
	if !s.ran.CompareAndSwap(false, true) {
		return errors.New("server: Run called twice")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watch.run(ctx, s.cfg.Quiet, s.cfg.MaxDelay, s.changed)
	}()

	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
		served = nil
	}
	cancel()
	s.hub.close()
	stop, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if e := s.http.Shutdown(stop); e != nil && err == nil {
		err = e
	}
	if served != nil {
		if e := <-served; !errors.Is(e, http.ErrServerClosed) && err == nil {
			err = e
		}
	}
	<-watched
	if e := s.watch.close(); e != nil && err == nil {
		err = e
	}
	return err
}

// changed is called by the watcher with the source files that changed.
func (s *Server) changed(paths []string) {
	fmt.Fprintf(s.log, "changed: %s\n", summarize(paths, 3))
	_ = s.rebuild(paths)
}

func (s *Server) basePath() string { return *s.base.Load() }

func (s *Server) setBase(p string) { s.base.Store(&p) }

// configBasePath reads the base path from site.toml before the first build,
// so that the server knows where the site lives even if that build fails.
func configBasePath(source string) string {
	cfg, _ := generator.LoadConfig(os.DirFS(source))
	if cfg == nil || cfg.BasePath() == "" {
		return "/"
	}
	return cfg.BasePath()
}

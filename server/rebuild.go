package server

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"casebook/generator"
)

// rebuild runs one build and tells open pages about it: a reload with the
// URL paths that changed, or the errors, which the pages show as an overlay
// over the last good site. changes are the source files that caused it
// (nil for the first build).
func (s *Server) rebuild(changes []string) error {
	s.build.Lock()
	start := time.Now()
	res, err := s.cfg.Builder.Build()
	took := time.Since(start)
	s.build.Unlock()
	if err != nil {
		lines := errorLines(err)
		for _, l := range lines {
			fmt.Fprintln(s.log, l)
		}
		fmt.Fprintf(s.log, "build failed in %s: %d error(s); the last good site is still served\n", millis(took), len(lines))
		s.hub.broken(lines)
		return err
	}
	notes := res.Warnings
	if len(changes) > 0 { // tagging hints for the entries just saved, not the whole site
		notes = append(notes, generator.Suggest(res.Site, changes...)...)
	}
	var hints []string
	for _, d := range notes {
		fmt.Fprintln(s.log, d.String())
		hints = append(hints, d.String())
	}
	s.setBase(res.Site.Config.BasePath())
	paths := urlPaths(s.basePath(), res.Written, res.Removed)
	verb := "rebuilt"
	if changes == nil {
		verb = "built"
	}
	stages := make([]string, len(res.Timings))
	for i, t := range res.Timings {
		stages[i] = t.Stage + " " + millis(t.Took)
	}
	msg := fmt.Sprintf("%s in %s (%s): %d files", verb, millis(took), strings.Join(stages, ", "), len(res.Written))
	if len(res.Removed) > 0 {
		msg += fmt.Sprintf(", %d removed", len(res.Removed))
	}
	fmt.Fprintln(s.log, msg)
	s.hub.fixed(paths, hints)
	return nil
}

// isContentError reports whether err is about the content, which the server
// shows and waits to be fixed, rather than a failure to build at all.
func isContentError(err error) bool {
	var ce *generator.ContentError
	return errors.As(err, &ce)
}

// errorLines turns a build error into the lines shown in the terminal and
// in the overlay: one "path:line: message" per content error.
func errorLines(err error) []string {
	var ce *generator.ContentError
	if !errors.As(err, &ce) {
		return []string{err.Error()}
	}
	ds := ce.Diagnostics.Errors()
	ds.Sort()
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	if len(lines) == 0 {
		lines = []string{err.Error()}
	}
	return lines
}

// urlPaths turns output files (slash paths relative to the output folder)
// into the URL paths that serve them: cases/x/index.html → /kb/cases/x/.
func urlPaths(base string, lists ...[]string) []string {
	out := []string{}
	for _, list := range lists {
		for _, rel := range list {
			p := base + rel
			if rel == "index.html" || strings.HasSuffix(rel, "/index.html") {
				p = strings.TrimSuffix(p, "index.html")
			}
			out = append(out, p)
		}
	}
	return out
}

// summarize lists the first n items and says how many more there are.
func summarize(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// millis formats a duration as whole milliseconds: 42ms.
func millis(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// logWriter serialises writes to the log from the server's goroutines.
type logWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func newLogWriter(w io.Writer) *logWriter {
	if w == nil {
		w = io.Discard
	}
	return &logWriter{w: w}
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

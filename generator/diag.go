package generator

import (
	"fmt"
	"sort"
	"strings"
)

// Diagnostic is one problem found in the site's sources, reported as
// "path:line: message" (or "path:line:col: message").
type Diagnostic struct {
	Path    string // path relative to the source folder, with forward slashes
	Line    int    // 1-based line; 0 when the problem concerns the whole file
	Col     int    // 1-based column in characters; 0 when unknown
	Msg     string // what is wrong and how to fix it
	Warning bool   // a hint that does not fail the build
}

// String formats the diagnostic the way editors and CI logs link to files.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Diagnostics is every problem of one build, errors and warnings together.
type Diagnostics []Diagnostic

// Errors returns the diagnostics that fail a build.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if !d.Warning {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the diagnostics that are hints only.
func (ds Diagnostics) Warnings() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Warning {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by path, line and column, so reports are stable.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Error makes a list of errors usable as a Go error: one diagnostic a line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// ContentError is returned by a build that stopped because the content has
// errors; it carries every diagnostic of the build.
type ContentError struct {
	Diagnostics Diagnostics // all of them, errors first in source order
}

func (e *ContentError) Error() string {
	n := len(e.Diagnostics.Errors())
	return fmt.Sprintf("%d error(s) in content:\n%s", n, e.Diagnostics.Error())
}

// diagf is a small helper for building diagnostics.
func diagf(path string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

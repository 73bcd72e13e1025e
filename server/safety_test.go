package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawGet sends a request line exactly as written, bypassing any client-side
// cleaning of the path, and returns the status and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestPathSafety(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	secretDir := t.TempDir()
	const secret = "TOP-SECRET-OUTSIDE-THE-OUTPUT"
	writeFile(t, secretDir, "secret.txt", secret)
	writeFile(t, ts.dest, ".hidden.txt", secret)
	mustSymlink(t, filepath.Join(secretDir, "secret.txt"), filepath.Join(ts.dest, "escape.txt"))
	mustSymlink(t, secretDir, filepath.Join(ts.dest, "escape-dir"))
	mustSymlink(t, "../../../site.toml", filepath.Join(ts.dest, "relative-escape.toml"))
	mustSymlink(t, "robots.txt", filepath.Join(ts.dest, "inside.txt"))

	tests := []struct {
		name, target string
		status       int
	}{
		{"dot-dot", "/kb/../../../../etc/passwd", 400},
		{"dot-dot to source", "/kb/../../site.toml", 400},
		{"encoded dot-dot", "/kb/%2e%2e/%2e%2e/site.toml", 400},
		{"upper-case encoded dot-dot", "/kb/%2E%2E/%2E%2E/site.toml", 400},
		{"half-encoded dot-dot", "/kb/.%2e/.%2e/site.toml", 400},
		{"encoded slash", "/kb/..%2f..%2fsite.toml", 400},
		{"backslash", `/kb/..\..\site.toml`, 400},
		{"encoded backslash", "/kb/..%5c..%5csite.toml", 400},
		{"NUL", "/kb/index.html%00.txt", 400},
		{"single dot", "/kb/./index.html", 400},
		{"symlink out of the output", "/kb/escape.txt", 404},
		{"symlinked folder out of the output", "/kb/escape-dir/secret.txt", 404},
		{"relative symlink out of the output", "/kb/relative-escape.toml", 404},
		{"hidden file", "/kb/.hidden.txt", 404},
		{"no listing of a folder without index", "/kb/search/data/", 404},
		{"symlink inside the output", "/kb/inside.txt", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := rawGet(t, ts.Addr().String(), tt.target)
			if status != tt.status {
				t.Errorf("status %d, want %d", status, tt.status)
			}
			if strings.Contains(body, secret) || strings.Contains(body, "baseURL") {
				t.Errorf("the answer leaks a file outside the output")
			}
		})
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func TestSafePath(t *testing.T) {
	tests := []struct {
		name, decoded, raw string
		ok                 bool
	}{
		{"plain", "/kb/cases/x/", "/kb/cases/x/", true},
		{"Chinese escaped", "/kb/标签/", "/kb/%E6%A0%87%E7%AD%BE/", true},
		{"dots inside a name", "/kb/a..b.html", "/kb/a..b.html", true},
		{"dot-dot", "/kb/../x", "/kb/../x", false},
		{"trailing dot-dot", "/kb/..", "/kb/..", false},
		{"encoded", "/kb/../x", "/kb/%2e%2e/x", false},
		{"backslash", `/kb\x`, `/kb\x`, false},
		{"NUL", "/kb/\x00", "/kb/%00", false},
		{"relative", "kb/x", "kb/x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safePath(tt.decoded, tt.raw); got != tt.ok {
				t.Errorf("safePath(%q, %q) = %v, want %v", tt.decoded, tt.raw, got, tt.ok)
			}
		})
	}
}

package server

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

// ScriptPath is where the live-reload script is served; the server adds a
// tag for it to every HTML page it serves.
const ScriptPath = "/__casebook/reload.js"

// handler routes requests: the server's own paths at the root, the site
// under its base path, all behind the path guard.
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(EventsPath, s.hub)
	mux.HandleFunc(ScriptPath, serveScript)
	mux.HandleFunc(SearchPath, s.serveSearch)
	mux.HandleFunc("/", s.serveSite)
	return guard(mux)
}

// guard sets the headers every answer carries and refuses requests whose
// path could reach outside the output folder.
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if !safePath(r.URL.Path, r.URL.EscapedPath()) {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// safePath reports whether a request path, decoded and as sent, names
// nothing but plain segments: no "..", no encoded dots or slashes, no
// backslashes, no NUL.
func safePath(decoded, raw string) bool {
	if !strings.HasPrefix(decoded, "/") || strings.ContainsAny(decoded, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(decoded, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	lower := strings.ToLower(raw)
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00"} {
		if strings.Contains(lower, bad) {
			return false
		}
	}
	return true
}

// serveSite answers from the output folder. HTML pages get the live-reload
// script; folders are answered by their index.html, never listed; anything
// missing gets the site's 404 page.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	base := s.basePath()
	p := r.URL.Path
	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, r)
		return
	}
	rel := strings.TrimPrefix(p, base)
	f, info, err := s.open(rel)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	if info.IsDir() {
		if !strings.HasSuffix(p, "/") {
			target := p + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		f.Close()
		if f, info, err = s.open(path.Join(rel, "index.html")); err != nil || info.IsDir() {
			s.notFound(w, r)
			return
		}
	}
	if isHTML(info.Name()) {
		servePage(w, f, http.StatusOK)
		return
	}
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}

// open opens a file of the output by its slash path. It goes through
// os.Root, which refuses any path or symbolic link that leads out of the
// output folder. Hidden files are never served. A file missing while a
// build is swapping folders is looked for again once the build is done.
func (s *Server) open(rel string) (*os.File, fs.FileInfo, error) {
	f, info, err := s.openNow(rel)
	if errors.Is(err, fs.ErrNotExist) {
		s.build.RLock()
		f, info, err = s.openNow(rel)
		s.build.RUnlock()
	}
	return f, info, err
}

func (s *Server) openNow(rel string) (*os.File, fs.FileInfo, error) {
	name := strings.Trim(path.Clean("/"+rel), "/")
	if name == "" {
		name = "."
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." {
			return nil, nil, fs.ErrNotExist
		}
	}
	root, err := os.OpenRoot(s.cfg.Dest)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.IsDir() && !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, info, nil
}

// notFound answers 404 with the site's 404.html, or with a bare page while
// there is no site yet (the first build failed), so that the overlay shows.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	f, info, err := s.open("404.html")
	if err != nil || info.IsDir() {
		if f != nil {
			f.Close()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, string(injectScript([]byte(bareNotFound))))
		return
	}
	defer f.Close()
	servePage(w, f, http.StatusNotFound)
}

// bareNotFound is the 404 page while the site has never been built.
const bareNotFound = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>404 · casebook serve</title></head>
<body><h1>404</h1><p>页面不存在，或站点尚未构建成功。 No such page, or the site has not been built yet.</p></body></html>
`

// servePage sends an HTML page with the live-reload script added.
func servePage(w http.ResponseWriter, f *os.File, status int) {
	page, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, "cannot read the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(injectScript(page))
}

func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

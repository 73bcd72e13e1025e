package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// output is a folder being filled with a site.
type output struct {
	dir string
	mu  sync.Mutex
	n   int // files written
}

// write stores one file at a slash-separated path inside the output.
func (o *output) write(rel string, data []byte) error {
	p := filepath.Join(o.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	o.mu.Lock()
	o.n++
	o.mu.Unlock()
	return nil
}

// renderSite writes every page, feed and file of the site into out.
func renderSite(s *Site, fsys fs.FS, theme themeFS, out *output, preview bool) (int, error) {
	tmpl, ds := parseTemplates(theme, funcMap(s))
	if len(ds) > 0 {
		return 0, &ContentError{Diagnostics: ds}
	}
	pages := planPages(s, preview)
	if err := renderPages(tmpl, pages, out); err != nil {
		return 0, err
	}
	files := map[string][]byte{
		"index.xml":   atom(s, s.Config.Title, "", first(s.Entries, len(s.Entries))),
		"sitemap.xml": sitemap(s, pages),
		"robots.txt":  robots(s),
	}
	for _, sec := range Sections {
		files[sec+"/index.xml"] = atom(s, s.Config.Title+" · "+SectionNames[sec], sec+"/", s.Sections[sec])
	}
	for name, data := range files {
		if err := out.write(name, data); err != nil {
			return 0, err
		}
	}
	if err := copyStatic(theme, out); err != nil {
		return 0, err
	}
	if err := copyResources(s, fsys, out); err != nil {
		return 0, err
	}
	return len(pages), nil
}

// renderPages executes the templates on all cores.
func renderPages(tmpl templates, pages []*Page, out *output) error {
	jobs := make(chan *Page)
	errs := make(chan error, len(pages))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range jobs {
				buf.Reset()
				if err := tmpl.execute(p, &buf); err != nil {
					errs <- fmt.Errorf("rendering /%s: %w", p.Path, err)
					continue
				}
				if err := out.write(outputFile(p), buf.Bytes()); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, p := range pages {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

// copyStatic copies the theme's static files to /static/.
func copyStatic(theme themeFS, out *output) error {
	for _, name := range theme.List("static") {
		if strings.HasSuffix(name, ".test.mjs") || strings.Contains(name, "/testdata/") {
			continue
		}
		b, _, err := theme.ReadFile(name)
		if err != nil {
			return err
		}
		if err := out.write(name, b); err != nil {
			return err
		}
	}
	return nil
}

// copyResources publishes bundle files beside their entry's page.
func copyResources(s *Site, fsys fs.FS, out *output) error {
	for _, e := range s.Entries {
		for _, res := range e.Resources {
			b, err := fs.ReadFile(fsys, e.Bundle+"/"+res)
			if err != nil {
				return fmt.Errorf("%s/%s: %w", e.Bundle, res, err)
			}
			if err := out.write(entryPath(e)+res, b); err != nil {
				return err
			}
		}
	}
	return nil
}

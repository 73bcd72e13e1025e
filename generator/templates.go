package generator

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// themeFS layers a site's own theme folder over the embedded default theme,
// file by file: a site's themes/default/layouts/entry.html replaces the
// embedded entry.html and nothing else.
type themeFS struct {
	site     fs.FS // the source folder
	dir      string
	embedded fs.FS
}

// newThemeFS serves the theme named in site.toml.
func newThemeFS(site fs.FS, name string, embedded fs.FS) themeFS {
	return themeFS{site: site, dir: "themes/" + name, embedded: embedded}
}

// ReadFile reads a theme file, preferring the site's own copy.
func (t themeFS) ReadFile(name string) ([]byte, string, error) {
	own := t.dir + "/" + name
	if b, err := fs.ReadFile(t.site, own); err == nil {
		return b, own, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, own, err
	}
	b, err := fs.ReadFile(t.embedded, name)
	return b, "(default theme) " + name, err
}

// List returns the names of the files under dir in both layers.
func (t themeFS) List(dir string) []string {
	seen := map[string]bool{}
	for _, layer := range []struct {
		fsys fs.FS
		root string
	}{{t.site, t.dir + "/" + dir}, {t.embedded, dir}} {
		_ = fs.WalkDir(layer.fsys, layer.root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || IgnoredName(d.Name()) {
				return nil
			}
			seen[dir+strings.TrimPrefix(p, layer.root)] = true
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// pageKinds are the layouts that render whole pages; every other layout file
// is a partial, shared by all of them.
var pageKinds = []string{"home", "section", "facet", "entry", "taxonomies", "term", "regions", "region", "years", "year", "search", "404", "cite"}

// templates holds one parsed template set per page kind.
type templates map[string]*template.Template

// parseTemplates parses the theme's layouts once per build.
func parseTemplates(theme themeFS, funcs template.FuncMap) (templates, Diagnostics) {
	isPage := map[string]bool{}
	for _, k := range pageKinds {
		isPage["layouts/"+k+".html"] = true
	}
	base := template.New("").Funcs(funcs)
	var ds Diagnostics
	for _, name := range theme.List("layouts") {
		if isPage[name] || path.Ext(name) != ".html" {
			continue
		}
		b, where, err := theme.ReadFile(name)
		if err == nil {
			_, err = base.New(name).Parse(string(b))
		}
		if err != nil {
			ds = append(ds, diagf(where, 0, "template: %v", err))
		}
	}
	out := templates{}
	for _, kind := range pageKinds {
		name := "layouts/" + kind + ".html"
		b, where, err := theme.ReadFile(name)
		if err != nil {
			ds = append(ds, diagf(where, 0, "missing layout: %v", err))
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(string(b))
		}
		if err != nil {
			ds = append(ds, diagf(where, 0, "template: %v", err))
			continue
		}
		out[kind] = t.Lookup(name)
	}
	return out, ds
}

// siteTemplates parses the theme's layouts for rendering the pages of s.
func siteTemplates(th themeFS, s *Site) (templates, Diagnostics) {
	cache := &renderCache{}
	tmpl, ds := parseTemplates(th, funcMap(s, cache))
	if len(ds) > 0 {
		return nil, ds
	}
	cache.partials = tmpl["home"]
	if cache.partials.Lookup("entry-item") == nil {
		return nil, Diagnostics{diagf("themes/default/layouts/partials.html", 0, `the theme defines no "entry-item" template: a list shows each entry with it`)}
	}
	return tmpl, nil
}

// execute renders a page with the layout of its kind.
func (ts templates) execute(p *Page, w interface{ Write([]byte) (int, error) }) error {
	t := ts[p.Kind]
	if t == nil {
		return fmt.Errorf("no layout for %s pages", p.Kind)
	}
	return t.Execute(w, p)
}

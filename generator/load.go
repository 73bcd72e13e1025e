package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"casebook/internal/parallel"
	"casebook/privacy"
)

// ContentDir is the folder of entries in the source folder.
const ContentDir = "content"

// source is one entry file found in content/, before parsing.
type source struct {
	path      string // e.g. content/cases/x.md or content/cases/x/index.md
	section   string
	id        string
	bundle    string   // bundle folder, or ""
	resources []string // bundle files, relative to the bundle
}

// IgnoredName reports whether a file or folder name is hidden or an editor's
// temporary file, which Casebook never reads.
func IgnoredName(name string) bool {
	switch {
	case name == "" || strings.HasPrefix(name, "."), // hidden; vim's .swp, emacs's .#locks, .casebook/, .git/
		strings.HasSuffix(name, "~"),                                 // backups
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs autosaves
		name == "4913": // vim's probe file
		return true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload":
		return true
	}
	return false
}

// findSources lists the entry files under content/. Problems with the layout
// (unknown sections, stray files, bundles without index.md) are diagnostics.
func findSources(fsys fs.FS) ([]source, Diagnostics) {
	var out []source
	var ds Diagnostics
	top, err := fs.ReadDir(fsys, ContentDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, Diagnostics{diagf(ContentDir, 0, "cannot read: %v", err)}
	}
	for _, d := range top {
		name := d.Name()
		p := ContentDir + "/" + name
		switch {
		case IgnoredName(name):
			continue
		case !d.IsDir():
			ds = append(ds, Diagnostic{Path: p, Msg: "file outside a section is ignored: move it into content/policies, content/rules or content/cases", Warning: true})
			continue
		case SectionNames[name] == "":
			ds = append(ds, diagf(p, 0, "unknown section %q: entries go in content/policies, content/rules or content/cases", name))
			continue
		}
		found, fds := sectionSources(fsys, name)
		out = append(out, found...)
		ds = append(ds, fds...)
	}
	return out, ds
}

func sectionSources(fsys fs.FS, section string) ([]source, Diagnostics) {
	dir := ContentDir + "/" + section
	items, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, Diagnostics{diagf(dir, 0, "cannot read: %v", err)}
	}
	var out []source
	var ds Diagnostics
	for _, d := range items {
		name := d.Name()
		p := dir + "/" + name
		if IgnoredName(name) {
			continue
		}
		if d.IsDir() {
			index := p + "/index.md"
			if _, err := fs.Stat(fsys, index); err != nil {
				ds = append(ds, diagf(p, 0, "folder is not a bundle: a bundle holds its entry in index.md"))
				continue
			}
			res, rds := bundleResources(fsys, p)
			ds = append(ds, rds...)
			out = append(out, source{path: index, section: section, id: name, bundle: p, resources: res})
			continue
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			continue
		}
		if path.Ext(name) != ".md" {
			ds = append(ds, Diagnostic{Path: p, Msg: "not an entry (entries end in .md); to publish a file beside an entry, make the entry a bundle folder", Warning: true})
			continue
		}
		out = append(out, source{path: p, section: section, id: strings.TrimSuffix(name, ".md")})
	}
	return out, ds
}

// bundleResources lists the files of a bundle other than index.md.
func bundleResources(fsys fs.FS, dir string) ([]string, Diagnostics) {
	var res []string
	var ds Diagnostics
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ds = append(ds, diagf(p, 0, "cannot read: %v", err))
			return nil
		}
		if p != dir && IgnoredName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && p != dir+"/index.md" {
			res = append(res, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	if err != nil {
		ds = append(ds, diagf(dir, 0, "cannot read: %v", err))
	}
	sort.Strings(res)
	return res, ds
}

// loaded is the outcome of loading one source.
type loaded struct {
	entry   *Entry // nil when the file cannot be read as an entry at all
	diags   Diagnostics
	allowed Diagnostics // privacy findings that an [[allow]] let through
}

// loadEach reads, decodes and renders the entries of sources on all cores,
// returning one outcome per source, in order. More goroutines than cores
// load at once, so that while one waits for its file, others render.
func loadEach(fsys fs.FS, cfg *Config, guard *privacy.Guard, sources []source) []loaded {
	out := make([]loaded, len(sources))
	parallel.WorkersIO(len(sources), 1, func() func(int) {
		md := newMarkdown(cfg.BasePath())
		return func(i int) { out[i] = loadEntry(fsys, md, guard, sources[i]) }
	})
	return out
}

// entryFiles lists the entry file of each source, for the disk to read
// while loadEach works on the files before them.
func entryFiles(sources []source) []string {
	paths := make([]string, len(sources))
	for i, src := range sources {
		paths[i] = src.path
	}
	return paths
}

// loadEntries loads every source and gathers the entries and diagnostics.
func loadEntries(fsys fs.FS, cfg *Config, guard *privacy.Guard, sources []source) ([]*Entry, Diagnostics) {
	var entries []*Entry
	var ds Diagnostics
	for _, l := range loadEach(fsys, cfg, guard, sources) {
		ds = append(ds, l.diags...)
		if l.entry != nil {
			entries = append(entries, l.entry)
		}
	}
	return entries, ds
}

// loadEntry reads, decodes, renders and privacy-checks one entry file.
func loadEntry(fsys fs.FS, md *markdown, guard *privacy.Guard, src source) loaded {
	data, err := fs.ReadFile(fsys, src.path)
	if err != nil {
		return loaded{diags: Diagnostics{diagf(src.path, 1, "cannot read: %v", err)}}
	}
	text, d := decodeText(src.path, data)
	if d != nil {
		return loaded{diags: Diagnostics{*d}}
	}
	fm, d := splitFrontMatter(src.path, text)
	if d != nil {
		return loaded{diags: Diagnostics{*d}}
	}
	e := &Entry{ID: src.id, Section: src.section, Path: src.path, Bundle: src.bundle, Resources: src.resources, BodyLine: fm.bodyLine}
	ds := decodeFrontMatter(e, fm)
	r, err := md.render(fm.body)
	if err != nil {
		ds = append(ds, renderError(src.path, fm.bodyLine, err))
	}
	e.HTML, e.Text, e.Headings = r.html, r.text, r.headings
	if e.Summary == "" {
		e.Summary = r.firstPara
	}
	if e.Region == "" && e.Section == "policies" {
		e.Region = "全国"
	}
	pds, allowed := checkPrivacy(fsys, guard, e, text, fm.body)
	ds = append(ds, pds...)
	h := sha256.New()
	h.Write(data)
	for _, res := range src.resources {
		if b, err := fs.ReadFile(fsys, src.bundle+"/"+res); err == nil {
			h.Write([]byte(res))
			h.Write(b)
		}
	}
	e.Hash = hex.EncodeToString(h.Sum(nil)[:12])
	return loaded{entry: e, diags: ds, allowed: allowed}
}

package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"casebook/privacy"
)

// textResources are bundle files scanned for personal data like the body.
var textResources = map[string]bool{".txt": true, ".md": true, ".csv": true, ".json": true, ".xml": true, ".html": true, ".htm": true, ".tsv": true}

// imageResources are bundle files published only after their metadata
// (EXIF location, camera owner …) is removed.
var imageResources = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".tif": true, ".tiff": true, ".heic": true, ".bmp": true}

// loadGuard reads the denylist that site.toml names and returns the guard
// with a hash of the list, so that entries are checked again when it changes.
// The file must lie outside content/ and themes/, so that it is never published.
func loadGuard(fsys fs.FS, cfg *Config) (*privacy.Guard, string, Diagnostics) {
	name := strings.TrimSpace(cfg.Privacy.Denylist)
	if name == "" {
		return privacy.NewGuard(nil), "", nil
	}
	clean := path.Clean(strings.TrimPrefix(name, "./"))
	if strings.HasPrefix(clean, ContentDir+"/") || strings.HasPrefix(clean, "themes/") || strings.HasPrefix(clean, "..") || path.IsAbs(clean) {
		return nil, "", Diagnostics{diagf(ConfigFile, 1, "privacy.denylist %q must be a file inside the site folder but outside content/ and themes/, so that it is never published", name)}
	}
	data, err := fs.ReadFile(fsys, clean)
	if err != nil {
		return nil, "", Diagnostics{diagf(ConfigFile, 1, "privacy.denylist: cannot read %s: %v", clean, err)}
	}
	names, err := privacy.LoadDenylist(bytes.NewReader(data))
	if err != nil {
		return nil, "", Diagnostics{diagf(clean, 1, "%v", err)}
	}
	return privacy.NewGuard(names), hashBytes(data), nil
}

// checkPrivacy scans an entry's whole file text (front matter and body), the
// pseudonyms of its Markdown body and its bundle files. Findings an [[allow]] lets through are
// returned apart, for the build summary.
func checkPrivacy(fsys fs.FS, guard *privacy.Guard, e *Entry, text, body string) (ds, allowed Diagnostics) {
	used := make([]bool, len(e.Allow))
	report := func(file, text string, f privacy.Finding, firstLine int) {
		line, col := lineCol(text, f.Start, firstLine)
		d := Diagnostic{Path: file, Line: line, Col: col, Warning: f.Severity == privacy.Warning}
		for i, a := range e.Allow {
			if foldKey(a.Text) == foldKey(f.Text) {
				used[i] = true
				d.Msg = fmt.Sprintf("%s: %s allowed: %s", f.Kind, f.Masked(), a.Reason)
				allowed = append(allowed, d)
				return
			}
		}
		d.Msg = fmt.Sprintf("%s: %s", f.Kind, f.Masked())
		if d.Warning {
			d.Msg += " (looks like an address below county level: keep only the county, or allow it with [[allow]] text and reason)"
		} else {
			d.Msg += " (remove it or use a pseudonym; if it is public, such as a court hotline, allow it with [[allow]] text and reason)"
		}
		ds = append(ds, d)
	}
	for _, f := range guard.Scan(text) {
		report(e.Path, text, f, 1)
	}
	if e.Section == "cases" || len(e.Pseudonyms) > 0 {
		for _, f := range privacy.CheckPseudonyms(body, e.Pseudonyms) {
			switch f.Kind {
			case privacy.KindPseudonymUnused:
				ds = append(ds, diagf(e.Path, e.Lines.line("pseudonyms"), "%s: %q is declared in pseudonyms but not used in the body; remove it from pseudonyms", f.Kind, f.Text))
			default:
				line, col := lineCol(body, f.Start, e.BodyLine)
				ds = append(ds, Diagnostic{Path: e.Path, Line: line, Col: col, Msg: fmt.Sprintf("%s: mark the first use of the pseudonym as %s（化名）", f.Kind, f.Text)})
			}
		}
	}
	for _, res := range e.Resources {
		file := e.Bundle + "/" + res
		ext := strings.ToLower(path.Ext(res))
		switch {
		case textResources[ext]:
			data, err := fs.ReadFile(fsys, file)
			if err != nil {
				ds = append(ds, diagf(file, 1, "cannot read: %v", err))
				continue
			}
			body, d := decodeText(file, data)
			if d != nil {
				ds = append(ds, *d)
				continue
			}
			for _, f := range guard.Scan(body) {
				report(file, body, f, 1)
			}
		case imageResources[ext]:
			data, err := fs.ReadFile(fsys, file)
			if err == nil {
				_, err = privacy.StripImageMetadata(res, data)
			}
			if err != nil {
				msg := err.Error()
				if errors.Is(err, privacy.ErrUnsupportedImage) {
					msg = fmt.Sprintf("image %s cannot be published: only JPEG and PNG images can be cleaned of their metadata (location, camera owner); convert it to JPEG or PNG", res)
				}
				ds = append(ds, diagf(file, 1, "%s", msg))
			}
		}
	}
	for i, a := range e.Allow {
		if !used[i] {
			ds = append(ds, Diagnostic{Path: e.Path, Line: a.Line, Msg: fmt.Sprintf("[[allow]] text %s matches nothing the privacy guard found: remove it", quoteExcerpt(privacy.Mask(a.Text))), Warning: true})
		}
	}
	return ds, allowed
}

// publishedResource returns the bytes of a bundle file as published: images
// without their metadata.
func publishedResource(fsys fs.FS, file string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	if imageResources[strings.ToLower(path.Ext(file))] {
		return privacy.StripImageMetadata(path.Base(file), data)
	}
	return data, nil
}

package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
)

// hugoFiles is a Hugo site over the bench corpus: the pages a Hugo user
// would make of it (entries with their terms, paginated sections and
// taxonomy terms). It leaves out Hugo's related content, which at 10,000
// entries took Hugo from 18 s to 127 s.
//
//go:embed all:hugo
var hugoFiles embed.FS

// rivals are the usual choice casebook build is compared with: Hugo for
// the pages, then Pagefind for the search, each a path to its binary.
type rivals struct{ hugo, pagefind string }

var (
	hugoPagesRe     = regexp.MustCompile(`(?m)^\s*(?:Pages|Paginator pages)\s*\|\s*(\d+)`)
	pagefindPagesRe = regexp.MustCompile(`Indexed (\d+) pages?`)
)

// hugoSite writes the Hugo site reading the content of site into dir,
// anew each time, so that a site left by an earlier bench has the
// layouts of this one.
func hugoSite(dir, site string) error {
	content, err := filepath.Abs(filepath.Join(site, "content"))
	if err != nil {
		return err
	}
	err = fs.WalkDir(hugoFiles, "hugo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoFiles.ReadFile(p)
		if err != nil {
			return err
		}
		if d.Name() == "config.toml" {
			data = append([]byte("contentDir = "+strconv.Quote(content)+"\n"), data...) // before the tables
		}
		to := filepath.Join(dir, filepath.FromSlash(p[len("hugo/"):]))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		return fmt.Errorf("writing the Hugo site: %w", err)
	}
	return nil
}

// build runs Hugo, then Pagefind on Hugo's output, in dir.
func (r rivals) build(dir string) (hugo, pagefind measure, err error) {
	hugo, err = timeRun(exec.Command(r.hugo, "--source", dir), hugoPagesRe)
	if err != nil {
		return hugo, pagefind, err
	}
	pagefind, err = timeRun(exec.Command(r.pagefind, "--site", filepath.Join(dir, "public")), pagefindPagesRe)
	return hugo, pagefind, err
}

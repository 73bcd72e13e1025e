package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// scaffolds are the front matter of a new entry of each section. A new entry
// is a draft; the check names what the editor has still to fill in.
var scaffolds = map[string]string{
	"policies": `+++
title = "（标题）"
date = %s
summary = ""
issuer = ["（发布机关）"]
doc_number = ""
short_title = ""
status = "现行有效"
cites = []
draft = true
+++

## 主要内容

（正文）
`,
	"rules": `+++
title = "（标题）"
date = %s
summary = ""
region = "全国"
issuer = ["（发布机关）"]
status = "现行有效"
implements = []
cites = []
draft = true
+++

## 主要内容

（正文）
`,
	"cases": `+++
title = "（标题）"
date = %s
summary = "（裁判要旨）"
region = "全国"
categories = []
groups = []
methods = []
keywords = []
cites = []
court = "（某法院）"
court_level = "基层"
stage = "审判"
amount = 0
persons = 1
pseudonyms = []
draft = true
+++

## 基本案情

（当事人一律使用化名，首次出现时注明“（化名）”。）

## 救助过程

## 典型意义
`,
}

// NewEntry writes a new draft entry from the section's scaffold and returns
// its path. It refuses unknown sections, invalid slugs and existing files.
func NewEntry(source, section, slug string, now time.Time) (string, error) {
	tmpl, ok := scaffolds[section]
	if !ok {
		return "", fmt.Errorf("unknown section %q: use policies, rules or cases", section)
	}
	if !validSlug(slug) {
		return "", fmt.Errorf("invalid slug %q: use lower-case ASCII letters, digits and single hyphens, e.g. %q", slug, suggestSlug(slug))
	}
	dir := filepath.Join(source, ContentDir, section)
	for _, other := range Sections {
		for _, p := range []string{filepath.Join(source, ContentDir, other, slug+".md"), filepath.Join(source, ContentDir, other, slug)} {
			if _, err := os.Stat(p); err == nil {
				return "", fmt.Errorf("%s already exists: slugs are unique across all sections", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, slug+".md")
	body := fmt.Sprintf(tmpl, now.Format("2006-01-02"))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

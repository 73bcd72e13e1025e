package generator

import (
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"casebook/search"
)

const attack = `<script>alert(1)</script>"><img src=x onerror=alert(2)>'`

// hostileSite writes a site whose every free text carries markup.
func hostileSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	q := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
	write("site.toml", `title = "`+q(attack)+`"
description = "`+q(attack)+`"
baseURL = "https://example.org/kb/"
[taxonomies.categories]
name = "`+q(attack)+`"
  [[taxonomies.categories.terms]]
  name = "刑事被害人救助"
  slug = "victims"
  description = "`+q(attack)+`"
[[regions]]
name = "全国"
slug = "quanguo"
[[regions]]
name = "四川"
slug = "sichuan"
`)
	write("content/policies/p.md", `+++
title = "`+q(attack)+`"
date = 2020-01-01
issuer = ["`+q(attack)+`"]
doc_number = "`+q(attack)+`"
summary = "`+q(attack)+`"
keywords = ["`+q(attack)+`"]
+++

司法救助正文 <script>alert(3)</script> <img src=x onerror=alert(4)>

[脚本](javascript:alert(5)) [大写](JAVASCRIPT:alert(6)) [数据](data:text/html,<script>alert(7)</script>)
[引号](/a/ "x\" onmouseover=\"alert(8)") ![图](javascript:alert(9))

<iframe src="https://evil.example/"></iframe>
`)
	write("content/cases/c.md", `+++
title = "司法救助`+q(attack)+`"
date = 2021-01-01
region = "四川"
categories = ["刑事被害人救助"]
court = "`+q(attack)+`"
court_level = "基层"
stage = "审判"
case_number = "`+q(attack)+`"
cites = ["p"]
+++

司法救助 <b onclick="alert(10)">加粗</b>
`)
	return dir
}

func TestHostileContentCannotInjectMarkup(t *testing.T) {
	src := hostileSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".html":
			files++
			checkHTMLIsClean(t, rel, string(data))
		case ".xml":
			files++
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Errorf("%s: not XML: %v", rel, err)
			}
			if strings.Contains(string(data), "<script") || strings.Contains(string(data), "<img") {
				t.Errorf("%s: carries unescaped markup", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("only %d files checked", files)
	}

	ix, err := search.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Update(searchDocs(res.Site)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"司法救助", "alert", "script"} {
		ans, err := ix.Search(search.Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range ans.Hits {
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
			if strings.ContainsAny(rest, "<>") {
				t.Errorf("query %q: snippet carries markup: %s", q, h.Snippet)
			}
		}
	}
}

// checkHTMLIsClean fails on any script that is not the theme's own, any
// event-handler attribute, any javascript: or data: URL, and any iframe.
func checkHTMLIsClean(t *testing.T, name, text string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				src := attr(n, "src")
				if !strings.HasPrefix(src, "/kb/static/") {
					t.Errorf("%s: a script that is not the theme's: %s", name, render(n))
				}
			case "iframe", "object", "embed":
				t.Errorf("%s: <%s> in output", name, n.Data)
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event attribute %s=%q", name, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					t.Errorf("%s: %s=%q", name, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func render(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	return b.String()
}

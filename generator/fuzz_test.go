package generator

import (
	"strings"
	"testing"

	"casebook/privacy"
)

// FuzzLoadEntry feeds arbitrary bytes through decoding, the front-matter
// splitter, the TOML decoder, Markdown and the privacy guard. Whatever the
// input, loading must not panic, and every diagnostic must name the file and
// a line inside it.
func FuzzLoadEntry(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"案例\"\ndate = 2024-01-02\n+++\n正文\n"))
	f.Add([]byte("+++\r\ntitle = 'x'\r\n+++\r\n"))
	f.Add([]byte("\xef\xbb\xbf+++\n[[allow]]\ntext = \"1\"\n+++\n"))
	f.Add([]byte("+++\ncategories = [1, \"a\"]\ndate = \"2024\"\namount = 1e9\n+++\n"))
	f.Add([]byte("+++\n+++\n+++\n"))
	f.Add([]byte("\xcb\xbe\xb7\xa8"))
	f.Add([]byte("+++\ntitle = \"\"\"\n多行\n\"\"\"\n+++\n# 标题\n\n<script>x</script>[a](javascript:x)"))
	f.Add([]byte("+++\npseudonyms = [\"小吉\"]\n+++\n小吉\n"))
	cfg, ds := ParseConfig("title = \"t\"\nbaseURL = \"https://x.org/kb/\"\n")
	if cfg == nil {
		f.Fatal(ds)
	}
	guard := privacy.NewGuard([]string{"张三丰"})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := source{path: "content/cases/x.md", section: "cases", id: "x"}
		md := newMarkdown(cfg.BasePath())
		l := loadEntry(mapFS(src.path, string(data)), md, guard, src)
		// Lines as decodeText counts them: CRLF, CR and LF each end one.
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 2
		for _, d := range append(l.diags, l.allowed...) {
			if d.Path == "" || d.Msg == "" {
				t.Fatalf("diagnostic without path or message: %+v", d)
			}
			if d.Line < 0 || d.Line > lines {
				t.Fatalf("line %d outside a file of %d lines: %s", d.Line, lines, d)
			}
		}
		if l.entry != nil {
			ds := checkEntries(cfg, []*Entry{l.entry})
			_ = ds.Error()
		}
	})
}

// FuzzParseConfig feeds arbitrary text to the site.toml decoder.
func FuzzParseConfig(f *testing.F) {
	f.Add("title = \"t\"\nbaseURL = \"https://x.org/\"\n[taxonomies.categories]\nname = \"c\"\n[[taxonomies.categories.terms]]\nname = \"甲\"\nslug = \"a\"\nparent = \"甲\"\n")
	f.Add("[[regions]]\nname = \"四川\"\n[[regions]]\nname = \"四川\"\nslug = \"sc\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, ds := ParseConfig(text)
		if cfg == nil && len(ds.Errors()) == 0 {
			t.Fatalf("no config and no error")
		}
	})
}

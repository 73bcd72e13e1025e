package generator

import (
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // substrings of the HTML
		not      []string // must not appear
	}{
		{"CJK line break adds no space", "父亲被害，\n家庭失去来源。", []string{"父亲被害，家庭失去来源。"}, []string{"被害，\n家"}},
		{"latin line break kept", "one\ntwo", []string{"one\ntwo"}, nil},
		{"Chinese heading anchor", "## 基本案情\n\n## 基本案情", []string{`<h2 id="基本案情">`, `<h2 id="基本案情-1">`}, nil},
		{"mixed heading anchor", "## 第一部分 Overview", []string{`id="第一部分-overview"`}, nil},
		{"GFM table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"footnote", "正文[^1]。\n\n[^1]: 注释。", []string{`class="footnote-ref"`, "注释。"}, nil},
		{"raw HTML dropped", "<script>alert(1)</script>\n\n文<b onclick=x>字</b>", []string{"raw HTML omitted"}, []string{"<script", "onclick"}},
		{"javascript link dropped", "[点](javascript:alert(1)) [大写](JaVaScRiPt:alert(1))", []string{`href="#"`}, []string{"javascript:", "JaVaScRiPt:"}},
		{"data link dropped", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{`href="#"`}, []string{"data:"}},
		{"root link gets base path", "[政策](/policies/x/)", []string{`href="/kb/policies/x/"`}, nil},
		{"relative link kept", "[附件](a.pdf)", []string{`href="a.pdf"`}, nil},
		{"attribute quotes escaped", `[x](/a/ "t\" onmouseover=\"alert(1)")`, []string{`title="t&quot; onmouseover=&quot;alert(1)"`}, []string{`" onmouseover="`}},
	}
	m := newMarkdown("/kb/")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := m.render(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			h := string(r.html)
			for _, w := range tc.want {
				if !strings.Contains(h, w) {
					t.Errorf("HTML lacks %q:\n%s", w, h)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(h, n) {
					t.Errorf("HTML has %q:\n%s", n, h)
				}
			}
		})
	}
}

func TestMarkdownPlainText(t *testing.T) {
	m := newMarkdown("/")
	r, err := m.render("## 标题\n\n第一段，\n接续。\n\n- 项目一\n- **项目二**\n")
	if err != nil {
		t.Fatal(err)
	}
	if r.firstPara != "第一段，接续。" {
		t.Errorf("first paragraph %q", r.firstPara)
	}
	for _, w := range []string{"标题", "第一段，接续。", "项目一", "项目二"} {
		if !strings.Contains(r.text, w) {
			t.Errorf("plain text lacks %q: %q", w, r.text)
		}
	}
	if strings.Contains(r.text, "**") || strings.Contains(r.text, "##") {
		t.Errorf("plain text keeps markup: %q", r.text)
	}
	if len(r.headings) != 1 || r.headings[0].ID != "标题" {
		t.Errorf("headings %+v", r.headings)
	}
}

package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders entry bodies. It is not safe for concurrent use: each
// worker owns one.
type markdown struct {
	md       goldmark.Markdown
	basePath string
}

func newMarkdown(basePath string) *markdown {
	m := &markdown{basePath: basePath}
	m.md = goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.Footnote,
			// CSS3 draft style: a line break next to a wide character, full-width
			// punctuation such as ， included, adds no space.
			extension.NewCJK(extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft), extension.WithEscapedSpace()),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{basePath: basePath}, 100)),
		),
		// Raw HTML is left out of the output: goldmark's renderer is safe by default.
	)
	return m
}

// rendered is what an entry body turns into.
type rendered struct {
	html      template.HTML
	text      string
	firstPara string
	headings  []Heading
}

// render converts a Markdown body.
func (m *markdown) render(body string) (rendered, error) {
	src := []byte(body)
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var buf htmlWriter
	buf.Grow(len(src) + len(src)/4) // the HTML of a Chinese text is a little longer than its Markdown
	if err := m.md.Renderer().Render(&buf, src, doc); err != nil {
		return rendered{}, err
	}
	out := rendered{html: template.HTML(buf.String())} //nolint:gosec // goldmark escapes text and drops raw HTML
	var plain strings.Builder
	plain.Grow(len(src)) // the text is the Markdown less its markup: made once, kept whole
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				out.headings = append(out.headings, Heading{Level: n.Level, Text: nodeText(n, src), ID: string(idb)})
			}
		case *ast.Paragraph:
			if entering && out.firstPara == "" && n.Parent() == doc {
				out.firstPara = nodeText(n, src)
			}
		case *ast.Text:
			if entering {
				writeText(&plain, n, src)
			}
		case *ast.String:
			if entering {
				plain.Write(n.Value)
			}
		case *ast.CodeSpan:
			// its Text children are walked as usual
		}
		if !entering && n.Type() == ast.TypeBlock {
			plain.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	out.text = strings.TrimSpace(plain.String())
	return out, nil
}

// htmlWriter is what goldmark renders into: a bytes.Buffer is a
// util.BufWriter with these three methods, so that goldmark does not wrap
// it in a bufio.Writer of its own (4 KB more for every entry, and every
// byte copied once more).
type htmlWriter struct{ bytes.Buffer }

var _ util.BufWriter = (*htmlWriter)(nil)

func (w *htmlWriter) Available() int { return w.Cap() - w.Len() }
func (w *htmlWriter) Buffered() int  { return 0 }
func (w *htmlWriter) Flush() error   { return nil }

// writeText appends a text node's text; a soft line break becomes a space
// unless a wide character stands on either side, as in the HTML.
func writeText(b *strings.Builder, n *ast.Text, src []byte) {
	value := n.Value(src) //nolint:staticcheck // the segment's text
	b.Write(value)
	if !n.SoftLineBreak() {
		return
	}
	last, _ := utf8.DecodeLastRune(value)
	if next, ok := n.NextSibling().(*ast.Text); ok {
		first, _ := utf8.DecodeRune(next.Value(src)) //nolint:staticcheck
		if isWide(last) || isWide(first) {
			return
		}
	}
	b.WriteByte(' ')
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// nodeText is the plain text inside a node.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			writeText(&b, t, src)
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// headingIDs gives headings ids that keep Chinese characters, so that
// anchors such as #基本案情 work and stay readable.
type headingIDs struct{ used map[string]bool }

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// Generate makes an id from a heading's text.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '_' || unicode.IsSpace(r):
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	base := id
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put records an id given explicitly.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// linkTransformer makes links that start with "/" honour the site's base path
// and drops links whose scheme could run code.
type linkTransformer struct{ basePath string }

// Transform rewrites link and image destinations in place.
func (t linkTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = t.rewrite(l.Destination)
		case *ast.Image:
			l.Destination = t.rewrite(l.Destination)
		case *ast.AutoLink:
			// autolinks are http(s) or mailto by construction
		}
		return ast.WalkContinue, nil
	})
}

func (t linkTransformer) rewrite(dest []byte) []byte {
	d := strings.TrimSpace(string(dest))
	if !safeURL(d) {
		return []byte("#")
	}
	if strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//") && !strings.HasPrefix(d, t.basePath) {
		return []byte(t.basePath + strings.TrimPrefix(d, "/"))
	}
	return []byte(d)
}

// safeURL accepts relative URLs and the http, https and mailto schemes.
func safeURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return !strings.ContainsAny(s, "\x00")
	}
	return false
}

// renderError phrases a Markdown failure.
func renderError(path string, line int, err error) Diagnostic {
	return Diagnostic{Path: path, Line: line, Msg: fmt.Sprintf("cannot render Markdown: %v", err)}
}

package generator

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// decodeText turns a file's bytes into text: it removes a UTF-8 byte-order
// mark, turns CRLF and CR line ends into LF, and refuses text that is not
// UTF-8, naming the encoding it looks like.
func decodeText(path string, data []byte) (string, *Diagnostic) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		line, enc := invalidUTF8(data)
		d := diagf(path, line, "file is not UTF-8 (it looks like %s): save it as UTF-8, e.g. iconv -f %s -t UTF-8", enc, enc)
		return "", &d
	}
	if bytes.IndexByte(data, 0) >= 0 {
		d := diagf(path, 1, "file holds binary data (NUL bytes): entries are UTF-8 Markdown text")
		return "", &d
	}
	text := string(data)
	if strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, nil
}

// invalidUTF8 finds the line of the first byte that is not UTF-8 and guesses
// the legacy Chinese encoding of the file: in GBK text nearly every trailing
// byte of a two-byte character is 0xA1 or above, while Big5 uses 0x40–0x7E
// for a large share of its characters.
func invalidUTF8(data []byte) (line int, encoding string) {
	line = 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	var pairs, lowTrail int
	for i := 0; i+1 < len(data); i++ {
		if data[i] >= 0x81 && data[i] <= 0xFE {
			pairs++
			if t := data[i+1]; t >= 0x40 && t <= 0x7E {
				lowTrail++
			}
			i++
		}
	}
	switch {
	case pairs == 0:
		return line, "Latin-1"
	case lowTrail*5 > pairs:
		return line, "Big5"
	default:
		return line, "GBK"
	}
}

// frontMatter is the split of an entry file into its TOML head and Markdown body.
type frontMatter struct {
	toml     string // the TOML text between the +++ lines
	body     string // the Markdown after the closing +++ line
	bodyLine int    // file line on which the body starts
}

// splitFrontMatter separates the TOML front matter from the body.
func splitFrontMatter(path, text string) (frontMatter, *Diagnostic) {
	if strings.TrimSpace(text) == "" {
		d := diagf(path, 1, "empty file: an entry starts with +++, TOML keys (title, date, …), +++, then the Markdown body; run `casebook new SECTION SLUG` for a template")
		return frontMatter{}, &d
	}
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimSpace(first) != "+++" {
		d := diagf(path, 1, "missing front matter: the first line must be +++, followed by TOML keys and a closing +++ line")
		return frontMatter{}, &d
	}
	var head strings.Builder
	line := 2
	for rest != "" {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		if strings.TrimSpace(l) == "+++" {
			return frontMatter{toml: head.String(), body: rest, bodyLine: line + 1}, nil
		}
		head.WriteString(l)
		head.WriteByte('\n')
		line++
	}
	d := diagf(path, 1, "front matter is not closed: add a line holding only +++ after the last TOML key")
	return frontMatter{}, &d
}

// lineCol converts a byte offset within text (which starts on file line
// first) to a file line and a 1-based column in characters.
func lineCol(text string, offset, first int) (int, int) {
	if offset > len(text) {
		offset = len(text)
	}
	before := text[:offset]
	line := first + strings.Count(before, "\n")
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// quoteExcerpt shortens a value for a message.
func quoteExcerpt(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return fmt.Sprintf("%q…", string(r[:40]))
	}
	return fmt.Sprintf("%q", s)
}

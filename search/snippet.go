package search

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet shape: a window of about snippetRunes characters of the summary
// (or, when the summary has no match, the body) starting up to
// snippetLead characters before the first match; every match inside is
// wrapped in <mark>…</mark>; the rest is HTML-escaped; runs of white space
// become one space; "…" marks a cut end. Without any match, the window is
// the start of the summary (or of the body when there is no summary).
const (
	snippetRunes = 80
	snippetLead  = 20
)

func makeSnippet(t *docText, ms []textMatcher) string {
	for _, s := range []string{t.Summary, t.Body} {
		if spans := matchSpans(s, ms); len(spans) > 0 {
			return cutSnippet(s, spans)
		}
	}
	if strings.TrimSpace(t.Summary) != "" {
		return cutSnippet(t.Summary, nil)
	}
	return cutSnippet(t.Body, nil)
}

// matchSpans returns the sorted, merged byte spans in s matched by ms.
func matchSpans(s string, ms []textMatcher) [][2]int {
	if s == "" || len(ms) == 0 {
		return nil
	}
	stream := Analyze(s)
	var spans [][2]int
	for i := range ms {
		m := &ms[i]
		switch {
		case m.char != 0:
			for _, tk := range stream {
				if !strings.ContainsRune(tk.Term, m.char) {
					continue
				}
				for off, r := range s[tk.Start:tk.End] {
					if loadFoldTable().lookup(r) == m.char {
						start := tk.Start + off
						spans = append(spans, [2]int{start, start + utf8.RuneLen(r)})
					}
				}
			}
		default:
			spans = append(spans, phraseSpans(stream, m.tokens)...)
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// cutSnippet renders the window of s around the first span.
func cutSnippet(s string, spans [][2]int) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	// Byte offsets of each rune, plus len(s).
	offs := make([]int, 0, len(s)/2)
	for i := range s {
		offs = append(offs, i)
	}
	n := len(offs)
	offs = append(offs, len(s))
	startRune := 0
	if len(spans) > 0 {
		first, _ := slices.BinarySearch(offs, spans[0][0])
		startRune = max(0, first-snippetLead)
	}
	endRune := min(n, startRune+snippetRunes)
	if endRune-startRune < snippetRunes {
		startRune = max(0, endRune-snippetRunes)
	}
	// Do not cut a match in two.
	for _, sp := range spans {
		if sp[0] < offs[endRune] && sp[1] > offs[endRune] {
			e, _ := slices.BinarySearch(offs, sp[1])
			endRune = e
		}
	}
	lo, hi := offs[startRune], offs[endRune]
	// Skip leading white space.
	for lo < hi {
		r, size := utf8.DecodeRuneInString(s[lo:])
		if !unicode.IsSpace(r) {
			break
		}
		lo += size
	}

	var sb strings.Builder
	if startRune > 0 {
		sb.WriteString("…")
	}
	pos := lo
	space := false
	text := func(upTo int) {
		for pos < upTo {
			r, size := utf8.DecodeRuneInString(s[pos:])
			pos += size
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			if space {
				sb.WriteByte(' ')
				space = false
			}
			sb.WriteString(html.EscapeString(string(r)))
		}
	}
	for _, sp := range spans {
		if sp[1] <= lo || sp[0] >= hi {
			continue
		}
		a, b := max(sp[0], lo), min(sp[1], hi)
		text(a)
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteString("<mark>")
		text(b)
		sb.WriteString("</mark>")
	}
	text(hi)
	if endRune < n {
		sb.WriteString("…")
	}
	return sb.String()
}

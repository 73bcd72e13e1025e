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
		if spans := snippetSpans(s, ms); len(spans) > 0 {
			return cutSnippet(s, spans)
		}
	}
	if strings.TrimSpace(t.Summary) != "" {
		return cutSnippet(t.Summary, nil)
	}
	return cutSnippet(t.Body, nil)
}

// snippetPrefix is how many bytes past the earliest possible match the
// first attempt of snippetSpans analyses.
const snippetPrefix = 512

// snippetSpans returns what cutSnippet needs of matchSpans(s, ms): the same
// spans wherever they can reach the snippet's window. It avoids analysing
// all of a long text: terms made of ideographs are found as substrings of
// the folded text (substringSpans); otherwise a text that cannot match (a
// CJK term it lacks) is not analysed at all, and one that can is analysed
// in growing prefixes, each ending just after a line break, until the
// window is settled (snippetSpansFrom).
//
// A prefix ending just after "\n" has exactly the tokens of the whole text
// up to there: word segmentation always breaks after a line feed (UAX #29
// WB3a), the char filters and token filters before cjk_bigram work token by
// token, and cjk_bigram ends a run at the gap the line feed leaves, so it
// emits the same unigram, at the same position, whether the text ends or
// goes on. Only a phrase still open at the end of the prefix is unknown.
func snippetSpans(s string, ms []textMatcher) [][2]int {
	if s == "" || len(ms) == 0 {
		return nil
	}
	if spans, ok := substringSpans(Fold(s), ms); ok {
		return mergeSpans(spans)
	}
	return snippetSpansFrom(s, ms, snippetPrefix)
}

// substringSpans finds the spans without analysis when every matcher is
// an ideograph or a run of ideographs that cannot match across runs: its
// spans are then exactly the occurrences in the folded text (an ideograph
// is always a token of its own before cjk_bigram, so a run of them in the
// text yields the run's bigrams at consecutive positions; see phraseIn).
// ok is false when some matcher needs the token stream.
func substringSpans(folded string, ms []textMatcher) (spans [][2]int, ok bool) {
	for i := range ms {
		m := &ms[i]
		needle := ""
		switch {
		case m.char != 0 && surelyIdeographic(m.char):
			needle = string(m.char)
		case m.char == 0:
			chain, isChain := cjkChain(m.tokens)
			if !isChain || !allIdeographic(chain) || mayCrossRuns(folded, chain) {
				return nil, false
			}
			needle = chain
		default:
			return nil, false
		}
		for from := 0; ; {
			at := strings.Index(folded[from:], needle)
			if at < 0 {
				break
			}
			at += from
			spans = append(spans, [2]int{at, at + len(needle)})
			_, size := utf8.DecodeRuneInString(folded[at:])
			from = at + size
		}
	}
	return spans, true
}

// snippetSpansFrom is snippetSpans by analysing prefixes, the first ending
// prefix bytes past the earliest possible match (then growing fourfold).
func snippetSpansFrom(s string, ms []textMatcher, prefix int) [][2]int {
	if s == "" || len(ms) == 0 {
		return nil
	}
	folded := Fold(s)
	from, ok := earliestMatch(folded, ms)
	if !ok {
		return nil
	}
	if at := surelyMatchesAt(folded, ms); at >= 0 {
		from = at
	}
	for limit := from + prefix; ; limit = 4*limit + 1 {
		end := len(s)
		if limit < len(s) {
			if nl := strings.IndexByte(s[limit:], '\n'); nl >= 0 {
				end = limit + nl + 1
			}
		}
		spans, known := prefixSpans(s[:end], end == len(s), ms)
		spans = mergeSpans(spans)
		if end == len(s) {
			return spans
		}
		if len(spans) > 0 {
			if _, hi := snippetWindow(s, spans); known > hi {
				return spans
			}
		}
	}
}

// earliestMatch returns the byte offset before which no match of ms can
// start in the folded text, and false when no match is possible: a match
// needs each of its CJK terms (all of whose characters are ideographs,
// which no filter after folding changes) in the folded text.
func earliestMatch(folded string, ms []textMatcher) (int, bool) {
	earliest, any := len(folded), false
	for i := range ms {
		m := &ms[i]
		if m.char != 0 {
			if !surelyIdeographic(m.char) {
				return 0, true
			}
			if at := strings.IndexRune(folded, m.char); at >= 0 {
				earliest, any = min(earliest, at), true
			}
			continue
		}
		possible, anchored := true, false
		for k, tk := range m.tokens {
			if !allIdeographic(tk.Term) {
				continue
			}
			at := strings.Index(folded, tk.Term)
			if at < 0 {
				possible = false
				break
			}
			if k == 0 {
				earliest, anchored = min(earliest, at), true
			}
		}
		if !possible {
			continue
		}
		if !anchored {
			return 0, true
		}
		any = true
	}
	return earliest, any
}

// surelyMatchesAt returns an offset in the folded text where some matcher
// surely has a span, or -1: the first occurrence of a one-character term's
// ideograph, or of the run of ideographs whose bigrams a term is. The first
// span is at or before it.
func surelyMatchesAt(folded string, ms []textMatcher) int {
	first := -1
	for i := range ms {
		m := &ms[i]
		at := -1
		if m.char != 0 {
			if surelyIdeographic(m.char) {
				at = strings.IndexRune(folded, m.char)
			}
		} else if needle, chain := cjkChain(m.tokens); chain && allIdeographic(needle) {
			at = strings.Index(folded, needle)
		}
		if at >= 0 && (first < 0 || at < first) {
			first = at
		}
	}
	return first
}

func allIdeographic(term string) bool {
	for _, r := range term {
		if !surelyIdeographic(r) {
			return false
		}
	}
	return term != ""
}

// matchSpans returns the sorted, merged byte spans in s matched by ms.
func matchSpans(s string, ms []textMatcher) [][2]int {
	if s == "" || len(ms) == 0 {
		return nil
	}
	spans, _ := prefixSpans(s, true, ms)
	return mergeSpans(spans)
}

// prefixSpans returns the spans matched by ms in p, a prefix of a text
// ending just after a line feed (or the whole text when complete), and the
// offset known before which they are all the spans the whole text has
// there: a phrase that starts in p but is still open at its end may or may
// not complete in the rest of the text.
func prefixSpans(p string, complete bool, ms []textMatcher) (spans [][2]int, known int) {
	stream := Analyze(p)
	known = len(p) + 1
	for i := range ms {
		m := &ms[i]
		switch {
		case m.char != 0:
			for _, tk := range stream {
				if !strings.ContainsRune(tk.Term, m.char) {
					continue
				}
				for off, r := range p[tk.Start:tk.End] {
					if loadFoldTable().lookup(r) == m.char {
						start := tk.Start + off
						spans = append(spans, [2]int{start, start + utf8.RuneLen(r)})
					}
				}
			}
		default:
			spans = append(spans, phraseSpans(stream, m.tokens)...)
			if !complete {
				if at, open := openPhrase(stream, m.tokens); open {
					known = min(known, at)
				}
			}
		}
	}
	return spans, known
}

// openPhrase reports whether the end of stream holds the start of the
// phrase toks (but not all of it), and the byte offset where it starts.
func openPhrase(stream, toks []Token) (int, bool) {
	for k := max(0, len(stream)-len(toks)+1); k < len(stream); k++ {
		n := len(stream) - k
		ok := true
		for j := 0; j < n; j++ {
			if stream[k+j].Term != toks[j].Term || stream[k+j].Position != stream[k].Position+j {
				ok = false
				break
			}
		}
		if ok {
			return stream[k].Start, true
		}
	}
	return 0, false
}

// mergeSpans sorts spans and merges those that overlap or touch.
func mergeSpans(spans [][2]int) [][2]int {
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

// snippetWindow returns the byte range [lo, hi) of s that the snippet shows
// (before leading white space is skipped).
func snippetWindow(s string, spans [][2]int) (lo, hi int) {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	_, startRune, endRune, offs := snippetRuneWindow(s, spans)
	return offs[startRune], offs[endRune]
}

// snippetRuneWindow computes the window over s (already trimmed): the
// number of runes n, the window's first and last+1 runes, and the byte
// offset of each rune (plus len(s)).
func snippetRuneWindow(s string, spans [][2]int) (n, startRune, endRune int, offs []int) {
	offs = make([]int, 0, len(s)/2)
	for i := range s {
		offs = append(offs, i)
	}
	n = len(offs)
	offs = append(offs, len(s))
	if len(spans) > 0 {
		first, _ := slices.BinarySearch(offs, spans[0][0])
		startRune = max(0, first-snippetLead)
	}
	endRune = min(n, startRune+snippetRunes)
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
	return n, startRune, endRune, offs
}

// cutSnippet renders the window of s around the first span.
func cutSnippet(s string, spans [][2]int) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	n, startRune, endRune, offs := snippetRuneWindow(s, spans)
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

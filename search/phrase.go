package search

import (
	"strings"
	"unicode/utf8"
)

// Phrase semantics: a term of n tokens matches a field value when the
// value's token stream holds those n terms at n consecutive positions, as
// bleve's phrase query would (each keyword is its own value). The index
// stores no positions; the check runs on the doc's own text.

// phraseInDoc reports whether toks occur as a phrase in any text field.
func phraseInDoc(t *docText, toks []Token) bool {
	needle, chain := cjkChain(toks)
	for _, f := range textFields {
		for _, v := range t.values(f) {
			if v != "" && phraseIn(v, toks, needle, chain) {
				return true
			}
		}
	}
	return false
}

// cjkChain returns the CJK string whose bigrams toks are (先行, 行救, 救助 →
// 先行救助) when toks form such a chain.
func cjkChain(toks []Token) (string, bool) {
	var sb strings.Builder
	for i, tk := range toks {
		first, n1 := utf8.DecodeRuneInString(tk.Term)
		last, n2 := utf8.DecodeLastRuneInString(tk.Term)
		if n1+n2 != len(tk.Term) || !isCJK(first) || !isCJK(last) {
			return "", false
		}
		if i == 0 {
			sb.WriteString(tk.Term)
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(toks[i-1].Term)
		if prev != first {
			return "", false
		}
		sb.WriteRune(last)
	}
	return sb.String(), true
}

// phraseIn checks one field value.
func phraseIn(v string, toks []Token, needle string, chain bool) bool {
	folded := Fold(v)
	if chain && strings.Contains(folded, needle) {
		return true // contiguous in one CJK run: consecutive bigrams
	}
	// Every CJK term must occur in the folded text for a match to be possible.
	for _, tk := range toks {
		if r, _ := utf8.DecodeRuneInString(tk.Term); isCJK(r) && !strings.Contains(folded, tk.Term) {
			return false
		}
	}
	if chain && !mayCrossRuns(folded, needle) {
		return false
	}
	if !chain && !mayBreakRuns(folded, toks) {
		return false
	}
	return len(phraseSpans(Analyze(v), toks)) > 0
}

// mayCrossRuns reports whether a chain of bigrams (needle's) could occur at
// consecutive positions across a break between CJK runs: the bigram filter
// numbers the last bigram of one run and the first token of the next
// consecutively, so 先行，行救助 holds 先行 行救 救助 at positions 1 2 3.
// That needs, for some split k, a run ending with needle[:k+1] and a run
// starting with needle[k:k+2]. A false answer is exact; a true one only
// means the token stream must be checked.
func mayCrossRuns(folded, needle string) bool {
	c := []rune(needle)
	for k := 1; k+1 < len(c); k++ {
		if occursAt(folded, string(c[:k+1]), false) && occursAt(folded, string(c[k:k+2]), true) {
			return true
		}
	}
	return false
}

// mayBreakRuns reports whether the phrase toks, made of ideographs but not
// one chain of bigrams ("社会救助 衔接": 救助 does not lead into 衔接), could
// occur: two consecutive terms that do not chain can only meet across a
// break between CJK runs, so the first must occur where a run ends and the
// second where one starts. A false answer is exact; true means the token
// stream must be checked. Terms other than ideographs give true.
func mayBreakRuns(folded string, toks []Token) bool {
	for _, tk := range toks {
		if !allIdeographic(tk.Term) {
			return true
		}
	}
	for k := 0; k+1 < len(toks); k++ {
		a, b := toks[k].Term, toks[k+1].Term
		last, _ := utf8.DecodeLastRuneInString(a)
		first, _ := utf8.DecodeRuneInString(b)
		if utf8.RuneCountInString(a) == 2 && utf8.RuneCountInString(b) == 2 && last == first {
			continue // may be one run
		}
		if !occursAt(folded, a, false) || !occursAt(folded, b, true) {
			return false
		}
	}
	return true
}

// occursAt reports whether s occurs in text where a run starts (atStart:
// no ideograph before it) or ends (no ideograph after it).
func occursAt(text, s string, atStart bool) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], s)
		if i < 0 {
			return false
		}
		i += from
		if atStart {
			r, _ := utf8.DecodeLastRuneInString(text[:i])
			if i == 0 || !surelyIdeographic(r) {
				return true
			}
		} else {
			r, _ := utf8.DecodeRuneInString(text[i+len(s):])
			if i+len(s) == len(text) || !surelyIdeographic(r) {
				return true
			}
		}
		from = i + 1
	}
}

// surelyIdeographic holds for the CJK Unified Ideographs (and extension A)
// of the Basic Multilingual Plane, which word segmentation always treats
// as ideographs; for anything else a run may break.
func surelyIdeographic(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF
}

// phraseSpans returns the byte spans of each occurrence of the phrase toks
// in a token stream.
func phraseSpans(stream []Token, toks []Token) [][2]int {
	if len(toks) == 0 {
		return nil
	}
	// cjk_bigram numbers its output 1, 2, 3, …; the map is only needed for
	// a stream numbered otherwise.
	var byPos map[int]string
	for i, tk := range stream {
		if tk.Position != i+1 {
			byPos = make(map[int]string, len(stream))
			for _, tk := range stream {
				byPos[tk.Position] = tk.Term
			}
			break
		}
	}
	termAt := func(pos int) string {
		if byPos != nil {
			return byPos[pos]
		}
		if pos >= 1 && pos <= len(stream) {
			return stream[pos-1].Term
		}
		return ""
	}
	var spans [][2]int
	for i, tk := range stream {
		if tk.Term != toks[0].Term {
			continue
		}
		ok := true
		for k := 1; k < len(toks); k++ {
			if termAt(tk.Position+k) != toks[k].Term {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		end := tk.End
		for _, t2 := range stream[i:] {
			if t2.Position == tk.Position+len(toks)-1 {
				end = t2.End
				break
			}
		}
		spans = append(spans, [2]int{tk.Start, end})
	}
	return spans
}

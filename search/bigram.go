package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
)

// The analyzer's last three steps are bleve's cjk_width, to_lower and
// cjk_bigram. The filters below produce exactly their tokens (same terms,
// offsets, positions and types; TestFastFiltersMatchBleve compares them on
// random text) with far less work: bleve's cjk_width converts every term to
// runes and back, and its cjk_bigram allocates each character and each
// bigram separately through a ring.

// Names of the fast filters in bleve's registry.
const (
	widthLowerFilterName = "cb_width_lower" // cjk_width, then to_lower
	bigramFilterName     = "cb_bigram"      // cjk_bigram without unigrams
)

// widthLowerFilter is cjk_width followed by to_lower. A term without the
// byte 0xEF (which starts every U+F000..U+FFFF character, so every
// half-width and full-width form) is left unchanged by cjk_width when it is
// valid UTF-8; only the other terms go through bleve's filter. to_lower
// writes into the term, so a term that would change is copied first: the
// term may alias the caller's text.
type widthLowerFilter struct {
	width *cjk.CJKWidthFilter
	lower *lowercase.LowerCaseFilter
}

// Filter implements analysis.TokenFilter.
func (f widthLowerFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for i, t := range input {
		if needsWidth(t.Term) {
			f.width.Filter(input[i : i+1]) // returns a fresh term
			f.lower.Filter(input[i : i+1])
			continue
		}
		if lowerChanges(t.Term) {
			t.Term = append([]byte(nil), t.Term...)
			f.lower.Filter(input[i : i+1])
		}
	}
	return input
}

func needsWidth(term []byte) bool {
	if oneCJK3(term) {
		return false
	}
	for _, c := range term {
		if c == 0xEF {
			return true
		}
	}
	return !utf8.Valid(term)
}

// cjk3 reports whether b starts with a character of U+3000 to U+9FFF
// (CJK punctuation, kana, the common ideographs: lead byte E3 to E9, two
// continuation bytes), which is three bytes long and has no lower case. It
// spares most characters of a Chinese text a full decoding.
func cjk3(b []byte) bool {
	return len(b) >= 3 && b[0] >= 0xE3 && b[0] <= 0xE9 && b[1]&0xC0 == 0x80 && b[2]&0xC0 == 0x80
}

// oneCJK3 reports whether term is one character that cjk3 recognises,
// as most terms of a Chinese text are.
func oneCJK3(term []byte) bool { return len(term) == 3 && cjk3(term) }

// lowerChanges reports whether to_lower would change a valid UTF-8 term.
func lowerChanges(term []byte) bool {
	for i := 0; i < len(term); {
		c := term[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return true
			}
			i++
			continue
		}
		if cjk3(term[i:]) {
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(term[i:])
		if unicode.ToLower(r) != r {
			return true
		}
		i += size
	}
	return false
}

// bigramFilter is cjk_bigram with output_unigram false: adjacent
// ideographic characters yield overlapping bigrams, a lone one a unigram;
// other tokens pass through; positions are renumbered from 1.
type bigramFilter struct{}

// Filter implements analysis.TokenFilter. Ideographic terms are valid
// UTF-8 here (widthLowerFilter guarantees it).
func (f bigramFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	return f.filter(input, nil)
}

// filter is Filter, in the memory of s when s is not nil.
func (bigramFilter) filter(input analysis.TokenStream, s *tokenScratch) analysis.TokenStream {
	// One slab for the new tokens and one for the bigram terms.
	chars, ideoBytes := 0, 0
	for _, t := range input {
		if t.Type == analysis.Ideographic {
			if oneCJK3(t.Term) {
				chars++
			} else {
				chars += utf8.RuneCount(t.Term)
			}
			ideoBytes += len(t.Term)
		}
	}
	// Tokens point into slab and terms into termBuf: neither may grow.
	var rv analysis.TokenStream
	var slab []analysis.Token
	var termBuf []byte
	if s == nil {
		rv = make(analysis.TokenStream, 0, len(input)+chars)
		slab, termBuf = make([]analysis.Token, 0, chars), make([]byte, 0, 2*ideoBytes)
	} else {
		rv = reuse(&s.bigrams, len(input)+chars)[:0]
		slab = reuse(&s.pairSlab, chars)[:0]
		termBuf = reuse(&s.terms, 2*ideoBytes)[:0]
	}
	emit := func(t analysis.Token) {
		slab = append(slab, t)
		rv = append(rv, &slab[len(slab)-1])
	}

	type char struct {
		term       []byte
		start, end int
	}
	var last char
	items := 0 // characters buffered: 0, 1 or 2 (the last two are adjacent)
	pos := 1
	unigram := func() {
		emit(analysis.Token{Type: analysis.Single, Term: last.term, Position: pos, Start: last.start, End: last.end})
		pos++
	}
	for _, t := range input {
		if t.Type != analysis.Ideographic {
			if items == 1 {
				unigram()
			}
			items = 0
			t.Position = pos
			rv = append(rv, t)
			pos++
			continue
		}
		for off := 0; off < len(t.Term); {
			size := 3
			if !cjk3(t.Term[off:]) {
				_, size = utf8.DecodeRune(t.Term[off:])
			}
			c := char{term: t.Term[off : off+size], start: t.Start + off, end: t.Start + off + size}
			off += size
			if items > 0 && c.start != last.end {
				if items == 1 {
					unigram()
				}
				items = 0
			}
			prev := last
			last = c
			if items < 2 {
				items++
			}
			if items == 2 {
				n := len(termBuf)
				termBuf = append(termBuf, prev.term...)
				termBuf = append(termBuf, c.term...)
				emit(analysis.Token{Type: analysis.Double, Term: termBuf[n:len(termBuf):len(termBuf)], Position: pos, Start: prev.start, End: c.end})
				pos++
			}
		}
	}
	if items == 1 {
		unigram()
	}
	return rv
}

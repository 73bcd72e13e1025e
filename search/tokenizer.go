package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// hanTokenizerName names hanTokenizer in bleve's registry.
const hanTokenizerName = "cb_unicode"

// hanTokenizer gives exactly the tokens of bleve's unicode tokenizer
// (TestHanTokenizerMatchesBleve compares them on random text) but cuts the
// common case short: a CJK Unified Ideograph is a word of its own (its
// Word_Break value is Other, so UAX #29 breaks before it, and after it
// unless an Extend, Format or ZWJ character follows). Such an ideograph
// followed by another, by ASCII, by common CJK punctuation or by the end
// of the text becomes a token directly; everything between such
// ideographs goes through bleve's tokenizer, which breaks the same way at
// those edges, and positions are numbered across both.
type hanTokenizer struct {
	slow *unicode.UnicodeTokenizer
}

// Tokenize implements analysis.Tokenizer.
func (t hanTokenizer) Tokenize(input []byte) analysis.TokenStream { return t.tokenize(input, nil) }

// tokenize is Tokenize, in the memory of s when s is not nil: the tokens
// of s's last use are then overwritten.
func (t hanTokenizer) tokenize(input []byte, s *tokenScratch) analysis.TokenStream {
	if !utf8.Valid(input) {
		// bleve's segmenter stops at the first malformed byte.
		return t.slow.Tokenize(input)
	}
	var rv analysis.TokenStream
	var slab []analysis.Token // ideograph tokens, made 256 at a time when fresh
	if s == nil {
		rv = make(analysis.TokenStream, 0, len(input)/3+1)
	} else {
		rv = reuse(&s.tokens, len(input)/3+1)[:0]
		slab = reuse(&s.hanSlab, len(input)/3+1)
	}
	pos, slowFrom := 1, 0
	slow := func(end int) {
		if end <= slowFrom {
			return
		}
		for _, tk := range t.slow.Tokenize(input[slowFrom:end]) {
			tk.Start += slowFrom
			tk.End += slowFrom
			tk.Position = pos
			pos++
			rv = append(rv, tk)
		}
	}
	for i := 0; i < len(input); {
		c := input[i]
		if c < 0x80 {
			i++
			continue
		}
		if _, ok := hanAt(input, i); ok && breaksBefore(input, i+3) {
			slow(i)
			if len(slab) == 0 {
				slab = make([]analysis.Token, min(256, (len(input)-i)/3+1))
			}
			tk := &slab[0]
			slab = slab[1:]
			*tk = analysis.Token{Term: input[i : i+3 : i+3], Start: i, End: i + 3, Position: pos, Type: analysis.Ideographic}
			pos++
			rv = append(rv, tk)
			i += 3
			slowFrom = i
			continue
		}
		i++
	}
	slow(len(input))
	return rv
}

// hanAt decodes a three-byte CJK Unified Ideograph (surelyIdeographic) at
// input[i:].
func hanAt(input []byte, i int) (rune, bool) {
	if i+2 >= len(input) {
		return 0, false
	}
	c := input[i]
	if c < 0xE3 || c > 0xE9 || input[i+1]&0xC0 != 0x80 || input[i+2]&0xC0 != 0x80 {
		return 0, false
	}
	r := rune(c&0x0F)<<12 | rune(input[i+1]&0x3F)<<6 | rune(input[i+2]&0x3F)
	return r, surelyIdeographic(r)
}

// breaksBefore reports whether input[j:] surely starts with a character
// that does not join the character before it: the end of the text, ASCII,
// a CJK Unified Ideograph, or the punctuation 、。〃 〈〉《》「」『』【】.
func breaksBefore(input []byte, j int) bool {
	if j >= len(input) || input[j] < 0x80 {
		return true
	}
	if _, ok := hanAt(input, j); ok {
		return true
	}
	// U+3001..U+3003 and U+3008..U+3011 are E3 80 81..83 and E3 80 88..91.
	if j+2 < len(input) && input[j] == 0xE3 && input[j+1] == 0x80 {
		b := input[j+2]
		return b >= 0x81 && b <= 0x83 || b >= 0x88 && b <= 0x91
	}
	return false
}

// tokenScratch is memory that the export's analysis reuses from one text
// to the next, where bleve's calls of the same chain get fresh memory
// (bleve keeps the tokens it is given).
type tokenScratch struct {
	tokens, bigrams   analysis.TokenStream
	hanSlab, pairSlab []analysis.Token
	terms             []byte
}

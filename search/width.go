package search

import (
	"bytes"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// softHyphen is U+00AD. Full-width ASCII (three UTF-8 bytes) is narrowed to
// its ASCII form followed by a soft hyphen, which keeps the byte length.
// Unicode word segmentation absorbs a soft hyphen into the word before it
// (UAX #29 rule WB4), so "１２３" tokenizes as one number, as "123" does;
// the shy_strip token filter then removes the soft hyphens from terms.
//
// Without this, bleve's unicode tokenizer drops full-width digits entirely:
// they have Word_Break=Other, so （２０２３） yields no token at all.
const softHyphen = "\u00ad"

// narrowFullWidth replaces U+FF01..U+FF5E with ASCII + U+00AD. The result
// has the same length as input; input is never modified.
func narrowFullWidth(input []byte) []byte {
	out := input
	copied := false
	for i := 0; i+2 < len(input); {
		// U+FF01..U+FF5E is EF BC 81..EF BD 9E.
		if input[i] != 0xEF || (input[i+1] != 0xBC && input[i+1] != 0xBD) {
			i++
			continue
		}
		r, size := utf8.DecodeRune(input[i:])
		if r < 0xFF01 || r > 0xFF5E || size != 3 {
			i++
			continue
		}
		if !copied {
			out = bytes.Clone(input)
			copied = true
		}
		out[i] = byte(r - 0xFEE0)
		out[i+1], out[i+2] = softHyphen[0], softHyphen[1]
		i += 3
	}
	return out
}

// narrowCharFilter is the fw_narrow char filter.
type narrowCharFilter struct{}

// Filter implements analysis.CharFilter.
func (narrowCharFilter) Filter(input []byte) []byte { return narrowFullWidth(input) }

// shyStripFilter is the shy_strip token filter: it removes soft hyphens from
// terms and drops a token left empty.
type shyStripFilter struct{}

// Filter implements analysis.TokenFilter.
func (shyStripFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		if oneCJK3(t.Term) { // not U+00AD
			out = append(out, t)
			continue
		}
		if bytes.Contains(t.Term, []byte(softHyphen)) {
			t.Term = bytes.ReplaceAll(t.Term, []byte(softHyphen), nil)
			if len(t.Term) == 0 {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

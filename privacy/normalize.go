package privacy

import "unicode/utf8"

// normText is a normalised copy of a text: one folded rune per original rune,
// with the byte offset of each original rune (off has one extra entry, the
// text's length), so spans found in r map back to the original bytes.
type normText struct {
	r   []rune
	off []int
}

// normalize folds s rune by rune with fold, keeping byte offsets into s.
// Invalid UTF-8 bytes become utf8.RuneError, one per byte.
func normalize(s string) normText {
	var t normText
	normalizeInto(&t, s)
	return t
}

// normalizeInto is normalize in the memory of t, when it is large enough.
func normalizeInto(t *normText, s string) {
	n := utf8.RuneCountInString(s) // sizes the slices exactly: most of the text is CJK
	if cap(t.r) < n || cap(t.off) < n+1 {
		t.r, t.off = make([]rune, n), make([]int, n+1)
	}
	t.r, t.off = t.r[:n], t.off[:n+1]
	k := 0
	for i := 0; i < len(s); k++ {
		t.off[k] = i
		if c := s[i]; c < utf8.RuneSelf {
			t.r[k] = rune(c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		t.r[k] = fold(r)
		i += w
	}
	t.off[n] = len(s)
}

// span converts a rune span [i, j) of t to a byte span of the original text.
func (t *normText) span(i, j int) (int, int) { return t.off[i], t.off[j] }

// fold maps a rune to the form the detectors look for: full-width ASCII
// (１２３, ＡＢＣ, （）) to ASCII, the ideographic space to a space, dash
// variants to '-', dot variants used in plates to '·', and the Traditional
// characters that matter (plate provinces, address words, common name
// characters) to Simplified.
func fold(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
		return '-'
	case r == 0x30FB, r == 0x2022, r == 0x2219, r == 0xFF65, r == 0x22C5:
		return '·'
	case r < 0x10000 && tradRunes[r>>6]&(1<<(r&63)) == 0:
		return r
	}
	return tradToSimp(r)
}

// foldName folds like fold and also lower-cases ASCII letters; denylist
// names and the text are compared in this form.
func foldName(r rune) rune {
	r = fold(r)
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// foldRunes returns the folded runes of s.
func foldRunes(s string, f func(rune) rune) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = append(out, f(r))
	}
	return out
}

package search

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// tsCharacters is OpenCC's Traditional → Simplified character table,
// reduced to mappings that keep the UTF-8 length (see data/LICENSE-OpenCC).
//
//go:embed data/TSCharacters.txt
var tsCharacters string

// foldTable maps Traditional code points to Simplified ones. Folding with it
// never changes a text's byte length, so offsets into the folded text are
// offsets into the original.
type foldTable struct {
	lo, hi rune          // range of the dense part
	dense  []rune        // dense[r-lo] is r's fold, or 0
	sparse map[rune]rune // sources outside [lo, hi]
}

// loadFoldTable is parsed once; the table is never modified afterwards.
var loadFoldTable = sync.OnceValue(func() *foldTable {
	t, err := parseFoldTable(tsCharacters)
	if err != nil {
		panic(err) // the table is embedded; a parse error is a build defect
	}
	return t
})

// parseFoldTable reads lines of "source TAB target"; '#' starts a comment line.
func parseFoldTable(data string) (*foldTable, error) {
	type pair struct{ from, to rune }
	var pairs []pair
	lo, hi := rune(utf8.MaxRune), rune(0)
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		src, dst, ok := strings.Cut(line, "\t")
		from, fs := utf8.DecodeRuneInString(src)
		to, ts := utf8.DecodeRuneInString(dst)
		if !ok || fs != len(src) || ts != len(dst) || fs != ts || from == utf8.RuneError {
			return nil, fmt.Errorf("fold table line %d: want one source and one target character of equal UTF-8 length: %q", n+1, line)
		}
		pairs = append(pairs, pair{from, to})
		if from <= 0xFFFF {
			lo, hi = min(lo, from), max(hi, from)
		}
	}
	t := &foldTable{lo: lo, hi: hi, sparse: map[rune]rune{}}
	if lo <= hi {
		t.dense = make([]rune, hi-lo+1)
	}
	for _, p := range pairs {
		if p.from >= lo && p.from <= hi {
			t.dense[p.from-lo] = p.to
		} else {
			t.sparse[p.from] = p.to
		}
	}
	return t, nil
}

// lookup returns r's Simplified form, or r itself.
func (t *foldTable) lookup(r rune) rune {
	if r >= t.lo && r <= t.hi {
		if to := t.dense[r-t.lo]; to != 0 {
			return to
		}
		return r
	}
	if r > 0xFFFF {
		if to, ok := t.sparse[r]; ok {
			return to
		}
	}
	return r
}

// fold returns input with every Traditional character replaced by its
// Simplified form. The result has the same length as input; input itself is
// never modified (a copy is made on the first change).
func (t *foldTable) fold(input []byte) []byte {
	out := input
	copied := false
	for i := 0; i < len(input); {
		c := input[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(input[i:])
		if to := t.lookup(r); to != r {
			if !copied {
				out = make([]byte, len(input))
				copy(out, input)
				copied = true
			}
			utf8.EncodeRune(out[i:], to)
		}
		i += size
	}
	return out
}

// foldInPlace folds b itself.
func (t *foldTable) foldInPlace(b []byte) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if to := t.lookup(r); to != r {
			utf8.EncodeRune(b[i:], to)
		}
		i += size
	}
}

// Fold returns s with Traditional characters folded to Simplified ones, as
// the analysis chain does before tokenizing. len(Fold(s)) == len(s). A text
// without Traditional characters is returned as it is, without copying.
func Fold(s string) string {
	t := loadFoldTable()
	i := t.firstChange(s)
	if i < 0 {
		return s
	}
	b := []byte(s)
	t.foldInPlace(b[i:])
	return string(b)
}

// firstChange returns the offset of the first character of s that folds to
// another, or -1. Three-byte characters (all of CJK) are decoded inline.
func (t *foldTable) firstChange(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				if r >= t.lo && r <= t.hi {
					if to := t.dense[r-t.lo]; to != 0 && to != r {
						return i
					}
				}
				i += 3
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if t.lookup(r) != r {
			return i
		}
		i += size
	}
	return -1
}

package privacy

import (
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		in, want rune
	}{
		{'１', '1'}, {'Ａ', 'A'}, {'（', '('}, {'＠', '@'}, {'　', ' '}, {'—', '-'},
		{'・', '·'}, {'滬', '沪'}, {'粵', '粤'}, {'號', '号'}, {'張', '张'}, {'a', 'a'}, {'川', '川'},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeOffsets(t *testing.T) {
	tests := []string{"", "abc", "川Ａ１２", "a\xffb", "號\xe4\xb8"}
	for _, s := range tests {
		nt := normalize(s)
		if len(nt.off) != len(nt.r)+1 || nt.off[len(nt.r)] != len(s) {
			t.Fatalf("normalize(%q): %d runes, %d offsets", s, len(nt.r), len(nt.off))
		}
		for i := range nt.r {
			if nt.off[i] >= nt.off[i+1] {
				t.Errorf("normalize(%q): offsets not increasing at %d", s, i)
			}
			if _, w := utf8.DecodeRuneInString(s[nt.off[i]:]); nt.off[i]+w != nt.off[i+1] {
				t.Errorf("normalize(%q): offset %d not a rune boundary", s, i)
			}
		}
	}
}

// TestTradPairs checks the table tradToSimp searches: sorted, each
// Traditional character once, each mapped to another character, and each
// found by fold.
func TestTradPairs(t *testing.T) {
	for i, p := range tradPairs {
		if i > 0 && tradPairs[i-1].trad >= p.trad {
			t.Errorf("tradPairs not sorted at %c", p.trad)
		}
		if p.trad == p.simp {
			t.Errorf("%c maps to itself", p.trad)
		}
		if got := fold(p.trad); got != p.simp {
			t.Errorf("fold(%c) = %c, want %c", p.trad, got, p.simp)
		}
	}
}

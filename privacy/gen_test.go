package privacy

import (
	"fmt"
	"strings"
	"testing"
)

// Functions that make invented but valid test data.

// completeID appends the MOD 11-2 check character to 17 digits.
func completeID(p17 string) string {
	if len(p17) != 17 {
		panic("completeID needs 17 digits: " + p17)
	}
	return p17 + string(idCheckDigit([]rune(p17)))
}

// wrongID appends a check character that is not the right one.
func wrongID(p17 string) string {
	c := idCheckDigit([]rune(p17))
	w := '0'
	if c == '0' {
		w = '1'
	}
	return p17 + string(w)
}

// idEndingX returns an ID starting with the 14 given digits (region and
// birth date) whose check character is X.
func idEndingX(p14 string) string {
	for k := 0; k < 1000; k++ {
		id := completeID(fmt.Sprintf("%s%03d", p14, k))
		if id[17] == 'X' {
			return id
		}
	}
	panic("no X check digit for " + p14)
}

// luhnDigit returns the digit that makes prefix+digit Luhn-valid.
func luhnDigit(prefix string) byte {
	for d := byte('0'); d <= '9'; d++ {
		if luhnValid([]rune(prefix + string(d))) {
			return d
		}
	}
	panic("unreachable")
}

// completeCard appends the Luhn check digit.
func completeCard(prefix string) string { return prefix + string(luhnDigit(prefix)) }

// wrongCard appends a digit that fails the Luhn check.
func wrongCard(prefix string) string {
	d := luhnDigit(prefix)
	return prefix + string('0'+(d-'0'+1)%10)
}

// group4 writes digits in groups of four separated by sep.
func group4(s, sep string) string {
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), sep)
}

// fullWidth converts ASCII letters and digits to their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// kindsOf lists the kinds of findings, in order.
func kindsOf(fs []Finding) []Kind {
	var ks []Kind
	for _, f := range fs {
		ks = append(ks, f.Kind)
	}
	return ks
}

// wantFindings checks that scanning in yields exactly the (kind, text) pairs.
func wantFindings(t *testing.T, g *Guard, in string, want ...string) {
	t.Helper()
	got := g.Scan(in)
	var gs []string
	for _, f := range got {
		gs = append(gs, string(f.Kind)+"="+f.Text)
		if in[f.Start:f.End] != f.Text {
			t.Errorf("Scan(%q): Text %q does not match offsets %d:%d", in, f.Text, f.Start, f.End)
		}
	}
	if strings.Join(gs, "|") != strings.Join(want, "|") {
		t.Errorf("Scan(%q)\n got  %q\n want %q", in, gs, want)
	}
}

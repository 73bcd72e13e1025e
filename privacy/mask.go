package privacy

import (
	"strings"
	"unicode/utf8"
)

// Mask returns s with its middle replaced by stars, so that messages can
// point at personal data without repeating it. Separators (spaces, hyphens,
// dots, parentheses, plus signs) stay in place and are not counted. How much
// is kept depends on the number n of counted characters:
//
//	1         nothing            *
//	2–4       first 1            张** (names)
//	5–7       first 1, last 1    川*****5
//	8–10      first 2, last 2
//	11        first 3, last 4    138****5678 (mobile numbers)
//	≥ 12      first 4, last 4    5101**********1234 (ID numbers)
//
// An e-mail address keeps the first character of its local part and the
// whole domain: z***@example.org.
func Mask(s string) string {
	if s == "" {
		return ""
	}
	if at := strings.LastIndexByte(s, '@'); at > 0 && at < len(s)-1 {
		r, _ := utf8.DecodeRuneInString(s)
		if r != utf8.RuneError && !isMaskSep(r) {
			return string(r) + "***" + s[at:]
		}
	}
	rs := []rune(s)
	n := 0
	for _, r := range rs {
		if !isMaskSep(r) {
			n++
		}
	}
	if n == 0 {
		return strings.Repeat("*", len(rs))
	}
	head, tail := keepCounts(n)
	var b strings.Builder
	b.Grow(len(s))
	k := 0 // index among counted runes
	for _, r := range rs {
		if isMaskSep(r) {
			b.WriteRune(r)
			continue
		}
		if k < head || k >= n-tail {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		k++
	}
	return b.String()
}

// keepCounts returns how many counted characters to keep at each end.
func keepCounts(n int) (head, tail int) {
	switch {
	case n == 1:
		return 0, 0
	case n <= 4:
		return 1, 0
	case n <= 7:
		return 1, 1
	case n <= 10:
		return 2, 2
	case n == 11:
		return 3, 4
	}
	return 4, 4
}

// isMaskSep reports whether r is a separator kept in place by Mask.
func isMaskSep(r rune) bool {
	switch r {
	case ' ', '-', '·', '.', '(', ')', '+', '（', '）', '　', '－':
		return true
	}
	return false
}

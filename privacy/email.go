package privacy

// E-mail addresses.
//
// An address is a local part of ASCII letters, digits and ._%+- , an @ (a
// full-width ＠ is folded to @), and a domain of at least two dot-separated
// labels of letters, digits and hyphens whose last label is at least two
// letters. Each @ is expanded left and right; neither expansion crosses
// another @, so the scan is linear.

func isLocalChar(r rune) bool {
	return isASCIIAlnum(r) || r == '.' || r == '_' || r == '%' || r == '+' || r == '-'
}

func isDomainChar(r rune) bool { return isASCIIAlnum(r) || r == '.' || r == '-' }

// scanEmails finds e-mail addresses.
func scanEmails(t *normText, out []hit) []hit {
	r := t.r
	for at, c := range r {
		if c != '@' {
			continue
		}
		s := at
		for s > 0 && isLocalChar(r[s-1]) {
			s--
		}
		for s < at && (r[s] == '.' || r[s] == '-' || r[s] == '+') {
			s++
		}
		if s == at {
			continue
		}
		e := at + 1
		for e < len(r) && isDomainChar(r[e]) {
			e++
		}
		for e > at+1 && (r[e-1] == '.' || r[e-1] == '-') {
			e--
		}
		if !validDomain(r[at+1 : e]) {
			continue
		}
		out = append(out, hit{KindEmail, s, e})
	}
	return out
}

// validDomain reports whether d has two or more non-empty labels and a
// top-level label of two or more letters.
func validDomain(d []rune) bool {
	labels, labelLen, tldLetters := 0, 0, true
	for _, c := range d {
		if c == '.' {
			if labelLen == 0 {
				return false
			}
			labels++
			labelLen, tldLetters = 0, true
			continue
		}
		labelLen++
		if !isASCIIAlpha(c) {
			tldLetters = false
		}
	}
	return labels >= 1 && labelLen >= 2 && tldLetters
}

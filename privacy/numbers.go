package privacy

// hit is a detector's result: a kind and a rune span [i, j) of a normText.
type hit struct {
	kind Kind
	i, j int
}

// severityOf returns the severity reported for a kind: address fragments are
// warnings, everything else is an error.
func severityOf(k Kind) Severity {
	if k == KindAddress {
		return Warning
	}
	return Error
}

func isDigit(r rune) bool      { return r >= '0' && r <= '9' }
func isASCIIAlpha(r rune) bool { return r|0x20 >= 'a' && r|0x20 <= 'z' }
func isASCIIAlnum(r rune) bool { return isDigit(r) || isASCIIAlpha(r) }
func isUpperAlnum(r rune) bool { return isDigit(r) || (r >= 'A' && r <= 'Z') }
func isNumberSep(r rune) bool  { return r == ' ' || r == '-' }
func digitsEqual(r []rune, s string) bool {
	if len(r) != len(s) {
		return false
	}
	for i := range r {
		if r[i] != rune(s[i]) {
			return false
		}
	}
	return true
}

// group is a run of ASCII digits at runes [s, e) of a normText.
type group struct{ s, e int }

func (g group) len() int { return g.e - g.s }

// scanNumbers finds ID numbers, mobile and landline numbers and bank cards.
//
// It walks the text once, collecting chains of digit groups joined by a
// single space or hyphen ("138 1234 5678", "010-12345678"), and tries the
// number patterns at each group of a chain. A match must start and end on
// group boundaries, so it is never part of a longer digit run; a chain glued
// to ASCII letters (an order or parcel code), to a decimal point, to a
// currency sign or to an amount unit (元, 万, 亿, %) is not treated as a
// number, except for an 18-digit ID number, whose check digit and birth date
// make it unambiguous.
func scanNumbers(t *normText, out []hit) []hit {
	r := t.r
	n := len(r)
	var gs []group
	for i := 0; i < n; {
		if !isDigit(r[i]) {
			i++
			continue
		}
		gs = gs[:0]
		j := i
		for {
			s := j
			for j < n && isDigit(r[j]) {
				j++
			}
			gs = append(gs, group{s, j})
			if j+1 < n && isNumberSep(r[j]) && isDigit(r[j+1]) {
				j++
				continue
			}
			break
		}
		out = matchChain(t, gs, out)
		i = j
	}
	return out
}

// chainEdges reports whether the text just before a chain starting at rune s
// and just after a chain ending at rune e glue it into a code or a decimal.
func chainEdges(r []rune, s, e int) (leftGlued, rightGlued bool) {
	if s > 0 {
		p := r[s-1]
		leftGlued = isASCIIAlpha(p) || (p == '.' && s > 1 && isDigit(r[s-2])) || p == '_' || p == '/' ||
			p == '¥' || p == '￥' || p == '$'
	}
	if e < len(r) {
		q := r[e]
		rightGlued = isASCIIAlpha(q) || (q == '.' && e+1 < len(r) && isDigit(r[e+1])) || q == '_' || q == '/' || q == '@' ||
			isAmountUnit(q)
	}
	return
}

// isAmountUnit reports whether r marks the number before it as an amount
// (13500000000元 is a sum of money, not a phone number).
func isAmountUnit(r rune) bool {
	switch r {
	case '元', '万', '亿', '%', '‰':
		return true
	}
	return false
}

// matchChain tries the number patterns at each group of one chain.
func matchChain(t *normText, gs []group, out []hit) []hit {
	r := t.r
	last := len(gs) - 1
	leftGlued, rightGlued := chainEdges(r, gs[0].s, gs[last].e)
	// startOK: a match may start at group a.
	startOK := func(a int) bool {
		if a == 0 {
			return !leftGlued
		}
		return r[gs[a].s-1] == ' '
	}
	// endOK: a match may end at group b.
	endOK := func(b int) bool {
		if b == last {
			return !rightGlued
		}
		return r[gs[b].e] == ' '
	}
	for a := 0; a <= last; {
		if m, ok := matchID(t, gs, a, last, rightGlued, startOK); ok {
			out = append(out, m.h)
			a = m.next
			continue
		}
		if !startOK(a) {
			a++
			continue
		}
		if m, ok := matchMobile(t, gs, a, endOK); ok {
			out = append(out, m.h)
			a = m.next
			continue
		}
		if m, ok := matchLandline(t, gs, a, endOK); ok {
			out = append(out, m.h)
			a = m.next
			continue
		}
		if m, ok := matchBankCard(t, gs, a, endOK); ok {
			out = append(out, m.h)
			a = m.next
			continue
		}
		a++
	}
	return out
}

// match is a hit and the index of the first group after it.
type match struct {
	h    hit
	next int
}

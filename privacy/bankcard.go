package privacy

// Bank card numbers.
//
// A bank card number is 16–19 digits that pass the Luhn check, written in one
// run or in groups of four separated by spaces or hyphens (the last group may
// be shorter). To keep order and serial numbers out, the first digit must be
// one that card schemes use (3, 4, 5, 6 or 9), and an 18-digit run that has
// the structure of an ID number (province code and birth date) is left to the
// ID detector, which rejects it when its check digit is wrong.

// luhnValid reports whether digits pass the Luhn check.
func luhnValid(d []rune) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// cardCandidate reports whether digits may be a card number.
func cardCandidate(d []rune) bool {
	if len(d) < 16 || len(d) > 19 {
		return false
	}
	switch d[0] {
	case '3', '4', '5', '6', '9':
	default:
		return false
	}
	if len(d) == 18 && idStructure(d) {
		return false
	}
	return luhnValid(d)
}

// matchBankCard tries a card number at group a of a chain.
func matchBankCard(t *normText, gs []group, a int, endOK func(int) bool) (match, bool) {
	r := t.r
	g := gs[a]
	if cardCandidate(r[g.s:g.e]) && endOK(a) {
		return match{hit{KindBankCard, g.s, g.e}, a + 1}, true
	}
	if g.len() != 4 || a+3 >= len(gs) {
		return match{}, false
	}
	d := make([]rune, 0, 19)
	b := a
	for ; b < len(gs) && b < a+4 && gs[b].len() == 4; b++ {
		d = append(d, r[gs[b].s:gs[b].e]...)
	}
	if b < a+4 {
		return match{}, false
	}
	// Four full groups; a fifth short group makes 17–19 digits.
	if b < len(gs) && gs[b].len() <= 3 {
		full := append(append([]rune(nil), d...), r[gs[b].s:gs[b].e]...)
		if cardCandidate(full) && endOK(b) {
			return match{hit{KindBankCard, g.s, gs[b].e}, b + 1}, true
		}
	}
	if cardCandidate(d) && endOK(b-1) {
		return match{hit{KindBankCard, g.s, gs[b-1].e}, b}, true
	}
	return match{}, false
}

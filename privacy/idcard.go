package privacy

// ID numbers (居民身份证号码, GB 11643-1999).
//
// An 18-digit number is an ID when its first two digits are a province-level
// code, digits 7–14 are a valid birth date (YYYYMMDD, 1900–2099) and the last
// character is the ISO 7064 MOD 11-2 check digit (0–9 or X). A 15-digit number
// (the pre-1999 form) is an ID when it has a province code and a valid YYMMDD
// birth date in the 1900s. The 18 characters may be written in one run or
// grouped 6-8-4 ("510104 19900101 1234") or 4-4-4-4-2.

// idWeights are the MOD 11-2 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// idCheckDigit returns the check character for 17 digits.
func idCheckDigit(d []rune) rune {
	sum := 0
	for i, c := range d[:17] {
		sum += int(c-'0') * idWeights[i]
	}
	return rune(idCheckChars[sum%11])
}

// validProvince reports whether two digits are a province-level region code.
func validProvince(a, b rune) bool {
	code := int(a-'0')*10 + int(b-'0')
	switch {
	case code >= 11 && code <= 15, code >= 21 && code <= 23, code >= 31 && code <= 37,
		code >= 41 && code <= 46, code >= 50 && code <= 54, code >= 61 && code <= 65,
		code == 71, code == 81, code == 82, code == 83:
		return true
	}
	return false
}

// num parses ASCII digits.
func num(d []rune) int {
	v := 0
	for _, c := range d {
		v = v*10 + int(c-'0')
	}
	return v
}

// validDate reports whether y-m-d is a calendar date.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// idStructure reports whether 17 or more digits have an ID's province code
// and birth date, whatever the check digit.
func idStructure(d []rune) bool {
	if len(d) < 14 || !validProvince(d[0], d[1]) {
		return false
	}
	y := num(d[6:10])
	return y >= 1900 && y <= 2099 && validDate(y, num(d[10:12]), num(d[12:14]))
}

// validID18 reports whether 17 digits and a check character form a valid ID.
func validID18(d []rune, check rune) bool {
	if check == 'x' {
		check = 'X'
	}
	return idStructure(d) && idCheckDigit(d) == check
}

// validID15 reports whether 15 digits form a valid old-style ID.
func validID15(d []rune) bool {
	return len(d) == 15 && validProvince(d[0], d[1]) &&
		validDate(1900+num(d[6:8]), num(d[8:10]), num(d[10:12]))
}

// matchID tries an ID number at group a of a chain.
func matchID(t *normText, gs []group, a, last int, rightGlued bool, startOK func(int) bool) (match, bool) {
	r := t.r
	g := gs[a]
	// The check character X ends the chain, so it can only follow the last group.
	xAfter := func(b int) bool {
		e := gs[b].e
		return b == last && e < len(r) && (r[e] == 'X' || r[e] == 'x') &&
			(e+1 == len(r) || !isASCIIAlnum(r[e+1]))
	}
	plainEnd := func(b int) bool {
		if b == last {
			return !rightGlued
		}
		return r[gs[b].e] == ' '
	}
	// The left edge: an 18-digit ID may follow letters ("ID510…"), not digits.
	if a > 0 && r[g.s-1] != ' ' {
		return match{}, false
	}
	switch {
	case g.len() == 18 && plainEnd(a) && validID18(r[g.s:g.e-1], r[g.e-1]):
		return match{hit{KindIDCard, g.s, g.e}, a + 1}, true
	case g.len() == 17 && xAfter(a) && validID18(r[g.s:g.e], r[g.e]):
		return match{hit{KindIDCard, g.s, g.e + 1}, a + 1}, true
	case g.len() == 15 && startOK(a) && plainEnd(a) && validID15(r[g.s:g.e]):
		return match{hit{KindIDCard, g.s, g.e}, a + 1}, true
	}
	// Grouped 6-8-4 or 4-4-4-4-2 (the last group one shorter before an X).
	for _, shape := range [][]int{{6, 8, 4}, {4, 4, 4, 4, 2}} {
		k := len(shape)
		if a+k-1 > last {
			continue
		}
		fits := true
		for q := 0; q < k-1; q++ {
			fits = fits && gs[a+q].len() == shape[q]
		}
		if !fits {
			continue
		}
		d := make([]rune, 0, 18)
		for q := 0; q < k; q++ {
			d = append(d, r[gs[a+q].s:gs[a+q].e]...)
		}
		h := gs[a+k-1]
		switch {
		case h.len() == shape[k-1] && plainEnd(a+k-1) && validID18(d[:17], d[17]):
			return match{hit{KindIDCard, g.s, h.e}, a + k}, true
		case h.len() == shape[k-1]-1 && xAfter(a+k-1) && validID18(d, r[h.e]):
			return match{hit{KindIDCard, g.s, h.e + 1}, a + k}, true
		}
	}
	return match{}, false
}

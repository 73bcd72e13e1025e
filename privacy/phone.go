package privacy

// Phone numbers.
//
// A mobile number is 11 digits starting 13–19, written in one run or grouped
// 3-4-4 with spaces or hyphens, optionally after +86 / 86 ("+86 138 1234 5678",
// "8613812345678"). A landline number is an area code (010, 02x, or 0 and three
// more digits) joined by a hyphen or space, or in parentheses ("（010）"), to a
// 7- or 8-digit local number that does not start with 0 or 1, optionally
// followed by a hyphenated extension of up to four digits. A number inside a
// longer digit run is not matched (see scanNumbers).

// isMobileStart reports whether d starts like a mobile number (1[3-9]).
func isMobileStart(d []rune) bool { return len(d) >= 2 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' }

// matchMobile tries a mobile number at group a of a chain.
func matchMobile(t *normText, gs []group, a int, endOK func(int) bool) (match, bool) {
	r := t.r
	start := gs[a].s
	if start > 0 && r[start-1] == '+' {
		start-- // "+86…": report the plus sign with the number
	}
	digits := func(g group) []rune { return r[g.s:g.e] }
	try := func(b int) (match, bool) {
		g := gs[b]
		if g.len() == 11 && isMobileStart(digits(g)) && endOK(b) {
			return match{hit{KindMobile, start, g.e}, b + 1}, true
		}
		if b+2 < len(gs) && g.len() == 3 && gs[b+1].len() == 4 && gs[b+2].len() == 4 &&
			isMobileStart(digits(g)) && endOK(b+2) {
			return match{hit{KindMobile, start, gs[b+2].e}, b + 3}, true
		}
		return match{}, false
	}
	g := gs[a]
	if g.len() == 13 && digitsEqual(r[g.s:g.s+2], "86") && isMobileStart(r[g.s+2:g.e]) && endOK(a) {
		return match{hit{KindMobile, start, g.e}, a + 1}, true
	}
	if g.len() == 2 && digitsEqual(digits(g), "86") && a+1 < len(gs) {
		if m, ok := try(a + 1); ok {
			return m, true
		}
	}
	if start != gs[a].s {
		start = gs[a].s // a plus sign belongs only to a country code
	}
	return try(a)
}

// areaCodeLen returns the length of the area code that d starts with, or 0.
func areaCodeLen(d []rune) int {
	if len(d) < 3 || d[0] != '0' {
		return 0
	}
	switch d[1] {
	case '0':
		return 0
	case '1':
		if d[2] == '0' {
			return 3
		}
		return 0
	case '2':
		return 3
	}
	return 4
}

// localStart reports whether a local number may start with c.
func localStart(c rune) bool { return c >= '2' && c <= '9' }

// matchLandline tries "area-local" at group a of a chain.
func matchLandline(t *normText, gs []group, a int, endOK func(int) bool) (match, bool) {
	r := t.r
	g := gs[a]
	if a+1 >= len(gs) || areaCodeLen(r[g.s:g.e]) != g.len() {
		return match{}, false
	}
	b, ok := matchLocal(r, gs, a+1)
	if !ok || !endOK(b) {
		return match{}, false
	}
	return match{hit{KindLandline, g.s, gs[b].e}, b + 1}, true
}

// matchLocal matches a local number (with an optional extension) starting at
// group a and returns the index of its last group.
func matchLocal(r []rune, gs []group, a int) (int, bool) {
	g := gs[a]
	if !localStart(r[g.s]) {
		return 0, false
	}
	b := -1
	switch {
	case g.len() == 7 || g.len() == 8:
		b = a
	case (g.len() == 3 || g.len() == 4) && a+1 < len(gs) && gs[a+1].len() == 4:
		b = a + 1
	default:
		return 0, false
	}
	if b+1 < len(gs) && r[gs[b].e] == '-' && gs[b+1].len() <= 4 {
		b++ // extension
	}
	return b, true
}

// scanParenLandlines finds "(010)12345678" and "(0755) 1234-5678".
func scanParenLandlines(t *normText, out []hit) []hit {
	r := t.r
	n := len(r)
	for i := 0; i < n; i++ {
		if r[i] != '(' {
			continue
		}
		j := i + 1
		for j < n && isDigit(r[j]) {
			j++
		}
		if j >= n || r[j] != ')' || j-i-1 < 3 || areaCodeLen(r[i+1:j]) != j-i-1 {
			continue
		}
		k := j + 1
		if k < n && r[k] == ' ' {
			k++
		}
		// Collect the local number's chain.
		var gs []group
		for p := k; p < n && isDigit(r[p]); {
			s := p
			for p < n && isDigit(r[p]) {
				p++
			}
			gs = append(gs, group{s, p})
			if p+1 < n && isNumberSep(r[p]) && isDigit(r[p+1]) {
				p++
				continue
			}
			break
		}
		if len(gs) == 0 {
			continue
		}
		b, ok := matchLocal(r, gs, 0)
		if !ok {
			continue
		}
		e := gs[b].e
		if b != len(gs)-1 && r[e] != ' ' {
			continue
		}
		if _, right := chainEdges(r, k, e); right || (b == len(gs)-1 && e < n && isDigit(r[e])) {
			continue
		}
		out = append(out, hit{KindLandline, i, e})
		i = e - 1
	}
	return out
}

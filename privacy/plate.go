package privacy

// Vehicle plates.
//
// A plate is a province abbreviation (Traditional forms such as 滬, 粵 are
// folded first), an upper-case letter, an optional separator (middle dot,
// space, hyphen) and then either five letters or digits (ordinary plates),
// six (new-energy plates), or four followed by 学, 警, 挂, 港, 澳, 使 or 领.
// The characters after the letter must include a digit and must not run on
// into more letters or digits.

// plateProvince reports whether r is a (Simplified) province abbreviation used on plates.
func plateProvince(r rune) bool {
	switch r {
	case '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏',
		'浙', '赣', '鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏',
		'川', '宁', '琼', '蜀', '黔', '滇':
		return true
	}
	return false
}

// plateSuffix reports whether r may end a plate after four letters or digits.
func plateSuffix(r rune) bool {
	switch r {
	case '学', '警', '挂', '港', '澳', '使', '领':
		return true
	}
	return false
}

// scanPlates finds vehicle plates.
func scanPlates(t *normText, out []hit) []hit {
	r := t.r
	n := len(r)
	for i := 0; i+6 < n; i++ {
		if !plateProvince(r[i]) || r[i+1] < 'A' || r[i+1] > 'Z' {
			continue
		}
		k := i + 2
		if r[k] == '·' || r[k] == ' ' || r[k] == '-' || r[k] == '.' {
			k++
		}
		s := k
		digits := 0
		for k < n && k-s < 7 && isUpperAlnum(r[k]) {
			if isDigit(r[k]) {
				digits++
			}
			k++
		}
		m := k - s
		if digits == 0 || (k < n && isASCIIAlnum(r[k])) {
			continue
		}
		switch {
		case m == 5 || m == 6:
		case m == 4 && k < n && plateSuffix(r[k]):
			k++
		default:
			continue
		}
		out = append(out, hit{KindPlate, i, k})
		i = k - 1
	}
	return out
}

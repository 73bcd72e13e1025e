package privacy

import "unicode/utf8"

// Addresses below county level (warnings).
//
// The detector recognises the shapes that court-document rules ask to remove:
// 路/街/巷/大道 + number + 号 ("解放路123号", "人民南路三段17号"),
// 村 + number + 组/社 ("幸福村3组"), 小区 + number + 栋/幢/号楼 ("阳光小区5栋"),
// number + 弄 ("123弄"), and number + 号 … number + 室 ("5号楼2单元301室").
// A match then runs on over further units (栋, 单元, 楼, 层, 室, …) and starts
// up to four Chinese characters before its keyword, so the message shows the
// street or village name.

// isCNNumeral reports whether r is a Chinese numeral used in addresses.
func isCNNumeral(r rune) bool {
	switch r {
	case '零', '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '两':
		return true
	}
	return false
}

// addrNumber returns the end of an address number starting at i: ASCII digits
// (possibly "12-3"), or, when cn is set, also Chinese numerals. It returns i
// when there is none.
func addrNumber(r []rune, i int, cn bool) int {
	j := i
	for j < len(r) && j-i < 8 && isDigit(r[j]) {
		j++
		if j+1 < len(r) && r[j] == '-' && isDigit(r[j+1]) {
			j++
		}
	}
	if j > i || !cn {
		return j
	}
	for j < len(r) && j-i < 5 && isCNNumeral(r[j]) {
		j++
	}
	return j
}

// addrUnits lists the units a number may carry, longest first.
var addrUnits = []string{"号楼", "号院", "单元", "号", "栋", "幢", "楼", "层", "室", "组", "社", "弄", "户", "座"}

// addrUnit returns the length in runes of the unit at i, or 0.
func addrUnit(r []rune, i int) (int, rune) {
	for _, u := range addrUnits {
		if hasAt(r, i, u) {
			l := utf8.RuneCountInString(u)
			return l, r[i+l-1]
		}
	}
	return 0, 0
}

// hasAt reports whether the runes at i spell s.
func hasAt(r []rune, i int, s string) bool {
	for _, c := range s {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return true
}

// numberUnit matches number + one of the given unit characters at i and
// returns its end, or -1.
func numberUnit(r []rune, i int, cn bool, units ...string) int {
	j := addrNumber(r, i, cn)
	if j == i {
		return -1
	}
	for _, u := range units {
		if hasAt(r, j, u) {
			return j + utf8.RuneCountInString(u)
		}
	}
	return -1
}

// addrTail extends an address over at most six further number+unit pairs
// (the bound keeps the scan linear) and reports whether a 室 unit was among them.
func addrTail(r []rune, e int) (int, bool) {
	room := false
	for range 6 {
		j := addrNumber(r, e, false)
		if j == e {
			// A bare 院 or 楼 right after 号 ("12号院").
			return e, room
		}
		l, last := addrUnit(r, j)
		if l == 0 {
			return e, room
		}
		if last == '室' {
			room = true
		}
		e = j + l
	}
	return e, room
}

// isAddrStop reports whether r ends the backward extension of an address.
func isAddrStop(r rune) bool {
	switch r {
	case '在', '于', '住', '至', '到', '址', '是', '的', '为', '和', '与', '及', '从', '往', '近', '位', '家':
		return true
	}
	return false
}

// isHan reports whether r is a CJK unified ideograph.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF }

// addrStart moves a start back over up to four Chinese characters.
func addrStart(r []rune, i int) int {
	for k := 0; k < 4 && i > 0 && isHan(r[i-1]) && !isAddrStop(r[i-1]); k++ {
		i--
	}
	return i
}

// scanAddresses finds address fragments below county level.
func scanAddresses(t *normText, out []hit) []hit {
	r := t.r
	n := len(r)
	for i := 0; i < n; i++ {
		e := matchAddressAt(r, i)
		if e < 0 {
			continue
		}
		e, _ = addrTail(r, e)
		out = append(out, hit{KindAddress, addrStart(r, i), e})
		i = e - 1
	}
	return out
}

// matchAddressAt tries the address shapes at rune i and returns the end of the
// core match, or -1.
func matchAddressAt(r []rune, i int) int {
	c := r[i]
	switch {
	case c == '路' || c == '街' || c == '巷' || (c == '大' && hasAt(r, i, "大道")):
		k := i + 1
		if c == '大' {
			k++
		}
		// An optional section: "三段", "2段".
		if j := numberUnit(r, k, true, "段"); j > 0 {
			k = j
		}
		return numberUnit(r, k, true, "号")
	case c == '村':
		return numberUnit(r, i+1, true, "组", "社")
	case c == '小' && hasAt(r, i, "小区"):
		return numberUnit(r, i+2, true, "栋", "幢", "号楼")
	case isDigit(c) && (i == 0 || !isDigit(r[i-1])) && (i == 0 || !isASCIIAlpha(r[i-1])):
		if j := numberUnit(r, i, false, "弄"); j > 0 {
			return j
		}
		j := numberUnit(r, i, false, "号楼", "号院", "号", "栋", "幢")
		if j < 0 {
			return -1
		}
		if e, room := addrTail(r, j); room {
			return e
		}
	}
	return -1
}

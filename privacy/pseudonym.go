package privacy

import "strings"

// Pseudonyms.
//
// A case names people by declared pseudonyms (小吉) and must say so at the
// first use: 小吉（化名）, 小吉(化名), 小吉（均为化名）, or in a list
// 小吉、小花（均系化名）, where a parenthesis that contains 化名 follows the
// list. A mark just before the name (化名小吉, 化名为“小吉”) counts too.
// Matching folds full-width and Traditional characters on both sides.

// CheckPseudonyms reports each declared pseudonym whose first use in body is
// not marked 化名 (KindPseudonymUnmarked, at that use), and each one that body
// never uses (KindPseudonymUnused, Start = End = 0, Text the pseudonym).
// Blank and repeated pseudonyms are ignored.
func CheckPseudonyms(body string, pseudonyms []string) []Finding {
	var declared [][]rune
	var names []string
	seen := map[string]bool{}
	for _, p := range pseudonyms {
		p = strings.TrimSpace(p)
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		declared = append(declared, foldRunes(p, fold))
		names = append(names, p)
	}
	if len(declared) == 0 {
		return nil
	}
	t := normalize(body)
	var out []Finding
	for k, p := range declared {
		i := firstUse(t.r, p, declared)
		if i < 0 {
			out = append(out, Finding{Kind: KindPseudonymUnused, Severity: Error, Text: names[k]})
			continue
		}
		if marked(t.r, i, i+len(p)) {
			continue
		}
		s, e := t.span(i, i+len(p))
		out = append(out, Finding{Kind: KindPseudonymUnmarked, Severity: Error, Start: s, End: e, Text: body[s:e]})
	}
	sortFindings(out)
	return out
}

// firstUse returns the first index of p in r that is not the start of a
// longer declared pseudonym (小吉 inside 小吉祥), or -1.
func firstUse(r, p []rune, declared [][]rune) int {
	for i := 0; i+len(p) <= len(r); i++ {
		if !runesAt(r, i, p) {
			continue
		}
		longer := false
		for _, q := range declared {
			if len(q) > len(p) && runesAt(r, i, q) {
				longer = true
				break
			}
		}
		if !longer {
			return i
		}
	}
	return -1
}

func runesAt(r []rune, i int, p []rune) bool {
	if i+len(p) > len(r) {
		return false
	}
	for k, c := range p {
		if r[i+k] != c {
			return false
		}
	}
	return true
}

func isOpenQuote(r rune) bool {
	return r == '“' || r == '"' || r == '「' || r == '『' || r == '‘'
}
func isCloseQuote(r rune) bool {
	return r == '”' || r == '"' || r == '」' || r == '』' || r == '’'
}
func isListSep(r rune) bool {
	return r == '、' || r == ',' || r == '，' || r == '和' || r == '与' || r == '及' || r == '或'
}

// marked reports whether the use of a pseudonym at runes [s, e) carries a 化名 mark.
func marked(r []rune, s, e int) bool {
	// Before: 化名小吉, 化名为小吉, 化名：“小吉”.
	b := s
	if b > 0 && isOpenQuote(r[b-1]) {
		b--
	}
	if b > 0 && (r[b-1] == ':' || r[b-1] == '：' || r[b-1] == '为' || r[b-1] == '叫') {
		b--
	}
	if b >= 2 && r[b-2] == '化' && r[b-1] == '名' {
		return true
	}
	// After: a parenthesis holding 化名, possibly after a list of other names.
	k := e
	for items := 0; items < 8; items++ {
		if k < len(r) && isCloseQuote(r[k]) {
			k++
		}
		if k < len(r) && r[k] == '(' {
			return parenHasMark(r, k+1)
		}
		if k >= len(r) || !isListSep(r[k]) {
			return false
		}
		k++
		if k < len(r) && isOpenQuote(r[k]) {
			k++
		}
		j := k
		for j < len(r) && j-k < 8 && (isHan(r[j]) || isASCIIAlnum(r[j])) && !isListSep(r[j]) {
			j++
		}
		if j == k {
			return false
		}
		k = j
	}
	return false
}

// parenHasMark reports whether the parenthesis opened before i contains 化名
// before it closes (within 24 characters).
func parenHasMark(r []rune, i int) bool {
	for j := i; j+1 < len(r) && j-i < 24 && r[j] != ')'; j++ {
		if r[j] == '化' && r[j+1] == '名' {
			return true
		}
	}
	return false
}

package privacy

// Property certificate numbers.
//
// A real-estate title certificate number is written "…不动产权第0123456号"
// (or 不动产证明第…号 for a certificate of registration). The detector
// matches the fixed words, optional spaces, at least one digit and 号.

// scanPropertyCerts finds property certificate numbers.
func scanPropertyCerts(t *normText, out []hit) []hit {
	r := t.r
	for i := range r {
		if r[i] != '不' {
			continue
		}
		var k int
		switch {
		case hasAt(r, i, "不动产权第"):
			k = i + 5
		case hasAt(r, i, "不动产证明第"):
			k = i + 6
		default:
			continue
		}
		for k < len(r) && r[k] == ' ' {
			k++
		}
		s := k
		for k < len(r) && isDigit(r[k]) {
			k++
		}
		if k == s || k >= len(r) || r[k] != '号' {
			continue
		}
		out = append(out, hit{KindPropertyCert, i, k + 1})
	}
	return out
}

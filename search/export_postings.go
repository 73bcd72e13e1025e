package search

import (
	"encoding/base64"
	"errors"
	"strconv"
)

// exportList is one posting list (one term in one field) as it is built:
// doc numbers delta-coded in base 36, and one character of exportTFDigits
// per doc for its term frequency.
type exportList struct {
	deltas []byte // "d,d,d": each doc number minus the previous one, minus one
	tfs    []byte // term frequencies, one character per doc (see exportTFDigits)
	last   int    // last doc appended, -1 for none
	count  int    // docs in the list
	multi  bool   // some tf is not 1
}

// exportLists are a term's posting lists, one per text field (nil: none).
type exportLists [len(textFields)]*exportList

// exportTFDigits encodes a term frequency of 1 to 61 as one character;
// larger ones are written "(base 36)".
const exportTFDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

func (l *exportList) add(n, tf int) {
	if l.count > 0 {
		l.deltas = append(l.deltas, ',')
	}
	l.deltas = exportAppendBase36(l.deltas, n-l.last-1)
	if tf < len(exportTFDigits) {
		l.tfs = append(l.tfs, exportTFDigits[tf])
	} else {
		l.tfs = append(l.tfs, '(')
		l.tfs = strconv.AppendInt(l.tfs, int64(tf), 36)
		l.tfs = append(l.tfs, ')')
	}
	l.multi = l.multi || tf != 1
	l.last = n
	l.count++
}

// encode renders the list for the browser:
//
//	DOCS[|TFS]
//
// DOCS is either the comma-separated base-36 deltas or, when shorter, "~"
// and the base64url (unpadded) bitmap of the docs (bit d%8 of byte d/8);
// TFS is present when some tf is not 1. docs is the number of docs.
func (l *exportList) appendEncoded(out []byte, docs int, withTF bool) []byte {
	if bitmapLen := 1 + base64.RawURLEncoding.EncodedLen((docs+7)/8); bitmapLen < len(l.deltas) {
		bits := make([]byte, (docs+7)/8)
		n, v := -1, 0
		for _, c := range l.deltas {
			if c == ',' {
				n += v + 1
				bits[n/8] |= 1 << (n % 8)
				v = 0
				continue
			}
			v = v*36 + exportBase36Digit(c)
		}
		n += v + 1
		bits[n/8] |= 1 << (n % 8)
		out = append(out, '~')
		out = base64.RawURLEncoding.AppendEncode(out, bits)
	} else {
		out = append(out, l.deltas...)
	}
	if withTF && l.multi {
		out = append(out, '|')
		out = append(out, l.tfs...)
	}
	return out
}

// exportBase36Digit is the value of a lower-case base-36 digit.
func exportBase36Digit(c byte) int {
	if c <= '9' {
		return int(c - '0')
	}
	return int(c-'a') + 10
}

// appendLists appends {"field index": "list", …} for a term's lists.
func appendLists(b []byte, lists *exportLists, docs int, withTF bool) []byte {
	return appendFieldMap(b, len(lists), func(b []byte, f int) ([]byte, bool) {
		l := lists[f]
		if l == nil {
			return b, false
		}
		b = append(b, '"')
		b = l.appendEncoded(b, docs, withTF) // base 36, base64url, '|', '(' and ')' need no escaping
		return append(b, '"'), true
	})
}

var errExportList = errors.New("search: malformed posting list")

// exportPosting is one doc of a decoded posting list.
type exportPosting struct {
	doc, tf int32
}

// exportParseList reads a list that appendEncoded wrote (tfs are 1 when
// the list has none).
func exportParseList(s []byte, out []exportPosting) ([]exportPosting, error) {
	docsPart, tfPart := s, []byte(nil)
	for i, c := range s {
		if c == '|' {
			docsPart, tfPart = s[:i], s[i+1:]
			break
		}
	}
	start := len(out)
	if len(docsPart) > 0 && docsPart[0] == '~' {
		bits, err := base64.RawURLEncoding.AppendDecode(nil, docsPart[1:])
		if err != nil {
			return nil, errExportList
		}
		for i, c := range bits {
			for k := range 8 {
				if c&(1<<k) != 0 {
					out = append(out, exportPosting{int32(i*8 + k), 1})
				}
			}
		}
	} else {
		n, v, digits := int32(-1), int32(0), 0
		for _, c := range docsPart {
			switch {
			case c == ',':
				if digits == 0 {
					return nil, errExportList
				}
				n += v + 1
				out = append(out, exportPosting{n, 1})
				v, digits = 0, 0
			case c >= '0' && c <= '9' || c >= 'a' && c <= 'z':
				v = v*36 + int32(exportBase36Digit(c))
				digits++
			default:
				return nil, errExportList
			}
		}
		if digits == 0 {
			return nil, errExportList
		}
		out = append(out, exportPosting{n + v + 1, 1})
	}
	if tfPart == nil {
		return out, nil
	}
	for i := start; i < len(out); i++ {
		if len(tfPart) == 0 {
			return nil, errExportList
		}
		if tfPart[0] != '(' {
			tf := exportTFValue(tfPart[0])
			if tf < 0 {
				return nil, errExportList
			}
			out[i].tf, tfPart = int32(tf), tfPart[1:]
			continue
		}
		v, k := int64(0), 1
		for ; k < len(tfPart) && tfPart[k] != ')'; k++ {
			c := tfPart[k]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
				return nil, errExportList
			}
			v = v*36 + int64(exportBase36Digit(c))
		}
		if k == len(tfPart) || k == 1 {
			return nil, errExportList
		}
		out[i].tf, tfPart = int32(v), tfPart[k+1:]
	}
	if len(tfPart) > 0 {
		return nil, errExportList
	}
	return out, nil
}

// exportTFValue is the term frequency of one exportTFDigits character, -1
// for another byte.
func exportTFValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 36
	}
	return -1
}

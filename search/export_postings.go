package search

import (
	"encoding/base64"
	"strconv"
)

// exportList is one posting list (one term in one field) as it is built:
// doc numbers delta-coded in base 36, and one character of exportTFDigits
// per doc for its term frequency.
type exportList struct {
	deltas []byte // "d,d,d": each doc number minus the previous one, minus one
	tfs    []byte // term frequencies, one digit per doc (see exportAppendTF)
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
	l.deltas = strconv.AppendInt(l.deltas, int64(n-l.last-1), 36)
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
func (l *exportList) encode(docs int, withTF bool) []byte {
	var out []byte
	if bitmapLen := 1 + base64.RawURLEncoding.EncodedLen((docs+7)/8); bitmapLen < len(l.deltas) {
		bits := make([]byte, (docs+7)/8)
		n := -1
		for _, d := range exportDeltas(l.deltas) {
			n += d + 1
			bits[n/8] |= 1 << (n % 8)
		}
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

// exportDeltas parses "d,d,d" (base 36).
func exportDeltas(b []byte) []int {
	var out []int
	v := 0
	for _, c := range b {
		switch {
		case c == ',':
			out = append(out, v)
			v = 0
		case c >= '0' && c <= '9':
			v = v*36 + int(c-'0')
		default:
			v = v*36 + int(c-'a') + 10
		}
	}
	return append(out, v)
}

// appendLists appends {"field index": "list", …} for a term's lists.
func appendLists(b []byte, lists *exportLists, docs int, withTF bool) []byte {
	return appendFieldMap(b, len(lists), func(b []byte, f int) ([]byte, bool) {
		l := lists[f]
		if l == nil {
			return b, false
		}
		b = append(b, '"')
		b = append(b, l.encode(docs, withTF)...) // base 36, base64url, '|', '(' and ')' need no escaping
		return append(b, '"'), true
	})
}

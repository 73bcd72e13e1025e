package search

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// The export's files are read back only to patch them, and only as this
// package writes them; the scanner below reads any JSON object, array or
// string, but does not check that numbers or literals are well formed.

var errExportJSON = errors.New("search: malformed export file")

// exportSkipSpace returns the index of the first byte at or after i that
// is not JSON white space.
func exportSkipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// exportScanString decodes the JSON string that starts at data[i] and
// returns it with the index after it.
func exportScanString(data []byte, i int) (string, int, error) {
	if i >= len(data) || data[i] != '"' {
		return "", 0, errExportJSON
	}
	i++
	if q := bytes.IndexByte(data[i:], '"'); q >= 0 && bytes.IndexByte(data[i:i+q], '\\') < 0 {
		return string(data[i : i+q]), i + q + 1, nil
	}
	out := []byte(nil)
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return string(out), i + 1, nil
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(data) {
			return "", 0, errExportJSON
		}
		switch data[i+1] {
		case '"', '\\', '/':
			out = append(out, data[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := exportHex4(data, i+2)
			if !ok {
				return "", 0, errExportJSON
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := exportHex4(data, i+2); ok && i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return "", 0, errExportJSON
		}
		i += 2
	}
	return "", 0, errExportJSON
}

// exportSkipString returns the index after the JSON string that starts at
// data[i].
func exportSkipString(data []byte, i int) (int, error) {
	for i++; i < len(data); {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			break
		}
		i += q
		backslashes := 0
		for k := i - 1; k >= 0 && data[k] == '\\'; k-- {
			backslashes++
		}
		i++
		if backslashes%2 == 0 {
			return i, nil
		}
	}
	return 0, errExportJSON
}

// exportHex4 reads the four hex digits at data[i:].
func exportHex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// exportSkipValue returns the index after the JSON value that starts at
// data[i].
func exportSkipValue(data []byte, i int) (int, error) {
	i = exportSkipSpace(data, i)
	if i >= len(data) {
		return 0, errExportJSON
	}
	switch data[i] {
	case '"':
		return exportSkipString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				next, err := exportSkipString(data, i)
				if err != nil {
					return 0, err
				}
				i = next
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errExportJSON
	}
	start := i
	for i < len(data) && data[i] != ',' && data[i] != '}' && data[i] != ']' && data[i] != ' ' && data[i] != '\n' && data[i] != '\t' && data[i] != '\r' {
		i++
	}
	if i == start {
		return 0, errExportJSON
	}
	return i, nil
}

// exportScanObject splits the JSON object data into its members: keys
// decoded, values as they are written.
func exportScanObject(data []byte) ([]exportShardEntry, error) {
	var out []exportShardEntry
	err := exportScanSeq(data, '{', '}', func(i int) (int, error) {
		key, next, err := exportScanString(data, i)
		if err != nil {
			return 0, err
		}
		i = exportSkipSpace(data, next)
		if i >= len(data) || data[i] != ':' {
			return 0, errExportJSON
		}
		start := exportSkipSpace(data, i+1)
		end, err := exportSkipValue(data, start)
		if err == nil {
			out = append(out, exportShardEntry{key, data[start:end]})
		}
		return end, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportScanStrings reads a JSON array of strings.
func exportScanStrings(data []byte) ([]string, error) {
	var out []string
	err := exportScanSeq(data, '[', ']', func(i int) (int, error) {
		s, next, err := exportScanString(data, i)
		out = append(out, s)
		return next, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportScanSeq reads the JSON object or array that data holds alone,
// between open and close: item reads the item at data[i] (white space
// skipped) and returns where it ends.
func exportScanSeq(data []byte, open, close byte, item func(i int) (int, error)) error {
	i := exportSkipSpace(data, 0)
	if i >= len(data) || data[i] != open {
		return errExportJSON
	}
	i = exportSkipSpace(data, i+1)
	if i < len(data) && data[i] == close {
		return exportEnd(data, i+1)
	}
	for {
		end, err := item(exportSkipSpace(data, i))
		if err != nil {
			return err
		}
		i = exportSkipSpace(data, end)
		if i >= len(data) {
			return errExportJSON
		}
		if data[i] == close {
			return exportEnd(data, i+1)
		}
		if data[i] != ',' {
			return errExportJSON
		}
		i++
	}
}

// exportEnd checks that only white space follows data[i:].
func exportEnd(data []byte, i int) error {
	if exportSkipSpace(data, i) != len(data) {
		return errExportJSON
	}
	return nil
}

// exportFieldStrings reads {"field index": "string", …}, as appendFieldMap
// writes it, into per-field raw strings (they hold nothing to unescape).
func exportFieldStrings(data []byte) ([len(textFields)][]byte, error) {
	var out [len(textFields)][]byte
	members, err := exportScanObject(data)
	if err != nil {
		return out, err
	}
	for _, m := range members {
		if len(m.key) != 1 || m.key[0] < '0' || int(m.key[0]-'0') >= len(textFields) {
			return out, errExportJSON
		}
		v := m.json
		if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return out, errExportJSON
		}
		for _, c := range v[1 : len(v)-1] {
			if c == '"' || c == '\\' {
				return out, errExportJSON
			}
		}
		out[m.key[0]-'0'] = v[1 : len(v)-1]
	}
	return out, nil
}

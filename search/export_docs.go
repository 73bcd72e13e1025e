package search

import (
	"casebook/internal/parallel"
	"encoding/binary"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// exportFacetValues returns the values of facet field name for d, as the
// index holds them (year derives from the date); a single value is put in
// buf.
func exportFacetValues(d *Doc, name string, buf *[1]string) []string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		buf[0] = s
		return buf[:]
	}
	switch name {
	case fieldSection:
		return one(d.Section)
	case fieldCategories:
		return d.Categories
	case fieldGroups:
		return d.Groups
	case fieldMethods:
		return d.Methods
	case fieldRegion:
		return one(d.Region)
	case fieldCourtLevel:
		return one(d.CourtLevel)
	case fieldStage:
		return one(d.Stage)
	case fieldYear:
		if d.Date.IsZero() {
			return nil
		}
		return one(strconv.Itoa(d.Date.Year()))
	}
	return nil
}

// exportCivilDays is the number of days from 1970-01-01 to d's calendar date.
func exportCivilDays(d time.Time) int64 {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// writeExportDocTable writes docs/stats.json, the columns every query reads:
//
//	date     days since 1970-01-01 of the first doc, then the difference to
//	         the previous doc (docs are newest first), base 36; "-" no date
//	len      per text field, its length in tokens per doc, as a fixed column
//	facets   per facet field except year: when no doc has two values, a
//	         fixed column of value index + 1 (0: none); otherwise per doc
//	         the indexes joined by ".", base 36, docs joined by ","
//
// A fixed column is "=", the width w (one digit), then w base64url digits
// (most significant first) per doc: about a third smaller, compressed,
// than separated numbers.
//
// It returns the dictionaries, one sorted list of values per facet field.
func writeExportDocTable(o *exportOutput, docs []Doc, lengths *[len(textFields)][]int) (map[string][]string, error) {
	dicts, data, err := exportDocTable(docs, lengths)
	if err != nil {
		return nil, err
	}
	o.put("docs/stats.json", data)
	return dicts, nil
}

// exportDocTable renders docs/stats.json (see writeExportDocTable).
func exportDocTable(docs []Doc, lengths *[len(textFields)][]int) (map[string][]string, []byte, error) {
	// One walk over the docs gathers every facet's values, numbered as
	// they come; they are numbered in sorted order afterwards.
	type column struct {
		ids    map[string]int32
		values []string
		cells  []int32 // the docs' value numbers, in turn
		starts []int32 // where each doc's numbers start in cells
	}
	var cols [len(facetFields)]*column
	for k, name := range facetFields {
		if name != fieldYear {
			cols[k] = &column{ids: map[string]int32{}, starts: make([]int32, len(docs)+1)}
		}
	}
	var buf [1]string
	for i := range docs {
		for k, name := range facetFields {
			c := cols[k]
			if c == nil {
				continue
			}
			for _, v := range exportFacetValues(&docs[i], name, &buf) {
				id, ok := c.ids[v]
				if !ok {
					id = int32(len(c.values))
					c.ids[v] = id
					c.values = append(c.values, v)
				}
				c.cells = append(c.cells, id)
			}
			c.starts[i+1] = int32(len(c.cells))
		}
	}
	dicts := map[string][]string{}
	facets := map[string]string{}
	for k, name := range facetFields {
		c := cols[k]
		if c == nil {
			continue
		}
		list := make([]string, len(c.values)) // [] in JSON, not null
		copy(list, c.values)
		slices.Sort(list)
		dicts[name] = list
		rank := make([]int, len(c.values))
		for r, v := range list {
			rank[c.ids[v]] = r
		}
		var col []byte
		single := make([]int, len(docs)) // value index + 1; 0: none
		multi := false
		for i := range docs {
			if i > 0 {
				col = append(col, ',')
			}
			cells := c.cells[c.starts[i]:c.starts[i+1]]
			for k, id := range cells {
				if k > 0 {
					col = append(col, '.')
				}
				col = exportAppendBase36(col, rank[id])
			}
			if len(cells) == 1 {
				single[i] = rank[cells[0]] + 1
			}
			multi = multi || len(cells) > 1
		}
		if multi {
			facets[name] = string(col)
		} else {
			facets[name] = exportFixedColumn(single)
		}
	}

	var date []byte
	prev := int64(0)
	first := true
	for i := range docs {
		if i > 0 {
			date = append(date, ',')
		}
		d := docs[i].Date
		if d.IsZero() {
			date = append(date, '-')
			continue
		}
		days := exportCivilDays(d)
		if first {
			date = strconv.AppendInt(date, days, 36)
			first = false
		} else {
			date = strconv.AppendInt(date, prev-days, 36)
		}
		prev = days
	}

	lens := map[string]string{}
	for f, name := range textFields {
		lens[name] = exportFixedColumn(lengths[f])
	}
	data, err := exportJSON(map[string]any{
		"date":   string(date),
		"len":    lens,
		"facets": facets,
	})
	return dicts, data, err
}

// exportText is text/N.json: what a hit shows, and the summary its snippet
// is cut from. A body of at most exportChunkRunes characters (trailing
// white space removed) is in "body"; a longer one is text/N-1.json
// {"body": …} ("more": 1), fetched only when the summary has no match.
// Fields in the order of the file: id, section, title, url, date, summary,
// body (left out when empty), more (1 when the body is in text/N-1.json).

// exportChunkRunes is the longest body kept beside the summary. A typical
// case (a few hundred to 1,500 characters, 2–3 KB gzipped) is then one
// file: a hit costs one request whether or not its match is in the body,
// and the export writes one file per doc rather than two. Only long
// texts, policies mostly, keep their body apart.
const exportChunkRunes = 2000

// exportDate is a doc's date as text/N.json has it.
func exportDate(d *Doc) string {
	if d.Date.IsZero() {
		return ""
	}
	return d.Date.Format("2006-01-02")
}

// exportTextFiles renders the text files of doc number n.
func exportTextFiles(d *Doc, n int) []exportFile {
	body := strings.TrimRightFunc(d.Body, unicode.IsSpace)
	long := len(body) > exportChunkRunes && (len(body) > utf8.UTFMax*exportChunkRunes || utf8.RuneCountInString(body) > exportChunkRunes)
	b := make([]byte, 0, 96+len(d.ID)+len(d.Section)+len(d.Title)+len(d.URL)+len(d.Summary)+min(len(body), 4*exportChunkRunes))
	b = append(b, `{"id":`...)
	b = appendJSONText(b, d.ID)
	b = append(b, `,"section":`...)
	b = appendJSONText(b, d.Section)
	b = append(b, `,"title":`...)
	b = appendJSONText(b, d.Title)
	b = append(b, `,"url":`...)
	b = appendJSONText(b, d.URL)
	b = append(b, `,"date":`...)
	b = appendJSONText(b, exportDate(d))
	b = append(b, `,"summary":`...)
	b = appendJSONText(b, d.Summary)
	if !long && body != "" {
		b = append(b, `,"body":`...)
		b = appendJSONText(b, body)
	}
	if !long {
		return []exportFile{{exportTextPath(n), append(b, `,"more":0}`...)}}
	}
	more := append(make([]byte, 0, len(body)+16), `{"body":`...)
	more = appendJSONText(more, body)
	return []exportFile{
		{exportTextPath(n), append(b, `,"more":1}`...)},
		{exportTextMorePath(n), append(more, '}')},
	}
}

// exportTextPrint is a fingerprint of what the text files of d hold, and
// of how long a body may be beside the summary, so that an unchanged doc's
// files are not encoded again.
func exportTextPrint(d *Doc) uint64 {
	var n [8]byte
	tab := exportCastagnoli()
	binary.LittleEndian.PutUint64(n[:], exportChunkRunes)
	c, i := crc32.Update(0, tab, n[:]), crc32.Update(0, crc32.IEEETable, n[:])
	for _, s := range [...]string{d.ID, d.Section, d.Title, d.URL, exportDate(d), d.Summary, d.Body} {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		c, i = crc32.Update(c, tab, n[:]), crc32.Update(i, crc32.IEEETable, n[:])
		b := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
		c, i = crc32.Update(c, tab, b), crc32.Update(i, crc32.IEEETable, b)
	}
	return uint64(c)<<32 | uint64(i)
}

// exportCastagnoli returns the CRC-32C table (the checksum is computed in
// hardware where the processor can); crc32 makes it once.
func exportCastagnoli() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }

// writeExportTexts writes the text files of docs (in export order) except
// those of the docs for which keep returns true, whose files are those of
// the last export.
func writeExportTexts(o *exportOutput, docs []Doc, keep func(n int) bool) {
	parallel.For(len(docs), 256, func(n int) {
		if keep != nil && keep(n) {
			return
		}
		for _, f := range exportTextFiles(&docs[n], n) {
			o.put(f.path, f.data)
		}
	})
}

// appendJSONText appends s as encoding/json writes a string without HTML
// escaping: invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONText(b []byte, s string) []byte {
	b = append(b, '"')
	valid := utf8.ValidString(s)
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0xE2 && (c < utf8.RuneSelf || valid) {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', exportHex[c>>4], exportHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', exportHex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// exportHex are the digits of a \u escape.
const exportHex = "0123456789abcdef"

// exportB64 is the base64url alphabet, the digits of a fixed column.
const exportB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// exportFixedColumn encodes non-negative numbers as a fixed column.
func exportFixedColumn(vals []int) string {
	w, top := 1, 64
	for _, v := range vals {
		for v >= top {
			w++
			top *= 64
		}
	}
	b := make([]byte, 0, 2+w*len(vals))
	b = append(b, '=', byte('0'+w))
	for _, v := range vals {
		for k := w - 1; k >= 0; k-- {
			b = append(b, exportB64[(v>>(6*k))&63])
		}
	}
	return string(b)
}

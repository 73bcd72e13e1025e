package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// The cache folder holds:
//
//	bleve/          the scorch index (no stored fields, no term vectors)
//	doctable.bin    the doc table: id, hash, metadata, field lengths, and
//	                where each doc's text is (see store_table.go)
//	text-N.bin      each doc's analysable text, length-prefixed, read on
//	                demand; append-only, rewritten when most of it is dead
//
// An Update writes in this order: the texts of the changed docs (appended
// past the end of the text file, or into a new one), bleve's batches, and
// once bleve has written them to disk, the table entry that points at the
// texts and names the generation. A crash before the entry is complete
// leaves the old table, whose text is still in place; bleve may then be
// ahead of it, by the docs the interrupted Update listed in bleve before
// its first batch, and Open re-indexes those from the table (see
// store_bleve.go). A crash after leaves the new state.

const (
	bleveDirName  = "bleve"
	manifestName  = "doctable.bin"
	schemaVersion = "casebook-search-2"
)

// indexVersion changes whenever the analysis data or the schema changes;
// an index built with another version is rebuilt from scratch.
func indexVersion() string {
	sum := sha256.Sum256([]byte(schemaVersion + "\x00" + tsCharacters))
	return schemaVersion + "-" + hex.EncodeToString(sum[:6])
}

// docRecord is one row of the doc table: everything an answer needs except
// the text, which lives in the text file.
type docRecord struct {
	ID         string
	Hash       string
	Section    string
	Title      string
	URL        string
	Date       time.Time
	Categories []string
	Groups     []string
	Methods    []string
	Region     string
	CourtLevel string
	Stage      string
	TextOff    int64 // offset of the doc's text in the text file
	TextLen    int64 // length of the doc's text in the text file
	// FieldLens holds the number of tokens of each text field (in
	// textFields order; keywords: all elements together), as bleve
	// counts them for the posting norms. Their sums are the BM25 stats.
	FieldLens [len(textFields)]int32
}

// year is the year facet value, e.g. "2024"; empty for a zero date.
func (r *docRecord) year() string {
	if r.Date.IsZero() {
		return ""
	}
	if y := r.Date.Year(); y >= 1000 && y <= 9999 {
		return strconv.Itoa(y)
	}
	return fmt.Sprintf("%04d", r.Date.Year())
}

// docText is the analysable text of one doc, per text field.
type docText struct {
	Title      string
	ShortTitle string
	Summary    string
	Body       string
	DocNumber  string
	Keywords   []string
}

// values returns the texts of a field, one per array element.
func (t *docText) values(field string) []string {
	switch field {
	case fieldTitle:
		return []string{t.Title}
	case fieldShortTitle:
		return []string{t.ShortTitle}
	case fieldSummary:
		return []string{t.Summary}
	case fieldBody:
		return []string{t.Body}
	case fieldDocNumber:
		return []string{t.DocNumber}
	case fieldKeywords:
		return t.Keywords
	}
	return nil
}

func textOf(d *Doc) docText {
	return docText{Title: d.Title, ShortTitle: d.ShortTitle, Summary: d.Summary, Body: d.Body, DocNumber: d.DocNumber, Keywords: d.Keywords}
}

// appendString appends s with its length in front.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendStrings appends the number of strings in list, then each with
// appendString.
func appendStrings(b []byte, list []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, s := range list {
		b = appendString(b, s)
	}
	return b
}

// encode serialises t: five strings, a count of keywords, the keywords.
func (t *docText) encode(b []byte) []byte {
	for _, s := range []string{t.Title, t.ShortTitle, t.Summary, t.Body, t.DocNumber} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(t.Keywords)))
	for _, k := range t.Keywords {
		b = appendString(b, k)
	}
	return b
}

// encodedLen is the length of what encode appends.
func (t *docText) encodedLen() int {
	n := 0
	for _, s := range []string{t.Title, t.ShortTitle, t.Summary, t.Body, t.DocNumber} {
		n += uvarintLen(uint64(len(s))) + len(s)
	}
	n += uvarintLen(uint64(len(t.Keywords)))
	for _, k := range t.Keywords {
		n += uvarintLen(uint64(len(k))) + len(k)
	}
	return n
}

// uvarintLen is the length of v as a varint.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

var errCorruptText = errors.New("search: corrupt text file")

func decodeText(b []byte) (docText, error) {
	next := func() (string, error) {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return "", errCorruptText
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, nil
	}
	var t docText
	var err error
	for _, p := range []*string{&t.Title, &t.ShortTitle, &t.Summary, &t.Body, &t.DocNumber} {
		if *p, err = next(); err != nil {
			return t, err
		}
	}
	count, k := binary.Uvarint(b)
	if k <= 0 || count > uint64(len(b)) {
		return t, errCorruptText
	}
	b = b[k:]
	for range count {
		s, err := next()
		if err != nil {
			return t, err
		}
		t.Keywords = append(t.Keywords, s)
	}
	return t, nil
}

// writeFileAtomic replaces name in dir by data, durably: a temporary
// file, synced, renamed over it, and the folder synced.
func writeFileAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, name+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err == nil {
		syncDir(dir)
	}
	return err
}

// readText loads one doc's text from the open text file.
func readText(f *os.File, r *docRecord) (docText, error) {
	if f == nil {
		return docText{}, errCorruptText
	}
	b := make([]byte, r.TextLen)
	if _, err := f.ReadAt(b, r.TextOff); err != nil {
		return docText{}, fmt.Errorf("search: reading text of %s: %w", r.ID, err)
	}
	return decodeText(b)
}

// reuse returns n elements of *buf, which is replaced by a larger slice
// when it has not the room: memory used again from one call to the next.
func reuse[S ~[]E, E any](buf *S, n int) S {
	if cap(*buf) < n {
		*buf = make(S, n)
	}
	return (*buf)[:n]
}

package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The doc table file (manifestName) is a sequence of frames:
//
//	frame = length uint32 | CRC-32C of payload uint32 | payload   (little endian)
//
// The first frame is the base: the index version, the name of the text
// file, a generation number and every record. Each later frame is a log
// entry: the next generation, the records it adds or replaces and the IDs
// it removes. An Update appends one entry and syncs the file. A frame that
// is cut short or fails its checksum (an append torn by a crash) ends the
// table, and is cut off before the next append. When the log grows past
// the base, or the text file is rewritten, a new base is written to a
// temporary file and renamed over the table.

// maxLogBytes is how large the log may grow, whatever the size of the
// base, before the table is rewritten.
const maxLogBytes = 1 << 20

var errCorruptTable = errors.New("search: corrupt doc table")

// checksum is the CRC-32C of b.
func checksum(b []byte) uint32 { return crc32.Checksum(b, exportCastagnoli()) }

// tableBase is the first frame of the table.
type tableBase struct {
	Version  string
	TextFile string // base name of the text file, "" when there are no docs
	Gen      uint64
	Docs     []docRecord // sorted by ID
}

// tableEntry is one log frame: what one Update changed.
type tableEntry struct {
	Gen uint64      // the generation the entry commits: the previous one + 1
	Put []docRecord // records added or replaced
	Del []string    // IDs removed
}

// table is the doc table as read from disk.
type table struct {
	tableBase
	baseLen  int64 // bytes of the base frame
	validLen int64 // bytes up to the end of the last valid frame
	size     int64 // bytes of the file
}

// appendFrame appends a frame holding payload to b.
func appendFrame(b, payload []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
	b = binary.LittleEndian.AppendUint32(b, checksum(payload))
	return append(b, payload...)
}

// nextFrame splits the first frame off b; ok is false when b does not
// start with a whole, intact frame.
func nextFrame(b []byte) (payload, rest []byte, ok bool) {
	if len(b) < 8 {
		return nil, b, false
	}
	n := binary.LittleEndian.Uint32(b)
	if uint64(len(b)-8) < uint64(n) {
		return nil, b, false
	}
	payload = b[8 : 8+n]
	if checksum(payload) != binary.LittleEndian.Uint32(b[4:]) {
		return nil, b, false
	}
	return payload, b[8+n:], true
}

// encode appends the payload of the base frame to b.
func (t *tableBase) encode(b []byte) []byte {
	b = appendString(b, t.Version)
	b = appendString(b, t.TextFile)
	b = binary.AppendUvarint(b, t.Gen)
	b = binary.AppendUvarint(b, uint64(len(t.Docs)))
	for i := range t.Docs {
		b = t.Docs[i].encode(b)
	}
	return b
}

// encode appends the payload of a log frame to b.
func (e *tableEntry) encode(b []byte) []byte {
	b = binary.AppendUvarint(b, e.Gen)
	b = binary.AppendUvarint(b, uint64(len(e.Put)))
	for i := range e.Put {
		b = e.Put[i].encode(b)
	}
	return appendStrings(b, e.Del)
}

// encode appends the record to b.
func (r *docRecord) encode(b []byte) []byte {
	for _, s := range []string{r.ID, r.Hash, r.Section, r.Title, r.URL} {
		b = appendString(b, s)
	}
	date, _ := r.Date.MarshalBinary() // fails only for zone offsets that are not whole minutes
	b = appendString(b, string(date))
	for _, l := range [][]string{r.Categories, r.Groups, r.Methods} {
		b = appendStrings(b, l)
	}
	for _, s := range []string{r.Region, r.CourtLevel, r.Stage} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(r.TextOff))
	b = binary.AppendUvarint(b, uint64(r.TextLen))
	for _, n := range r.FieldLens {
		b = binary.AppendUvarint(b, uint64(n))
	}
	return b
}

// decoder reads what the encode methods (and the export cache's) wrote:
// varints and strings, the strings slices of s rather than copies. The
// first error (errCorruptTable) sticks.
type decoder struct {
	s   string
	err error
}

func (d *decoder) fail() { d.err, d.s = errCorruptTable, "" }

// uvarint reads a varint.
func (d *decoder) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.s = d.s[i+1:]
			return v
		}
	}
	d.fail()
	return 0
}

// varint reads a signed varint, as binary.AppendVarint writes it.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// fixed64 reads 8 bytes, little-endian.
func (d *decoder) fixed64() uint64 {
	if len(d.s) < 8 {
		d.fail()
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(d.s[i])
	}
	d.s = d.s[8:]
	return v
}

// count reads a count of items that take at least one byte each.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return 0
	}
	return int(n)
}

// string reads a string with its length in front.
func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

// strings reads a count and as many strings; none gives nil.
func (d *decoder) strings() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	l := make([]string, n)
	for i := range l {
		l[i] = d.string()
	}
	return l
}

// record reads what docRecord.encode wrote.
func (d *decoder) record() docRecord {
	var r docRecord
	for _, p := range []*string{&r.ID, &r.Hash, &r.Section, &r.Title, &r.URL} {
		*p = d.string()
	}
	if date := d.string(); d.err == nil {
		if err := r.Date.UnmarshalBinary([]byte(date)); err != nil {
			d.err = errCorruptTable
		}
	}
	r.Categories, r.Groups, r.Methods = d.strings(), d.strings(), d.strings()
	for _, p := range []*string{&r.Region, &r.CourtLevel, &r.Stage} {
		*p = d.string()
	}
	r.TextOff, r.TextLen = int64(d.uvarint()), int64(d.uvarint())
	for i := range r.FieldLens {
		r.FieldLens[i] = int32(d.uvarint())
	}
	if r.ID == "" || r.TextOff < 0 || r.TextLen < 0 {
		d.err = errCorruptTable
	}
	return r
}

// records reads a count and as many records.
func (d *decoder) records() []docRecord {
	n := d.count()
	recs := make([]docRecord, 0, n)
	for range n {
		if d.err != nil {
			break
		}
		recs = append(recs, d.record())
	}
	return recs
}

// decodeBase reads the payload of the base frame.
func decodeBase(payload []byte) (tableBase, error) {
	d := decoder{s: string(payload)}
	t := tableBase{Version: d.string(), TextFile: d.string(), Gen: d.uvarint()}
	t.Docs = d.records()
	if d.err == nil && d.s != "" {
		d.err = errCorruptTable
	}
	if d.err == nil && !slices.IsSortedFunc(t.Docs, func(a, b docRecord) int { return strings.Compare(a.ID, b.ID) }) {
		d.err = errCorruptTable
	}
	return t, d.err
}

// decodeEntry reads the payload of a log frame.
func decodeEntry(payload []byte) (tableEntry, error) {
	d := decoder{s: string(payload)}
	e := tableEntry{Gen: d.uvarint()}
	e.Put = d.records()
	e.Del = d.strings()
	if d.err == nil && d.s != "" {
		d.err = errCorruptTable
	}
	return e, d.err
}

// readTable reads the doc table in dir: the base with every intact log
// entry applied in order.
func readTable(dir string) (*table, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	payload, rest, ok := nextFrame(data)
	if !ok {
		return nil, fmt.Errorf("%w: no base", errCorruptTable)
	}
	base, err := decodeBase(payload)
	if err != nil {
		return nil, err
	}
	t := &table{tableBase: base, baseLen: int64(len(data) - len(rest)), size: int64(len(data))}
	var entries []tableEntry
	for {
		t.validLen = int64(len(data) - len(rest))
		payload, next, ok := nextFrame(rest)
		if !ok {
			break
		}
		e, err := decodeEntry(payload)
		if err != nil || e.Gen != t.Gen+1 {
			break
		}
		entries = append(entries, e)
		t.Gen, rest = e.Gen, next
	}
	t.Docs = applyEntries(t.Docs, entries)
	return t, nil
}

// applyEntries returns docs (sorted by ID) with the entries applied.
func applyEntries(docs []docRecord, entries []tableEntry) []docRecord {
	if len(entries) == 0 {
		return docs
	}
	change := map[string]*docRecord{} // nil: removed
	for i := range entries {
		for j := range entries[i].Put {
			change[entries[i].Put[j].ID] = &entries[i].Put[j]
		}
		for _, id := range entries[i].Del {
			change[id] = nil
		}
	}
	out := make([]docRecord, 0, len(docs)+len(change))
	for i := range docs {
		r, ok := change[docs[i].ID]
		if !ok {
			out = append(out, docs[i])
			continue
		}
		delete(change, docs[i].ID)
		if r != nil {
			out = append(out, *r)
		}
	}
	added := false
	for _, r := range change {
		if r != nil {
			out = append(out, *r)
			added = true
		}
	}
	if added {
		slices.SortFunc(out, func(a, b docRecord) int { return strings.Compare(a.ID, b.ID) })
	}
	return out
}

// writeBase replaces the table in dir by base alone, atomically, and
// returns the length of the file.
func writeBase(dir string, base *tableBase) (int64, error) {
	frame := appendFrame(nil, base.encode(nil))
	if err := writeFileAtomic(dir, manifestName, frame); err != nil {
		return 0, err
	}
	return int64(len(frame)), nil
}

// syncDir makes the latest renames in dir durable where the system
// allows a folder to be synced; elsewhere it does nothing.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

package search

import (
	"casebook/internal/outdir"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
)

// The analysis file of the export cache (see export_cache.go): the docs'
// analyses, each followed by its CRC-32C, behind a header with the file's
// token.

// exportBlobRef is where one analysis is in analysis.bin; n == 0: nowhere.
type exportBlobRef struct {
	off, n int64
}

// exportBlobs is the cache's analysis file.
type exportBlobs struct {
	path  string
	token uint64 // the file's token; 0: no file
	size  int64  // the file's size
	data  []byte // the whole file, while loaded
}

// exportBlobHeader is the header of an analysis file with token.
func exportBlobHeader(token uint64) []byte {
	return binary.LittleEndian.AppendUint64([]byte(exportBlobMagic), token)
}

// openExportBlobs checks the analysis file at path against token.
func openExportBlobs(path string, token uint64) (*exportBlobs, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := exportBlobHeader(token)
	got := make([]byte, len(head))
	if _, err := io.ReadFull(f, got); err != nil || string(got) != string(head) {
		return nil, errExportCache
	}
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return &exportBlobs{path: path, token: token, size: info.Size()}, nil
}

// load reads the whole file, for reading many analyses.
func (b *exportBlobs) load() error {
	if b.data != nil {
		return nil
	}
	data, err := os.ReadFile(b.path)
	if err != nil {
		return err
	}
	if head := exportBlobHeader(b.token); len(data) < len(head) || string(data[:len(head)]) != string(head) {
		return errExportCache
	}
	b.data = data
	return nil
}

// read returns the analysis at ref; its term ids are below terms.
func (b *exportBlobs) read(ref exportBlobRef, terms int) (*exportDocAnalysis, error) {
	if ref.n < 4 || ref.off < int64(len(exportBlobMagic)+8) {
		return nil, errExportCache
	}
	var raw []byte
	if b.data != nil {
		if ref.off+ref.n > int64(len(b.data)) {
			return nil, errExportCache
		}
		raw = b.data[ref.off : ref.off+ref.n]
	} else {
		f, err := os.Open(b.path)
		if err != nil {
			return nil, err
		}
		raw = make([]byte, ref.n)
		_, err = f.ReadAt(raw, ref.off)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	body, sum := raw[:len(raw)-4], binary.LittleEndian.Uint32(raw[len(raw)-4:])
	if checksum(body) != sum {
		return nil, errExportCache
	}
	return decodeExportAnalysis(body, terms)
}

// encodeExportAnalysis appends a's fields and a CRC-32C of them to b.
func encodeExportAnalysis(b []byte, a *exportDocAnalysis) []byte {
	b = append(b, a.packed...)
	return binary.LittleEndian.AppendUint32(b, checksum(b[len(b)-len(a.packed):]))
}

// decodeExportAnalysis reads what encodeExportAnalysis wrote (without the
// CRC), checking it: term ids below terms and rising, no term without
// positions.
func decodeExportAnalysis(data []byte, terms int) (*exportDocAnalysis, error) {
	a := &exportDocAnalysis{packed: string(data)}
	r := &decoder{s: a.packed}
	for f := range textFields {
		id, prev := int64(0), int64(-1)
		for range r.count() {
			id += int64(r.uvarint())
			if id >= int64(terms) || id <= prev {
				return nil, errExportCache
			}
			prev = id
			tf := r.count()
			if tf == 0 {
				return nil, errExportCache
			}
			a.lens[f] += int32(tf)
			for range tf {
				r.varint()
			}
		}
		a.at[f+1] = int32(len(a.packed) - len(r.s))
	}
	if r.err != nil || r.s != "" {
		return nil, errExportCache
	}
	return a, nil
}

// saveAnalyses puts the analyses of the docs into analysis.bin: appended
// when the file holds mostly live analyses, else in a new file.
func (e *Exporter) saveAnalyses() error {
	var add []*exportDocState
	live := int64(0)
	for _, st := range e.docs {
		if st.blob.n > 0 {
			live += st.blob.n
		} else if st.an != nil {
			add = append(add, st)
		}
	}
	if len(add) == 0 && e.blobs != nil {
		return nil
	}
	slices.SortFunc(add, func(x, y *exportDocState) int { return x.num - y.num })
	grown := int64(0)
	for _, st := range add {
		grown += int64(len(st.an.packed)) + 4
	}
	if b := e.blobs; b != nil && b.size+grown <= 2*(live+grown)+1<<20 {
		return e.appendAnalyses(add, grown)
	}
	return e.rewriteAnalyses(add, grown)
}

// encodeExportBlobs appends the analyses of docs to buf, which starts at
// offset base of analysis.bin, and returns buf and where each went.
func encodeExportBlobs(buf []byte, base int64, docs []*exportDocState) ([]byte, []exportBlobRef) {
	refs := make([]exportBlobRef, len(docs))
	for i, st := range docs {
		start := len(buf)
		buf = encodeExportAnalysis(buf, st.an)
		refs[i] = exportBlobRef{base + int64(start), int64(len(buf) - start)}
	}
	return buf, refs
}

// appendAnalyses appends the analyses of add, grown bytes, to analysis.bin.
func (e *Exporter) appendAnalyses(add []*exportDocState, grown int64) error {
	b := e.blobs
	f, err := os.OpenFile(b.path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err == nil && info.Size() < b.size {
		err = errExportCache // someone shortened it
	}
	var refs []exportBlobRef
	if err == nil {
		var buf []byte
		buf, refs = encodeExportBlobs(make([]byte, 0, grown), info.Size(), add)
		_, err = f.WriteAt(buf, info.Size())
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	for i, st := range add {
		st.blob = refs[i]
	}
	b.size = info.Size() + grown
	return nil
}

// rewriteAnalyses writes a new analysis.bin with the analyses of every doc:
// those of add (grown bytes), the others copied from the old file.
func (e *Exporter) rewriteAnalyses(add []*exportDocState, grown int64) error {
	var keep []*exportDocState
	for _, st := range e.docs {
		if st.blob.n > 0 {
			keep = append(keep, st)
		}
	}
	if len(keep) > 0 {
		if err := e.blobs.load(); err != nil {
			return err
		}
	}
	slices.SortFunc(keep, func(x, y *exportDocState) int { return x.num - y.num })
	token := rand.Uint64() | 1
	size := grown
	for _, st := range keep {
		size += st.blob.n
	}
	head := exportBlobHeader(token)
	buf := append(make([]byte, 0, int64(len(head))+size), head...)
	refs := make([]exportBlobRef, len(keep))
	for i, st := range keep {
		if st.blob.off+st.blob.n > int64(len(e.blobs.data)) {
			return errExportCache
		}
		refs[i] = exportBlobRef{int64(len(buf)), st.blob.n}
		buf = append(buf, e.blobs.data[st.blob.off:st.blob.off+st.blob.n]...)
	}
	buf, addRefs := encodeExportBlobs(buf, 0, add)
	path := filepath.Join(e.cacheDir, exportCacheAnalysis)
	if err := outdir.WriteFile(path, buf); err != nil {
		return err
	}
	for i, st := range keep {
		st.blob = refs[i]
	}
	for i, st := range add {
		st.blob = addRefs[i]
	}
	e.blobs = &exportBlobs{path: path, token: token, size: int64(len(buf))}
	return nil
}

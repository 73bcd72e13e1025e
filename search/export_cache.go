package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
)

// The export cache folder holds:
//
//	analysis.bin  the term dictionary and each doc's analysis (id, hash,
//	              per field its terms, term frequencies and positions),
//	              varint-coded; docs whose hash did not change are not
//	              analysed again
//	files.bin     the export folder's files as last written: path and a
//	              64-bit hash of the content, so that only changed files
//	              are written again; valid only while the folder's
//	              manifest.json is the one it names
//
// Either file may be deleted at any time: the next export is then a full
// one.

const (
	exportCacheAnalysis = "analysis.bin"
	exportCacheFiles    = "files.bin"
	exportCacheMagic    = "casebook-export-cache-1\n"
)

// exportCacheVersion names the analysis the cache was made with.
func exportCacheVersion() string { return exportCacheMagic + indexVersion() + "\n" }

func appendUvarintString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encodeExportAnalyses serialises the dictionary and the analyses.
func encodeExportAnalyses(dict *exportDict, docs []*exportDocAnalysis) []byte {
	b := []byte(exportCacheVersion())
	b = binary.AppendUvarint(b, uint64(len(dict.terms)))
	for _, t := range dict.terms {
		b = appendUvarintString(b, t)
	}
	b = binary.AppendUvarint(b, uint64(len(docs)))
	for _, a := range docs {
		b = appendUvarintString(b, a.id)
		b = appendUvarintString(b, a.hash)
		for f := range a.fields {
			fp := &a.fields[f]
			b = binary.AppendUvarint(b, uint64(len(fp.terms)))
			k := 0
			for j, id := range fp.terms {
				b = binary.AppendUvarint(b, uint64(id))
				b = binary.AppendUvarint(b, uint64(fp.tfs[j]))
				prev := int32(0)
				for range fp.tfs[j] {
					b = binary.AppendVarint(b, int64(fp.pos[k]-prev))
					prev = fp.pos[k]
					k++
				}
			}
		}
	}
	return b
}

var errExportCache = errors.New("search: corrupt export cache")

// exportReader reads varints from a byte slice, remembering the first error.
type exportReader struct {
	b   []byte
	err error
}

func (r *exportReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errExportCache, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *exportReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errExportCache, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *exportReader) str() string {
	n := r.uvarint()
	if uint64(len(r.b)) < n {
		r.err, r.b = errExportCache, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// decodeExportAnalyses reads what encodeExportAnalyses wrote.
func decodeExportAnalyses(data []byte) (*exportDict, map[string]*exportDocAnalysis, error) {
	head := exportCacheVersion()
	if len(data) < len(head) || string(data[:len(head)]) != head {
		return nil, nil, errExportCache
	}
	r := &exportReader{b: data[len(head):]}
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		return nil, nil, errExportCache
	}
	dict := &exportDict{terms: make([]string, 0, n), ids: make(map[string]int32, n)}
	for i := uint64(0); i < n && r.err == nil; i++ {
		t := r.str()
		dict.ids[t] = int32(len(dict.terms))
		dict.terms = append(dict.terms, t)
	}
	count := r.uvarint()
	docs := map[string]*exportDocAnalysis{}
	for i := uint64(0); i < count && r.err == nil; i++ {
		a := &exportDocAnalysis{id: r.str(), hash: r.str()}
		for f := range a.fields {
			fp := &a.fields[f]
			nt := r.uvarint()
			if nt > uint64(len(r.b)) {
				return nil, nil, errExportCache
			}
			fp.terms = make([]int32, nt)
			fp.tfs = make([]int32, nt)
			for j := range fp.terms {
				id := r.uvarint()
				if id >= uint64(len(dict.terms)) {
					return nil, nil, errExportCache
				}
				fp.terms[j] = int32(id)
				tf := r.uvarint()
				if tf > uint64(len(r.b)) {
					return nil, nil, errExportCache
				}
				fp.tfs[j] = int32(tf)
				prev := int32(0)
				for range tf {
					prev += int32(r.varint())
					fp.pos = append(fp.pos, prev)
				}
			}
		}
		docs[a.id] = a
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return dict, docs, nil
}

// exportWriteAtomic writes data to path through a temporary file and a rename.
func exportWriteAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, err = w.Write(data)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// encodeExportFiles serialises the file table: manifest hash, then path and
// hash of each file.
func encodeExportFiles(manifest uint64, files map[string]uint64) []byte {
	b := []byte(exportCacheMagic)
	b = binary.AppendUvarint(b, manifest)
	b = binary.AppendUvarint(b, uint64(len(files)))
	for p, h := range files {
		b = appendUvarintString(b, p)
		b = binary.AppendUvarint(b, h)
	}
	return b
}

func decodeExportFiles(data []byte) (uint64, map[string]uint64, error) {
	if len(data) < len(exportCacheMagic) || string(data[:len(exportCacheMagic)]) != exportCacheMagic {
		return 0, nil, errExportCache
	}
	r := &exportReader{b: data[len(exportCacheMagic):]}
	m := r.uvarint()
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		return 0, nil, errExportCache
	}
	files := make(map[string]uint64, n)
	for i := uint64(0); i < n && r.err == nil; i++ {
		p := r.str()
		files[p] = r.uvarint()
	}
	return m, files, r.err
}

// readExportCacheFile reads a cache file; a missing one is no error.
func readExportCacheFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

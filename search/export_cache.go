package search

import (
	"casebook/internal/outdir"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
)

// The export cache folder holds:
//
//	state.bin     what an Exporter remembers of the last export: the term
//	              dictionary; per doc its id, hash, number, a fingerprint
//	              of its text, its field lengths and where its analysis is
//	              in analysis.bin; the export's layout (shard counts and
//	              sizes, phrases); the analyses of the phrase candidates;
//	              the export folder's files as last written (path, hash,
//	              size, gzip size), valid only while the folder's
//	              manifest.json is the one it names. It ends with a CRC-32C.
//	analysis.bin  the docs' analyses (per field its term ids, term
//	              frequencies and positions, varint-coded), each followed
//	              by its CRC-32C. New analyses are appended; the file is
//	              written whole again when most of it is stale. Its header
//	              carries a random token that state.bin names, so that a
//	              state never reads another file's analyses.
//
// Either file may be deleted at any time: the next export then analyses
// every doc again (and without state.bin, writes every file again).

const (
	exportCacheState    = "state.bin"
	exportCacheAnalysis = "analysis.bin"
	exportCacheMagic    = "casebook-export-cache-2\n"
	exportBlobMagic     = "casebook-export-analyses-2\n"
	exportCacheOldFiles = "files.bin" // the file table of the cache's first format
)

// exportCacheVersion names the analysis the cache was made with.
func exportCacheVersion() string { return exportCacheMagic + indexVersion() + "\n" }

var errExportCache = errors.New("search: corrupt export cache")

// load reads the cache folder once; a missing, stale or corrupt cache is an
// empty one.
func (e *Exporter) load() {
	if e.loaded {
		return
	}
	e.loaded = true
	if e.cacheDir == "" {
		return
	}
	data, err := os.ReadFile(filepath.Join(e.cacheDir, exportCacheState))
	if err != nil || len(data) < 4 {
		return
	}
	body := data[:len(data)-4]
	if checksum(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return
	}
	_ = e.decodeState(string(body))
}

// decodeState reads what encodeState wrote into e; on an error e is left
// as it was.
func (e *Exporter) decodeState(s string) error {
	head := exportCacheVersion()
	if len(s) < len(head) || s[:len(head)] != head {
		return errExportCache
	}
	r := &decoder{s: s[len(head):]}
	token := r.fixed64()
	dict := &exportDict{terms: r.strings()}
	docs := map[string]*exportDocState{}
	nd := r.count()
	order := make([]string, 0, nd)
	for range nd {
		id := r.string()
		st := &exportDocState{num: int(r.uvarint()), hash: r.string(), text: r.fixed64()}
		for f := range st.lengths {
			st.lengths[f] = int32(r.uvarint())
		}
		st.blob = exportBlobRef{int64(r.uvarint()), int64(r.uvarint())}
		if docs[id] == nil {
			docs[id] = st
		}
		order = append(order, id)
	}
	var layout *exportLayout
	if r.uvarint() == 1 {
		l := &exportLayout{order: order}
		for _, p := range []*int{&l.termBytes, &l.blockDocs, &l.posBytes, &l.termShards, &l.charShards, &l.posShards,
			&l.termTotal, &l.charTotal, &l.posTotal, &l.livePhrases, &l.terms} {
			*p = int(r.uvarint())
		}
		np := r.count()
		l.phrases = make(map[string][]string, np)
		for range np {
			k := r.string()
			l.phrases[k] = r.strings()
		}
		layout = l
	}
	nm := r.count()
	memo := make(map[string]exportPhraseValue, nm)
	for range nm {
		v := r.string()
		var pv exportPhraseValue
		if terms := r.strings(); len(terms) > 0 {
			pv = exportPhraseValue{exportPhraseKey(terms), terms}
		}
		memo[v] = pv
	}
	var files map[string]exportFileRec
	var paths []string
	manifest := r.fixed64()
	if r.uvarint() == 1 {
		nf := r.count()
		files = make(map[string]exportFileRec, nf)
		paths = make([]string, 0, nf)
		for range nf {
			p := r.string()
			files[p] = exportFileRec{hash: r.fixed64(), size: int64(r.uvarint()), gz: r.varint()}
			if p != "manifest.json" {
				paths = append(paths, p)
			}
		}
		if !slices.IsSorted(paths) {
			paths = nil
		}
	}
	if r.err != nil || r.s != "" {
		return errExportCache
	}
	blobs, err := openExportBlobs(filepath.Join(e.cacheDir, exportCacheAnalysis), token)
	if err != nil {
		// Without their analyses the docs are analysed again; the files
		// still need not be written again.
		dict, docs, layout = nil, nil, nil
	}
	e.dict, e.docs, e.layout, e.blobs, e.memo = dict, docs, layout, blobs, memo
	e.files, e.manifest, e.paths = files, manifest, paths
	return nil
}

// encodeState serialises what an Exporter remembers; docs in export order.
func (e *Exporter) encodeState() []byte {
	b := []byte(exportCacheVersion())
	token := uint64(0)
	if e.blobs != nil {
		token = e.blobs.token
	}
	b = binary.LittleEndian.AppendUint64(b, token)
	var terms []string
	if e.dict != nil {
		terms = e.dict.terms
	}
	b = appendStrings(b, terms)
	type numbered struct {
		num int
		id  string
	}
	byNum := make([]numbered, 0, len(e.docs))
	for id, st := range e.docs {
		byNum = append(byNum, numbered{st.num, id})
	}
	slices.SortFunc(byNum, func(x, y numbered) int { return x.num - y.num })
	list := make([]string, len(byNum))
	for i, x := range byNum {
		list[i] = x.id
	}
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, id := range list {
		st := e.docs[id]
		b = appendString(b, id)
		b = binary.AppendUvarint(b, uint64(st.num))
		b = appendString(b, st.hash)
		b = binary.LittleEndian.AppendUint64(b, st.text)
		for _, n := range st.lengths {
			b = binary.AppendUvarint(b, uint64(n))
		}
		b = binary.AppendUvarint(b, uint64(st.blob.off))
		b = binary.AppendUvarint(b, uint64(st.blob.n))
	}
	// The layout holds only when the docs above are its order.
	if l := e.layout; l != nil && len(l.order) == len(list) && slices.Equal(l.order, list) {
		b = binary.AppendUvarint(b, 1)
		for _, v := range []int{l.termBytes, l.blockDocs, l.posBytes, l.termShards, l.charShards, l.posShards,
			l.termTotal, l.charTotal, l.posTotal, l.livePhrases, l.terms} {
			b = binary.AppendUvarint(b, uint64(v))
		}
		keys := make([]string, 0, len(l.phrases))
		for k := range l.phrases {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = binary.AppendUvarint(b, uint64(len(keys)))
		for _, k := range keys {
			b = appendString(b, k)
			b = appendStrings(b, l.phrases[k])
		}
	} else {
		b = binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(e.memo)))
	for v, pv := range e.memo {
		b = appendString(b, v)
		b = appendStrings(b, pv.terms)
	}
	b = binary.LittleEndian.AppendUint64(b, e.manifest)
	if e.files == nil {
		b = binary.AppendUvarint(b, 0)
	} else {
		b = binary.AppendUvarint(b, 1)
		b = binary.AppendUvarint(b, uint64(len(e.files)))
		paths := e.paths
		if _, m := e.files["manifest.json"]; paths == nil || len(paths)+exportB2i(m) != len(e.files) {
			paths = make([]string, 0, len(e.files))
			for p := range e.files {
				if p != "manifest.json" {
					paths = append(paths, p)
				}
			}
			slices.Sort(paths)
		}
		if _, ok := e.files["manifest.json"]; ok {
			paths = append(paths[:len(paths):len(paths)], "manifest.json")
		}
		for _, p := range paths { // sorted, manifest.json last
			rec := e.files[p]
			b = appendString(b, p)
			b = binary.LittleEndian.AppendUint64(b, rec.hash)
			b = binary.AppendUvarint(b, uint64(rec.size))
			b = binary.AppendVarint(b, rec.gz)
		}
	}
	return binary.LittleEndian.AppendUint32(b, checksum(b))
}

// save writes the cache folder: the analyses not yet in analysis.bin, then
// state.bin. A cache that cannot be written only costs time later. Once
// its analysis is on disk, a doc's is dropped from memory.
func (e *Exporter) save() {
	if err := os.MkdirAll(e.cacheDir, 0o755); err != nil {
		return
	}
	if err := e.saveAnalyses(); err != nil {
		e.blobs = nil
		for _, st := range e.docs {
			st.blob = exportBlobRef{}
		}
	} else {
		for _, st := range e.docs {
			if st.blob.n > 0 {
				st.an = nil
			}
		}
	}
	if e.blobs != nil {
		e.blobs.data = nil
	}
	_ = outdir.WriteFile(filepath.Join(e.cacheDir, exportCacheState), e.encodeState())
	_ = os.Remove(filepath.Join(e.cacheDir, exportCacheOldFiles))
}

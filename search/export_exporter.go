package search

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Exporter writes the static search export again and again, reusing the
// work of the last export: docs whose Hash did not change are not analysed
// again, and files whose content did not change are not written again.
// What it reuses is kept in memory and, when it has a cache folder, on
// disk, so that the next process starts where this one stopped. Deleting
// the cache folder is always safe: the next export is a full one.
//
// An Exporter is not safe for concurrent use.
type Exporter struct {
	cacheDir string
	opts     ExportOptions
	loaded   bool                          // the cache folder has been read
	dict     *exportDict                   // term ids of the analyses
	analyses map[string]*exportDocAnalysis // by doc id
	dir      string                        // the folder the files were last written to
	manifest uint64                        // hash of the manifest.json last written there
	files    map[string]uint64             // path → hash of the files last written there
}

// NewExporter returns an Exporter that keeps its cache in cacheDir ("": in
// memory only).
func NewExporter(cacheDir string, opts ExportOptions) *Exporter {
	return &Exporter{cacheDir: cacheDir, opts: exportDefaults(opts)}
}

// Export brings the export in dir up to date with docs. Files are replaced
// one by one, each atomically (write beside, rename); files the export no
// longer has are removed. A folder that holds what the last export wrote
// (or a hard-linked copy of it) is updated; any other content of dir is
// removed and written whole.
func (e *Exporter) Export(docs []Doc, dir string) (ExportStats, error) {
	e.load()
	ordered := exportOrder(docs)

	// Analyse what changed; drop the analyses of docs that are gone.
	an := make([]*exportDocAnalysis, len(ordered))
	var todo []int
	keep := make(map[string]bool, len(ordered))
	for i := range ordered {
		d := &ordered[i]
		keep[d.ID] = true
		if a := e.analyses[d.ID]; a != nil && d.Hash != "" && a.hash == d.Hash {
			an[i] = a
		} else {
			todo = append(todo, i)
		}
	}
	if e.dict == nil || len(todo) == len(ordered) {
		e.dict = newExportDict() // a full analysis: start a compact dictionary
	}
	for i, a := range exportAnalyzeDocs(ordered, todo, e.dict) {
		an[todo[i]] = a
	}
	stale := len(e.analyses) != len(ordered)
	e.analyses = make(map[string]*exportDocAnalysis, len(ordered))
	for _, a := range an {
		e.analyses[a.id] = a
	}

	ix := buildExportIndex(an, e.dict, exportPhrases(ordered, e.opts.Phrases))
	w := newExportWriter()
	termShards, err := writeExport(w, ordered, ix, e.opts)
	if err != nil {
		return ExportStats{}, fmt.Errorf("search: export to %s: %w", dir, err)
	}
	st, err := e.flush(dir, w.files)
	if err != nil {
		e.files = nil
		return st, fmt.Errorf("search: export to %s: %w", dir, err)
	}
	st.Docs = len(ordered)
	st.TermShards = termShards
	st.Terms = ix.termCount()
	st.Phrases = len(ix.phrases)
	st.Analysed = len(todo)
	if e.cacheDir != "" && (len(todo) > 0 || stale || st.Written > 0 || st.Removed > 0) {
		e.save()
	}
	return st, nil
}

// load reads the cache folder once; a missing or unreadable cache is an
// empty one.
func (e *Exporter) load() {
	if e.loaded {
		return
	}
	e.loaded = true
	if e.cacheDir == "" {
		return
	}
	if data, err := readExportCacheFile(filepath.Join(e.cacheDir, exportCacheAnalysis)); err == nil && data != nil {
		if dict, an, err := decodeExportAnalyses(data); err == nil {
			e.dict, e.analyses = dict, an
		}
	}
	if data, err := readExportCacheFile(filepath.Join(e.cacheDir, exportCacheFiles)); err == nil && data != nil {
		if m, files, err := decodeExportFiles(data); err == nil {
			e.manifest, e.files = m, files
		}
	}
}

// save writes the cache folder; a cache that cannot be written only costs
// time later.
func (e *Exporter) save() {
	if err := os.MkdirAll(e.cacheDir, 0o755); err != nil {
		return
	}
	list := make([]*exportDocAnalysis, 0, len(e.analyses))
	for _, a := range e.analyses {
		list = append(list, a)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	_ = exportWriteAtomic(filepath.Join(e.cacheDir, exportCacheAnalysis), encodeExportAnalyses(e.dict, list))
	_ = exportWriteAtomic(filepath.Join(e.cacheDir, exportCacheFiles), encodeExportFiles(e.manifest, e.files))
}

// exportFileHash is the 64-bit FNV-1a hash of a file's content.
func exportFileHash(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// known returns the files dir holds as the last export wrote them, or nil
// when dir is not known to hold them (its manifest.json is another).
func (e *Exporter) known(dir string) map[string]uint64 {
	if e.files == nil {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil || exportFileHash(data) != e.manifest {
		return nil
	}
	return e.files
}

// flush writes files into dir: those whose content changed, each
// atomically, then removes the files the export no longer has. manifest.json
// is written last, so that it names a complete export.
func (e *Exporter) flush(dir string, files map[string][]byte) (ExportStats, error) {
	var st ExportStats
	old := e.known(dir)
	fresh := false
	if old == nil {
		// Unknown content: start from an empty folder.
		if err := os.RemoveAll(dir); err != nil {
			return st, err
		}
		fresh = true
		old = map[string]uint64{}
	}
	paths := make([]string, 0, len(files))
	hashes := make(map[string]uint64, len(files))
	for p, data := range files {
		paths = append(paths, p)
		st.Bytes += int64(len(data))
		hashes[p] = exportFileHash(data)
	}
	sort.Strings(paths)
	var todo []string
	for _, p := range paths {
		if h, ok := old[p]; !ok || h != hashes[p] || p == "manifest.json" {
			todo = append(todo, p)
		}
	}
	// Folders first, once each.
	dirs := map[string]bool{}
	for _, p := range todo {
		d := filepath.Dir(exportPath(dir, p))
		if !dirs[d] {
			dirs[d] = true
			if err := os.MkdirAll(d, 0o755); err != nil {
				return st, err
			}
		}
	}
	var mu sync.Mutex
	var firstErr error
	body := slicesWithout(todo, "manifest.json")
	exportParallel((len(body)+63)/64, func(c int) {
		for _, p := range body[c*64 : min((c+1)*64, len(body))] {
			var err error
			if fresh {
				err = os.WriteFile(exportPath(dir, p), files[p], 0o644)
			} else {
				err = exportWriteAtomic(exportPath(dir, p), files[p])
			}
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
			}
		}
	})
	if firstErr != nil {
		return st, firstErr
	}
	for p := range old {
		if _, ok := files[p]; !ok {
			if err := os.Remove(exportPath(dir, p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return st, err
			}
			st.Removed++
			removeEmptyExportDirs(dir, filepath.Dir(exportPath(dir, p)))
		}
	}
	if err := exportWriteAtomic(exportPath(dir, "manifest.json"), files["manifest.json"]); err != nil {
		return st, err
	}
	e.dir, e.files, e.manifest = dir, hashes, hashes["manifest.json"]
	st.Files = len(files)
	st.Written = len(todo)
	st.GzipBytes = exportGzipEstimate(files, paths)
	return st, nil
}

// slicesWithout returns list without the element x.
func slicesWithout(list []string, x string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

// removeEmptyExportDirs removes dir and its parents up to root while they
// are empty.
func removeEmptyExportDirs(root, dir string) {
	root = filepath.Clean(root)
	for dir = filepath.Clean(dir); dir != root && strings.HasPrefix(dir, root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}

// exportGzipSample is how often a file is compressed to estimate the gzip
// size of all of them: 1 in exportGzipSample files of each kind (first
// path segment), at least one.
const exportGzipSample = 16

// exportGzipEstimate estimates the gzip size (level 6) of files from a
// sample of each kind, compressed on all cores.
func exportGzipEstimate(files map[string][]byte, paths []string) int64 {
	type kind struct{ raw, sampledRaw, sampledGzip int64 }
	kinds := map[string]*kind{}
	var sample []string
	for i, p := range paths {
		k, _, _ := strings.Cut(p, "/")
		if kinds[k] == nil {
			kinds[k] = &kind{}
			sample = append(sample, p)
		} else if i%exportGzipSample == 0 {
			sample = append(sample, p)
		}
		kinds[k].raw += int64(len(files[p]))
	}
	sizes := make([]int64, len(sample))
	exportParallel((len(sample)+31)/32, func(c int) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, 6)
		for i := c * 32; i < min((c+1)*32, len(sample)); i++ {
			buf.Reset()
			zw.Reset(&buf)
			zw.Write(files[sample[i]])
			zw.Close()
			sizes[i] = int64(buf.Len())
		}
	})
	for i, p := range sample {
		k, _, _ := strings.Cut(p, "/")
		kinds[k].sampledRaw += int64(len(files[p]))
		kinds[k].sampledGzip += sizes[i]
	}
	var total int64
	for _, k := range kinds {
		if k.sampledRaw > 0 {
			total += k.raw * k.sampledGzip / k.sampledRaw
		}
	}
	return total
}

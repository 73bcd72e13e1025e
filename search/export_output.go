package search

import (
	"casebook/internal/outdir"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// exportFileRec is what an Exporter remembers of a file it wrote.
type exportFileRec struct {
	hash uint64 // exportFileHash of the content
	size int64
	gz   int64 // gzip size of a sampled file (exportGzipSampled), else -1
}

// exportOutput writes the files of an export into its folder as they are
// made, so that they need not all be held in memory. Into a folder that
// holds the last export (old), a file is written only when its content
// changed, atomically; into an emptied folder, directly. put is safe for
// concurrent use.
type exportOutput struct {
	dir   string
	stage ExportStage              // when set, changes go to it instead of into dir
	fresh bool                     // dir was emptied: files are written directly
	old   map[string]exportFileRec // what dir holds; empty when fresh

	gzips sync.Pool // *gzip.Writer, for exportGzipSize

	mu      sync.Mutex
	files   map[string]exportFileRec // the export's files so far
	mem     map[string][]byte        // with no dir: the files' content
	dirs    *outdir.Dirs
	paths   []string // sorted paths of old but manifest.json, when known
	added   bool     // a file not in old was added
	written int
	err     error
}

// newExportOutput prepares dir for an export. old describes what dir holds
// as the last export wrote it; nil when that is not known, and then dir is
// emptied first. With no dir, the files are kept in memory.
func newExportOutput(dir string, old map[string]exportFileRec, stage ExportStage) (*exportOutput, error) {
	o := &exportOutput{dir: dir, stage: stage, old: old, files: make(map[string]exportFileRec, len(old)), dirs: outdir.NewDirs()}
	if stage != nil && old == nil {
		return nil, ErrExportUnknown
	}
	if dir == "" {
		o.fresh, o.old, o.mem = true, map[string]exportFileRec{}, map[string][]byte{}
		return o, nil
	}
	if old == nil {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		o.fresh, o.old = true, map[string]exportFileRec{}
	}
	return o, nil
}

// exportFileHash is the 64-bit FNV-1a hash of a file's content, written
// out (exportFingerprint uses hash/fnv for the same hash).
func exportFileHash(data []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range data {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// put adds the file rel (slash-separated) with content data, writing it
// unless dir holds it already.
func (o *exportOutput) put(rel string, data []byte) {
	rec := exportFileRec{hash: exportFileHash(data), size: int64(len(data)), gz: -1}
	old, had := o.old[rel]
	same := had && old.hash == rec.hash && old.size == rec.size
	if exportGzipSampled(rel) {
		if same && old.gz >= 0 {
			rec.gz = old.gz
		} else {
			rec.gz = o.gzipSize(data)
		}
	}
	var err error
	if !same {
		err = o.write(rel, data)
	}
	o.mu.Lock()
	o.files[rel] = rec
	o.added = o.added || !had
	if !same {
		o.written++
	}
	if err != nil && o.err == nil {
		o.err = err
	}
	o.mu.Unlock()
}

// keep adds the file rel as dir holds it: the last export wrote it and its
// content did not change.
func (o *exportOutput) keep(rel string) {
	if rec, ok := o.old[rel]; ok {
		o.mu.Lock()
		o.files[rel] = rec
		o.mu.Unlock()
	}
}

// keepAll adds every file of the last export but those of drop and
// manifest.json, as keep does.
func (o *exportOutput) keepAll(drop map[string]bool) {
	o.mu.Lock()
	o.files = maps.Clone(o.old)
	delete(o.files, "manifest.json")
	for p := range drop {
		delete(o.files, p)
	}
	o.mu.Unlock()
}

func (o *exportOutput) write(rel string, data []byte) error {
	if o.mem != nil {
		o.mu.Lock()
		o.mem[rel] = data
		o.mu.Unlock()
		return nil
	}
	if o.stage != nil {
		return o.stage.Stage(rel, data)
	}
	path := exportPath(o.dir, rel)
	if err := o.dirs.Make(filepath.Dir(path)); err != nil {
		return err
	}
	if o.fresh {
		return outdir.Create(path, data)
	}
	return outdir.WriteFile(path, data)
}

// finish removes the files of the last export that this one does not
// have, then writes manifest.json, last, so that it names a complete
// export. manifest is made from the fingerprint of the other files.
func (o *exportOutput) finish(manifest func(build string) ([]byte, error)) (ExportStats, error) {
	var st ExportStats
	if o.err != nil {
		return st, o.err
	}
	_, m := o.files["manifest.json"]
	if o.added || o.paths == nil || len(o.paths)+exportB2i(m) != len(o.files) {
		o.paths = make([]string, 0, len(o.files))
		for p := range o.files {
			if p != "manifest.json" {
				o.paths = append(o.paths, p)
			}
		}
		sort.Strings(o.paths)
	}
	data, err := manifest(exportFingerprint(o.paths, o.files))
	if err != nil {
		return st, err
	}
	var gone []string
	for p := range o.old {
		if _, ok := o.files[p]; !ok && p != "manifest.json" {
			gone = append(gone, p)
		}
	}
	sort.Strings(gone)
	for _, p := range gone {
		if o.stage != nil {
			o.stage.Remove(p)
			st.Removed++
			continue
		}
		if err := os.Remove(exportPath(o.dir, p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, err
		}
		st.Removed++
		outdir.RemoveEmptyDirs(o.dir, filepath.Dir(exportPath(o.dir, p)))
	}
	if o.mem != nil {
		o.mem["manifest.json"] = data
	} else if o.stage != nil {
		if err := o.stage.Stage("manifest.json", data); err != nil {
			return st, err
		}
	} else if err := o.dirs.Make(o.dir); err != nil {
		return st, err
	} else if err := outdir.WriteFile(exportPath(o.dir, "manifest.json"), data); err != nil {
		return st, err
	}
	o.files["manifest.json"] = exportFileRec{hash: exportFileHash(data), size: int64(len(data)), gz: o.gzipSize(data)}
	st.Files = len(o.files)
	st.Written = o.written + 1
	for _, rec := range o.files {
		st.Bytes += rec.size
	}
	st.GzipBytes = exportGzipEstimate(o.files)
	return st, nil
}

// exportB2i is 1 for true, 0 for false.
func exportB2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// exportFingerprint identifies the content of files: a hash of their paths
// and contents, in path order (paths, sorted, are those of files but
// manifest.json). The manifest carries it, so that a folder whose manifest
// is the one an Exporter wrote holds the files it wrote.
func exportFingerprint(paths []string, files map[string]exportFileRec) string {
	h := fnv.New64a() // as exportFileHash
	var b [8]byte
	for _, p := range paths {
		h.Write([]byte(p))
		binary.LittleEndian.PutUint64(b[:], files[p].hash)
		h.Write(b[:])
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// exportGzipSample is how often a file is compressed to estimate the gzip
// size of all of them: manifest.json and the files whose path hashes to 0
// modulo exportGzipSample.
const exportGzipSample = 64

// exportGzipSampled reports whether the gzip size of the file rel is
// measured.
func exportGzipSampled(rel string) bool {
	return rel == "manifest.json" || exportHash(rel)%exportGzipSample == 0
}

// gzipSize is the size of data compressed by gzip (level 6).
func (o *exportOutput) gzipSize(data []byte) int64 {
	var n exportCounter
	zw, _ := o.gzips.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&n, 6)
	} else {
		zw.Reset(&n)
	}
	zw.Write(data)
	zw.Close()
	o.gzips.Put(zw)
	return int64(n)
}

// exportCounter is a writer that counts the bytes written to it.
type exportCounter int

func (c *exportCounter) Write(p []byte) (int, error) {
	*c += exportCounter(len(p))
	return len(p), nil
}

// exportGzipEstimate estimates the gzip size (level 6) of files: each kind
// of file (first path segment) compresses as its sampled files do, or as
// all sampled files do when none of its own is.
func exportGzipEstimate(files map[string]exportFileRec) int64 {
	type kind struct{ raw, sampledRaw, sampledGzip int64 }
	kinds := map[string]*kind{}
	var all kind
	for p, rec := range files {
		k, _, _ := strings.Cut(p, "/")
		if kinds[k] == nil {
			kinds[k] = &kind{}
		}
		kinds[k].raw += rec.size
		if rec.gz >= 0 {
			kinds[k].sampledRaw += rec.size
			kinds[k].sampledGzip += rec.gz
			all.sampledRaw += rec.size
			all.sampledGzip += rec.gz
		}
	}
	var total int64
	for _, k := range kinds {
		switch {
		case k.sampledRaw > 0:
			total += k.raw * k.sampledGzip / k.sampledRaw
		case all.sampledRaw > 0:
			total += k.raw * all.sampledGzip / all.sampledRaw
		}
	}
	return total
}

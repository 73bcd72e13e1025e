package generator

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unsafe"

	"casebook/internal/outdir"
)

// cacheVersion changes whenever what the cache holds changes meaning.
const cacheVersion = 7

// cacheHead opens the build cache, what a build keeps in the cache folder
// for the next one: the entries as loaded (with the signatures of their
// files) and the fingerprint of every file of the output it wrote. Its
// file is a stream of gob values, then the entries' bodies:
//
//	cacheHead
//	cacheRecord      one for each of head.Entries, in source path order
//	[]writtenFile    head.Written of them, in chunks of writtenChunk
//	bodies           each entry's HTML then its Text, head.Bodies bytes
//
// Each entry and each chunk is a gob message of its own, so that neither
// writing nor reading holds the whole cache in one buffer: as one message,
// the cache of 100,000 entries was 114 MB, grown by doubling while the
// heap of the build was near its limit, and took 11.6 s of CPU to write
// (4.1 s as a stream); gob also refuses a message of 1 GB. The bodies,
// most of the bytes, are read as one block and cost no decoding.
type cacheHead struct {
	Version int
	Dest    string // the output folder the fingerprints describe
	Entries int
	Written int
	Bodies  int64
}

// cacheRecord is an entry as loaded, without its HTML and Text, whose
// lengths say where they are in the bodies.
type cacheRecord struct {
	Entry            cachedEntry
	HTMLLen, TextLen int
}

// writtenFile is an output file and the fingerprint of what it holds.
type writtenFile struct{ Rel, Fingerprint string }

// writtenChunk is how many writtenFiles go into one gob message.
const writtenChunk = 4096

func init() {
	// Values a [params] table may hold, so that entries round-trip through gob.
	for _, v := range []any{"", int64(0), float64(0), false, time.Time{}, []any{}, map[string]any{}, []map[string]any{}} {
		gob.Register(v)
	}
}

// cacheFile is the file of the build cache for the builder's options: a
// build with drafts, or into another folder, keeps a cache of its own.
func (b *Builder) cacheFile() string {
	abs, _ := filepath.Abs(b.opts.dest())
	key := sha256.Sum256([]byte(fmt.Sprintf("%s|%t|%s|%t", abs, b.opts.Drafts, b.opts.BaseURL, b.opts.Preview)))
	return filepath.Join(b.opts.source(), CacheDir, "build-"+hex.EncodeToString(key[:6])+".gob")
}

// journalFile is where a transaction on the output keeps its journal.
func (b *Builder) journalFile() string {
	return strings.TrimSuffix(b.cacheFile(), ".gob") + ".journal"
}

// readCache restores what the last build of these options kept. A missing,
// unreadable or outdated cache only means everything is done again.
func (b *Builder) readCache() {
	f, err := os.Open(b.cacheFile())
	if err != nil {
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return
	}
	r := bufio.NewReaderSize(f, 1<<16) // an io.ByteReader: gob reads no further than each message
	dec := gob.NewDecoder(r)
	var head cacheHead
	if dec.Decode(&head) != nil || head.Version != cacheVersion || head.Entries < 0 || head.Written < 0 || head.Bodies < 0 || head.Bodies > info.Size() {
		return
	}
	records := make([]cacheRecord, 0, min(head.Entries, 1<<20))
	for range head.Entries {
		var rec cacheRecord
		if dec.Decode(&rec) != nil || rec.HTMLLen < 0 || rec.TextLen < 0 {
			return
		}
		records = append(records, rec)
	}
	written := make(map[string]string, min(head.Written, 1<<20))
	for n := 0; n < head.Written; {
		var chunk []writtenFile
		if dec.Decode(&chunk) != nil || len(chunk) == 0 {
			return
		}
		n += len(chunk)
		for _, w := range chunk {
			written[w.Rel] = w.Fingerprint
		}
	}
	data := make([]byte, head.Bodies)
	if _, err := io.ReadFull(r, data); err != nil {
		return
	}
	// The entries' bodies are slices of one string over the bytes read,
	// which nothing writes to again. A string of its own for each body was
	// a second copy of them all: at 100,000 entries a rebuild peaked at
	// 2.9 GB instead of 1.9 GB, and read the cache up to a second longer.
	bodies := unsafe.String(unsafe.SliceData(data), len(data))
	entries := make(map[string]cachedEntry, len(records))
	at := 0
	for _, rec := range records {
		ce := rec.Entry
		end := at + rec.HTMLLen + rec.TextLen
		if end > len(bodies) {
			return
		}
		if ce.Entry != nil {
			ce.Entry.HTML = template.HTML(bodies[at : at+rec.HTMLLen])
			ce.Entry.Text = bodies[at+rec.HTMLLen : end]
		}
		at = end
		entries[ce.Path] = ce
	}
	b.entries = entries
	if abs, _ := filepath.Abs(b.opts.dest()); head.Dest == abs {
		b.previous = written
	}
}

// dropCache removes the saved state before the output changes, so that a
// build killed half-way never leaves a cache that describes another output.
func (b *Builder) dropCache() {
	_ = os.Remove(b.cacheFile())
	b.unsaved = true
}

// writeCache saves the state of the last successful build, atomically.
func (b *Builder) writeCache() error {
	if err := b.saveCache(b.written, b.cacheFile()); err != nil {
		return err
	}
	b.unsaved = false
	return nil
}

// saveCache writes to path, atomically, the cache of the entries loaded
// last, for an output that holds written.
func (b *Builder) saveCache(written map[string]string, path string) error {
	abs, _ := filepath.Abs(b.opts.dest())
	paths := make([]string, 0, len(b.entries))
	var bodies int64
	for p, ce := range b.entries {
		paths = append(paths, p)
		if ce.Entry != nil {
			bodies += int64(len(ce.Entry.HTML) + len(ce.Entry.Text))
		}
	}
	sort.Strings(paths)
	return outdir.Write(path, func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		enc := gob.NewEncoder(w)
		if err := enc.Encode(cacheHead{Version: cacheVersion, Dest: abs, Entries: len(paths), Written: len(written), Bodies: bodies}); err != nil {
			return err
		}
		for _, p := range paths {
			rec := cacheRecord{Entry: b.entries[p]}
			if e := rec.Entry.Entry; e != nil {
				bare := *e // a copy without the bodies, which go after the stream
				rec.HTMLLen, rec.TextLen = len(e.HTML), len(e.Text)
				bare.HTML, bare.Text = "", ""
				rec.Entry.Entry = &bare
			}
			if err := enc.Encode(&rec); err != nil {
				return err
			}
		}
		files := make([]writtenFile, 0, len(written))
		for rel, fp := range written {
			files = append(files, writtenFile{rel, fp})
		}
		for len(files) > 0 {
			n := min(len(files), writtenChunk)
			if err := enc.Encode(files[:n]); err != nil {
				return err
			}
			files = files[n:]
		}
		for _, p := range paths {
			if e := b.entries[p].Entry; e != nil {
				w.WriteString(string(e.HTML))
				w.WriteString(e.Text)
			}
		}
		return w.Flush() // the first error of any write
	})
}

package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
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
const cacheVersion = 6

// buildCache is what a build keeps in the cache folder for the next one:
// the entries as loaded (with the signatures of their files) and the
// fingerprint of every file of the output it wrote.
//
// The file holds the length of the gob-encoded buildCache (8 bytes, little
// endian), the buildCache, then the entries' rendered bodies and plain
// texts, most of the bytes, one after the other: read as one block, they
// cost no decoding.
type buildCache struct {
	Version int
	Dest    string            // the output folder the fingerprints describe
	Entries []cachedEntry     // in source path order, without HTML and Text
	Spans   []entrySpans      // where each entry's HTML and Text end in the bodies
	Written map[string]string // output file → fingerprint
}

// entrySpans are the ends of an entry's HTML and Text in the bodies that
// follow the buildCache; each starts where the one before it ends.
type entrySpans struct{ HTMLEnd, TextEnd int }

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
	read := func(p []byte) error { _, err := io.ReadFull(f, p); return err }
	info, err := f.Stat()
	var size [8]byte
	if err != nil || info.Size() < 8 || read(size[:]) != nil {
		return
	}
	n := binary.LittleEndian.Uint64(size[:])
	if n > uint64(info.Size()-8) {
		return
	}
	head := make([]byte, n)
	var c buildCache
	if read(head) != nil || gob.NewDecoder(bytes.NewReader(head)).Decode(&c) != nil || c.Version != cacheVersion || len(c.Spans) != len(c.Entries) {
		return
	}
	data := make([]byte, info.Size()-8-int64(n))
	if read(data) != nil {
		return
	}
	// The entries' bodies are slices of one string over the bytes read,
	// which nothing writes to again. A string of its own for each body was
	// a second copy of them all: at 100,000 entries a rebuild peaked at
	// 2.9 GB instead of 1.9 GB, and read the cache up to a second longer.
	bodies := unsafe.String(unsafe.SliceData(data), len(data))
	entries := make(map[string]cachedEntry, len(c.Entries))
	at := 0
	for i, ce := range c.Entries {
		sp := c.Spans[i]
		if sp.HTMLEnd < at || sp.TextEnd < sp.HTMLEnd || sp.TextEnd > len(bodies) {
			return
		}
		if ce.Entry != nil {
			ce.Entry.HTML = template.HTML(bodies[at:sp.HTMLEnd])
			ce.Entry.Text = bodies[sp.HTMLEnd:sp.TextEnd]
		}
		at = sp.TextEnd
		entries[ce.Path] = ce
	}
	b.entries = entries
	abs, _ := filepath.Abs(b.opts.dest())
	if c.Dest == abs && c.Written != nil {
		b.previous = c.Written
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
	c := buildCache{Version: cacheVersion, Dest: abs, Written: written}
	paths := make([]string, 0, len(b.entries))
	for p := range b.entries {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	// The bodies follow the gob, written from the entries as they are:
	// gathering them first would hold a second copy of every body.
	at := 0
	for _, p := range paths {
		ce := b.entries[p]
		html := at
		if ce.Entry != nil {
			e := *ce.Entry // a copy without the bodies, which go apart
			html += len(e.HTML)
			at = html + len(e.Text)
			e.HTML, e.Text = "", ""
			ce.Entry = &e
		}
		c.Spans = append(c.Spans, entrySpans{HTMLEnd: html, TextEnd: at})
		c.Entries = append(c.Entries, ce)
	}
	var head bytes.Buffer
	head.Write(make([]byte, 8))
	if err := gob.NewEncoder(&head).Encode(&c); err != nil {
		return err
	}
	binary.LittleEndian.PutUint64(head.Bytes(), uint64(head.Len()-8))
	return outdir.Write(path, func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		w.Write(head.Bytes())
		for _, p := range paths {
			if e := b.entries[p].Entry; e != nil {
				w.WriteString(string(e.HTML))
				w.WriteString(e.Text)
			}
		}
		return w.Flush() // the first error of any write
	})
}

package search

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// batchSize is how many docs go into one bleve batch. Each batch becomes
// one scorch segment; larger batches amortise the per-batch persist.
const batchSize = 500

// Index is a bleve index of entries plus the doc table that answers need
// (metadata for hits and facets, the text for phrase checks and snippets).
// It is safe for concurrent use; Update excludes searches while it runs.
type Index struct {
	dir string

	mu     sync.RWMutex
	bl     bleve.Index
	docs   []docRecord    // sorted by ID
	byID   map[string]int // index into docs
	text   *os.File       // the current text file, nil when there are no docs
	textFn string         // its base name
	stats  *bm25Stats     // collection statistics for scoring

	charMu    sync.Mutex
	charTerms map[charKey][]string // terms containing a character, per field; reset by Update
}

// UpdateStats reports what an Update did.
type UpdateStats struct {
	Indexed   int // docs added or re-indexed because their hash changed
	Deleted   int // docs removed because they are no longer present
	Unchanged int // docs whose hash did not change
}

// Open opens the index kept in dir, creating dir and an empty index when
// needed. An index written by another version of the analysis or schema,
// or one that cannot be read, is discarded and rebuilt empty: the folder is
// a cache, and deleting it is always safe.
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, byID: map[string]int{}}
	m, err := readManifest(dir)
	if err != nil || m.Version != indexVersion() {
		m = nil
	}
	bleveDir := filepath.Join(dir, bleveDirName)
	if m != nil {
		ix.bl, err = bleve.Open(bleveDir)
		if err == nil {
			n, cerr := ix.bl.DocCount()
			if cerr != nil || n != uint64(len(m.Docs)) {
				// The index and the table disagree (an interrupted update):
				// start again rather than serve ghosts.
				ix.bl.Close()
				ix.bl, m = nil, nil
			}
		} else {
			ix.bl, m = nil, nil
		}
	}
	if m == nil {
		if err := ix.reset(); err != nil {
			return nil, err
		}
		m = &manifest{Version: indexVersion()}
	}
	if err := ix.load(m); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// reset removes everything in the cache folder and creates an empty index.
func (ix *Index) reset() error {
	entries, err := os.ReadDir(ix.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == bleveDirName || e.Name() == manifestName || strings.HasPrefix(e.Name(), "text-") {
			if err := os.RemoveAll(filepath.Join(ix.dir, e.Name())); err != nil {
				return err
			}
		}
	}
	im, err := newMapping()
	if err != nil {
		return err
	}
	ix.bl, err = bleve.NewUsing(filepath.Join(ix.dir, bleveDirName), im, scorch.Name, scorch.Name, nil)
	return err
}

// load installs a manifest as the current doc table.
func (ix *Index) load(m *manifest) error {
	var text *os.File
	if m.TextFile != "" {
		f, err := os.Open(filepath.Join(ix.dir, m.TextFile))
		if err != nil {
			return err
		}
		text = f
	}
	if ix.text != nil {
		ix.text.Close()
	}
	ix.docs, ix.text, ix.textFn = m.Docs, text, m.TextFile
	ix.byID = make(map[string]int, len(m.Docs))
	for i := range ix.docs {
		ix.byID[ix.docs[i].ID] = i
	}
	ix.stats = computeStats(ix.docs)
	ix.charMu.Lock()
	ix.charTerms = nil
	ix.charMu.Unlock()
	return nil
}

// Close releases the index. The Index must not be used afterwards.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var errs []error
	if ix.bl != nil {
		errs = append(errs, ix.bl.Close())
		ix.bl = nil
	}
	if ix.text != nil {
		errs = append(errs, ix.text.Close())
		ix.text = nil
	}
	return errors.Join(errs...)
}

// Len returns the number of docs in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.docs)
}

// Update makes the index hold exactly docs: docs whose Hash differs from
// the indexed one (or is empty) are indexed, docs no longer present are
// deleted, the rest are left alone. Metadata (title, URL, facets) is always
// refreshed from docs.
func (ix *Index) Update(docs []Doc) (UpdateStats, error) {
	var st UpdateStats
	sorted := make([]*Doc, len(docs))
	for i := range docs {
		if docs[i].ID == "" {
			return st, fmt.Errorf("search: doc %d has no ID", i)
		}
		sorted[i] = &docs[i]
	}
	slices.SortFunc(sorted, func(a, b *Doc) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].ID == sorted[i-1].ID {
			return st, fmt.Errorf("search: duplicate doc ID %q", sorted[i].ID)
		}
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bl == nil {
		return st, errors.New("search: index is closed")
	}

	// 1. Bring bleve up to date. The token counts of each text field (for
	// the BM25 statistics) are read back from bleve's own analysis.
	lens := make(map[string][len(textFields)]int32, len(sorted))
	present := make(map[string]bool, len(sorted))
	var batches [][]*Doc
	var cur []*Doc
	for _, d := range sorted {
		present[d.ID] = true
		if i, ok := ix.byID[d.ID]; ok && d.Hash != "" && ix.docs[i].Hash == d.Hash {
			lens[d.ID] = ix.docs[i].FieldLens
			st.Unchanged++
			continue
		}
		cur = append(cur, d)
		st.Indexed++
		if len(cur) == batchSize {
			batches, cur = append(batches, cur), nil
		}
	}
	if len(cur) > 0 {
		batches = append(batches, cur)
	}
	var deletes []string
	for _, r := range ix.docs {
		if !present[r.ID] {
			deletes = append(deletes, r.ID)
			st.Deleted++
		}
	}
	counted, err := ix.indexBatches(batches, deletes)
	if err != nil {
		return st, err
	}
	for id, l := range counted {
		lens[id] = l
	}
	if st.Indexed == 0 && st.Deleted == 0 && ix.sameTable(sorted) {
		return st, nil
	}

	// 2. Write the text file, then the manifest that names it.
	m := &manifest{Version: indexVersion(), Docs: make([]docRecord, len(sorted))}
	if len(sorted) > 0 {
		f, err := os.CreateTemp(ix.dir, "text-*.bin")
		if err != nil {
			return st, err
		}
		m.TextFile = filepath.Base(f.Name())
		if err := writeTexts(f, sorted, m.Docs, lens); err != nil {
			f.Close()
			os.Remove(f.Name())
			return st, err
		}
		if err := f.Close(); err != nil {
			return st, err
		}
	}
	if err := writeManifest(ix.dir, m); err != nil {
		return st, err
	}
	old := ix.textFn
	if err := ix.load(m); err != nil {
		return st, err
	}
	if old != "" && old != m.TextFile {
		os.Remove(filepath.Join(ix.dir, old))
	}
	ix.removeStrayTexts()
	return st, nil
}

// sameTable reports whether the doc table already describes docs exactly.
func (ix *Index) sameTable(sorted []*Doc) bool {
	if len(sorted) != len(ix.docs) {
		return false
	}
	for i, d := range sorted {
		r := recordOf(d)
		o := ix.docs[i]
		r.TextOff, r.TextLen, r.FieldLens = o.TextOff, o.TextLen, o.FieldLens
		if !r.equal(&o) {
			return false
		}
	}
	return true
}

// removeStrayTexts deletes text files left behind by interrupted updates.
func (ix *Index) removeStrayTexts() {
	entries, err := os.ReadDir(ix.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "text-") && e.Name() != ix.textFn {
			os.Remove(filepath.Join(ix.dir, e.Name()))
		}
	}
}

// writeTexts writes each doc's text to f and fills recs with the records.
func writeTexts(f *os.File, sorted []*Doc, recs []docRecord, lens map[string][len(textFields)]int32) error {
	var buf []byte
	var off int64
	w := io.Writer(f)
	for i, d := range sorted {
		t := textOf(d)
		buf = t.encode(buf[:0])
		if _, err := w.Write(buf); err != nil {
			return err
		}
		recs[i] = recordOf(d)
		recs[i].TextOff, recs[i].TextLen = off, int64(len(buf))
		recs[i].FieldLens = lens[d.ID]
		off += int64(len(buf))
	}
	return f.Sync()
}

func recordOf(d *Doc) docRecord {
	return docRecord{
		ID: d.ID, Hash: d.Hash, Section: d.Section, Title: d.Title, URL: d.URL, Date: d.Date,
		Categories: d.Categories, Groups: d.Groups, Methods: d.Methods,
		Region: d.Region, CourtLevel: d.CourtLevel, Stage: d.Stage,
	}
}

func (r *docRecord) equal(o *docRecord) bool {
	return r.ID == o.ID && r.Hash == o.Hash && r.Section == o.Section && r.Title == o.Title &&
		r.URL == o.URL && r.Date.Equal(o.Date) && slices.Equal(r.Categories, o.Categories) &&
		slices.Equal(r.Groups, o.Groups) && slices.Equal(r.Methods, o.Methods) &&
		r.Region == o.Region && r.CourtLevel == o.CourtLevel && r.Stage == o.Stage &&
		r.TextOff == o.TextOff && r.TextLen == o.TextLen && r.FieldLens == o.FieldLens
}

// indexBatches applies the batches and the deletions to bleve and returns
// the token counts of each indexed doc's text fields. Two batches are in
// flight at once, so that one is analysed (on a pool of workers) while the
// other is turned into a segment.
func (ix *Index) indexBatches(batches [][]*Doc, deletes []string) (map[string][len(textFields)]int32, error) {
	im := ix.bl.Mapping()
	fieldIdx := map[string]int{}
	for i, f := range textFields {
		fieldIdx[f] = i
	}
	out := make(map[string][len(textFields)]int32)
	var outMu sync.Mutex
	run := func(docs []*Doc) error {
		b := ix.bl.NewBatch()
		mapped := make([]*document.Document, len(docs))
		for i, d := range docs {
			doc := document.NewDocument(d.ID)
			if err := im.MapDocument(doc, bleveDoc(d)); err != nil {
				return fmt.Errorf("search: mapping %s: %w", d.ID, err)
			}
			if err := b.IndexAdvanced(doc); err != nil {
				return err
			}
			mapped[i] = doc
		}
		if err := ix.bl.Batch(b); err != nil {
			return err
		}
		outMu.Lock()
		defer outMu.Unlock()
		for _, doc := range mapped {
			var l [len(textFields)]int32
			doc.VisitFields(func(f index.Field) {
				if i, ok := fieldIdx[f.Name()]; ok {
					l[i] += int32(f.AnalyzedLength())
				}
			})
			out[doc.ID()] = l
		}
		return nil
	}
	work := make(chan []*Doc)
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for range min(2, max(1, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for docs := range work {
				if err := run(docs); err != nil {
					errs <- err
					for range work {
					}
					return
				}
			}
		})
	}
	for _, docs := range batches {
		work <- docs
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	if len(deletes) > 0 {
		b := ix.bl.NewBatch()
		for _, id := range deletes {
			b.Delete(id)
		}
		if err := ix.bl.Batch(b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bleveDoc is what bleve indexes for d: the text fields, analysed and not
// stored. Everything else an answer needs comes from the doc table.
func bleveDoc(d *Doc) map[string]any {
	return map[string]any{
		fieldTitle:      d.Title,
		fieldShortTitle: d.ShortTitle,
		fieldSummary:    d.Summary,
		fieldBody:       d.Body,
		fieldDocNumber:  d.DocNumber,
		fieldKeywords:   d.Keywords,
	}
}

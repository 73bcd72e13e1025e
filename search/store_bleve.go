package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// batchSize is how many docs go into one bleve batch. Each batch becomes
// one segment, which scorch's merger later merges with others.
const batchSize = 500

// pendingKey names bleve's internal value listing the docs the latest
// Update changed in bleve, with the table generation that Update commits.
// It goes into bleve before (or with) that Update's first batch, so that
// whatever part of the Update bleve has on disk, the list is there too.
// When Open finds a generation newer than the table's, the Update did not
// commit, and the listed docs are put back as the table has them. Updates
// before the first commit leave it out: without a doc table, Open starts
// a new index.
const pendingKey = "casebook.pending"

// bleveConfig is scorch's runtime configuration.
//
// A batch returns once it is applied in memory ("unsafe_batch"), rather
// than after scorch has also written it to disk, so that the next batch is
// analysed while the previous one is written; an Update instead waits
// once, for its last batch, before it commits the doc table.
//
// The merge plan counts a segment of fewer than 100 docs as 100 (not
// 2,000) and allows 4 (not 10) segments per tier: the one-doc segments of
// incremental Updates are then merged with each other rather than into
// the large segments of the first build, which halves the merging an
// Update costs.
//
// Segments stop growing at 2,000 docs (half of MaxSegmentSize, the most a
// merge may produce): the batches' segments of 500 docs are merged about
// once, into segments of 2,000 to 4,000, whatever the size of the site, so
// merging grows with the entries. With a cap of 10,000 docs a clean build
// of 100,000 entries merged its docs twice (bleve wrote 581 MB of merged
// segments for 100,000 synthetic docs, and indexing took 80–89 s of CPU),
// where one of 10,000 merged them once; with this cap, 331 MB and 64–67 s,
// and queries took as long (a query reads one segment per 2,000 to 4,000
// entries; at 100,000 that is some 40, each searched little).
func bleveConfig() map[string]any {
	return map[string]any{
		"unsafe_batch": true,
		"scorchMergePlanOptions": map[string]any{
			"FloorSegmentSize":   100,
			"MaxSegmentsPerTier": 4,
			"MaxSegmentSize":     4000,
		},
	}
}

// createBleve creates an empty scorch index at path.
func createBleve(path string) (bleve.Index, error) {
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	return bleve.NewUsing(path, im, scorch.Name, scorch.Name, bleveConfig())
}

// openBleve opens the scorch index at path.
func openBleve(path string) (bleve.Index, error) {
	return bleve.OpenUsing(path, bleveConfig())
}

// encodePending is the value of pendingKey: gen and the IDs.
func encodePending(gen uint64, ids []string) []byte {
	return appendStrings(binary.AppendUvarint(nil, gen), ids)
}

// decodePending reads what encodePending wrote.
func decodePending(b []byte) (uint64, []string, error) {
	d := decoder{s: string(b)}
	gen := d.uvarint()
	ids := d.strings()
	return gen, ids, d.err
}

// bleveWrite is one Update's worth of bleve changes.
type bleveWrite struct {
	docs    []*Doc   // docs to index
	deletes []string // IDs to delete
	pending []byte   // the value of pendingKey; nil to leave it as it is
	batch   int      // docs per batch; 0 for batchSize
}

// apply indexes and deletes in bleve and returns the token counts of each
// indexed doc's text fields (in the order of w.docs), as bleve counted
// them for the norms, with a persistWait that ends once scorch has
// written the result to disk. Two batches are in flight at once: while
// one is analysed (on bleve's pool of workers, or read from the export's
// analysis) the other is turned into a segment, and once a clean build
// has written its pages, both cores make segments. Each batch in flight
// holds the term frequencies of its docs (65 MB for 500 long entries).
func (w *bleveWrite) apply(bl bleve.Index) ([][len(textFields)]int32, *persistWait, error) {
	lens := make([][len(textFields)]int32, len(w.docs))
	size := w.batch
	if size <= 0 {
		size = batchSize
	}
	if len(w.docs) <= size {
		// One batch carries everything, so it is applied atomically.
		b, err := newDocBatch(bl, w.docs, nil)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range w.deletes {
			b.Delete(id)
		}
		if w.pending != nil {
			b.SetInternal([]byte(pendingKey), w.pending)
		}
		pw, err := batchPersisted(bl, b.Batch)
		if err != nil {
			return nil, nil, err
		}
		b.readLens(lens)
		return lens, pw, nil
	}

	if w.pending != nil {
		b := bl.NewBatch()
		b.SetInternal([]byte(pendingKey), w.pending)
		if err := bl.Batch(b); err != nil {
			return nil, nil, err
		}
	}
	type job struct {
		docs []*Doc
		lens [][len(textFields)]int32
	}
	work := make(chan job)
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	inFlight := min(2, max(1, runtime.GOMAXPROCS(0)))
	for range inFlight {
		wg.Go(func() {
			var mem freqMemory
			for j := range work {
				b, err := newDocBatch(bl, j.docs, &mem)
				if err == nil {
					err = bl.Batch(b.Batch)
				}
				if err == nil {
					b.readLens(j.lens)
					mem.reclaim(b.mapped)
				}
				if err != nil {
					errs <- err
					for range work {
					}
					return
				}
			}
		})
	}
	for lo := 0; lo < len(w.docs); lo += size {
		hi := min(lo+size, len(w.docs))
		work <- job{w.docs[lo:hi], lens[lo:hi]}
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, nil, err
	}
	b := bl.NewBatch()
	for _, id := range w.deletes {
		b.Delete(id)
	}
	pw, err := batchPersisted(bl, b)
	if err != nil {
		return nil, nil, err
	}
	return lens, pw, nil
}

// docBatch is a batch indexing docs.
type docBatch struct {
	*bleve.Batch
	mapped []*document.Document
}

// newDocBatch makes a batch indexing docs, whose fields count their terms
// in what mem lends (when not nil).
func newDocBatch(bl bleve.Index, docs []*Doc, mem *freqMemory) (*docBatch, error) {
	analyzer := bl.Mapping().AnalyzerNamed(AnalyzerName)
	if analyzer == nil {
		return nil, fmt.Errorf("search: analyzer %s missing from the index mapping", AnalyzerName)
	}
	b := &docBatch{Batch: bl.NewBatch(), mapped: make([]*document.Document, len(docs))}
	for i, d := range docs {
		doc := newBleveDocument(d, analyzer, mem)
		if err := b.IndexAdvanced(doc); err != nil {
			return nil, err
		}
		b.mapped[i] = doc
	}
	return b, nil
}

// readLens writes the token counts of each doc's text fields to lens
// (which parallels the docs). bleve analyses the fields when it applies
// the batch, so this runs after.
func (b *docBatch) readLens(lens [][len(textFields)]int32) {
	for i, doc := range b.mapped {
		lens[i] = fieldLens(doc)
	}
}

// fieldLens returns the token counts of an analysed doc's text fields.
func fieldLens(doc *document.Document) [len(textFields)]int32 {
	var l [len(textFields)]int32
	doc.VisitFields(func(f index.Field) {
		if i, ok := textFieldIndex(f.Name()); ok {
			l[i] += int32(f.AnalyzedLength())
		}
	})
	return l
}

// textFieldIndex returns the position of a text field in textFields.
func textFieldIndex(name string) (int, bool) {
	for i, f := range textFields {
		if f == name {
			return i, true
		}
	}
	return 0, false
}

// errNotPersisted reports that scorch failed to write a batch to disk.
var errNotPersisted = errors.New("search: the index could not be written to disk")

// persistWait waits for scorch to write a batch to disk.
type persistWait struct {
	bl       bleve.Index
	done     chan error
	failures uint64 // persistFailures when the batch was applied
}

// batchPersisted applies b and returns a persistWait for it: once scorch
// has written b to disk, it has written every batch applied before too.
func batchPersisted(bl bleve.Index, b *bleve.Batch) (*persistWait, error) {
	pw := &persistWait{bl: bl, done: make(chan error, 1), failures: persistFailures(bl)}
	b.SetPersistedCallback(func(err error) {
		select {
		case pw.done <- err:
		default:
		}
	})
	if err := bl.Batch(b); err != nil {
		return nil, err
	}
	return pw, nil
}

// wait returns once the batch is on disk. Scorch retries a failed write
// rather than report it to the batch; a failure it counts while waiting
// ends the wait with an error.
func (pw *persistWait) wait() error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-pw.done:
			return err
		case <-tick.C:
			if persistFailures(pw.bl) > pw.failures {
				return errNotPersisted
			}
		}
	}
}

// persistFailures returns how many times scorch failed to write a
// snapshot to disk so far.
func persistFailures(bl bleve.Index) uint64 {
	adv, err := bl.Advanced()
	if err != nil {
		return 0
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0
	}
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return 0
	}
	return atomic.LoadUint64(&st.TotPersistLoopErr)
}

package search

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Index is a bleve index of entries plus the doc table that answers need
// (metadata for hits and facets, the text for phrase checks and snippets).
// It is safe for concurrent use. Searches go on while an Update runs: they
// see the state before it until the new state is complete, and wait only
// while the two are swapped.
type Index struct {
	// wmu serialises Update and Close. Its holder alone changes the fields
	// below, so it may read them without mu.
	wmu sync.Mutex
	w   *store // nil once closed

	mu    sync.RWMutex
	bl    bleve.Index    // bleve as docs describe it (see store.pinned); nil once closed
	docs  []docRecord    // sorted by ID; never modified once installed
	byID  map[string]int // index into docs
	text  *os.File       // the text file, nil when there is none
	stats *bm25Stats     // collection statistics for scoring

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
	s, docs, err := openStore(dir)
	if err != nil {
		if s, err = createStore(dir); err != nil {
			return nil, err
		}
		docs = nil
	}
	ix := &Index{w: s}
	ix.install(s.live, docs, nil, s.text)
	return ix, nil
}

// install makes docs, with bl and text, the state searches see. byID may
// be nil, to be built from docs.
func (ix *Index) install(bl bleve.Index, docs []docRecord, byID map[string]int, text *os.File) {
	if byID == nil {
		byID = make(map[string]int, len(docs))
		for i := range docs {
			byID[docs[i].ID] = i
		}
	}
	stats := computeStats(docs)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.bl, ix.docs, ix.byID, ix.text, ix.stats = bl, docs, byID, text, stats
	ix.charMu.Lock()
	ix.charTerms = nil
	ix.charMu.Unlock()
}

// Close waits until the last Update is on disk, reports whether writing
// it failed, and releases the index. The Index must not be used
// afterwards.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if ix.w == nil {
		return nil
	}
	err := ix.w.settle() // searches go on meanwhile
	ix.mu.Lock()
	defer ix.mu.Unlock()
	err = errors.Join(err, ix.w.close())
	ix.w, ix.bl, ix.text = nil, nil, nil
	return err
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
// refreshed from docs; the text phrase checks and snippets read is the one
// bleve indexed, and so changes with the hash.
//
// Searches see the new state when Update returns. It is written to disk
// in the background; the next Update, or Close, waits for that and
// reports its error, and a crash before it is complete leaves the state
// before the Update.
func (ix *Index) Update(docs []Doc) (UpdateStats, error) {
	sorted, err := sortDocs(docs)
	if err != nil {
		return UpdateStats{}, err
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	s := ix.w
	if s == nil {
		return UpdateStats{}, errors.New("search: index is closed")
	}
	if err := s.settle(); err != nil {
		return UpdateStats{}, err
	}
	p := planUpdate(ix.docs, sorted, s.dirty)
	if len(p.del) == 0 && len(p.put) == 0 { // every doc to index is in put
		return p.stats, nil
	}
	if s.pinned == nil && (len(p.docs) > 0 || len(p.del) > 0) {
		// Searches keep to bleve as it is until the new table is in.
		pin, err := newSnapshotView(s.live)
		if err != nil {
			return p.stats, err
		}
		ix.mu.Lock()
		ix.bl = pin
		ix.mu.Unlock()
		s.pinned = pin
	}
	oldText, err := s.update(p)
	if err != nil {
		return p.stats, err
	}
	byID := ix.byID
	if !p.sameIDs {
		byID = nil
	}
	ix.install(s.live, p.recs, byID, s.text)
	if s.pinned != nil {
		s.pinned.release()
		s.pinned = nil
	}
	if oldText != nil {
		oldText.Close()
	}
	return p.stats, nil
}

// flush waits until the last Update is on disk.
func (ix *Index) flush() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if ix.w == nil {
		return nil
	}
	return ix.w.settle()
}

// sortDocs returns pointers to docs sorted by ID, and checks the IDs.
func sortDocs(docs []Doc) ([]*Doc, error) {
	sorted := make([]*Doc, len(docs))
	for i := range docs {
		if docs[i].ID == "" {
			return nil, fmt.Errorf("search: doc %d has no ID", i)
		}
		sorted[i] = &docs[i]
	}
	slices.SortFunc(sorted, func(a, b *Doc) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].ID == sorted[i-1].ID {
			return nil, fmt.Errorf("search: duplicate doc ID %q", sorted[i].ID)
		}
	}
	return sorted, nil
}

// updatePlan is what an Update changes.
type updatePlan struct {
	recs    []docRecord // the new doc table; the fresh records lack their text and field lengths
	fresh   []int       // positions in recs of the docs to index, ascending
	docs    []*Doc      // the docs to index, parallel to fresh
	put     []int       // positions in recs of the records the table entry carries, ascending
	del     []string    // IDs to delete from bleve and the table
	kept    int64       // text bytes of the records kept as they are
	sameIDs bool        // recs holds the IDs of the current table, in the same places
	stats   UpdateStats
}

// planUpdate compares the docs to the current table (both sorted by ID).
func planUpdate(old []docRecord, sorted []*Doc, dirty map[string]bool) *updatePlan {
	p := &updatePlan{recs: make([]docRecord, len(sorted)), sameIDs: len(old) == len(sorted)}
	i := 0
	for j, d := range sorted {
		for i < len(old) && old[i].ID < d.ID {
			p.del = append(p.del, old[i].ID)
			p.stats.Deleted++
			i++
		}
		r := &p.recs[j]
		*r = recordOf(d)
		if i < len(old) && old[i].ID == d.ID {
			o := &old[i]
			i++
			if d.Hash != "" && d.Hash == o.Hash && !dirty[d.ID] {
				p.stats.Unchanged++
				r.TextOff, r.TextLen, r.FieldLens = o.TextOff, o.TextLen, o.FieldLens
				p.kept += o.TextLen
				if r.equal(o) {
					*r = *o
				} else {
					r.own()
					p.put = append(p.put, j)
				}
				continue
			}
		} else {
			p.sameIDs = false
		}
		r.own()
		p.stats.Indexed++
		p.fresh = append(p.fresh, j)
		p.docs = append(p.docs, d)
		p.put = append(p.put, j)
	}
	for ; i < len(old); i++ {
		p.del = append(p.del, old[i].ID)
		p.stats.Deleted++
	}
	if p.stats.Deleted > 0 {
		p.sameIDs = false
	}
	// Docs a failed Update left in bleve that neither the table nor docs
	// hold are deleted from bleve too.
	for id := range dirty {
		_, inDocs := slices.BinarySearchFunc(sorted, id, func(d *Doc, id string) int { return strings.Compare(d.ID, id) })
		_, inOld := slices.BinarySearchFunc(old, id, func(r docRecord, id string) int { return strings.Compare(r.ID, id) })
		if !inDocs && !inOld {
			p.del = append(p.del, id)
		}
	}
	return p
}

// recordOf returns the record of d, without its text and field lengths.
// Its slices are d's.
func recordOf(d *Doc) docRecord {
	return docRecord{
		ID: d.ID, Hash: d.Hash, Section: d.Section, Title: d.Title, URL: d.URL, Date: d.Date,
		Categories: d.Categories, Groups: d.Groups, Methods: d.Methods,
		Region: d.Region, CourtLevel: d.CourtLevel, Stage: d.Stage,
	}
}

// own gives r copies of its slices, so that the caller of Update may
// reuse the docs' slices.
func (r *docRecord) own() {
	r.Categories, r.Groups, r.Methods = slices.Clone(r.Categories), slices.Clone(r.Groups), slices.Clone(r.Methods)
}

// equal reports whether two records say the same. Dates are the same when
// they are the same instant in the same zone offset: the table keeps
// the offset, and the day a date falls on depends on it.
func (r *docRecord) equal(o *docRecord) bool {
	_, zr := r.Date.Zone()
	_, zo := o.Date.Zone()
	return r.ID == o.ID && r.Hash == o.Hash && r.Section == o.Section && r.Title == o.Title &&
		r.URL == o.URL && r.Date.Equal(o.Date) && zr == zo && slices.Equal(r.Categories, o.Categories) &&
		slices.Equal(r.Groups, o.Groups) && slices.Equal(r.Methods, o.Methods) &&
		r.Region == o.Region && r.CourtLevel == o.CourtLevel && r.Stage == o.Stage &&
		r.TextOff == o.TextOff && r.TextLen == o.TextLen && r.FieldLens == o.FieldLens
}

package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// snapshotView is bleve as searches see it while an Update writes its
// batches to the live index: one fixed snapshot, the one that matches the
// doc table still installed. Advanced (and so the reader a search drives),
// FieldDict and DocCount read the snapshot; Mapping is the live index's,
// which never changes. Nothing else is meant to be called on a view.
type snapshotView struct {
	liveIndex
	adv  pinnedIndex
	snap sharedReader
}

// liveIndex names the embedded live index, whose Index method a field
// named Index would hide.
type liveIndex = bleve.Index

// sharedReader is an index reader that can be handed out more than once:
// each AddRef is matched by a Close. Scorch's snapshots are such readers.
type sharedReader interface {
	index.IndexReader
	AddRef()
}

// newSnapshotView pins the live index's current snapshot.
func newSnapshotView(live bleve.Index) (*snapshotView, error) {
	adv, err := live.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(sharedReader)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("search: bleve reader %T cannot be shared", r)
	}
	return &snapshotView{liveIndex: live, adv: pinnedIndex{Index: adv, snap: snap}, snap: snap}, nil
}

// Advanced returns the index whose readers are the pinned snapshot.
func (v *snapshotView) Advanced() (index.Index, error) { return v.adv, nil }

// FieldDict returns a field's dictionary in the pinned snapshot.
func (v *snapshotView) FieldDict(field string) (index.FieldDict, error) {
	return v.snap.FieldDict(field)
}

// DocCount returns the number of docs in the pinned snapshot.
func (v *snapshotView) DocCount() (uint64, error) { return v.snap.DocCount() }

// release lets go of the snapshot. Readers handed out before stay valid
// until they are closed.
func (v *snapshotView) release() error { return v.snap.Close() }

// pinnedIndex is scorch with Reader returning the pinned snapshot.
type pinnedIndex struct {
	index.Index
	snap sharedReader
}

// Reader returns the pinned snapshot; close it after use, as any reader.
func (p pinnedIndex) Reader() (index.IndexReader, error) {
	p.snap.AddRef()
	return p.snap, nil
}

package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// store is what Updates write to: the live bleve index, the doc table
// file and the text file, with what an Update needs to know of them. Only
// the holder of Index.wmu uses it, and while a commit runs in the
// background, the fields of the doc table belong to the commit.
type store struct {
	dir  string
	live bleve.Index // the live index
	// pinned, when set, is installed as Index.bl in place of live: bleve
	// as it was before an Update began to apply its batches, while the
	// doc table installed is the one from before. It goes when the Update
	// installs its table, and stays after an Update that failed.
	pinned   *snapshotView
	text     *os.File // the text file (Index.text); nil when there is none
	textName string   // its base name
	textEnd  int64    // its size: where the next texts go
	// dirty holds IDs whose docs bleve may hold otherwise than the table
	// says, after an Update that failed half-way: the next Update
	// re-indexes or deletes them, whatever their hash.
	dirty map[string]bool

	table    *os.File // the doc table, open for appending; nil until first written
	tableEnd int64    // where the next log entry goes
	baseLen  int64    // bytes of the table's base frame
	gen      uint64   // the table's generation
	needBase bool     // the table on disk lacks changes: the next commit writes a whole base
	commit   *commit  // the last Update's commit, until waited for

	// For tests: afterApply, when set, runs in update once bleve has
	// applied the batches and before the new state is installed; batch,
	// when set, is the number of docs per bleve batch.
	afterApply func()
	batch      int
}

// commit writes one Update to disk once bleve has written it: it runs in
// the background, and the next Update, or Close, waits for it.
type commit struct {
	done chan struct{} // closed when the commit has ended
	err  error
	ids  []string // docs the Update indexed or deleted
}

// openStore opens the index kept in dir as its last committed Update left
// it, and returns the doc table.
func openStore(dir string) (*store, []docRecord, error) {
	t, err := readTable(dir)
	if err != nil {
		return nil, nil, err
	}
	if t.Version != indexVersion() {
		return nil, nil, errors.New("search: index written by another version")
	}
	s := &store{dir: dir, gen: t.Gen, baseLen: t.baseLen, tableEnd: t.validLen, textName: t.TextFile}
	ok := false
	defer func() {
		if !ok {
			s.close()
		}
	}()
	if t.TextFile != "" {
		if s.text, s.textEnd, err = openTextFile(dir, t.TextFile); err != nil {
			return nil, nil, err
		}
	}
	for i := range t.Docs {
		r := &t.Docs[i]
		if r.TextOff+r.TextLen > s.textEnd {
			return nil, nil, errCorruptText
		}
	}
	live, err := openBleve(filepath.Join(dir, bleveDirName))
	if err != nil {
		return nil, nil, err
	}
	s.live = live
	if err := s.repair(t.Docs); err != nil {
		return nil, nil, err
	}
	if n, err := s.live.DocCount(); err != nil || n != uint64(len(t.Docs)) {
		return nil, nil, errors.New("search: bleve and the doc table disagree")
	}
	if s.table, err = os.OpenFile(filepath.Join(dir, manifestName), os.O_RDWR, 0); err != nil {
		return nil, nil, err
	}
	if t.size > s.tableEnd {
		// A torn append: cut it off.
		if err := s.table.Truncate(s.tableEnd); err != nil {
			return nil, nil, err
		}
	}
	removeStrayTexts(dir, s.textName) // createStore removes them all
	ok = true
	return s, t.Docs, nil
}

// createStore empties the cache folder and creates an empty index.
func createStore(dir string) (*store, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case name == bleveDirName, name == manifestName, name == "manifest.gob", strings.HasPrefix(name, "text-"),
			strings.HasPrefix(name, manifestName+".tmp"):
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return nil, err
			}
		}
	}
	live, err := createBleve(filepath.Join(dir, bleveDirName))
	if err != nil {
		return nil, err
	}
	return &store{dir: dir, live: live}, nil
}

// repair puts back, as the table has them, the docs that an Update which
// did not commit had already changed in bleve. The list of those docs
// stays in bleve until they are all back.
func (s *store) repair(docs []docRecord) error {
	v, err := s.live.GetInternal([]byte(pendingKey))
	if err != nil || v == nil {
		return err
	}
	gen, ids, err := decodePending(v)
	if err != nil {
		return err
	}
	if gen <= s.gen {
		return nil
	}
	w := bleveWrite{pending: v, batch: s.batch}
	for _, id := range ids {
		i, found := slices.BinarySearchFunc(docs, id, func(r docRecord, id string) int { return strings.Compare(r.ID, id) })
		if !found {
			w.deletes = append(w.deletes, id)
			continue
		}
		t, err := readText(s.text, &docs[i])
		if err != nil {
			return err
		}
		w.docs = append(w.docs, &Doc{
			ID: id, Title: t.Title, ShortTitle: t.ShortTitle, Summary: t.Summary,
			Body: t.Body, DocNumber: t.DocNumber, Keywords: t.Keywords,
		})
	}
	if _, _, err := w.apply(s.live); err != nil {
		return err
	}
	b := s.live.NewBatch()
	b.SetInternal([]byte(pendingKey), encodePending(s.gen, nil))
	pw, err := batchPersisted(s.live, b)
	if err != nil {
		return err
	}
	return pw.wait()
}

// update carries out p: it writes the texts, applies bleve's batches and
// fills in p.recs. The store then describes the new state, and a commit
// makes it durable in the background: once scorch has written the batches
// to disk, it syncs the text file and writes the doc table. The text file
// the new state replaced, if any, is returned for the caller to close once
// no search can read it.
func (s *store) update(p *updatePlan) (*os.File, error) {
	tw := &textWrite{dir: s.dir, cur: s.text, curEnd: s.textEnd, recs: p.recs, fresh: p.fresh, docs: p.docs, live: p.kept}
	textDone := make(chan error, 1)
	go func() { textDone <- tw.run() }()

	ids := make([]string, 0, len(p.docs)+len(p.del))
	for _, d := range p.docs {
		ids = append(ids, d.ID)
	}
	ids = append(ids, p.del...)
	var lens [][len(textFields)]int32
	var pw *persistWait
	var err error
	if len(ids) > 0 {
		bw := bleveWrite{docs: p.docs, deletes: p.del, batch: s.batch}
		if s.baseLen > 0 {
			// Before the first commit there is no doc table on disk, and
			// Open starts a new index rather than repair this one: the
			// list would only cost scorch a copy in every snapshot it
			// persists (1.2 MB each, for a first build of 100,000 docs).
			bw.pending = encodePending(s.gen+1, ids)
		}
		lens, pw, err = bw.apply(s.live)
	}
	err = errors.Join(err, <-textDone)
	if err != nil {
		if tw.newFile != nil {
			tw.newFile.Close()
			os.Remove(filepath.Join(s.dir, tw.newName))
		}
		s.markDirty(ids)
		return nil, err
	}
	if s.afterApply != nil {
		s.afterApply()
	}
	for k, i := range p.fresh {
		p.recs[i].FieldLens = lens[k]
	}
	s.dirty = nil
	s.textEnd = tw.end
	var old *os.File
	if tw.newFile != nil {
		old = s.text
		s.text, s.textName = tw.newFile, tw.newName
	}
	c := &commit{done: make(chan struct{}), ids: ids}
	s.commit = c
	e := &tableEntry{Gen: s.gen + 1, Del: p.del}
	for _, i := range p.put {
		e.Put = append(e.Put, p.recs[i])
	}
	go func() {
		defer close(c.done)
		c.err = s.writeCommit(pw, tw.wrote, tw.newFile != nil, p.recs, e)
	}()
	return old, nil
}

// writeCommit waits for bleve to write an Update's batches to disk, syncs
// the text file and commits the Update to the doc table: one log entry
// appended, or a new base when the text file was rewritten, the log has
// grown too long or the table lacks earlier changes.
func (s *store) writeCommit(pw *persistWait, text *os.File, newText bool, recs []docRecord, e *tableEntry) error {
	if pw != nil {
		if err := pw.wait(); err != nil {
			return err
		}
	}
	if text != nil {
		if err := text.Sync(); err != nil {
			return err
		}
	}
	if !newText && !s.needBase && s.table != nil {
		frame := appendFrame(nil, e.encode(nil))
		if s.tableEnd-s.baseLen+int64(len(frame)) <= max(s.baseLen, maxLogBytes) {
			if _, err := s.table.WriteAt(frame, s.tableEnd); err != nil {
				return err
			}
			if err := s.table.Sync(); err != nil {
				return err
			}
			s.tableEnd += int64(len(frame))
			s.gen = e.Gen
			return nil
		}
	}
	// Some systems cannot rename over an open file. Without a handle on
	// the table, the next commit writes a base again.
	if s.table != nil {
		s.table.Close()
		s.table = nil
	}
	n, err := writeBase(s.dir, &tableBase{Version: indexVersion(), TextFile: s.textName, Gen: e.Gen, Docs: recs})
	if err != nil {
		return err
	}
	s.tableEnd, s.baseLen, s.gen, s.needBase = n, n, e.Gen, false
	if f, err := os.OpenFile(filepath.Join(s.dir, manifestName), os.O_RDWR, 0); err == nil {
		s.table = f
	}
	if newText {
		removeStrayTexts(s.dir, s.textName)
	}
	return nil
}

// settle waits for the last Update's commit. When it failed, the docs
// that Update changed are marked dirty and the next commit writes a whole
// base, and the error is returned.
func (s *store) settle() error {
	c := s.commit
	if c == nil {
		return nil
	}
	<-c.done
	s.commit = nil
	if c.err != nil {
		s.markDirty(c.ids)
		s.needBase = true
		return fmt.Errorf("search: writing the index to disk: %w", c.err)
	}
	return nil
}

// markDirty records that bleve may hold the docs ids otherwise than the
// table says.
func (s *store) markDirty(ids []string) {
	if len(ids) == 0 {
		return
	}
	if s.dirty == nil {
		s.dirty = map[string]bool{}
	}
	for _, id := range ids {
		s.dirty[id] = true
	}
}

// close waits for the last commit and releases everything the store
// holds open.
func (s *store) close() error {
	errs := []error{s.settle()}
	if s.pinned != nil {
		errs = append(errs, s.pinned.release())
		s.pinned = nil
	}
	if s.live != nil {
		errs = append(errs, s.live.Close())
		s.live = nil
	}
	for _, f := range []**os.File{&s.text, &s.table} {
		if *f != nil {
			errs = append(errs, (*f).Close())
			*f = nil
		}
	}
	return errors.Join(errs...)
}

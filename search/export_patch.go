package search

import (
	"casebook/internal/parallel"
	"errors"
	"os"
	"slices"
	"sync"
)

// An export whose docs keep their numbers is patched: the postings and
// positions of the docs whose analysis changed are taken out of the files
// of the last export and put back as they are now. Only the files that
// hold a changed posting are read and encoded again; the result is the
// same, byte for byte, as a full export of the docs. When a patch would
// change a shard count, or a file of the last export is not as it was
// written, the export is a full one instead.

// errExportPatch says that the last export cannot be patched.
var errExportPatch = errors.New("search: the last export cannot be patched")

// errExportStale says that a file of the export folder is not as the last
// export wrote it.
var errExportStale = errors.New("search: the export folder was changed")

// exportChange is one doc whose analysis changed.
type exportChange struct {
	n        int
	old, new *exportDocAnalysis
}

// exportDelta is one changed posting of a term or phrase: doc n has it tf
// times in field f now (0: not at all).
type exportDelta struct {
	n, f, tf int
}

// exportPosDelta is a term's changed positions in one doc of a block:
// per field, whether they changed and the new "rel:positions" entry.
type exportPosDelta struct {
	rel     int
	changed [len(textFields)]bool
	seg     [len(textFields)][]byte
}

// exportEntryChange is a term-shard entry before and after a patch.
type exportEntryChange struct {
	key      string
	old, new []byte // nil: no entry
}

// exportPatcher patches the files of the last export in dir.
type exportPatcher struct {
	dir  string
	old  map[string]exportFileRec
	l    *exportLayout
	docs int

	mu      sync.Mutex
	files   []exportFile    // new content
	dropped map[string]bool // files of the last export encoded again or gone
}

// exportPatchLimit is the most changed docs a patch takes on, of docs.
func exportPatchLimit(docs int) int { return max(16, docs/32) }

// patch exports ordered by patching the last export, and reports whether
// it could.
func (e *Exporter) patch(ordered []Doc, todo []int, fresh []*exportDocAnalysis, prints []uint64, phrases map[string][]string, dir string, old map[string]exportFileRec) (ExportStats, bool, error) {
	var changes []exportChange
	limit := exportPatchLimit(len(ordered))
	same := make([]bool, len(todo)) // the analysis did not change
	if e.blobs != nil && len(todo) > 64 {
		_ = e.blobs.load() // one read for many analyses
	}
	for i, n := range todo {
		s := e.docs[ordered[n].ID]
		if s == nil {
			return ExportStats{}, false, nil
		}
		prev, err := e.analysis(s)
		if err != nil {
			return ExportStats{}, false, nil
		}
		if prev.sameAs(fresh[i]) {
			same[i] = true
			continue
		}
		if changes = append(changes, exportChange{n, prev, fresh[i]}); len(changes) > limit {
			return ExportStats{}, false, nil
		}
	}
	l := *e.layout
	p := &exportPatcher{dir: dir, old: old, l: &l, docs: len(ordered), dropped: map[string]bool{}}
	ps := newExportPhraseSet(phrases, e.dict)
	deltas := map[string][]exportDelta{}
	pos := map[int]map[string][]*exportPosDelta{} // block → term → positions by doc
	for _, c := range changes {
		e.collect(c, ps, deltas, pos)
	}

	// The doc table and the texts whose doc changed, meanwhile.
	var lengths [len(textFields)][]int
	var texts []exportFile
	var textChanged []int // numbers of the docs whose text files change
	var dicts map[string][]string
	var table []byte
	var tableErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		newLengths := map[int][len(textFields)]int32{}
		for _, c := range changes {
			newLengths[c.n] = c.new.lens
		}
		for f := range lengths {
			lengths[f] = make([]int, len(ordered))
		}
		for n := range ordered {
			ls, ok := newLengths[n]
			if !ok {
				ls = e.docs[ordered[n].ID].lengths
			}
			for f := range lengths {
				lengths[f][n] = int(ls[f])
			}
		}
		dicts, table, tableErr = exportDocTable(ordered, &lengths)
		for n := range ordered {
			if e.docs[ordered[n].ID].text != prints[n] {
				texts = append(texts, exportTextFiles(&ordered[n], n)...)
				textChanged = append(textChanged, n)
			}
		}
	}()

	changed, err := p.patchTerms(deltas)
	if err == nil {
		err = p.patchChars(changed)
	}
	if err == nil {
		err = p.patchPositions(pos)
	}
	wg.Wait()
	switch {
	case errors.Is(err, errExportJSON) || errors.Is(err, errExportList):
		return ExportStats{}, false, errExportStale // not a file the export wrote
	case errors.Is(err, errExportPatch):
		return ExportStats{}, false, nil
	}
	if err == nil {
		err = tableErr
	}
	if err == nil {
		err = e.makeFold()
	}
	if err != nil {
		return ExportStats{}, false, err
	}

	// Write what changed; keep the rest.
	p.dropped["docs/stats.json"] = true
	p.files = append(p.files, exportFile{"docs/stats.json", table})
	for _, n := range textChanged {
		p.dropped[exportTextPath(n)] = true
		p.dropped[exportTextMorePath(n)] = true
	}
	p.files = append(p.files, texts...)
	o, err := newExportOutput(dir, old, e.stage)
	if err != nil {
		return ExportStats{}, false, err
	}
	o.paths = e.paths
	o.keepAll(p.dropped)
	parallel.For(len(p.files), 1, func(i int) { o.put(p.files[i].path, p.files[i].data) })
	st, err := o.finish(func(build string) ([]byte, error) {
		return e.manifestJSON(ordered, &lengths, p.l, dicts, build)
	})
	if err != nil {
		return st, false, err
	}
	st.TermShards, st.Terms, st.Phrases = l.termShards, l.terms, l.livePhrases
	st.Analysed = len(todo)

	// Remember this export.
	for i, n := range todo {
		s := e.docs[ordered[n].ID]
		s.hash = ordered[n].Hash
		if !same[i] {
			s.an, s.blob, s.lengths = fresh[i], exportBlobRef{}, fresh[i].lens
		}
	}
	for n := range ordered {
		e.docs[ordered[n].ID].text = prints[n]
	}
	e.layout = &l
	e.files, e.manifest, e.paths = o.files, o.files["manifest.json"].hash, o.paths
	return st, true, nil
}

// collect records what changed between the two analyses of a doc: the
// postings of terms and phrases, and the positions of terms.
func (e *Exporter) collect(c exportChange, ps *exportPhraseSet, deltas map[string][]exportDelta, pos map[int]map[string][]*exportPosDelta) {
	block, rel := c.n/e.opts.PosBlockDocs, c.n%e.opts.PosBlockDocs
	if pos[block] == nil {
		pos[block] = map[string][]*exportPosDelta{}
	}
	var va, vb exportFieldPostings
	for f := range textFields {
		a, b := c.old.field(f, &va), c.new.field(f, &vb)
		i, j, ka, kb := 0, 0, int32(0), int32(0)
		for i < len(a.terms) || j < len(b.terms) {
			var id int32
			var pa, pb []int32
			switch {
			case j == len(b.terms) || i < len(a.terms) && a.terms[i] < b.terms[j]:
				id, pa = a.terms[i], a.pos[ka:ka+a.tfs[i]]
				ka += a.tfs[i]
				i++
			case i == len(a.terms) || b.terms[j] < a.terms[i]:
				id, pb = b.terms[j], b.pos[kb:kb+b.tfs[j]]
				kb += b.tfs[j]
				j++
			default:
				id, pa, pb = a.terms[i], a.pos[ka:ka+a.tfs[i]], b.pos[kb:kb+b.tfs[j]]
				ka, kb = ka+a.tfs[i], kb+b.tfs[j]
				i, j = i+1, j+1
			}
			if slices.Equal(pa, pb) {
				continue
			}
			term := e.dict.terms[id]
			if len(pa) != len(pb) {
				deltas[term] = append(deltas[term], exportDelta{c.n, f, len(pb)})
			}
			ds := pos[block][term]
			d := (*exportPosDelta)(nil)
			if len(ds) > 0 && ds[len(ds)-1].rel == rel {
				d = ds[len(ds)-1]
			} else {
				d = &exportPosDelta{rel: rel}
				pos[block][term] = append(ds, d)
			}
			d.changed[f] = true
			if len(pb) > 0 {
				d.seg[f] = exportAppendPositions(nil, rel, pb)
			}
		}
	}
	// Phrases: hits are sorted by field, then phrase.
	var z exportPhraseScratch
	ha, hb := ps.hits(c.old, &z), ps.hits(c.new, &z)
	less := func(x, y exportPhraseHit) bool {
		return x.field < y.field || x.field == y.field && x.phrase < y.phrase
	}
	i, j := 0, 0
	for i < len(ha) || j < len(hb) {
		switch {
		case j == len(hb) || i < len(ha) && less(ha[i], hb[j]):
			key := ps.list[ha[i].phrase].key
			deltas[key] = append(deltas[key], exportDelta{c.n, int(ha[i].field), 0})
			i++
		case i == len(ha) || less(hb[j], ha[i]):
			key := ps.list[hb[j].phrase].key
			deltas[key] = append(deltas[key], exportDelta{c.n, int(hb[j].field), int(hb[j].count)})
			j++
		default:
			i, j = i+1, j+1
		}
	}
}

// read returns the content of the file rel of the last export, checked
// against what was written.
func (p *exportPatcher) read(rel string) ([]byte, error) {
	rec, ok := p.old[rel]
	if !ok {
		return nil, errExportStale
	}
	data, err := os.ReadFile(exportPath(p.dir, rel))
	if err != nil || int64(len(data)) != rec.size || exportFileHash(data) != rec.hash {
		return nil, errExportStale
	}
	return data, nil
}

// readShard reads shard s of a term or character folder (prefix) of the
// last export, large entries from their own files, and marks its files as
// encoded again.
func (p *exportPatcher) readShard(prefix string, s, shards int) ([]exportShardEntry, error) {
	name := prefix + exportShardName(s, shards)
	data, err := p.read(name + ".json")
	if err != nil {
		return nil, err
	}
	entries, err := exportScanObject(data)
	if err != nil {
		return nil, err
	}
	drop := []string{name + ".json"}
	for i, en := range entries {
		if len(en.json) == 0 || en.json[0] < '0' || en.json[0] > '9' {
			continue
		}
		own := name + "-" + string(en.json) + ".json"
		data, err := p.read(own)
		if err != nil {
			return nil, err
		}
		m, err := exportScanObject(data)
		if err != nil || len(m) != 1 || m[0].key != en.key {
			return nil, errExportJSON
		}
		entries[i].json = m[0].json
		drop = append(drop, own)
	}
	p.mu.Lock()
	for _, d := range drop {
		p.dropped[d] = true
	}
	p.mu.Unlock()
	return entries, nil
}

// add queues files of the new export.
func (p *exportPatcher) add(files []exportFile) {
	p.mu.Lock()
	p.files = append(p.files, files...)
	p.mu.Unlock()
}

package search

import (
	"casebook/internal/parallel"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
)

// Exporter writes the static search export again and again, reusing the
// work of the last export: docs whose Hash did not change are not analysed
// again, files whose content did not change are not written again, and
// when the docs keep their numbers (no doc added or removed, no date
// changed) only the term shards, character shards and position files that
// hold a changed posting are encoded again, patched from the files of the
// last export. What it reuses is kept in memory and, when it has a cache
// folder, on disk, so that the next process starts where this one
// stopped. Deleting the cache folder is always safe: the next export is a
// full one.
//
// An Exporter is not safe for concurrent use.
type Exporter struct {
	cacheDir string
	opts     ExportOptions
	loaded   bool
	dict     *exportDict                // term ids of the analyses
	docs     map[string]*exportDocState // the docs of the last export, by id
	layout   *exportLayout              // the shape of the last export; nil: unknown
	manifest uint64                     // hash of the manifest.json last written
	files    map[string]exportFileRec   // the files last written, by path
	blobs    *exportBlobs               // the cache's analysis file
	memo     map[string]exportPhraseValue
	fold     []exportFile // fold.json and fold/, the same for every export
	folds    []string     // the fold blocks
	patched  bool         // the last export patched the one before
	paths    []string     // sorted paths of files, but manifest.json
	stage    ExportStage  // set during ExportStaged
}

// ExportStage receives the changes of an export instead of their being
// made in the export folder, so that a caller can apply them together with
// other changes, as one transaction. Paths are slash-separated, relative
// to the export folder; manifest.json comes last. Stage and Remove are
// called from several goroutines at once.
type ExportStage interface {
	Stage(rel string, data []byte) error // the file rel will hold data
	Remove(rel string)                   // the file rel will be gone
}

// ErrExportUnknown is returned by ExportStaged when the export folder does
// not hold what the Exporter last wrote there, so that its changes cannot
// be told; the caller writes a whole new export instead.
var ErrExportUnknown = errors.New("search: the export folder does not hold the last export")

// exportDocState is what an Exporter remembers of one doc of the last
// export.
type exportDocState struct {
	num     int                // number in the last export
	hash    string             // Doc.Hash
	an      *exportDocAnalysis // nil: in the cache's analysis file, at blob
	blob    exportBlobRef
	text    uint64 // exportTextPrint
	lengths [len(textFields)]int32
}

// exportLayout is the shape of the last export: what decides which files a
// changed posting touches, and what the manifest counts.
type exportLayout struct {
	order                             []string // doc ids in export order
	termBytes, blockDocs, posBytes    int      // the options it was cut with
	phrases                           map[string][]string
	termShards, charShards, posShards int
	termTotal, charTotal, posTotal    int // sizes that decide the shard counts
	livePhrases, terms                int // phrases that occur, (field, term) pairs
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
	st, _, err := e.export(docs, dir)
	return st, err
}

// ExportStaged is Export into a folder that holds the last export, with
// every change handed to stage instead of made; dir is only read. After
// the caller has applied the changes, dir holds what Export would have
// written; if it does not apply them, the next export finds out and
// writes dir whole.
func (e *Exporter) ExportStaged(docs []Doc, dir string, stage ExportStage) (ExportStats, error) {
	e.stage = stage
	defer func() { e.stage = nil }()
	st, _, err := e.export(docs, dir)
	return st, err
}

// export is Export; with no dir, the files are not written but returned.
func (e *Exporter) export(docs []Doc, dir string) (ExportStats, map[string][]byte, error) {
	e.load()
	ordered := exportOrder(docs)

	// Analyse what changed; meanwhile, fingerprint the texts and gather
	// the phrases.
	todo, unique := e.stale(ordered)
	newDict := e.dict == nil || len(todo) == len(ordered)
	if newDict && !e.analysed(ordered, todo) {
		e.dict = newExportDict() // a full analysis: start a compact dictionary
	}
	prints := make([]uint64, len(ordered))
	memo := make(map[string]exportPhraseValue, len(e.memo))
	var phrases map[string][]string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		phrases = exportPhrases(ordered, e.opts.Phrases, e.memo, memo)
		parallel.For(len(ordered), 256, func(n int) { prints[n] = exportTextPrint(&ordered[n]) })
	}()
	fresh := exportAnalyzeDocs(ordered, todo, e.dict)
	wg.Wait()
	e.memo = memo

	var old map[string]exportFileRec
	if dir != "" {
		old = e.known(dir)
	}
	var st ExportStats
	var mem map[string][]byte
	var err error
	patched := false
	if old != nil && unique && !newDict && e.patchable(ordered, phrases) {
		st, patched, err = e.patch(ordered, todo, fresh, prints, phrases, dir, old)
		if errors.Is(err, errExportStale) {
			old, err = nil, nil // dir is not as the last export left it: write it whole
		}
	}
	e.patched = patched
	if !patched && err == nil {
		st, mem, err = e.full(ordered, todo, fresh, prints, phrases, dir, old, unique)
	}
	if err != nil {
		e.files, e.layout = nil, nil
		return st, nil, fmt.Errorf("search: export to %s: %w", dir, err)
	}
	st.Docs = len(ordered)
	if e.cacheDir != "" {
		e.save()
	}
	return st, mem, nil
}

// Analyse analyses the docs that the next Export of docs will analyse
// (those new or changed since the last export) and leaves each analysis in
// its Doc, where Export and Index.Update find it: the text of a doc is
// then analysed once for both.
func (e *Exporter) Analyse(docs []Doc) {
	e.load()
	todo, _ := e.stale(docs)
	if e.dict == nil || len(todo) == len(docs) {
		e.dict = newExportDict()
	}
	fresh := exportAnalyzeDocs(docs, todo, e.dict)
	terms := e.dict.terms // no analysis runs now: safe to read
	for i, n := range todo {
		if docs[n].Hash != "" { // without a hash, no one could tell it is of the doc's text
			docs[n].pre = &preAnalysis{an: fresh[i], dict: e.dict, terms: terms}
		}
	}
}

// stale returns the indexes of the docs that need analysing: those the
// last export did not have, or had with another hash, and repeated ids;
// and whether the ids are unique.
func (e *Exporter) stale(docs []Doc) (todo []int, unique bool) {
	seen := make(map[string]bool, len(docs))
	for n := range docs {
		d := &docs[n]
		if s := e.docs[d.ID]; s == nil || d.Hash == "" || s.hash != d.Hash || seen[d.ID] || s.an == nil && (s.blob.n == 0 || e.blobs == nil) {
			todo = append(todo, n)
		}
		seen[d.ID] = true
	}
	return todo, len(seen) == len(docs)
}

// analysed reports whether every doc in todo carries an analysis made
// with the current dictionary.
func (e *Exporter) analysed(docs []Doc, todo []int) bool {
	for _, n := range todo {
		if docs[n].analysis(e.dict) == nil {
			return false
		}
	}
	return e.dict != nil
}

// known returns the files dir holds as the last export wrote them, or nil
// when dir is not known to hold them (its manifest.json is another).
func (e *Exporter) known(dir string) map[string]exportFileRec {
	if e.files == nil {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil || exportFileHash(data) != e.manifest {
		return nil
	}
	return e.files
}

// patchable reports whether the last export can be patched into this one:
// the same docs in the same order, cut the same way.
func (e *Exporter) patchable(ordered []Doc, phrases map[string][]string) bool {
	l := e.layout
	if l == nil || len(l.order) != len(ordered) || l.termBytes != e.opts.TermShardBytes ||
		l.blockDocs != e.opts.PosBlockDocs || l.posBytes != e.opts.PosShardBytes || len(l.phrases) != len(phrases) {
		return false
	}
	for n := range ordered {
		if ordered[n].ID != l.order[n] {
			return false
		}
	}
	for k, terms := range phrases {
		if !slices.Equal(l.phrases[k], terms) {
			return false
		}
	}
	return true
}

// analysis returns the analysis of doc id of the last export.
func (e *Exporter) analysis(s *exportDocState) (*exportDocAnalysis, error) {
	if s.an != nil {
		return s.an, nil
	}
	if e.blobs == nil {
		return nil, errExportCache
	}
	return e.blobs.read(s.blob, len(e.dict.terms))
}

// full exports every doc from its analysis: fresh[i] is that of
// ordered[todo[i]]; the others are those of the last export.
func (e *Exporter) full(ordered []Doc, todo []int, fresh []*exportDocAnalysis, prints []uint64, phrases map[string][]string, dir string, old map[string]exportFileRec, unique bool) (ExportStats, map[string][]byte, error) {
	an := make([]*exportDocAnalysis, len(ordered))
	for i, n := range todo {
		an[n] = fresh[i]
	}
	var need []int
	for n := range ordered {
		if an[n] == nil {
			need = append(need, n)
		}
	}
	analysed := make([]bool, len(ordered))
	for _, n := range todo {
		analysed[n] = true
	}
	if len(need) > 0 {
		// An analysis the cache lost is made again.
		failed := e.loadAnalyses(ordered, need, an)
		for i, a := range exportAnalyzeDocs(ordered, failed, e.dict) {
			an[failed[i]], analysed[failed[i]] = a, true
		}
		todo = append(slices.Clip(todo), failed...)
	}
	ix := buildExportIndex(an, e.dict, phrases)

	o, err := newExportOutput(dir, old, e.stage)
	if err != nil {
		return ExportStats{}, nil, err
	}
	o.paths = e.paths
	// The text files of a doc whose number and text did not change are
	// those of the last export.
	var keep func(n int) bool
	if old != nil && e.layout != nil {
		keep = func(n int) bool {
			s := e.docs[ordered[n].ID]
			if s == nil || s.num != n || s.text != prints[n] || n >= len(e.layout.order) || e.layout.order[n] != ordered[n].ID {
				return false
			}
			o.keep(exportTextPath(n))
			o.keep(exportTextMorePath(n))
			return true
		}
	}
	l := &exportLayout{termBytes: e.opts.TermShardBytes, blockDocs: e.opts.PosBlockDocs, posBytes: e.opts.PosShardBytes, phrases: phrases}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		l.posShards, l.posTotal = writeExportPositions(o, ix, e.opts.PosBlockDocs, e.opts.PosShardBytes)
	}()
	go func() {
		defer wg.Done()
		writeExportTexts(o, ordered, keep)
	}()
	l.termShards, l.charShards, l.termTotal, l.charTotal = writeExportTermShards(o, ix, e.opts.TermShardBytes)
	dicts, err := writeExportDocTable(o, ordered, &ix.lengths)
	if err == nil {
		err = e.writeFold(o)
	}
	wg.Wait()
	if err != nil {
		return ExportStats{}, nil, err
	}
	l.livePhrases, l.terms = len(ix.phrases), ix.termCount()
	st, err := o.finish(func(build string) ([]byte, error) {
		return e.manifestJSON(ordered, &ix.lengths, l, dicts, build)
	})
	if err != nil {
		return st, nil, err
	}
	st.TermShards, st.Terms, st.Phrases = l.termShards, l.terms, l.livePhrases

	// Remember this export.
	st.Analysed = len(todo)
	docs := make(map[string]*exportDocState, len(ordered))
	for n := range ordered {
		d := &ordered[n]
		if docs[d.ID] != nil {
			continue // a second doc with the id: never reused
		}
		s := &exportDocState{num: n, hash: d.Hash, an: an[n], text: prints[n], lengths: an[n].lens}
		if prev := e.docs[d.ID]; prev != nil && !analysed[n] {
			s.blob = prev.blob // the same analysis, still in the cache's analysis file
		}
		docs[d.ID] = s
	}
	e.docs = docs
	l.order = make([]string, len(ordered))
	for n := range ordered {
		l.order[n] = ordered[n].ID
	}
	e.layout = nil
	if unique {
		e.layout = l
	}
	if dir == "" {
		e.files, e.layout = nil, nil // nothing written
		return st, o.mem, nil
	}
	e.files, e.manifest, e.paths = o.files, o.files["manifest.json"].hash, o.paths
	return st, nil, nil
}

// loadAnalyses fills an[n] for each n of need from the last export, and
// returns those whose analysis could not be read.
func (e *Exporter) loadAnalyses(ordered []Doc, need []int, an []*exportDocAnalysis) []int {
	if e.blobs != nil && len(need) > 64 {
		_ = e.blobs.load() // one read for many analyses
	}
	failed := make([][]int, (len(need)+63)/64)
	parallel.For(len(failed), 1, func(c int) {
		for _, n := range need[c*64 : min((c+1)*64, len(need))] {
			a, err := e.analysis(e.docs[ordered[n].ID])
			if err != nil {
				failed[c] = append(failed[c], n)
				continue
			}
			an[n] = a
		}
	})
	return slices.Concat(failed...)
}

// makeFold makes fold.json and fold/ once per Exporter.
func (e *Exporter) makeFold() error {
	if e.fold != nil {
		return nil
	}
	files, blocks, err := exportFoldFiles()
	if err == nil {
		e.fold, e.folds = files, blocks
	}
	return err
}

// writeFold writes fold.json and fold/, made once per Exporter.
func (e *Exporter) writeFold(o *exportOutput) error {
	if err := e.makeFold(); err != nil {
		return err
	}
	for _, f := range e.fold {
		o.put(f.path, f.data)
	}
	return nil
}

// manifestJSON renders manifest.json.
func (e *Exporter) manifestJSON(ordered []Doc, lengths *[len(textFields)][]int, l *exportLayout, dicts map[string][]string, build string) ([]byte, error) {
	m := exportManifest(ordered, lengths, l.livePhrases, e.opts, dicts, l.termShards, l.posShards)
	m["foldBlocks"] = e.folds
	m["chars"] = map[string]any{"shards": l.charShards}
	m["build"] = build
	return exportJSON(m)
}

// exportTextPath is the path of the text file of doc n.
func exportTextPath(n int) string { return "text/" + strconv.Itoa(n) + ".json" }

// exportTextMorePath is the path of the long body of doc n.
func exportTextMorePath(n int) string { return "text/" + strconv.Itoa(n) + "-1.json" }

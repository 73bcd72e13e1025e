package search

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
)

// exportDict numbers the terms of the export: a term's id is its index in
// terms. Ids are never reused while an Exporter lives, so that cached
// analyses stay valid; a clean export starts a new dictionary.
type exportDict struct {
	mu    sync.Mutex
	terms []string
	ids   map[string]int32
}

func newExportDict() *exportDict { return &exportDict{ids: map[string]int32{}} }

// intern returns the ids of terms, adding the new ones.
func (d *exportDict) intern(terms []string, out []int32) []int32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, t := range terms {
		id, ok := d.ids[t]
		if !ok {
			id = int32(len(d.terms))
			d.terms = append(d.terms, t)
			d.ids[t] = id
		}
		out = append(out, id)
	}
	return out
}

// exportDocAnalysis is what the export keeps of one analysed doc: per text
// field, its distinct terms with their positions.
type exportDocAnalysis struct {
	id, hash string
	fields   [len(textFields)]exportFieldPostings
}

// exportFieldPostings are the terms of one field of one doc, sorted by term
// text; term j has tfs[j] positions, stored in turn in pos, each
// (array index << 20) | position within the value, rising.
type exportFieldPostings struct {
	terms []int32
	tfs   []int32
	pos   []int32
}

// length is the number of tokens of the field.
func (p *exportFieldPostings) length() int { return len(p.pos) }

// exportAnalyzeOne analyses the text fields of d, interning terms in dict.
func exportAnalyzeOne(d *Doc, dict *exportDict) *exportDocAnalysis {
	type tok struct {
		term string
		pos  int32
	}
	a := &exportDocAnalysis{id: d.ID, hash: d.Hash}
	t := textOf(d)
	var toks []tok
	var names []string
	for f, name := range textFields {
		toks = toks[:0]
		for ai, v := range t.values(name) {
			for _, tk := range Analyze(v) {
				toks = append(toks, tok{exportCleanTerm(tk.Term), int32(ai<<20 | tk.Position)})
			}
		}
		if len(toks) == 0 {
			continue
		}
		slices.SortStableFunc(toks, func(x, y tok) int { return cmp.Compare(x.term, y.term) })
		fp := &a.fields[f]
		fp.pos = make([]int32, len(toks))
		names = names[:0]
		for i, tk := range toks {
			fp.pos[i] = tk.pos
			if i == 0 || tk.term != toks[i-1].term {
				names = append(names, tk.term)
				fp.tfs = append(fp.tfs, 0)
			}
			fp.tfs[len(fp.tfs)-1]++
		}
		fp.terms = dict.intern(names, make([]int32, 0, len(names)))
	}
	return a
}

// exportAnalyzeDocs analyses docs[i] for every i in todo, on all cores.
func exportAnalyzeDocs(docs []Doc, todo []int, dict *exportDict) []*exportDocAnalysis {
	out := make([]*exportDocAnalysis, len(todo))
	var wg sync.WaitGroup
	var next int
	var mu sync.Mutex
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next += 8
				mu.Unlock()
				if k >= len(todo) {
					return
				}
				for i := k; i < min(k+8, len(todo)); i++ {
					out[i] = exportAnalyzeOne(&docs[todo[i]], dict)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

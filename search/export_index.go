package search

import (
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// exportIndex is the inverted index the static export is cut from. Docs
// are numbered in export order; postings are kept encoded, as the browser
// reads them, to keep memory small on large sites.
type exportIndex struct {
	docs     int
	lengths  [len(textFields)][]int // lengths[f][doc]: tokens in field f of doc
	postings map[string]*exportLists
	phrases  map[string]*exportLists    // phrase key → per field, docs that contain it
	chars    map[string]map[string]bool // CJK character → terms that contain it
	card     [len(textFields)]int       // distinct terms per field
	phraseBy map[string][][]string      // first bigram → phrases starting with it
}

// exportFieldTokens is the analysis of one field of one doc.
type exportFieldTokens struct {
	terms []string // term of each token
	pos   []int    // position, (array index << 20) | position within the value
}

// exportAnalyzeDoc analyses the text fields of d.
func exportAnalyzeDoc(d *Doc) [len(textFields)]exportFieldTokens {
	t := textOf(d)
	var out [len(textFields)]exportFieldTokens
	for f, name := range textFields {
		for ai, v := range t.values(name) {
			for _, tk := range Analyze(v) {
				out[f].terms = append(out[f].terms, exportCleanTerm(tk.Term))
				out[f].pos = append(out[f].pos, ai<<20|tk.Position)
			}
		}
	}
	return out
}

// exportPosBlock collects the positions of one block of docs: term → per field,
// the encoded "doc:positions" entries.
type exportPosBlock map[string]*[len(textFields)][]byte

func buildExportIndex(docs []Doc, phrases map[string][]string) *exportIndex {
	ix := &exportIndex{
		docs:     len(docs),
		postings: map[string]*exportLists{},
		phrases:  map[string]*exportLists{},
		chars:    map[string]map[string]bool{},
		phraseBy: map[string][][]string{},
	}
	for f := range textFields {
		ix.lengths[f] = make([]int, len(docs))
	}
	for _, terms := range phrases {
		ix.phraseBy[terms[0]] = append(ix.phraseBy[terms[0]], terms)
	}
	return ix
}

// exportAnalyzeAll analyses docs[lo:hi] on all cores.
func exportAnalyzeAll(docs []Doc, lo, hi int) [][len(textFields)]exportFieldTokens {
	out := make([][len(textFields)]exportFieldTokens, hi-lo)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i-lo] = exportAnalyzeDoc(&docs[i])
			}
		}()
	}
	for i := lo; i < hi; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// add indexes doc n, appending its positions to block (when not nil) with
// doc numbers relative to base.
func (ix *exportIndex) add(n int, an *[len(textFields)]exportFieldTokens, block exportPosBlock, base int) {
	for f := range textFields {
		ft := &an[f]
		ix.lengths[f][n] = len(ft.terms)
		if len(ft.terms) == 0 {
			continue
		}
		// Token indexes grouped by term (sorted), in position order within a term.
		idx := make([]int, len(ft.terms))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return ft.terms[idx[a]] < ft.terms[idx[b]] })
		ps := make([]int, 0, 8)
		for i := 0; i < len(idx); {
			term := ft.terms[idx[i]]
			ps = ps[:0]
			j := i
			for ; j < len(idx) && ft.terms[idx[j]] == term; j++ {
				ps = append(ps, ft.pos[idx[j]])
			}
			ix.appendPosting(f, term, n, len(ps))
			if block != nil {
				exportAppendPositions(block, f, term, n-base, ps)
			}
			i = j
		}
		ix.addPhrases(f, n, ft)
	}
}

func (ix *exportIndex) appendPosting(f int, term string, n, tf int) {
	p := ix.postings[term]
	if p == nil {
		p = new(exportLists)
		ix.postings[term] = p
		ix.indexChars(term)
	}
	if p[f] == nil {
		p[f] = &exportList{last: -1}
		ix.card[f]++
	}
	p[f].add(n, tf)
}

// exportAppendPositions appends "delta:p.p.p" entries (doc delta from the
// previous entry, positions delta-coded) to the block.
func exportAppendPositions(block exportPosBlock, f int, term string, rel int, ps []int) {
	e := block[term]
	if e == nil {
		e = new([len(textFields)][]byte)
		block[term] = e
	}
	b := e[f]
	if len(b) > 0 {
		b = append(b, ',')
	}
	b = strconv.AppendInt(b, int64(rel), 36)
	b = append(b, ':')
	prev := 0
	for i, p := range ps {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendInt(b, int64(p-prev), 36)
		prev = p
	}
	e[f] = b
}

// indexChars records term under each CJK character it contains.
func (ix *exportIndex) indexChars(term string) {
	for _, r := range term {
		if !exportIsCJK(r) {
			continue
		}
		c := string(r)
		if ix.chars[c] == nil {
			ix.chars[c] = map[string]bool{}
		}
		ix.chars[c][term] = true
	}
}

// exportIsCJK reports whether r is a character the bigram filter pairs:
// anything outside ASCII that a term of one or two runes is made of.
func exportIsCJK(r rune) bool { return r >= 0x2E80 && utf8.RuneLen(r) >= 3 }

// addPhrases records the phrases indexed whole that occur in field f of doc n.
func (ix *exportIndex) addPhrases(f, n int, ft *exportFieldTokens) {
	if len(ix.phraseBy) == 0 {
		return
	}
	found := map[string]int{}
	for i, term := range ft.terms {
		for _, ph := range ix.phraseBy[term] {
			ok := i+len(ph) <= len(ft.terms)
			for k := 1; ok && k < len(ph); k++ {
				// positions rise by one per token within a value
				ok = ft.pos[i+k] == ft.pos[i]+k && ft.terms[i+k] == ph[k]
			}
			if ok {
				found[exportPhraseKey(ph)]++
			}
		}
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := ix.phrases[k]
		if p == nil {
			p = new(exportLists)
			ix.phrases[k] = p
		}
		if p[f] == nil {
			p[f] = &exportList{last: -1}
		}
		p[f].add(n, found[k])
	}
}

// termCount is the number of distinct (field, term) pairs.
func (ix *exportIndex) termCount() int {
	n := 0
	for _, c := range ix.card {
		n += c
	}
	return n
}

// exportCleanTerm replaces each byte of term that is not valid UTF-8 with
// U+FFFD, as encoding/json and the browser runtime see it. (bleve's to_lower
// filter can leave invalid bytes after letters such as İ.)
func exportCleanTerm(term string) string {
	if utf8.ValidString(term) {
		return term
	}
	var b strings.Builder
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRuneInString(term[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(term[i : i+size])
		}
		i += size
	}
	return b.String()
}

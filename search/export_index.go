package search

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"casebook/internal/parallel"
)

// exportIndex is the inverted index the static export is cut from, merged
// from the docs' analyses. Docs are numbered in export order; terms are
// numbered by the dictionary.
type exportIndex struct {
	docs    int
	dict    *exportDict
	an      []*exportDocAnalysis   // by doc number
	lengths [len(textFields)][]int // lengths[f][doc]: tokens in field f of doc
	lists   []*exportLists         // by term id: its posting lists (nil: no doc has it)
	card    [len(textFields)]int   // distinct terms per field
	phrases []exportPhrase         // phrases indexed whole that occur
	chars   map[rune][]int32       // CJK character → ids of the terms that contain it
}

// exportPhrase is a phrase indexed whole and the docs that contain it.
type exportPhrase struct {
	key  string
	ids  []int32
	post []uint64 // exportPack entries
}

// exportPack packs a posting: doc number, field index and term frequency.
func exportPack(doc, f, tf int) uint64 { return uint64(doc)<<36 | uint64(f)<<32 | uint64(tf) }

func exportUnpack(p uint64) (doc, f, tf int) {
	return int(p >> 36), int(p>>32) & 15, int(p & 0xffffffff)
}

// exportPhraseSet is the phrases indexed whole that can occur (each of
// their terms is in the dictionary), sorted by key, and by first term.
type exportPhraseSet struct {
	list    []exportPhrase
	byFirst map[int32][]int32 // first term id → indexes into list, by second term id
	first   []bool            // by term id: some phrase starts with it
}

// newExportPhraseSet resolves the candidate phrases (key → terms) against
// the dictionary.
func newExportPhraseSet(phrases map[string][]string, dict *exportDict) *exportPhraseSet {
	if dict.ids == nil {
		dict.index()
	}
	keys := make([]string, 0, len(phrases))
	for k := range phrases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	ps := &exportPhraseSet{byFirst: map[int32][]int32{}, first: make([]bool, len(dict.terms))}
	for _, k := range keys {
		ph := exportPhrase{key: k}
		for _, t := range phrases[k] {
			id, ok := dict.ids[t]
			if !ok {
				ph.ids = nil
				break
			}
			ph.ids = append(ph.ids, id)
		}
		if ph.ids != nil {
			ps.byFirst[ph.ids[0]] = append(ps.byFirst[ph.ids[0]], int32(len(ps.list)))
			ps.first[ph.ids[0]] = true
			ps.list = append(ps.list, ph)
		}
	}
	for _, list := range ps.byFirst {
		slices.SortFunc(list, func(x, y int32) int {
			return cmp.Or(cmp.Compare(ps.list[x].ids[1], ps.list[y].ids[1]), cmp.Compare(x, y))
		})
	}
	return ps
}

// exportPhraseHit says that phrase (an index into the phrase set) occurs
// count times in field of a doc.
type exportPhraseHit struct {
	phrase, field, count int32
}

// exportPhraseScratch is the memory hits works in, for one goroutine: the
// field at hand, decoded; by term id, the term's index in that field
// (valid where stamp is the field's generation); the field's tokens in
// position order; the phrases' counts.
type exportPhraseScratch struct {
	field  exportFieldPostings
	slot   []int32
	stamp  []uint32
	gen    uint32
	offs   []int32
	seq    []int32 // term id at each position from base, -1 for none
	counts map[int32]int32
}

// index makes the terms of fp findable by id.
func (z *exportPhraseScratch) index(fp *exportFieldPostings, terms int) {
	if len(z.stamp) < terms {
		z.stamp, z.slot = make([]uint32, terms), make([]int32, terms)
	}
	z.gen++
	if z.gen == 0 {
		clear(z.stamp)
		z.gen = 1
	}
	for j, id := range fp.terms {
		z.stamp[id], z.slot[id] = z.gen, int32(j)
	}
	z.offs = exportOffsets(z.offs[:0], fp.tfs)
}

// find returns the index of term id in the field last indexed.
func (z *exportPhraseScratch) find(id int32) (int32, bool) {
	if int(id) >= len(z.stamp) || z.stamp[id] != z.gen {
		return 0, false
	}
	return z.slot[id], true
}

// sequence lays the tokens of fp out by position, when they are dense and
// no two share a position.
func (z *exportPhraseScratch) sequence(fp *exportFieldPostings) bool {
	lo, hi := int32(1<<31-1), int32(-1)
	for _, p := range fp.pos {
		lo, hi = min(lo, p), max(hi, p)
	}
	span := int(hi-lo) + 1
	if span > 4*len(fp.pos)+64 {
		return false
	}
	z.seq = slices.Grow(z.seq[:0], span)[:span]
	for i := range z.seq {
		z.seq[i] = -1
	}
	k := 0
	for j, id := range fp.terms {
		for _, p := range fp.pos[k : k+int(fp.tfs[j])] {
			if z.seq[p-lo] >= 0 {
				return false
			}
			z.seq[p-lo] = id
		}
		k += int(fp.tfs[j])
	}
	return true
}

// hits returns the phrases of the set that occur in a, by field, then by
// phrase.
func (ps *exportPhraseSet) hits(a *exportDocAnalysis, z *exportPhraseScratch) []exportPhraseHit {
	var out []exportPhraseHit
	if len(ps.list) == 0 {
		return nil
	}
	for f := range textFields {
		fp := a.field(f, &z.field)
		some := false
		for _, id := range fp.terms {
			if int(id) < len(ps.first) && ps.first[id] {
				some = true
				break
			}
		}
		if !some {
			continue
		}
		start := len(out)
		if z.sequence(fp) {
			out = ps.sequenceHits(out, f, z)
		} else {
			z.index(fp, len(ps.first))
			k := int32(0)
			for j, id := range fp.terms {
				tf := fp.tfs[j]
				if int(id) < len(ps.first) && ps.first[id] {
					for _, pi := range ps.byFirst[id] {
						if c := exportPhraseCount(fp, z, ps.list[pi].ids, fp.pos[k:k+tf]); c > 0 {
							out = append(out, exportPhraseHit{pi, int32(f), int32(c)})
						}
					}
				}
				k += tf
			}
		}
		slices.SortFunc(out[start:], func(x, y exportPhraseHit) int { return cmp.Compare(x.phrase, y.phrase) })
	}
	return out
}

// sequenceHits appends the hits of field f, laid out in z.seq.
func (ps *exportPhraseSet) sequenceHits(out []exportPhraseHit, f int, z *exportPhraseScratch) []exportPhraseHit {
	if z.counts == nil {
		z.counts = map[int32]int32{}
	}
	clear(z.counts)
	seq := z.seq
	for p := 0; p+1 < len(seq); p++ {
		first := seq[p]
		if first < 0 || int(first) >= len(ps.first) || !ps.first[first] {
			continue
		}
		cands := ps.byFirst[first]
		second := seq[p+1]
		k, _ := slices.BinarySearchFunc(cands, second, func(pi, id int32) int { return cmp.Compare(ps.list[pi].ids[1], id) })
		for ; k < len(cands) && ps.list[cands[k]].ids[1] == second; k++ {
			ids := ps.list[cands[k]].ids
			if p+len(ids) > len(seq) {
				continue
			}
			match := true
			for m := 2; m < len(ids); m++ {
				if seq[p+m] != ids[m] {
					match = false
					break
				}
			}
			if match {
				z.counts[cands[k]]++
			}
		}
	}
	for pi, c := range z.counts {
		out = append(out, exportPhraseHit{pi, int32(f), c})
	}
	return out
}

// exportOffsets appends to out where each term's positions start.
func exportOffsets(out, tfs []int32) []int32 {
	k := int32(0)
	for _, tf := range tfs {
		out = append(out, k)
		k += tf
	}
	return out
}

// exportPhraseCount counts the occurrences of the phrase of term ids in
// field fp (indexed in z) starting at the positions first of its first
// term.
func exportPhraseCount(fp *exportFieldPostings, z *exportPhraseScratch, ids []int32, first []int32) int {
	var restBuf [8][]int32
	rest := restBuf[:0]
	for _, id := range ids[1:] {
		j, ok := z.find(id)
		if !ok {
			return 0
		}
		rest = append(rest, fp.pos[z.offs[j]:z.offs[j]+fp.tfs[j]])
	}
	c := 0
	for _, p := range first {
		ok := true
		for k, ps := range rest {
			if _, found := slices.BinarySearch(ps, p+int32(k+1)); !found {
				ok = false
				break
			}
		}
		if ok {
			c++
		}
	}
	return c
}

// exportTermCounts counts the fields of the docs that hold each term, on
// all cores, and returns the counts by term id (one more, zero, at the end)
// and their sum.
func exportTermCounts(an []*exportDocAnalysis, terms int) ([]int, int) {
	var mu sync.Mutex
	var parts [][]int
	parallel.Workers(len(an), 64, func() func(int) {
		c := make([]int, terms+1)
		mu.Lock()
		parts = append(parts, c)
		mu.Unlock()
		return func(n int) {
			for f := range textFields {
				an[n].eachTerm(f, func(id, _ int32) { c[id]++ })
			}
		}
	})
	counts, total := make([]int, terms+1), 0
	for _, c := range parts {
		for id, k := range c {
			counts[id] += k
		}
	}
	for _, k := range counts {
		total += k
	}
	return counts, total
}

// buildExportIndex merges the analyses of the docs (in export order) and
// finds the phrases indexed whole.
func buildExportIndex(an []*exportDocAnalysis, dict *exportDict, phrases map[string][]string) *exportIndex {
	ix := &exportIndex{docs: len(an), dict: dict, an: an, lists: make([]*exportLists, len(dict.terms))}
	for f := range textFields {
		ix.lengths[f] = make([]int, len(an))
		for n, a := range an {
			ix.lengths[f][n] = int(a.lens[f])
		}
	}
	ps := newExportPhraseSet(phrases, dict)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup

	// Phrases: each doc's hits, then merged in doc order.
	hits := make([][]exportPhraseHit, len(an))
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var z exportPhraseScratch
			for {
				c := int(next.Add(1) - 1)
				if c*64 >= len(an) {
					return
				}
				for n := c * 64; n < min((c+1)*64, len(an)); n++ {
					hits[n] = ps.hits(an[n], &z)
				}
			}
		}()
	}

	// Posting lists: each worker takes a range of term ids holding about
	// as many postings as the others' and walks every doc in order.
	counts, total := exportTermCounts(an, len(dict.terms))
	bounds := []int32{0}
	acc := 0
	for id, c := range counts {
		acc += c
		if acc*workers >= total*len(bounds) && len(bounds) < workers {
			bounds = append(bounds, int32(id+1))
		}
	}
	bounds = append(bounds, int32(len(dict.terms)))
	for w := range len(bounds) - 1 {
		lo, hi := bounds[w], bounds[w+1]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n, a := range an {
				for f := range textFields {
					a.eachTerm(f, func(id, tf int32) {
						if id < lo || id >= hi {
							return
						}
						ls := ix.lists[id]
						if ls == nil {
							ls = new(exportLists)
							ix.lists[id] = ls
						}
						l := ls[f]
						if l == nil {
							l = &exportList{last: -1}
							ls[f] = l
						}
						l.add(n, int(tf))
					})
				}
			}
		}()
	}
	wg.Wait()

	for n, hs := range hits {
		for _, h := range hs {
			ps.list[h.phrase].post = append(ps.list[h.phrase].post, exportPack(n, int(h.field), int(h.count)))
		}
	}
	for _, ph := range ps.list {
		if ph.post != nil {
			slices.SortFunc(ph.post, cmp.Compare) // doc, then field
			ix.phrases = append(ix.phrases, ph)
		}
	}
	ix.chars = map[rune][]int32{}
	for id, ls := range ix.lists {
		if ls == nil {
			continue
		}
		for f, l := range ls {
			if l != nil {
				ix.card[f]++
			}
		}
		term := dict.terms[id]
		for i, r := range term {
			if exportIsCJK(r) && !strings.ContainsRune(term[:i], r) {
				ix.chars[r] = append(ix.chars[r], int32(id))
			}
		}
	}
	return ix
}

// termCount is the number of distinct (field, term) pairs.
func (ix *exportIndex) termCount() int {
	n := 0
	for _, c := range ix.card {
		n += c
	}
	return n
}

// exportListsOf builds a phrase's posting lists, one per field.
func exportListsOf(post []uint64) *exportLists {
	var out exportLists
	for _, e := range post {
		n, f, tf := exportUnpack(e)
		if out[f] == nil {
			out[f] = &exportList{last: -1}
		}
		out[f].add(n, tf)
	}
	return &out
}

// exportTermChars returns the CJK characters of term, each once, in order.
func exportTermChars(term string) []rune {
	var out []rune
	for i, r := range term {
		if exportIsCJK(r) && !strings.ContainsRune(term[:i], r) {
			out = append(out, r)
		}
	}
	return out
}

// exportIsCJK reports whether r is a character the bigram filter pairs:
// anything outside ASCII that a term of one or two runes is made of.
func exportIsCJK(r rune) bool { return r >= 0x2E80 && utf8.RuneLen(r) >= 3 }

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

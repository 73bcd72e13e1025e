package search

import (
	"casebook/internal/parallel"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// exportDict numbers the terms of the export: a term's id is its index in
// terms. Ids are never reused while an Exporter lives, so that cached
// analyses stay valid; a clean export starts a new dictionary. Terms are
// added concurrently (intern); they are read only between analyses.
type exportDict struct {
	mu    sync.Mutex
	terms []string
	ids   map[string]int32
}

func newExportDict() *exportDict { return &exportDict{ids: map[string]int32{}} }

// intern returns the id of term, adding it when new.
func (d *exportDict) intern(term string) int32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ids == nil {
		d.index()
	}
	id, ok := d.ids[term]
	if !ok {
		id = int32(len(d.terms))
		d.terms = append(d.terms, term)
		d.ids[term] = id
	}
	return id
}

// index builds the term → id map of a dictionary read from the cache, where
// only the terms are stored; it is built only when a term is added.
func (d *exportDict) index() {
	d.ids = make(map[string]int32, len(d.terms))
	for id, t := range d.terms {
		d.ids[t] = int32(id)
	}
}

// exportDocAnalysis is what the export keeps of one analysed doc: per text
// field, its distinct terms with their positions, packed in varints as the
// export cache stores them (a third of the size of exportFieldPostings'
// int32s, into which each use of a field decodes it: the analyses of every
// doc stay in memory from the analysis to the end of the export).
type exportDocAnalysis struct {
	hash     string                     // Doc.Hash of the text analysed
	repaired bool                       // some text was not UTF-8: analysed with U+FFFD for the bad bytes
	packed   string                     // the fields one after the other, each as appendExportField writes it
	at       [len(textFields) + 1]int32 // where each field starts in packed
	lens     [len(textFields)]int32     // tokens of each field
}

// exportFieldPostings are the terms of one field of one doc, sorted by term
// id; term j has tfs[j] positions, stored in turn in pos, each
// (array index << 20) | position within the value, rising.
type exportFieldPostings struct {
	terms []int32
	tfs   []int32
	pos   []int32
}

// appendExportField appends fp packed: the number of terms, then for each
// term the difference of its id from the last one's, its tf and its
// positions, each as the difference from the last one's.
func appendExportField(b []byte, fp *exportFieldPostings) []byte {
	b = binary.AppendUvarint(b, uint64(len(fp.terms)))
	k, prevID := 0, int32(0)
	for j, id := range fp.terms {
		b = binary.AppendUvarint(b, uint64(id-prevID))
		b = binary.AppendUvarint(b, uint64(fp.tfs[j]))
		prevID = id
		prev := int32(0)
		for _, p := range fp.pos[k : k+int(fp.tfs[j])] {
			b = binary.AppendVarint(b, int64(p-prev))
			prev = p
		}
		k += int(fp.tfs[j])
	}
	return b
}

// field decodes field f into v, reusing its slices, and returns v.
func (a *exportDocAnalysis) field(f int, v *exportFieldPostings) *exportFieldPostings {
	r := a.reader(f)
	nt := int(r.next())
	v.terms = slices.Grow(v.terms[:0], nt)[:nt]
	v.tfs = slices.Grow(v.tfs[:0], nt)[:nt]
	v.pos = slices.Grow(v.pos[:0], int(a.lens[f]))[:a.lens[f]]
	id, k := int32(0), 0
	for j := range nt {
		id += int32(r.next())
		tf := int32(r.next())
		v.terms[j], v.tfs[j] = id, tf
		prev := int32(0)
		for range tf {
			u := r.next()
			prev += int32(u>>1) ^ -int32(u&1) // zigzag, as binary.AppendVarint writes it
			v.pos[k] = prev
			k++
		}
	}
	return v
}

// terms returns the number of distinct terms of field f.
func (a *exportDocAnalysis) terms(f int) int {
	r := a.reader(f)
	return int(r.next())
}

// eachTerm calls fn with the id and tf of each term of field f, by rising
// id, without decoding the positions.
func (a *exportDocAnalysis) eachTerm(f int, fn func(id, tf int32)) {
	r := a.reader(f)
	id := int32(0)
	for range r.next() {
		id += int32(r.next())
		tf := r.next()
		fn(id, int32(tf))
		r.skip(int(tf))
	}
}

// reader returns a reader of the varints of field f.
func (a *exportDocAnalysis) reader(f int) packedReader {
	return packedReader{s: a.packed, i: int(a.at[f])}
}

// packedReader reads the varints of a packed analysis, which hold no
// error: made by appendExportField, or checked by decodeExportAnalysis.
// Most are one byte long, read without a call.
type packedReader struct {
	s string
	i int
}

// next reads a varint.
func (r *packedReader) next() uint64 {
	if c := r.s[r.i]; c < 0x80 {
		r.i++
		return uint64(c)
	}
	return r.long()
}

// long reads a varint of more than one byte.
func (r *packedReader) long() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := r.s[r.i]
		r.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

// skip passes n varints by.
func (r *packedReader) skip(n int) {
	for ; n > 0; r.i++ {
		if r.s[r.i] < 0x80 {
			n--
		}
	}
}

// sameAs reports whether a and b hold the same terms and positions.
func (a *exportDocAnalysis) sameAs(b *exportDocAnalysis) bool {
	return a.packed == b.packed
}

// exportAnalyzer analyses docs one after the other on one goroutine. It
// remembers the ids of the terms it met, so that the shared dictionary is
// locked only for terms new to it, and groups a field's tokens by term
// with a counting sort: positions stay in token order.
type exportAnalyzer struct {
	dict  *exportDict
	short exportShortTerms // analyser's terms of up to 7 bytes → id
	ids   map[string]int32 // longer analyser's terms (before exportCleanTerm) → id
	chain *scratchAnalyzer
	slot  []int32 // by term id: index into distinct, valid when stamp matches
	stamp []uint32
	gen   uint32

	tokID, tokPos []int32 // the field's tokens
	distinct      []int32 // the field's term ids, first seen first
	counts, offs  []int32 // by index into distinct
	radix         []int32 // scratch of exportSortIDs
	grouped       []int32 // what group returns
	packed        []byte  // the doc's fields packed
}

func newExportAnalyzer(dict *exportDict) *exportAnalyzer {
	return &exportAnalyzer{dict: dict, ids: map[string]int32{}, chain: newScratchAnalyzer()}
}

// scratchAnalyzer runs the index's analysis chain (sharedAnalyzer) with
// the tokenizer and bigram filter in reused memory, for a caller done
// with the tokens of one text before it analyses the next. The export
// analyses 14 million tokens at 10,000 entries: fresh memory for each was
// 2 GB of garbage.
type scratchAnalyzer struct {
	chain *analysis.DefaultAnalyzer
	input []byte
	s     tokenScratch
}

func newScratchAnalyzer() *scratchAnalyzer {
	return &scratchAnalyzer{chain: sharedAnalyzer().(*analysis.DefaultAnalyzer)}
}

// analyze is DefaultAnalyzer.Analyze over text, in a's memory.
func (a *scratchAnalyzer) analyze(text string) analysis.TokenStream {
	a.input = append(a.input[:0], text...)
	input := a.input
	for _, cf := range a.chain.CharFilters {
		input = cf.Filter(input)
	}
	var tokens analysis.TokenStream
	if t, ok := a.chain.Tokenizer.(hanTokenizer); ok {
		tokens = t.tokenize(input, &a.s)
	} else {
		tokens = a.chain.Tokenizer.Tokenize(input)
	}
	for _, f := range a.chain.TokenFilters {
		if b, ok := f.(bigramFilter); ok {
			tokens = b.filter(tokens, &a.s)
		} else {
			tokens = f.Filter(tokens)
		}
	}
	return tokens
}

// id returns the dictionary id of an analyser's term.
func (z *exportAnalyzer) id(term []byte) int32 {
	if len(term) > 0 && len(term) <= 7 {
		key := uint64(len(term)) << 56
		for i, c := range term {
			key |= uint64(c) << (8 * i)
		}
		id, ok := z.short.get(key)
		if !ok {
			id = z.dict.intern(exportCleanTerm(string(term)))
			z.short.put(key, id)
		}
		return id
	}
	if id, ok := z.ids[string(term)]; ok {
		return id
	}
	raw := string(term)
	id := z.dict.intern(exportCleanTerm(raw))
	z.ids[raw] = id
	return id
}

// exportShortTerms maps terms of 1 to 7 bytes, packed into a non-zero
// uint64 (bytes, then the length in the top byte), to their ids: an open
// addressing table, faster than a map of strings for the bigrams that
// make most of the tokens.
type exportShortTerms struct {
	keys []uint64 // 0: empty slot
	ids  []int32
	n    int
}

func (t *exportShortTerms) slot(key uint64) uint64 {
	return (key * 0x9E3779B97F4A7C15) >> (64 - bits.Len(uint(len(t.keys)-1)))
}

func (t *exportShortTerms) get(key uint64) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			return t.ids[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *exportShortTerms) put(key uint64, id int32) {
	if 2*(t.n+1) > len(t.keys) {
		keys, ids := t.keys, t.ids
		size := max(1024, 2*len(keys))
		t.keys, t.ids, t.n = make([]uint64, size), make([]int32, size), 0
		for i, k := range keys {
			if k != 0 {
				t.put(k, ids[i])
			}
		}
	}
	mask := uint64(len(t.keys) - 1)
	i := t.slot(key)
	for t.keys[i] != 0 && t.keys[i] != key {
		i = (i + 1) & mask
	}
	if t.keys[i] == 0 {
		t.n++
	}
	t.keys[i], t.ids[i] = key, id
}

// analyze analyses the text fields of d.
func (z *exportAnalyzer) analyze(d *Doc) *exportDocAnalysis {
	a := &exportDocAnalysis{hash: d.Hash}
	t := textOf(d)
	z.packed = z.packed[:0]
	for f, name := range textFields {
		z.tokID, z.tokPos = z.tokID[:0], z.tokPos[:0]
		for ai, v := range t.values(name) {
			if !utf8.ValidString(v) { // as Analyze does
				v, a.repaired = strings.ToValidUTF8(v, "\uFFFD"), true
			}
			for _, tk := range z.chain.analyze(v) {
				z.tokID = append(z.tokID, z.id(tk.Term))
				z.tokPos = append(z.tokPos, int32(ai<<20|tk.Position))
			}
		}
		var fp exportFieldPostings
		if len(z.tokID) > 0 {
			g, nt := z.group(), len(z.distinct)
			fp = exportFieldPostings{terms: g[:nt], tfs: g[nt : 2*nt], pos: g[2*nt:]}
		}
		z.packed = appendExportField(z.packed, &fp)
		a.lens[f] = int32(len(z.tokID))
		a.at[f+1] = int32(len(z.packed))
	}
	a.packed = string(z.packed)
	return a
}

// group sorts the field's tokens by term id and returns, in one slice, the
// distinct ids (rising), their tfs and the positions; the slice is reused
// by the next call.
func (z *exportAnalyzer) group() []int32 {
	z.gen++
	if z.gen == 0 { // wrapped: forget every stamp
		clear(z.stamp)
		z.gen = 1
	}
	z.distinct, z.counts = z.distinct[:0], z.counts[:0]
	for _, id := range z.tokID {
		if int(id) >= len(z.stamp) {
			n := max(2*len(z.stamp), int(id)+1, 1024)
			z.stamp = append(z.stamp, make([]uint32, n-len(z.stamp))...)
			z.slot = append(z.slot, make([]int32, n-len(z.slot))...)
		}
		if z.stamp[id] != z.gen {
			z.stamp[id] = z.gen
			z.slot[id] = int32(len(z.distinct))
			z.distinct = append(z.distinct, id)
			z.counts = append(z.counts, 0)
		}
		z.counts[z.slot[id]]++
	}
	nt, np := len(z.distinct), len(z.tokID)
	z.grouped = slices.Grow(z.grouped[:0], 2*nt+np)[:2*nt+np]
	out := z.grouped
	terms, tfs, pos := out[:nt], out[nt:2*nt], out[2*nt:]
	copy(terms, z.distinct)
	z.radix = exportSortIDs(terms, z.radix)
	z.offs = slices.Grow(z.offs[:0], nt)[:nt]
	at := int32(0)
	for j, id := range terms {
		s := z.slot[id]
		tfs[j] = z.counts[s]
		z.offs[s] = at
		at += z.counts[s]
	}
	for i, id := range z.tokID {
		s := z.slot[id]
		pos[z.offs[s]] = z.tokPos[i]
		z.offs[s]++
	}
	return out
}

// exportSortIDs sorts ids (non-negative) in place, by radix for long
// lists, with scratch space (returned for reuse).
func exportSortIDs(ids, scratch []int32) []int32 {
	if len(ids) < 128 {
		slices.Sort(ids)
		return scratch
	}
	top := int32(0)
	for _, id := range ids {
		top = max(top, id)
	}
	scratch = slices.Grow(scratch[:0], len(ids))[:len(ids)]
	src, dst := ids, scratch
	for shift := 0; shift == 0 || top>>shift > 0; shift += 8 {
		var count [257]int
		for _, id := range src {
			count[(id>>shift)&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, id := range src {
			b := (id >> shift) & 0xff
			dst[count[b]] = id
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ids[0] {
		copy(ids, src)
	}
	return scratch
}

// preAnalysis is the analysis of a doc that Exporter.Analyse leaves in it,
// so that the text is analysed once for the export and the index.
type preAnalysis struct {
	an    *exportDocAnalysis
	dict  *exportDict
	terms []string // dict's terms once the analysis was made: those of an's ids
}

// analysis returns d's analysis when it was made with dict of the text
// that d's hash names, or nil.
func (d *Doc) analysis(dict *exportDict) *exportDocAnalysis {
	if d.pre == nil || d.pre.dict != dict || d.Hash == "" || d.pre.an.hash != d.Hash {
		return nil
	}
	return d.pre.an
}

// exportAnalyzeDocs analyses docs[i] for every i in todo, on all cores,
// but for the docs that carry an analysis made with dict.
func exportAnalyzeDocs(docs []Doc, todo []int, dict *exportDict) []*exportDocAnalysis {
	out := make([]*exportDocAnalysis, len(todo))
	var left []int // indexes into todo
	for i, n := range todo {
		if out[i] = docs[n].analysis(dict); out[i] == nil {
			left = append(left, i)
		}
	}
	parallel.Workers(len(left), 8, func() func(int) {
		z := newExportAnalyzer(dict)
		return func(k int) { out[left[k]] = z.analyze(&docs[todo[left[k]]]) }
	})
	return out
}

package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// exportIndex is the inverted index the static export is cut from, merged
// from the docs' analyses. Docs are numbered in export order; terms are
// numbered by the dictionary.
type exportIndex struct {
	docs    int
	dict    *exportDict
	an      []*exportDocAnalysis   // by doc number
	lengths [len(textFields)][]int // lengths[f][doc]: tokens in field f of doc
	post    [][]uint64             // by term id: exportPack entries, doc order
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

// buildExportIndex merges the analyses of the docs (in export order) and
// finds the phrases indexed whole.
func buildExportIndex(an []*exportDocAnalysis, dict *exportDict, phrases map[string][]string) *exportIndex {
	ix := &exportIndex{docs: len(an), dict: dict, an: an, post: make([][]uint64, len(dict.terms))}
	for f := range textFields {
		ix.lengths[f] = make([]int, len(an))
	}
	// Phrases as term ids; a phrase with a term no doc holds cannot occur.
	keys := make([]string, 0, len(phrases))
	for k := range phrases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	byFirst := map[int32][]int{}
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
			byFirst[ph.ids[0]] = append(byFirst[ph.ids[0]], len(ix.phrases))
			ix.phrases = append(ix.phrases, ph)
		}
	}
	var offs []int32
	for n, a := range an {
		for f := range a.fields {
			fp := &a.fields[f]
			ix.lengths[f][n] = fp.length()
			offs = offs[:0]
			k := 0
			for _, tf := range fp.tfs {
				offs = append(offs, int32(k))
				k += int(tf)
			}
			k = 0
			for j, id := range fp.terms {
				tf := int(fp.tfs[j])
				ix.post[id] = append(ix.post[id], exportPack(n, f, tf))
				if phs := byFirst[id]; phs != nil {
					for _, pi := range phs {
						if c := ix.phraseCount(fp, offs, &ix.phrases[pi], fp.pos[k:k+tf]); c > 0 {
							ix.phrases[pi].post = append(ix.phrases[pi].post, exportPack(n, f, c))
						}
					}
				}
				k += tf
			}
		}
	}
	live := ix.phrases[:0]
	for _, ph := range ix.phrases {
		if ph.post != nil {
			slices.SortFunc(ph.post, cmp.Compare) // doc, then field
			live = append(live, ph)
		}
	}
	ix.phrases = live
	ix.chars = map[rune][]int32{}
	for id, p := range ix.post {
		if p == nil {
			continue
		}
		var seen [len(textFields)]bool
		for _, e := range p {
			_, f, _ := exportUnpack(e)
			if !seen[f] {
				seen[f] = true
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

// phraseCount counts the occurrences of ph in field fp starting at the
// positions first of its first term; offs[j] is where term j's positions
// start in fp.pos.
func (ix *exportIndex) phraseCount(fp *exportFieldPostings, offs []int32, ph *exportPhrase, first []int32) int {
	// positions of each later term of the phrase
	rest := make([][]int32, len(ph.ids)-1)
	for k, id := range ph.ids[1:] {
		j, ok := ix.findTerm(fp, id)
		if !ok {
			return 0
		}
		rest[k] = fp.pos[offs[j] : offs[j]+fp.tfs[j]]
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

// findTerm finds term id in fp, whose terms are sorted by their text.
func (ix *exportIndex) findTerm(fp *exportFieldPostings, id int32) (int, bool) {
	want := ix.dict.terms[id]
	j, ok := slices.BinarySearchFunc(fp.terms, want, func(x int32, t string) int { return cmp.Compare(ix.dict.terms[x], t) })
	return j, ok && fp.terms[j] == id
}

// termCount is the number of distinct (field, term) pairs.
func (ix *exportIndex) termCount() int {
	n := 0
	for _, c := range ix.card {
		n += c
	}
	return n
}

// lists builds a term's posting lists, one per field.
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

package search

import (
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// newBleveDocument makes the bleve document of d: what the index mapping
// makes of bleveDoc(d) (TestBleveDocumentMatchesMapping compares them),
// without the mapping's reflection, and with textFields in place of
// bleve's text fields. When d carries the export's analysis of its text,
// the fields take their terms from it instead of analysing the text again.
// The fields count their terms in memory that mem lends, when mem is not
// nil.
func newBleveDocument(d *Doc, analyzer analysis.Analyzer, mem *freqMemory) *document.Document {
	doc := document.NewDocument(d.ID)
	pre := d.pre
	if pre != nil && (d.analysis(pre.dict) == nil || pre.an.repaired) {
		pre = nil // not of this text, or not of the text bleve is given
	}
	t := textOf(d)
	for f, name := range textFields {
		for i, v := range t.values(name) {
			field := &textField{name: name, value: v, analyzer: analyzer, f: f}
			if name == fieldKeywords {
				field.pos = []uint64{uint64(i)}
			} else if pre != nil {
				field.analysed, field.terms = pre.an, pre.terms
			}
			if mem != nil {
				mem.lend(field)
			}
			doc.AddField(field)
		}
	}
	return doc
}

// textField is an analysed text field as the mapping makes them (indexed;
// not stored; no term vectors, doc values or composite fields). It gives
// bleve the same terms, frequencies and length as bleve's own text field,
// but counts the frequencies with one allocation for all terms rather than
// one per term, or takes them from the export's analysis of the text, and
// reports its size without walking them: bleve asks for the size of every
// document it indexes, for its statistics.
type textField struct {
	name     string
	pos      []uint64 // array positions: a keyword's index
	value    string
	analyzer analysis.Analyzer
	analysed *exportDocAnalysis // the export's analysis of the doc, or nil
	f        int                // the field's index in textFields (and in analysed)
	terms    []string           // the export's terms, by id
	length   int
	freqs    index.TokenFrequencies // empty or nil until Analyze
	slab     []index.TokenFreq      // what freqs point into, when counted from analysed
}

// Name implements document.Field.
func (f *textField) Name() string { return f.name }

// ArrayPositions implements document.Field.
func (f *textField) ArrayPositions() []uint64 { return f.pos }

// Options implements document.Field.
func (f *textField) Options() index.FieldIndexingOptions { return index.IndexField }

// Value implements document.Field. bleve reads it only of stored fields.
func (f *textField) Value() []byte { return []byte(f.value) }

// Text returns the field's text.
func (f *textField) Text() string { return f.value }

// NumPlainTextBytes implements document.Field.
func (f *textField) NumPlainTextBytes() uint64 { return uint64(len(f.value)) }

// EncodedFieldType implements document.Field: a text field.
func (f *textField) EncodedFieldType() byte { return 't' }

// AnalyzedLength implements document.Field: the number of tokens.
func (f *textField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements document.Field.
func (f *textField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Size implements document.Field: an estimate of the bytes the field
// holds, for bleve's statistics.
func (f *textField) Size() int {
	const perTerm = 96 // map entry, TokenFreq, a bigram's bytes
	return 128 + len(f.name) + 8*len(f.pos) + len(f.value) + perTerm*len(f.freqs)
}

// Analyze implements document.Field.
func (f *textField) Analyze() {
	if f.analysed != nil {
		f.count()
		return
	}
	tokens := f.analyzer.Analyze([]byte(f.value))
	f.length = len(tokens)
	if f.freqs == nil {
		f.freqs = make(index.TokenFrequencies, len(tokens))
	}
	var slab []index.TokenFreq
	for _, t := range tokens {
		if tf, ok := f.freqs[string(t.Term)]; ok {
			tf.SetFrequency(tf.Frequency() + 1)
			continue
		}
		if len(slab) == cap(slab) {
			slab = make([]index.TokenFreq, 0, min(len(tokens), 512))
		}
		slab = append(slab, index.TokenFreq{Term: t.Term})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(1)
		f.freqs[string(t.Term)] = tf
	}
}

// count sets the frequencies from the export's analysis of the field.
func (f *textField) count() {
	a := f.analysed
	f.length = int(a.lens[f.f])
	nt := a.terms(f.f)
	if f.freqs == nil {
		f.freqs = make(index.TokenFrequencies, nt)
	}
	if cap(f.slab) < nt {
		f.slab = make([]index.TokenFreq, 0, nt)
	}
	slab := f.slab[:0] // never grows: the map points into it
	a.eachTerm(f.f, func(id, n int32) {
		term := f.terms[id]
		slab = append(slab, index.TokenFreq{Term: unsafe.Slice(unsafe.StringData(term), len(term))}) // bleve reads it only
		tf := &slab[len(slab)-1]
		tf.SetFrequency(int(n))
		f.freqs[term] = tf
	})
}

// freqMemory keeps the term frequencies of a batch's text fields, once
// bleve has made the batch's segment and let go of its documents, for the
// same fields of the next batch: made afresh for every field, they were a
// quarter of all the memory a clean build allocated.
type freqMemory struct {
	maps  [len(textFields)][]index.TokenFrequencies
	slabs [len(textFields)][][]index.TokenFreq
}

// lend gives f a map and a slab that an earlier field of its kind used.
func (m *freqMemory) lend(f *textField) {
	if n := len(m.maps[f.f]); n > 0 {
		f.freqs, m.maps[f.f] = m.maps[f.f][n-1], m.maps[f.f][:n-1]
	}
	if n := len(m.slabs[f.f]); n > 0 {
		f.slab, m.slabs[f.f] = m.slabs[f.f][n-1], m.slabs[f.f][:n-1]
	}
}

// reclaim takes back the memory of the text fields of docs, which bleve
// no longer holds.
func (m *freqMemory) reclaim(docs []*document.Document) {
	for _, doc := range docs {
		for _, field := range doc.Fields {
			f, ok := field.(*textField)
			if !ok {
				continue
			}
			if f.freqs != nil {
				clear(f.freqs)
				m.maps[f.f] = append(m.maps[f.f], f.freqs)
			}
			if f.slab != nil {
				m.slabs[f.f] = append(m.slabs[f.f], f.slab)
			}
			f.freqs, f.slab = nil, nil
		}
	}
}

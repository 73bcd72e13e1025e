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
func newBleveDocument(d *Doc, analyzer analysis.Analyzer) *document.Document {
	doc := document.NewDocument(d.ID)
	pre := d.pre
	if pre != nil && (d.analysis(pre.dict) == nil || pre.an.repaired) {
		pre = nil // not of this text, or not of the text bleve is given
	}
	t := textOf(d)
	for f, name := range textFields {
		for i, v := range t.values(name) {
			field := &textField{name: name, value: v, analyzer: analyzer}
			if name == fieldKeywords {
				field.pos = []uint64{uint64(i)}
			} else if pre != nil {
				field.analysed, field.f, field.terms = pre.an, f, pre.terms
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
	f        int                // the field's index in analysed
	terms    []string           // the export's terms, by id
	length   int
	freqs    index.TokenFrequencies
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
	f.freqs = make(index.TokenFrequencies, len(tokens))
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
	f.freqs = make(index.TokenFrequencies, nt)
	slab := make([]index.TokenFreq, 0, nt)
	a.eachTerm(f.f, func(id, n int32) {
		term := f.terms[id]
		slab = append(slab, index.TokenFreq{Term: unsafe.Slice(unsafe.StringData(term), len(term))}) // bleve reads it only
		tf := &slab[len(slab)-1]
		tf.SetFrequency(int(n))
		f.freqs[term] = tf
	})
}

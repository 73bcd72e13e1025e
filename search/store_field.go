package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// newBleveDocument makes the bleve document of d: what the index mapping
// makes of bleveDoc(d) (TestBleveDocumentMatchesMapping compares them),
// without the mapping's reflection, and with textFields in place of
// bleve's text fields.
func newBleveDocument(d *Doc, analyzer analysis.Analyzer) *document.Document {
	doc := document.NewDocument(d.ID)
	add := func(name string, pos []uint64, value string) {
		doc.AddField(&textField{name: name, pos: pos, value: []byte(value), analyzer: analyzer})
	}
	add(fieldTitle, nil, d.Title)
	add(fieldShortTitle, nil, d.ShortTitle)
	add(fieldSummary, nil, d.Summary)
	add(fieldBody, nil, d.Body)
	add(fieldDocNumber, nil, d.DocNumber)
	for i, k := range d.Keywords {
		add(fieldKeywords, []uint64{uint64(i)}, k)
	}
	return doc
}

// textField is an analysed text field as the mapping makes them (indexed;
// not stored; no term vectors, doc values or composite fields). It gives
// bleve the same terms, frequencies and length as bleve's own text field,
// but counts the frequencies with one allocation for all terms rather than
// one per term, and reports its size without walking them: bleve asks for
// the size of every document it indexes, for its statistics.
type textField struct {
	name     string
	pos      []uint64 // array positions: a keyword's index
	value    []byte
	analyzer analysis.Analyzer
	length   int
	freqs    index.TokenFrequencies
}

// Name implements document.Field.
func (f *textField) Name() string { return f.name }

// ArrayPositions implements document.Field.
func (f *textField) ArrayPositions() []uint64 { return f.pos }

// Options implements document.Field.
func (f *textField) Options() index.FieldIndexingOptions { return index.IndexField }

// Value implements document.Field.
func (f *textField) Value() []byte { return f.value }

// Text returns the field's text.
func (f *textField) Text() string { return string(f.value) }

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
	tokens := f.analyzer.Analyze(f.value)
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

package search

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of Casebook's analysis components in bleve's registry. The analyzer
// runs, in order: char filters ts_fold, fw_narrow; tokenizer unicode; token
// filters shy_strip, cjk_width, to_lower, cjk_bigram. The tokenizer runs as
// cb_unicode, the last three filters as cb_width_lower and cb_bigram, which
// give the same tokens faster.
const (
	AnalyzerName         = "casebook"  // the text analyzer of every text field
	FoldCharFilterName   = "ts_fold"   // Traditional → Simplified, same byte length
	NarrowCharFilterName = "fw_narrow" // full-width ASCII → ASCII + U+00AD, same byte length
	ShyStripFilterName   = "shy_strip" // removes U+00AD from terms
)

// Token is one term the analysis chain emits.
//
// A run of two or more CJK characters yields its overlapping bigrams
// (司法救助 → 司法, 法救, 救助); a run of exactly one CJK character yields
// that character alone (a unigram). Other words (Latin letters, digits) are
// single tokens, lowercased, with full-width forms narrowed. Traditional
// characters are folded to Simplified before tokenizing.
type Token struct {
	Term     string `json:"term"`     // the indexed term (folded, lowercased)
	Start    int    `json:"start"`    // byte offset of the first byte in the input
	End      int    `json:"end"`      // byte offset just past the last byte in the input
	Position int    `json:"position"` // 1-based position as bleve records it
}

// foldCharFilter is the bleve char filter that folds Traditional characters.
type foldCharFilter struct{ table *foldTable }

// Filter implements analysis.CharFilter.
func (f foldCharFilter) Filter(input []byte) []byte { return f.table.fold(input) }

func init() {
	err := registry.RegisterCharFilter(FoldCharFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
			return foldCharFilter{table: loadFoldTable()}, nil
		})
	if err == nil {
		err = registry.RegisterCharFilter(NarrowCharFilterName,
			func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
				return narrowCharFilter{}, nil
			})
	}
	if err == nil {
		err = registry.RegisterTokenizer(hanTokenizerName,
			func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
				return hanTokenizer{slow: unicode.NewUnicodeTokenizer()}, nil
			})
	}
	if err == nil {
		err = registry.RegisterTokenFilter(widthLowerFilterName,
			func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
				return widthLowerFilter{width: cjk.NewCJKWidthFilter(), lower: lowercase.NewLowerCaseFilter()}, nil
			})
	}
	if err == nil {
		err = registry.RegisterTokenFilter(bigramFilterName,
			func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
				return bigramFilter{}, nil
			})
	}
	if err == nil {
		err = registry.RegisterTokenFilter(ShyStripFilterName,
			func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
				return shyStripFilter{}, nil
			})
	}
	if err != nil {
		panic(err)
	}
}

// addAnalyzer registers the casebook analyzer on an index mapping.
func addAnalyzer(im *mapping.IndexMappingImpl) error {
	return im.AddCustomAnalyzer(AnalyzerName, map[string]interface{}{
		"type":          custom.Name,
		"char_filters":  []string{FoldCharFilterName, NarrowCharFilterName},
		"tokenizer":     hanTokenizerName,
		"token_filters": []string{ShyStripFilterName, widthLowerFilterName, bigramFilterName},
	})
}

// sharedAnalyzer is the analyzer Analyze runs, taken from the index mapping
// itself so that query-side and index-side analysis cannot drift apart. It
// is built once and is stateless.
var sharedAnalyzer = sync.OnceValue(func() analysis.Analyzer {
	im, err := newMapping()
	if err != nil {
		panic(err)
	}
	a := im.AnalyzerNamed(AnalyzerName)
	if a == nil {
		panic("search: analyzer " + AnalyzerName + " missing from the mapping")
	}
	return a
})

// Analyze runs the index's analysis chain over text and returns its tokens,
// with byte offsets into text. Bytes that are not UTF-8 are first replaced by
// U+FFFD, as a browser decoding the text would (bleve's width filter would
// otherwise give tokens that end past the input); offsets then refer to
// that repaired text.
func Analyze(text string) []Token {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return toTokens(sharedAnalyzer().Analyze([]byte(text)))
}

func toTokens(ts analysis.TokenStream) []Token {
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out
}

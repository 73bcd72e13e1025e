package search

import (
	"math"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// fieldBoosts weigh a match by the field it is in. A term's leaf query in
// field f carries boost fieldBoosts[f].
var fieldBoosts = map[string]float64{
	fieldTitle:      3,
	fieldShortTitle: 3,
	fieldDocNumber:  2,
	fieldKeywords:   2,
	fieldSummary:    1.5,
	fieldBody:       1,
}

// FieldBoost returns the boost of a text field (0 for other fields), for
// runtimes that reproduce the ranking.
func FieldBoost(field string) float64 { return fieldBoosts[field] }

// bm25Stats are the collection statistics BM25 uses. They are computed from
// the doc table, not taken from bleve's segments, so scores do not depend on
// how the index happens to be split into segments or merged:
//
//	DocCount            the number of docs
//	FieldCardinality[f] the total number of tokens of field f over all docs
//
// bleve derives avgFieldLength(f) = ceil(FieldCardinality[f] / DocCount).
type bm25Stats = bsearch.BM25Stats

func computeStats(docs []docRecord) *bm25Stats {
	st := &bm25Stats{DocCount: float64(len(docs)), FieldCardinality: map[string]int{}}
	for f, name := range textFields {
		total := 0
		for i := range docs {
			total += int(docs[i].FieldLens[f])
		}
		st.FieldCardinality[name] = total
	}
	return st
}

// roundScore rounds a score to 6 decimals. Answers are ordered by the
// rounded score, so that runtimes summing in another order still agree.
func roundScore(s float64) float64 {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0
	}
	return math.Round(s*1e6) / 1e6
}

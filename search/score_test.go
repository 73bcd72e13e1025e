package search

import (
	"math"
	"testing"
)

// referenceScore recomputes a doc's score from the documented formula,
// independently of bleve, for queries of plain (non one-character) terms.
func referenceScore(ix *Index, terms []string, id string) float64 {
	const k1, b = 1.2, 0.75
	n := float64(len(ix.docs))
	texts := map[string]docText{}
	for i := range ix.docs {
		t, _ := readText(ix.text, &ix.docs[i])
		texts[ix.docs[i].ID] = t
	}
	// freq of term in field of doc, and field length (tokens).
	tf := func(docID, field, term string) (int, int) {
		t := texts[docID]
		f, l := 0, 0
		for _, v := range t.values(field) {
			for _, tk := range Analyze(v) {
				l++
				if tk.Term == term {
					f++
				}
			}
		}
		return f, l
	}
	type leaf struct {
		field, term string
		idf, w      float64
	}
	var all [][][]leaf // term → field → leaves
	sumSq := 0.0
	for _, term := range terms {
		var perField [][]leaf
		for _, f := range textFields {
			var ls []leaf
			for _, tk := range Analyze(term) {
				df := 0
				for d := range texts {
					if c, _ := tf(d, f, tk.Term); c > 0 {
						df++
					}
				}
				idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
				if math.Ceil(float64(ix.stats.FieldCardinality[f])/n) == 0 {
					idf = 1 + math.Log(n/float64(df+1))
				}
				w := fieldBoosts[f] * idf
				sumSq += w * w
				ls = append(ls, leaf{f, tk.Term, idf, w})
			}
			perField = append(perField, ls)
		}
		all = append(all, perField)
	}
	qn := 1 / math.Sqrt(sumSq)
	score := 0.0
	for _, perField := range all {
		sum, matched := 0.0, 0
		for _, ls := range perField {
			fs, ok := 0.0, true
			for _, l := range ls {
				freq, length := tf(id, l.field, l.term)
				if freq == 0 {
					ok = false
					break
				}
				avg := math.Ceil(float64(ix.stats.FieldCardinality[l.field]) / n)
				norm := float64(float32(1 / math.Sqrt(float64(length))))
				fl := 1 / (norm * norm)
				t := math.Sqrt(float64(freq))
				fs += l.idf * (t * k1) / (t + k1*(1-b+b*fl/avg)) * (l.w * qn)
			}
			if ok {
				sum += fs
				matched++
			}
		}
		score += sum * float64(matched) / float64(len(perField))
	}
	return score
}

// TestScoreFormula pins the BM25 composition that other runtimes reproduce.
func TestScoreFormula(t *testing.T) {
	ix := openTestIndex(t)
	for _, q := range []string{"孤儿", "救助", "先行救助", "孤儿 民政", "司法救助 法院"} {
		res, err := ix.Search(Request{Query: q, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hits", q)
		}
		terms := []string{}
		parsed, _ := ParseQuery(q)
		for _, c := range parsed.Clauses {
			terms = append(terms, c.Text)
		}
		for _, h := range res.Hits {
			want := roundScore(referenceScore(ix, terms, h.ID))
			if math.Abs(h.Score-want) > 2e-6 {
				t.Errorf("%s / %s: score %v, formula gives %v", q, h.ID, h.Score, want)
			}
		}
	}
}

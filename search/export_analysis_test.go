package search

import (
	"maps"
	"slices"
	"testing"
)

// TestExportAnalysisPacked checks each field of a packed analysis against
// the tokens bleve's analyser makes of the field's values, and the packed
// form's round trip through the export cache's encoding.
func TestExportAnalysisPacked(t *testing.T) {
	docs := append(exportFixtureDocs(),
		Doc{ID: "empty", Hash: "e"},
		Doc{ID: "repeats", Hash: "r", Title: "救助 救助 救助", Keywords: []string{"司法救助", "救助", "司法救助"}, Body: "救助救助救助救助"})
	dict := newExportDict()
	z := newExportAnalyzer(dict)
	an := sharedAnalyzer()
	var v exportFieldPostings
	for n := range docs {
		d := &docs[n]
		a := z.analyze(d)
		for f, name := range textFields {
			want := map[string][]int32{}
			tokens := 0
			text := textOf(d)
			for ai, value := range text.values(name) {
				for _, tk := range an.Analyze([]byte(value)) {
					term := exportCleanTerm(string(tk.Term))
					want[term] = append(want[term], int32(ai<<20|tk.Position))
					tokens++
				}
			}
			fp := a.field(f, &v)
			got := map[string][]int32{}
			for j, id := range fp.terms {
				if j > 0 && id <= fp.terms[j-1] {
					t.Fatalf("%s %s: term ids not rising: %v", d.ID, name, fp.terms)
				}
				k := 0
				for _, tf := range fp.tfs[:j] {
					k += int(tf)
				}
				got[dict.terms[id]] = slices.Clone(fp.pos[k : k+int(fp.tfs[j])])
			}
			if !maps.EqualFunc(got, want, slices.Equal) || int(a.lens[f]) != tokens || a.terms(f) != len(want) {
				t.Errorf("%s %s: got %v (%d tokens, %d terms), want %v (%d tokens)", d.ID, name, got, a.lens[f], a.terms(f), want, tokens)
			}
			seen := 0
			a.eachTerm(f, func(id, tf int32) {
				if len(want[dict.terms[id]]) != int(tf) {
					t.Errorf("%s %s: eachTerm gives %s tf %d, want %d", d.ID, name, dict.terms[id], tf, len(want[dict.terms[id]]))
				}
				seen++
			})
			if seen != len(want) {
				t.Errorf("%s %s: eachTerm gave %d terms, want %d", d.ID, name, seen, len(want))
			}
		}
		blob := encodeExportAnalysis(nil, a)
		back, err := decodeExportAnalysis(blob[:len(blob)-4], len(dict.terms))
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if !back.sameAs(a) || back.at != a.at || back.lens != a.lens {
			t.Errorf("%s: the cache's copy differs: at %v lens %v, want %v %v", d.ID, back.at, back.lens, a.at, a.lens)
		}
		if len(a.packed) > 0 {
			if _, err := decodeExportAnalysis(blob[:len(blob)-5], len(dict.terms)); err == nil {
				t.Errorf("%s: a truncated analysis decodes", d.ID)
			}
		}
	}
}

package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// referenceSnippet is makeSnippet with every text analysed whole.
func referenceSnippet(t *docText, ms []textMatcher) string {
	for _, s := range []string{t.Summary, t.Body} {
		if spans := matchSpans(s, ms); len(spans) > 0 {
			return cutSnippet(s, spans)
		}
	}
	if strings.TrimSpace(t.Summary) != "" {
		return cutSnippet(t.Summary, nil)
	}
	return cutSnippet(t.Body, nil)
}

// TestSnippetPrefixesMatchWholeAnalysis checks that analysing growing
// prefixes gives the snippets that analysing the whole text gives, on long
// random texts with line breaks everywhere, phrases that cross runs and
// lines, Traditional characters and Latin words.
func TestSnippetPrefixesMatchWholeAnalysis(t *testing.T) {
	pieces := []string{
		"司法", "救助", "先行", "行救助", "先行救助", "國家", "孤兒", "孤", "儿", "申请人", "家庭",
		"，", "。", "\n", "\n\n", " ", "　", "（2023）", "ABC", "abc", "v2", "😀", "、", "。\n",
		"生活困難", "困难", "执行", "案件", "法院", "x", "1,000", "救", "助",
	}
	queries := []string{
		"先行救助", "救助", "孤", "孤儿", "困", "司法救助 家庭", "\"先行 救助\"", "abc", "v2",
		"生活困难", "助", "执行案件", "法院 孤", "“救助，先行”",
	}
	rng := rand.New(rand.NewPCG(3, 5))
	text := func(n int) string {
		var sb strings.Builder
		for sb.Len() < n {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return sb.String()
	}
	// Phrases that a prefix ending at a line break would cut open.
	fixed := []struct{ query, body string }{
		{"先行救助", "先行救助先行\n行救助" + strings.Repeat("司法", 200)},
		{"先行救助", "先行救助先行" + strings.Repeat("\n", 300) + "行救助" + strings.Repeat("司法", 200)},
		{"先行救助", "申请" + strings.Repeat("。\n", 60) + "先行" + strings.Repeat("\n", 300) + "行救助"},
		{"先行救助", "先行救助。先行\n行救助\n" + strings.Repeat("家庭", 300)},
		{"司法救助", strings.Repeat("国家\n", 50) + "司法救助司法\n法救\n救助\n" + strings.Repeat("执行\n", 100)},
	}
	for _, f := range fixed {
		q, err := compileRequest(Request{Query: f.query})
		if err != nil {
			t.Fatal(err)
		}
		want := cutSnippet(f.body, matchSpans(f.body, q.positive))
		for _, prefix := range []int{1, 5, 40, 200, snippetPrefix} {
			if got := cutSnippet(f.body, snippetSpansFrom(f.body, q.positive, prefix)); got != want {
				t.Errorf("prefix %d: snippet for %s over %q\n got %s\nwant %s", prefix, f.query, f.body, got, want)
			}
		}
	}
	checked, marked := 0, 0
	for range 400 {
		q, err := compileRequest(Request{Query: queries[rng.IntN(len(queries))]})
		if err != nil {
			t.Fatal(err)
		}
		d := &docText{Summary: text(rng.IntN(300)), Body: text(rng.IntN(9000))}
		if rng.IntN(3) == 0 {
			d.Summary = ""
		}
		want := referenceSnippet(d, q.positive)
		if got := makeSnippet(d, q.positive); got != want {
			t.Fatalf("snippet for %+v over\nsummary %q\nbody %q\n got %s\nwant %s", q.positive, d.Summary, d.Body, got, want)
		}
		// Short first prefixes put the end of a prefix inside the window
		// and inside phrases.
		for _, prefix := range []int{1, 5, 40, 200} {
			for _, s := range []string{d.Summary, d.Body} {
				want := cutSnippet(s, matchSpans(s, q.positive))
				if got := cutSnippet(s, snippetSpansFrom(s, q.positive, prefix)); got != want {
					t.Fatalf("prefix %d: snippet for %+v over %q\n got %s\nwant %s", prefix, q.positive, s, got, want)
				}
			}
		}
		checked++
		if strings.Contains(want, "<mark>") {
			marked++
		}
	}
	if marked < checked/2 {
		t.Errorf("only %d of %d snippets have a match: the comparison proves little", marked, checked)
	}
}

// TestMatchJumpsAgree checks that bleve visiting only some docs (jumping
// from one to the next) finds the same docs with the same scores as bleve
// visiting every doc.
func TestMatchJumpsAgree(t *testing.T) {
	ix := openTestIndex(t)
	queries := []string{"救助", "孤", "先行救助", "司法 救助", "孤儿 困难", "法院", "困"}
	for _, qs := range queries {
		t.Run(qs, func(t *testing.T) {
			p, err := compileRequest(Request{Query: qs})
			if err != nil {
				t.Fatal(err)
			}
			var every []int
			for i := range ix.docs {
				if i%2 == 0 || i%3 == 0 {
					every = append(every, i)
				}
			}
			for _, scored := range []bool{true, false} {
				visit, err := ix.runMatch(p.positive, scored, every, false)
				if err != nil {
					t.Fatal(err)
				}
				jump, err := ix.runMatch(p.positive, scored, every, true)
				if err != nil {
					t.Fatal(err)
				}
				if len(visit) == 0 {
					t.Fatalf("%q matches nothing: the comparison proves little", qs)
				}
				got := map[int]float64{}
				for _, h := range jump {
					got[h.doc] = h.score
				}
				if len(got) != len(visit) {
					t.Fatalf("jumping finds %d docs, visiting every doc %d", len(got), len(visit))
				}
				for _, h := range visit {
					if s, ok := got[h.doc]; !ok || s != h.score {
						t.Errorf("%s: jumping gives %v (found %v), visiting %v", ix.docs[h.doc].ID, s, ok, h.score)
					}
				}
			}
		})
	}
}

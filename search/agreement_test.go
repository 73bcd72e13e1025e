package search

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// agreementQueries are run through the Index and through the browser
// runtime over an export of the same docs.
var agreementQueries = []string{
	"先行救助", "司法救助", "救助", "孤儿", "孤兒", "未成年人", "未成年人 救助金",
	"生活困難", "特別困難 法院", "刑事被害人", "\"司法 救助\"", "“先行救助”",
	"司法救助 -信访", "救助 -\"先行救助\"", "-孤儿", "救助 -孤", "孤", "困", "兒",
	"region:四川", "region:四川 救助", "categories:未成年人救助", "groups:孤儿 救助",
	"section:cases year:2024", "year:2023..2025 救助金", "year:..2020", "year:2024..",
	"stage:执行 -region:广东", "court_level:基层 民政部门", "醫療費用", "农民工工资",
	"申請人 家庭", "不存在的词语", "zzz", "法院 法院", "案例", "涉法涉诉信访",
	"心理疏导 -methods:心理疏导", "。，", "救助 ，", "孤兒 先行救助", "依法予以办理", "长篇", "section:rules",
}

type agreementAnswer struct {
	Query  string                  `json:"query"`
	Total  int                     `json:"total"`
	Hits   []agreementHit          `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	Error  string                  `json:"error"`
}

type agreementHit struct {
	ID      string  `json:"id"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"`
}

// TestExportAgreement checks that the static runtime answers as the Index:
// the same hit set, the same first 20 hits in order with the same scores
// and snippets, and the same facet counts.
func TestExportAgreement(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the browser runtime cannot be checked")
	}
	docs := exportFixtureDocs()
	ix := indexOf(t, docs)
	dir := t.TempDir()
	if _, err := Export(docs, dir, ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}); err != nil {
		t.Fatal(err)
	}
	withHits := 0
	for _, q := range agreementQueries {
		if res, err := ix.Search(Request{Query: q}); err == nil && res.Total > 0 {
			withHits++
		}
	}
	if withHits < 30 {
		t.Errorf("only %d of %d queries have hits: the comparison proves little", withHits, len(agreementQueries))
	}
	for _, sort := range []string{"relevance", "date"} {
		js := runNodeQueries(t, node, dir, agreementQueries, sort)
		for i, q := range agreementQueries {
			t.Run(sort+"/"+q, func(t *testing.T) {
				compareAnswers(t, ix, q, sort, len(docs), js[i])
			})
		}
	}
}

// compareAnswers checks search.js's answer to q against the Index's.
func compareAnswers(t *testing.T, ix *Index, q, sort string, all int, got agreementAnswer) {
	t.Helper()
	res, err := ix.Search(Request{Query: q, Sort: sort, Limit: all})
	if err != nil {
		t.Fatalf("Index: %v", err)
	}
	if got.Error != "" {
		t.Fatalf("search.js: %s", got.Error)
	}
	want := agreementAnswer{Query: q, Total: res.Total, Facets: facetMap(res.Facets)}
	for _, h := range res.Hits {
		want.Hits = append(want.Hits, agreementHit{ID: h.ID, Score: h.Score, Snippet: h.Snippet})
	}
	if got.Total != want.Total {
		t.Errorf("total: search.js %d, Index %d", got.Total, want.Total)
	}
	if !sameIDSet(got.Hits, want.Hits) {
		t.Errorf("hit sets differ:\nsearch.js %v\nIndex     %v", hitIDs(got.Hits), hitIDs(want.Hits))
	}
	n := min(20, len(want.Hits))
	if len(got.Hits) < n || !slices.Equal(got.Hits[:n], want.Hits[:n]) {
		t.Errorf("first %d hits differ:\nsearch.js %v\nIndex     %v", n, got.Hits[:min(n, len(got.Hits))], want.Hits[:n])
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		t.Errorf("facets differ:\nsearch.js %v\nIndex     %v", got.Facets, want.Facets)
	}
}

// runNodeQueries answers queries with search.js over the export in dir.
func runNodeQueries(t *testing.T, node, dir string, queries []string, sort string) []agreementAnswer {
	t.Helper()
	type q struct {
		Query string `json:"query"`
		Sort  string `json:"sort"`
		Size  int    `json:"size"`
	}
	var qs []q
	for _, s := range queries {
		qs = append(qs, q{Query: s, Sort: sort, Size: 1 << 20})
	}
	data, _ := json.Marshal(qs)
	qfile := filepath.Join(t.TempDir(), "queries.json")
	if err := os.WriteFile(qfile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var answers []agreementAnswer
	runRuntime(t, node, &answers, "query", dir, qfile)
	if len(answers) != len(queries) {
		t.Fatalf("node answered %d of %d queries", len(answers), len(queries))
	}
	for i := range answers {
		if answers[i].Hits == nil {
			answers[i].Hits = []agreementHit{}
		}
	}
	return answers
}

// runRuntime runs testdata/export/runtime.mjs with args and decodes its
// JSON output into v.
func runRuntime(t *testing.T, node string, v any, args ...string) {
	t.Helper()
	cmd := exec.Command(node, append([]string{filepath.Join("testdata", "export", "runtime.mjs")}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("node output: %v\n%.500s", err, out)
	}
}

// writeTempJSON writes v to a file in a temporary folder and returns its path.
func writeTempJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "input.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestExportAnalysisParity runs the Go and the browser analysis over random
// mixes of the scripts and symbols Chinese legal text holds.
func TestExportAnalysisParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the browser runtime cannot be checked")
	}
	pieces := []string{
		"司法", "救助", "國家", "孤兒", "未成年人", "。", "，", "、", "（", "）", "《", "》", "〔", "〕",
		" ", "\t", "\n", "\u3000", "2023", "２０２３", "１．５", "3.5", "1,000", "１，０００", "%", "％",
		"ABC", "ａｂｃ", "Ｘ", "bleve", "v2", "court's", "co\u00adop", "e\u0301", "Café", "ÉCOLE", "Σ", "ΟΔΟΣ",
		"カタカナ", "ｶﾞｷﾞ", "ﾊﾟ", "ひらがな", "한국어", "𠀀", "😀", "_", "-", ".", ":", "'", "\"", "@", "/",
		"ﬁ", "İ", "Ⱥ", "١٢٣", "שלום", "ש\"ל", "\u200d", "\ufeff", "\u0085", "\r\n",
	}
	rng := rand.New(rand.NewPCG(3, 9))
	inputs := make([]string, 600)
	for i := range inputs {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		inputs[i] = b.String()
	}
	var got [][]Token
	runRuntime(t, node, &got, "analyze", writeTempJSON(t, inputs))
	for i, in := range inputs {
		want := Analyze(in)
		for k := range want {
			want[k].Term = exportCleanTerm(want[k].Term)
		}
		if len(want) == 0 && len(got[i]) == 0 {
			continue
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("analyze(%q)\nsearch.js %+v\nGo        %+v", in, got[i], want)
		}
	}
}

// TestExportParserParity checks that search.js parses queries, and reports
// malformed ones, as ParseQuery does.
func TestExportParserParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the browser runtime cannot be checked")
	}
	queries := []string{
		"孤儿 先行救助", "\"司法 救助\"", "“先行救助”", "-信访", "-\"执行 阶段\"", "region:四川",
		"REGION:四川", "region：四川", "region:\"四 川\"", "categories:弱勢群體救助", "section:CASES",
		"year:2024", "year:2023..2025", "year:..2020", "year:2023..", "year:２０２４", "-year:2020",
		"foo:bar", "region:", "year:20x4", "year:2025..2023", "year:..", "- 孤儿", "--孤儿", "\"未闭合",
		"\"\"", "“ ”", "region:四\"川\"", "a:b:c", "http://example.org", "孤儿\"先行\"", "", "   ",
		"\u3000孤儿\u3000", "-", "year:0000", "year:+202", "court_level:基层 stage:执行",
	}
	type clause struct {
		Kind    string `json:"kind"`
		Negated bool   `json:"negated"`
		Text    string `json:"text"`
		Field   string `json:"field"`
		Value   string `json:"value"`
		From    int    `json:"from"`
		To      int    `json:"to"`
		Pos     int    `json:"pos"`
	}
	var got []struct {
		Clauses []clause `json:"clauses"`
		Error   string   `json:"error"`
		Pos     int      `json:"pos"`
	}
	runRuntime(t, node, &got, "parse", writeTempJSON(t, queries))
	kinds := map[ClauseKind]string{TermClause: "term", PhraseClause: "phrase", FilterClause: "filter", RangeClause: "range"}
	for i, q := range queries {
		pq, err := ParseQuery(q)
		if err != nil {
			if got[i].Error != err.Error() {
				t.Errorf("ParseQuery(%q) error\nsearch.js %q\nGo        %q", q, got[i].Error, err.Error())
			}
			continue
		}
		want := []clause{}
		for _, c := range pq.Clauses {
			want = append(want, clause{Kind: kinds[c.Kind], Negated: c.Negated, Text: c.Text, Field: c.Field, Value: c.Value, From: c.From, To: c.To, Pos: c.Pos})
		}
		if got[i].Error != "" || !reflect.DeepEqual(append([]clause{}, got[i].Clauses...), want) {
			t.Errorf("ParseQuery(%q)\nsearch.js %+v %s\nGo        %+v", q, got[i].Clauses, got[i].Error, want)
		}
	}
}

func facetMap(f Facets) map[string][]FacetCount {
	return map[string][]FacetCount{
		"section": f.Section, "categories": f.Categories, "groups": f.Groups, "methods": f.Methods,
		"region": f.Region, "court_level": f.CourtLevel, "stage": f.Stage, "year": f.Year,
	}
}

func hitIDs(hs []agreementHit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = fmt.Sprintf("%s(%g)", h.ID, h.Score)
	}
	return out
}

func sameIDSet(a, b []agreementHit) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, h := range a {
		seen[h.ID]++
	}
	for _, h := range b {
		seen[h.ID]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

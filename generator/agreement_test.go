package generator

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"casebook/internal/corpus"
	"casebook/search"
)

// agreementQueries cover what readers type: Simplified and Traditional
// words, phrases, exclusions, filters, ranges, single characters, no hits.
var agreementQueries = []string{
	"司法救助", "救助金", "孤儿", "孤兒", "未成年人", "未成年人 救助金", "刑事被害人", "刑事被害人 生活困难",
	`"先行救助"`, `"社会救助"`, "先行救助", "分批发放", "心理疏导", "乡村振兴", "鄉村振興", "司法救助 -信访",
	"救助 -未成年人", "region:四川", "region:四川 救助", "categories:未成年人救助", "categories:弱势群体救助 救助金",
	"groups:孤儿", "methods:分批发放", "court_level:中级", "stage:执行 救助", "section:rules", "section:policies 司法救助",
	"year:2023..2025", "year:..2018 救助", "year:2020", "孤", "救", "醫", "不存在的词语组合", "region:西藏 孤儿",
	"救助 year:2021..2022 -region:四川", "生活 困难", `"民政部门"`, "法院 委员会",
}

type nodeAnswer struct {
	Query string `json:"query"`
	Error string `json:"error"`
	Total int    `json:"total"`
	Hits  []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"hits"`
	Facets map[string][]search.FacetCount `json:"facets"`
}

// TestStaticSearchAgreesWithBleve builds the shipped sample and a generated
// corpus, then runs every agreement query through the bleve index (as
// `casebook search --json` does) and through the browser runtime under node
// over the static export the build wrote: the same hit count, the same first
// 20 hits in the same order, and the same facet counts.
func TestStaticSearchAgreesWithBleve(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to run the static search runtime")
		}
		t.Skip("node is not installed")
	}
	sample := t.TempDir()
	config, err := os.ReadFile(filepath.Join("..", ConfigFile))
	if err == nil {
		err = os.WriteFile(filepath.Join(sample, ConfigFile), config, 0o644)
	}
	for _, dir := range []string{"content", "private"} {
		if err == nil {
			err = os.CopyFS(filepath.Join(sample, dir), os.DirFS(filepath.Join("..", dir)))
		}
	}
	if err != nil {
		t.Fatalf("copying the shipped sample: %v", err)
	}
	generated := filepath.Join(t.TempDir(), "site")
	if testing.Short() {
		generated = ""
	} else if _, err := corpus.Generate(generated, corpus.Options{N: 400, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"sample": sample, "generated": generated} {
		if src == "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
				t.Fatal(err)
			}
			compareDoors(t, node, Options{Source: src}.IndexDir(), filepath.Join(dest, SearchDir))
		})
	}
}

func compareDoors(t *testing.T, node, indexDir, exportDir string) {
	t.Helper()
	type q struct {
		Query string `json:"query"`
		Size  int    `json:"size"`
	}
	var qs []q
	for _, s := range agreementQueries {
		qs = append(qs, q{Query: s, Size: 20})
	}
	file := filepath.Join(t.TempDir(), "queries.json")
	data, _ := json.Marshal(qs)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("..", "search", "testdata", "export", "runtime.mjs"), "query", exportDir, file)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var answers []nodeAnswer
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatalf("node output: %v", err)
	}
	ix, err := search.Open(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	withHits := 0
	for i, query := range agreementQueries {
		got := answers[i]
		want, err := ix.Search(search.Request{Query: query, Limit: 20})
		if err != nil {
			t.Errorf("%q: bleve: %v", query, err)
			continue
		}
		if got.Error != "" {
			t.Errorf("%q: runtime: %s", query, got.Error)
			continue
		}
		if want.Total > 0 {
			withHits++
		}
		if got.Total != want.Total {
			t.Errorf("%q: %d hits in the browser, %d from bleve", query, got.Total, want.Total)
			continue
		}
		for j, h := range want.Hits {
			if j >= len(got.Hits) || got.Hits[j].ID != h.ID {
				t.Errorf("%q: hit %d differs: browser %v, bleve %s", query, j+1, got.Hits, h.ID)
				break
			}
		}
		var wantFacets map[string][]search.FacetCount
		b, _ := json.Marshal(want.Facets)
		_ = json.Unmarshal(b, &wantFacets)
		if !reflect.DeepEqual(normalise(got.Facets), normalise(wantFacets)) {
			t.Errorf("%q: facets differ:\nbrowser %v\nbleve   %v", query, got.Facets, wantFacets)
		}
	}
	if withHits < 30 {
		t.Errorf("only %d of %d queries have hits: the test proves too little", withHits, len(agreementQueries))
	}
}

// normalise drops empty facet lists, which one side may leave out.
func normalise(f map[string][]search.FacetCount) map[string][]search.FacetCount {
	out := map[string][]search.FacetCount{}
	for k, v := range f {
		if len(v) > 0 {
			out[k] = v
		}
	}
	return out
}

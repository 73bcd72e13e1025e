package generator

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSuggestTermsFromHints(t *testing.T) {
	src := copyTree(t, "testdata/site")
	entry := `+++
title = "被害人子女获救助案"
date = 2024-02-02
region = "四川"
categories = ["刑事被害人救助"]
methods = ["救助金"]
court = "某法院"
court_level = "基层"
stage = "审判"
+++

被害人的两名未成年子女生活无着，法院决定分批发放救助金，每季度分批拨付。
`
	if err := os.WriteFile(filepath.Join(src, "content/cases/hinted.md"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	site, _, err := Load(Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	got := Suggest(site)
	text := got.Error()
	for _, want := range []string{
		`content/cases/hinted.md:5: warning: hint: the text mentions "未成年" ×1; consider adding "未成年人救助" to categories`,
		`content/cases/hinted.md:6: warning: hint: the text mentions "分批" ×2; consider adding "分批发放" to methods`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing suggestion\n%s\nin:\n%s", want, text)
		}
	}
	for _, d := range got {
		if !d.Warning {
			t.Errorf("a suggestion is an error: %s", d)
		}
		if strings.Contains(d.Msg, `"刑事被害人救助"`) && strings.Contains(d.Path, "hinted") {
			t.Errorf("suggested a term the entry has: %s", d)
		}
	}
}

// TestHintMatcherCountsAsStringsCount compares the one-pass count of every
// hint with strings.Count on random texts over a small alphabet, where
// hints overlap each other and themselves.
func TestHintMatcherCountsAsStringsCount(t *testing.T) {
	alphabet := []rune("救助金哈a")
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(max int) string {
		rs := make([]rune, 1+rng.IntN(max))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(rs)
	}
	for range 200 {
		cfg := &Config{Taxonomies: map[string]*Taxonomy{}}
		for _, key := range TaxonomyKeys {
			tax := &Taxonomy{}
			for range 3 {
				tax.Terms = append(tax.Terms, &Term{Hints: []string{word(3), word(3)}})
			}
			cfg.Taxonomies[key] = tax
		}
		m := newHintMatcher(cfg)
		text := word(60)
		counts := m.count(text)
		for i, h := range m.hints {
			if want := strings.Count(text, h); counts[i] != want {
				t.Fatalf("%q in %q: counted %d, strings.Count %d", h, text, counts[i], want)
			}
		}
	}
}

package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze runs the analysis chain over arbitrary text: it must not
// panic, every token must point at text inside the input on character
// boundaries, folding must keep the length, and the same input must give the
// same tokens.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "司法救助", "國家司法救助制度", "（２０２３）川01刑初123号", "孤", "孤 兒", "a\u00adb", "İstanbul Σ",
		"先行，行救助", "😀救助😀", "\xff\xfe司法", "ＡＢＣ１２３ｄｅｆ", "한국어 テスト 中文",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got := Fold(text); len(got) != len(text) {
			t.Fatalf("Fold changed the length: %d → %d", len(text), len(got))
		}
		tokens := Analyze(text)
		text = strings.ToValidUTF8(text, "\uFFFD") // the text the offsets refer to
		for _, tok := range tokens {
			if tok.Start < 0 || tok.End > len(text) || tok.Start > tok.End {
				t.Fatalf("token %+v outside the input of %d bytes", tok, len(text))
			}
			if tok.Start < len(text) && !utf8.RuneStart(text[tok.Start]) || tok.End < len(text) && !utf8.RuneStart(text[tok.End]) {
				t.Fatalf("token %+v does not sit on character boundaries of %q", tok, text)
			}
			if tok.Term == "" {
				t.Fatalf("empty term at %+v", tok)
			}
		}
		again := Analyze(text)
		if len(again) != len(tokens) {
			t.Fatalf("two analyses differ: %d and %d tokens", len(tokens), len(again))
		}
		for i := range again {
			if again[i] != tokens[i] {
				t.Fatalf("two analyses differ at %d: %+v and %+v", i, tokens[i], again[i])
			}
		}
	})
}

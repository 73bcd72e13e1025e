package search

import (
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// analysisVector is one case of testdata/analysis/vectors.json, shared with
// the browser runtime's tests.
type analysisVector struct {
	Name   string  `json:"name"`
	Input  string  `json:"input"`
	Tokens []Token `json:"tokens"`
}

// analysisInputs are the inputs pinned in vectors.json, by name.
var analysisInputs = []struct{ name, input string }{
	{"simplified-bigrams", "国家司法救助"},
	{"traditional-folds", "國家司法救助"},
	{"traditional-orphan", "孤兒"},
	{"simplified-orphan", "孤儿"},
	{"single-cjk", "孤"},
	{"single-cjk-between-spaces", "孤 兒"},
	{"single-cjk-between-punctuation", "一、孤。"},
	{"two-runs", "先行救助，司法救助"},
	{"ascii-word", "Judicial Assistance"},
	{"ascii-uppercase", "BM25 SCORING"},
	{"mixed-ascii-cjk", "bleve索引v2版本"},
	{"mixed-cjk-ascii-cjk", "x孤y"},
	{"case-number", "（2023）川01刑初123号"},
	{"case-number-full-width-digits", "（２０２３）川０１刑初１２３号"},
	{"full-width-letters", "ＡＢＣ１２３"},
	{"full-width-decimal", "１．５万元"},
	{"full-width-comma-number", "１，０００元"},
	{"ascii-number-comma", "1,000元"},
	{"decimal-number", "3.5万元"},
	{"percent", "50%"},
	{"emoji-around", "😀孤儿😀"},
	{"emoji-inside", "救😀助"},
	{"ideographic-space", "先行　救助"},
	{"punctuation-only", "，。！？、（）《》"},
	{"empty", ""},
	{"whitespace-only", " \t\n　"},
	{"doc-number", "法发〔2014〕21号"},
	{"book-title", "《关于建立完善国家司法救助制度的意见（试行）》"},
	{"traditional-sentence", "對特別困難的當事人給予救助"},
	{"mixed-traditional-simplified", "弱勢群体"},
	{"katakana", "カタカナ"},
	{"half-width-katakana", "ｶﾀｶﾅ"},
	{"hangul", "한국어"},
	{"extension-b-character", "𠀀𠀁"},
	{"money", "人民币2.561亿元"},
	{"date", "2024年5月10日"},
	{"email-like", "court@example.org"},
	{"url-like", "https://example.org/kb/"},
	{"newline-in-run", "司法\n救助"},
	{"soft-hyphen-in-text", "co\u00adoperate"},
	{"chain-folded", "薴麻"},
	{"three-chars", "救助金"},
	{"accented-latin", "Café ÉCOLE"},
	{"apostrophe", "court's"},
}

func TestAnalysisVectors(t *testing.T) {
	path := filepath.Join("testdata", "analysis", "vectors.json")
	if *update {
		var vs []analysisVector
		for _, in := range analysisInputs {
			toks := Analyze(in.input)
			if toks == nil {
				toks = []Token{}
			}
			vs = append(vs, analysisVector{Name: in.name, Input: in.input, Tokens: toks})
		}
		var sb strings.Builder
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(vs); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./search/ -run TestAnalysisVectors -update)", err)
	}
	var vs []analysisVector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) < 30 {
		t.Errorf("vectors.json has %d cases, want at least 30", len(vs))
	}
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			got := Analyze(v.Input)
			if len(got) == 0 && len(v.Tokens) == 0 {
				return
			}
			if !reflect.DeepEqual(got, v.Tokens) {
				t.Errorf("Analyze(%q)\n got %+v\nwant %+v", v.Input, got, v.Tokens)
			}
		})
	}
}

// TestAnalysisExpectations pins the behaviour the query language relies on,
// independently of the golden file.
func TestAnalysisExpectations(t *testing.T) {
	terms := func(s string) string {
		var out []string
		for _, tk := range Analyze(s) {
			out = append(out, tk.Term)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name, input, want string
	}{
		{"bigrams", "先行救助", "先行 行救 救助"},
		{"traditional equals simplified", "孤兒", "孤儿"},
		{"single character is a unigram", "孤", "孤"},
		{"single characters apart stay unigrams", "孤 兒", "孤 儿"},
		{"one-character run between punctuation", "一、孤。", "一 孤"},
		{"full-width digits are kept", "（２０２３）", "2023"},
		{"full-width equals ascii", "（２０２３）川０１刑初１２３号", terms("（2023）川01刑初123号")},
		{"lowercase", "BM25", "bm25"},
		{"emoji dropped", "😀孤儿😀", "孤儿"},
		{"punctuation only", "，。！", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := terms(tt.input); got != tt.want {
				t.Errorf("terms(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

// TestAnalysisOffsets checks that every token's offsets point at the text
// it came from: folding and narrowing never move bytes.
func TestAnalysisOffsets(t *testing.T) {
	for _, in := range analysisInputs {
		for _, tk := range Analyze(in.input) {
			if tk.Start < 0 || tk.End > len(in.input) || tk.Start >= tk.End {
				t.Errorf("%s: token %+v out of range", in.name, tk)
				continue
			}
			src := in.input[tk.Start:tk.End]
			if !utf8.ValidString(src) {
				t.Errorf("%s: token %+v cuts a character", in.name, tk)
			}
			folded := strings.ToLower(strings.ReplaceAll(string(narrowFullWidth([]byte(Fold(src)))), softHyphen, ""))
			if utf8.RuneCountInString(tk.Term) == utf8.RuneCountInString(src) && folded != tk.Term && !strings.ContainsAny(src, "ｶﾀﾅ") {
				t.Errorf("%s: token %+v does not match its source %q (folded %q)", in.name, tk, src, folded)
			}
		}
	}
}

func TestFoldKeepsLength(t *testing.T) {
	table := loadFoldTable()
	if len(table.sparse) == 0 || len(table.dense) == 0 {
		t.Fatalf("fold table looks empty: dense %d, sparse %d", len(table.dense), len(table.sparse))
	}
	tests := []struct{ in, want string }{
		{"國家司法救助", "国家司法救助"},
		{"孤兒", "孤儿"},
		{"弱勢群體", "弱势群体"},
		{"薴", "苎"}, // a chain in the source table, resolved
		{"abc 123", "abc 123"},
		{"已是简体", "已是简体"},
	}
	for _, tt := range tests {
		got := Fold(tt.in)
		if got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) != len(tt.in) {
			t.Errorf("Fold(%q) changed length %d → %d", tt.in, len(tt.in), len(got))
		}
		if Fold(got) != got {
			t.Errorf("Fold is not idempotent on %q", got)
		}
	}
	// Every mapping in the table keeps the length and is idempotent.
	for from := table.lo; from <= table.hi; from++ {
		to := table.dense[from-table.lo]
		if to == 0 {
			continue
		}
		if utf8.RuneLen(from) != utf8.RuneLen(to) || table.lookup(to) != to {
			t.Errorf("mapping %c → %c breaks length or idempotence", from, to)
		}
	}
	for from, to := range table.sparse {
		if utf8.RuneLen(from) != utf8.RuneLen(to) || table.lookup(to) != to {
			t.Errorf("mapping %c → %c breaks length or idempotence", from, to)
		}
	}
}

func TestFoldDoesNotModifyInput(t *testing.T) {
	in := []byte("孤兒１２")
	orig := string(in)
	loadFoldTable().fold(in)
	narrowFullWidth(in)
	if string(in) != orig {
		t.Errorf("input modified: %q → %q", orig, in)
	}
}

func TestParseFoldTableErrors(t *testing.T) {
	for _, bad := range []string{"國", "國\t国国", "𠀀\t国"} {
		if _, err := parseFoldTable(bad); err == nil {
			t.Errorf("parseFoldTable(%q) = nil error", bad)
		}
	}
}

// TestFastFiltersMatchBleve checks that cb_unicode, cb_width_lower and
// cb_bigram give exactly the tokens of bleve's unicode tokenizer, cjk_width,
// to_lower and cjk_bigram, on the pinned inputs and on random text mixing
// every kind of character they treat specially.
func TestFastFiltersMatchBleve(t *testing.T) {
	im := mapping.NewIndexMapping()
	if err := im.AddCustomAnalyzer("reference", map[string]interface{}{
		"type":          custom.Name,
		"char_filters":  []string{FoldCharFilterName, NarrowCharFilterName},
		"tokenizer":     unicode.Name,
		"token_filters": []string{ShyStripFilterName, cjk.WidthName, lowercase.Name, cjk.BigramName},
	}); err != nil {
		t.Fatal(err)
	}
	ref := im.AnalyzerNamed("reference")
	fast := sharedAnalyzer()
	pieces := []string{
		"司法", "救助", "國", "兒", "孤", "先行", "𠀀", "カタカナ", "ｶﾞ", "ﾊﾟ", "ｰ", "ﾞ", "ﾟ", "ｱ",
		"ＡＢＣ", "１２３", "．", "，", "。", "、", "（", "）", "Abc", "ÉCOLE", "Ⱥ", "ΣΑΣ", "İ",
		"court's", "3.5", "1,000", "x", "Q", " ", "　", "\n", "\u00ad", "😀", "한국", "e\u0301",
		"\xff", "\xef\xbc", "\xed\xa0\x80", "﹏", "￥", "・", "ー", "ㄅ", "ｈｔｔｐ",
		"\u0301", "\u200d", "\ufe00", "\u302a", "\u3099", "《", "》", "「", "」", "〃", "〇", "、", "〈",
		"〜", "\u3000", "\r\n", "😀\u200d😀", "\U0001F1E8\U0001F1F3", "國家", "a.b", "3.5", "\xe4\xb8\xad",
		"\xe4", "\xe4\xb8",
	}
	inputs := make([]string, 0, len(analysisInputs)+2000)
	for _, in := range analysisInputs {
		inputs = append(inputs, in.input)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20000 {
		var sb strings.Builder
		for range 1 + rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		inputs = append(inputs, sb.String())
	}
	// The export's analyser reuses its memory from one input to the next.
	scratch := newScratchAnalyzer()
	for _, in := range inputs {
		want := ref.Analyze([]byte(in))
		for name, got := range map[string]analysis.TokenStream{"Analyze": fast.Analyze([]byte(in)), "scratch": scratch.analyze(in)} {
			if len(got) != len(want) {
				t.Fatalf("%s(%q): %d tokens, bleve's filters give %d\n got %v\nwant %v", name, in, len(got), len(want), got, want)
			}
			for i := range want {
				g, w := got[i], want[i]
				if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End ||
					g.Position != w.Position || g.Type != w.Type || g.KeyWord != w.KeyWord {
					t.Fatalf("%s(%q) token %d: got %v, bleve's filters give %v", name, in, i, g, w)
				}
			}
		}
	}
}

// TestFoldStringMatchesBytes checks Fold's inline decoding against the
// byte-wise fold the char filter runs, on every character of the table and
// on malformed UTF-8.
func TestFoldStringMatchesBytes(t *testing.T) {
	ft := loadFoldTable()
	var inputs []string
	for i, to := range ft.dense {
		if to != 0 {
			inputs = append(inputs, "a"+string(ft.lo+rune(i))+"司", "\xed\xa0\x80"+string(ft.lo+rune(i)))
		}
	}
	for from := range ft.sparse {
		inputs = append(inputs, "x"+string(from))
	}
	inputs = append(inputs, "", "abc", "\xe4\xb8", "\xe0\x80\x80國", "國\xff", "司法救助", "\xef\xbf\xbd")
	changed := 0
	for _, in := range inputs {
		want := string(ft.fold([]byte(in)))
		if got := Fold(in); got != want {
			t.Fatalf("Fold(%q) = %q, byte-wise fold gives %q", in, got, want)
		}
		if want != in {
			changed++
		}
	}
	if changed < 1000 {
		t.Errorf("only %d inputs change when folded: the comparison proves little", changed)
	}
}

// TestCJK3 checks what the analysis's shortcut assumes of every character
// of U+3000 to U+9FFF: three bytes long and left as it is by to_lower; and
// that it takes no other character.
func TestCJK3(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		b := utf8.AppendRune(nil, r)
		in := r >= 0x3000 && r <= 0x9FFF && utf8.ValidRune(r)
		if got := cjk3(append(b, 'x')); got != in {
			t.Fatalf("cjk3(%U) = %v, want %v", r, got, in)
		}
		if in && (len(b) != 3 || gounicode.ToLower(r) != r) {
			t.Fatalf("%U: %d bytes, lower case %U", r, len(b), gounicode.ToLower(r))
		}
	}
	for _, b := range []string{"\xe4\xb8", "\xe4\xb8a", "\xe4a\xad", "\xe2\x80\x94", "\xea\xb0\x80"} {
		if cjk3([]byte(b)) {
			t.Errorf("cjk3(%q) = true", b)
		}
	}
}

package search

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Clause
	}{
		{"empty", "", nil},
		{"terms", "孤儿 先行救助", []Clause{{Kind: TermClause, Text: "孤儿"}, {Kind: TermClause, Text: "先行救助", Pos: 3}}},
		{"ideographic space", "孤儿　救助", []Clause{{Kind: TermClause, Text: "孤儿"}, {Kind: TermClause, Text: "救助", Pos: 3}}},
		{"quoted", `"司法 救助" x`, []Clause{{Kind: PhraseClause, Text: "司法 救助"}, {Kind: TermClause, Text: "x", Pos: 8}}},
		{"chinese quotes", "“司法 救助”", []Clause{{Kind: PhraseClause, Text: "司法 救助"}}},
		{"exclusions", `-信访 -"执行 阶段"`, []Clause{{Kind: TermClause, Negated: true, Text: "信访"}, {Kind: PhraseClause, Negated: true, Text: "执行 阶段", Pos: 4}}},
		{"filter", "region:四川", []Clause{{Kind: FilterClause, Field: "region", Value: "四川"}}},
		{"full-width colon, traditional value", "categories：弱勢群體救助", []Clause{{Kind: FilterClause, Field: "categories", Value: "弱势群体救助"}}},
		{"negated filter", "-stage:执行", []Clause{{Kind: FilterClause, Negated: true, Field: "stage", Value: "执行"}}},
		{"quoted filter value", `region:"新疆生产建设兵团"`, []Clause{{Kind: FilterClause, Field: "region", Value: "新疆生产建设兵团"}}},
		{"section lowercased", "section:Cases", []Clause{{Kind: FilterClause, Field: "section", Value: "cases"}}},
		{"year", "year:2024", []Clause{{Kind: FilterClause, Field: "year", Value: "2024"}}},
		{"year range", "year:2023..2025", []Clause{{Kind: RangeClause, Field: "year", From: 2023, To: 2025}}},
		{"year open start", "year:..2020", []Clause{{Kind: RangeClause, Field: "year", To: 2020}}},
		{"year open end", "year:2023..", []Clause{{Kind: RangeClause, Field: "year", From: 2023}}},
		{"full-width year", "year:２０２３", []Clause{{Kind: FilterClause, Field: "year", Value: "2023"}}},
		{"colon in a CJK word is text", "案号:123", []Clause{{Kind: TermClause, Text: "案号:123"}}},
		{"hyphen inside a word", "a-b", []Clause{{Kind: TermClause, Text: "a-b"}}},
		{"word then quote", `孤儿"救助"`, []Clause{{Kind: TermClause, Text: "孤儿"}, {Kind: PhraseClause, Text: "救助", Pos: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(q.Clauses, tt.want) {
				t.Errorf("ParseQuery(%q)\n got %+v\nwant %+v", tt.in, q.Clauses, tt.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name, in string
		pos      int
		mention  string // a word the English part of the message must hold
	}{
		{"unterminated quote", `孤儿 "先行救助`, 3, "Unterminated quote"},
		{"unterminated chinese quote", "“先行", 0, "Unterminated quote"},
		{"empty quotes", `""`, 0, "empty"},
		{"lone minus", "孤儿 -", 3, "lone '-'"},
		{"lone minus between", "孤儿 - 救助", 3, "lone '-'"},
		{"double minus", "--孤儿", 1, "single '-'"},
		{"unknown field", "color:red", 0, "Unknown field"},
		{"empty field value", "region:", 7, "no value"},
		{"bad year", "year:twenty", 5, "Cannot read the year"},
		{"short year", "year:24", 5, "Cannot read the year"},
		{"empty year range", "year:..", 5, "Cannot read the year"},
		{"reversed range", "year:2025..2023", 5, "starts after it ends"},
		{"quote inside value", `region:四"川"`, 8, "quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.in)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q) error %v, want *QueryError", tt.in, err)
			}
			if qe.Pos != tt.pos {
				t.Errorf("Pos %d, want %d (%s)", qe.Pos, tt.pos, qe.Msg)
			}
			if !strings.Contains(qe.Msg, tt.mention) {
				t.Errorf("message %q lacks %q", qe.Msg, tt.mention)
			}
			if !containsHan(qe.Msg) {
				t.Errorf("message %q has no Chinese", qe.Msg)
			}
		})
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

func FuzzParseQuery(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "queries", "*.txt"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			f.Add(line)
		}
	}
	f.Add(`孤儿 -"先行 救助" region:四川 year:2023..2025`)
	f.Fuzz(func(t *testing.T, q string) {
		parsed, err := ParseQuery(q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error %T %v is not a *QueryError", err, err)
			}
			if qe.Pos < 0 || qe.Pos > utf8.RuneCountInString(q) {
				t.Fatalf("Pos %d outside the query of %d characters", qe.Pos, utf8.RuneCountInString(q))
			}
			return
		}
		for _, c := range parsed.Clauses {
			switch c.Kind {
			case TermClause, PhraseClause:
				if c.Text == "" {
					t.Fatalf("empty text clause from %q", q)
				}
			case FilterClause:
				if c.Value == "" || !filterFields[c.Field] {
					t.Fatalf("bad filter %+v from %q", c, q)
				}
			case RangeClause:
				if c.From == 0 && c.To == 0 || c.From != 0 && c.To != 0 && c.From > c.To {
					t.Fatalf("bad range %+v from %q", c, q)
				}
			}
		}
	})
}

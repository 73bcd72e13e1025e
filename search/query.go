package search

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ClauseKind says what a query clause matches.
type ClauseKind int

// The kinds of clauses.
const (
	TermClause   ClauseKind = iota // a bare word: a phrase over its bigrams
	PhraseClause                   // a "quoted phrase", which may hold spaces
	FilterClause                   // field:value on a keyword field
	RangeClause                    // year:A..B
)

// Clause is one space-separated part of a query.
type Clause struct {
	Kind    ClauseKind // what the clause matches
	Negated bool       // written with a leading '-': documents matching it are excluded
	Text    string     // TermClause, PhraseClause: the text as written (not folded)
	Field   string     // FilterClause, RangeClause: the field name
	Value   string     // FilterClause: the value, folded to Simplified
	From    int        // RangeClause: first year, 0 when open
	To      int        // RangeClause: last year, 0 when open
	Pos     int        // character offset of the clause in the query
}

// Query is a parsed query: every clause must hold (negated ones must not).
type Query struct {
	Clauses []Clause // in the order written
}

// QueryError is a malformed query. Pos is a character (not byte) offset
// into the query; Msg says, in Chinese and English, what is wrong and how
// to fix it.
type QueryError struct {
	Pos int    // character offset of the problem
	Msg string // bilingual explanation
}

// Error implements error.
func (e *QueryError) Error() string {
	return fmt.Sprintf("查询有误（第 %d 个字符）query error at character %d: %s", e.Pos+1, e.Pos+1, e.Msg)
}

// filterFields are the fields field:value may name.
var filterFields = map[string]bool{
	fieldCategories: true, fieldGroups: true, fieldMethods: true, fieldRegion: true,
	fieldCourtLevel: true, fieldStage: true, fieldSection: true, fieldYear: true,
}

// FilterFields lists the field names accepted by field:value and
// Request.Filters, in facet order.
func FilterFields() []string { return append([]string(nil), facetFields[:]...) }

// quote pairs: ASCII and Chinese curly quotes.
func closingQuote(r rune) (rune, bool) {
	switch r {
	case '"':
		return '"', true
	case '“':
		return '”', true
	}
	return 0, false
}

func isSpace(r rune) bool { return unicode.IsSpace(r) } // includes U+3000

// ParseQuery parses the query language:
//
//	孤儿 先行救助        every term must match (each as a phrase over its bigrams)
//	"司法 救助"          a quoted phrase (ASCII or “Chinese” quotes), may hold spaces
//	-信访 -"执行 阶段"    excludes documents that match
//	region:四川          a filter on categories, groups, methods, region,
//	                     court_level, stage, section or year (also -region:四川)
//	year:2023..2025      a year range; either side may be omitted (year:..2020)
//
// Terms and values may be written in Traditional characters.
func ParseQuery(q string) (*Query, error) {
	rs := []rune(q)
	out := &Query{}
	i := 0
	for i < len(rs) {
		if isSpace(rs[i]) {
			i++
			continue
		}
		start := i
		neg := false
		if rs[i] == '-' {
			neg = true
			i++
			if i == len(rs) || isSpace(rs[i]) {
				return nil, &QueryError{Pos: start, Msg: "单独的“-”后面缺少要排除的词；请写成 -词语 或 -\"短语\"，或删去它。 A lone '-' has nothing to exclude; write -word or -\"phrase\", or remove it."}
			}
			if rs[i] == '-' {
				return nil, &QueryError{Pos: i, Msg: "“-”只能出现一次；请写成 -词语。 Write a single '-' before the word to exclude, e.g. -word."}
			}
		}
		if closeQ, ok := closingQuote(rs[i]); ok {
			text, next, err := readQuoted(rs, i, closeQ)
			if err != nil {
				return nil, err
			}
			i = next
			if strings.TrimSpace(text) == "" {
				return nil, &QueryError{Pos: start, Msg: "引号里是空的；请在引号中写上短语，或删去这对引号。 The quotes are empty; put a phrase between them or remove them."}
			}
			out.Clauses = append(out.Clauses, Clause{Kind: PhraseClause, Negated: neg, Text: text, Pos: start})
			continue
		}
		// A bare word runs to the next space; a quote inside it starts a
		// quoted value (field:"value").
		wordStart := i
		for i < len(rs) && !isSpace(rs[i]) {
			if _, ok := closingQuote(rs[i]); ok {
				break
			}
			i++
		}
		word := string(rs[wordStart:i])
		name, value, isField := splitField(word)
		if !isField {
			// In word"quoted", the quote starts the next clause.
			out.Clauses = append(out.Clauses, Clause{Kind: TermClause, Negated: neg, Text: word, Pos: start})
			continue
		}
		valuePos := wordStart + utf8.RuneCountInString(name) + 1
		if value == "" && i < len(rs) && !isSpace(rs[i]) {
			closeQ, _ := closingQuote(rs[i])
			text, next, err := readQuoted(rs, i, closeQ)
			if err != nil {
				return nil, err
			}
			value, i = strings.TrimSpace(text), next
		} else if i < len(rs) && !isSpace(rs[i]) {
			return nil, &QueryError{Pos: i, Msg: "字段值中间不能有引号；请把整个值放进引号：字段:\"值\"。 A quote cannot start in the middle of a value; quote the whole value: field:\"value\"."}
		}
		c, err := fieldClause(name, value, neg, start, valuePos)
		if err != nil {
			return nil, err
		}
		out.Clauses = append(out.Clauses, c)
	}
	return out, nil
}

// readQuoted reads a quoted string starting at rs[open]; it returns the text
// inside and the index after the closing quote.
func readQuoted(rs []rune, open int, closeQ rune) (string, int, error) {
	for j := open + 1; j < len(rs); j++ {
		if rs[j] == closeQ || (closeQ == '”' && rs[j] == '"') {
			return string(rs[open+1 : j]), j + 1, nil
		}
	}
	return "", 0, &QueryError{Pos: open, Msg: fmt.Sprintf("引号没有闭合；请在短语末尾补上 %c。 Unterminated quote: add a closing %c after the phrase.", closeQ, closeQ)}
}

// splitField splits name:value (ASCII or full-width colon) when name is a
// lowercase ASCII identifier; anything else is an ordinary word.
func splitField(word string) (name, value string, ok bool) {
	idx := strings.IndexAny(word, ":：")
	if idx <= 0 {
		return "", "", false
	}
	name = word[:idx]
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
			return "", "", false
		}
	}
	_, size := utf8.DecodeRuneInString(word[idx:])
	return strings.ToLower(name), word[idx+size:], true
}

func fieldClause(name, value string, neg bool, pos, valuePos int) (Clause, error) {
	if !filterFields[name] {
		return Clause{}, &QueryError{Pos: pos, Msg: fmt.Sprintf("未知字段 %q；可用的字段有 categories、groups、methods、region、court_level、stage、section、year。若要搜索这个词本身，请加引号。 Unknown field %q; use one of categories, groups, methods, region, court_level, stage, section, year, or quote the text to search for it.", name, name)}
	}
	if value == "" {
		return Clause{}, &QueryError{Pos: valuePos, Msg: fmt.Sprintf("字段 %s 后面缺少值；请写成 %s:值，例如 region:四川。 The field %s has no value; write %s:value, e.g. region:四川.", name, name, name, name)}
	}
	if name != fieldYear {
		v := Fold(value)
		if name == fieldSection {
			v = strings.ToLower(v)
		}
		return Clause{Kind: FilterClause, Negated: neg, Field: name, Value: v, Pos: pos}, nil
	}
	from, to, isRange, ok := parseYears(value)
	if !ok {
		return Clause{}, &QueryError{Pos: valuePos, Msg: fmt.Sprintf("年份 %q 无法识别；请写四位年份，如 year:2024，或范围 year:2023..2025（可省略一端，如 year:..2020）。 Cannot read the year %q; write a four-digit year such as year:2024, or a range year:2023..2025 (one side may be left out, e.g. year:..2020).", value, value)}
	}
	if !isRange {
		return Clause{Kind: FilterClause, Negated: neg, Field: fieldYear, Value: fmt.Sprintf("%04d", from), Pos: pos}, nil
	}
	if from != 0 && to != 0 && from > to {
		return Clause{}, &QueryError{Pos: valuePos, Msg: fmt.Sprintf("年份范围 %d..%d 起点晚于终点；请写成 year:%d..%d。 The range %d..%d starts after it ends; write year:%d..%d.", from, to, to, from, from, to, to, from)}
	}
	return Clause{Kind: RangeClause, Negated: neg, Field: fieldYear, From: from, To: to, Pos: pos}, nil
}

// parseYears reads 2024, 2023..2025, ..2025 or 2023.. (ASCII or full-width
// digits). ok is false for anything else, including "..".
func parseYears(v string) (from, to int, isRange, ok bool) {
	v = string(narrowDigits(v))
	a, b, isRange := strings.Cut(v, "..")
	year := func(s string) (int, bool) {
		if len(s) != 4 {
			return 0, false
		}
		n, err := strconv.Atoi(s)
		return n, err == nil && n > 0 && s[0] != '+' && s[0] != '-'
	}
	if !isRange {
		n, ok := year(a)
		return n, n, false, ok
	}
	if a == "" && b == "" {
		return 0, 0, true, false
	}
	if a != "" {
		if from, ok = year(a); !ok {
			return 0, 0, true, false
		}
	}
	if b != "" {
		if to, ok = year(b); !ok {
			return 0, 0, true, false
		}
	}
	return from, to, true, true
}

// narrowDigits turns full-width digits and full stops into ASCII.
func narrowDigits(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		if r >= '０' && r <= '９' || r == '．' {
			rs[i] = r - 0xFEE0
		}
	}
	return rs
}

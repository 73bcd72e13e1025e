package generator

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// valueKind is the TOML type a front-matter key takes.
type valueKind int

const (
	kString valueKind = iota
	kDate
	kStrings
	kBool
	kInt
	kAllow
	kTable
)

func (k valueKind) String() string {
	return [...]string{"a string", "a date (e.g. 2024-05-10)", "an array of strings", "true or false", "an integer", "an array of [[allow]] tables", "a table"}[k]
}

// keySpec describes one front-matter key.
type keySpec struct {
	kind     valueKind
	sections string // sections that may use it ("" = all)
	required string // sections that must give it
	oneOf    []string
}

var (
	statuses     = []string{"现行有效", "试行", "已修订", "已废止"}
	courtLevels  = []string{"最高", "高级", "中级", "基层"}
	stages       = []string{"立案", "审判", "执行", "信访"}
	difficulties = []string{"困难", "非常困难", "特别困难"}
)

// frontMatterKeys is the schema of SPEC §2.
var frontMatterKeys = map[string]keySpec{
	"title":       {kind: kString, required: "policies rules cases"},
	"date":        {kind: kDate, required: "policies rules cases"},
	"summary":     {kind: kString},
	"region":      {kind: kString, required: "rules cases"},
	"categories":  {kind: kStrings, required: "cases"},
	"groups":      {kind: kStrings},
	"methods":     {kind: kStrings},
	"keywords":    {kind: kStrings},
	"cites":       {kind: kStrings},
	"draft":       {kind: kBool},
	"allow":       {kind: kAllow},
	"params":      {kind: kTable},
	"issuer":      {kind: kStrings, sections: "policies rules", required: "policies rules"},
	"doc_number":  {kind: kString, sections: "policies rules"},
	"short_title": {kind: kString, sections: "policies rules"},
	"status":      {kind: kString, sections: "policies rules", oneOf: statuses},
	"effective":   {kind: kDate, sections: "policies rules"},
	"implements":  {kind: kStrings, sections: "rules"},
	"court":       {kind: kString, sections: "cases", required: "cases"},
	"court_level": {kind: kString, sections: "cases", required: "cases", oneOf: courtLevels},
	"stage":       {kind: kString, sections: "cases", required: "cases", oneOf: stages},
	"amount":      {kind: kInt, sections: "cases"},
	"persons":     {kind: kInt, sections: "cases"},
	"difficulty":  {kind: kString, sections: "cases", oneOf: difficulties},
	"case_number": {kind: kString, sections: "cases"},
	"pseudonyms":  {kind: kStrings, sections: "cases"},
}

// decodeFrontMatter decodes the TOML head of an entry into e, reporting every
// unknown key, missing key and wrongly typed value.
func decodeFrontMatter(e *Entry, fm frontMatter) Diagnostics {
	e.Lines = scanTOMLLines(fm.toml, 2)
	raw := map[string]any{}
	if _, err := toml.Decode(fm.toml, &raw); err != nil {
		return Diagnostics{tomlError(e.Path, 2, err)}
	}
	var ds Diagnostics
	at := func(key, format string, args ...any) {
		ds = append(ds, diagf(e.Path, e.Lines.line(key), format, args...))
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	known := make([]string, 0, len(frontMatterKeys))
	for k := range frontMatterKeys {
		known = append(known, k)
	}
	for _, key := range keys {
		spec, ok := frontMatterKeys[key]
		switch {
		case !ok:
			at(key, "unknown key %q%s; free keys for themes go in a [params] table", key, nearestHint(key, known))
			continue
		case spec.sections != "" && !strings.Contains(spec.sections, e.Section):
			at(key, "key %q does not apply to %s (only to %s): remove it", key, e.Section, strings.ReplaceAll(spec.sections, " ", " and "))
			continue
		}
		if msg := assign(e, key, spec, raw[key]); msg != "" {
			if spec.kind == kAllow {
				key += ".0" // the line of the first [[allow]] table
			}
			at(key, "%s", msg)
		}
	}
	for _, key := range sortedKeys(frontMatterKeys) {
		spec := frontMatterKeys[key]
		if _, ok := raw[key]; !ok && strings.Contains(spec.required, e.Section) {
			ds = append(ds, diagf(e.Path, 1, "missing required key %q (%s): every entry in %s needs it", key, spec.kind, e.Section))
		}
	}
	return ds
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// assign stores one decoded value in e, or says why it cannot.
func assign(e *Entry, key string, spec keySpec, v any) string {
	wrong := func() string {
		return fmt.Sprintf("key %q must be %s, not %s", key, spec.kind, describe(v))
	}
	switch spec.kind {
	case kString:
		s, ok := v.(string)
		if !ok {
			return wrong()
		}
		s = strings.TrimSpace(s)
		if spec.oneOf != nil {
			if c := oneOf(s, spec.oneOf); c != "" {
				s = c
			} else {
				return fmt.Sprintf("%s %q is not one of %s%s", key, s, strings.Join(spec.oneOf, ", "), nearestHint(s, spec.oneOf))
			}
		}
		setString(e, key, s)
	case kDate:
		t, msg := toDate(v)
		if msg != "" {
			return fmt.Sprintf("%s: %s", key, msg)
		}
		if key == "date" {
			e.Date = t
		} else {
			e.Effective = t
		}
	case kStrings:
		list, ok := toStrings(v)
		if !ok {
			return wrong()
		}
		setStrings(e, key, list)
	case kBool:
		b, ok := v.(bool)
		if !ok {
			return wrong()
		}
		e.Draft = b
	case kInt:
		n, ok := v.(int64)
		if !ok {
			return wrong()
		}
		switch {
		case key == "amount" && n < 0:
			return "amount must be 0 or more (yuan)"
		case key == "persons" && (n < 1 || n > math.MaxInt32):
			return "persons must be at least 1"
		case key == "amount":
			e.Amount, e.HasAmount = n, true
		default:
			e.Persons = int(n)
		}
	case kAllow:
		tables, ok := v.([]map[string]any)
		if !ok {
			return wrong()
		}
		for i, t := range tables {
			text, _ := t["text"].(string)
			reason, _ := t["reason"].(string)
			line := e.Lines.line(fmt.Sprintf("allow.%d", i))
			if strings.TrimSpace(text) == "" || strings.TrimSpace(reason) == "" || len(t) != 2 {
				return fmt.Sprintf("[[allow]] number %d needs exactly a text and a reason, e.g. text = \"12368\" and reason = \"法院公开的诉讼服务热线\"", i+1)
			}
			e.Allow = append(e.Allow, Allow{Text: text, Reason: reason, Line: line})
		}
	case kTable:
		m, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		e.Params = m
	}
	return ""
}

func setString(e *Entry, key, s string) {
	switch key {
	case "title":
		e.Title = s
	case "summary":
		e.Summary = s
	case "region":
		e.Region = s
	case "doc_number":
		e.DocNumber = s
	case "short_title":
		e.ShortTitle = s
	case "status":
		e.Status = s
	case "court":
		e.Court = s
	case "court_level":
		e.CourtLevel = s
	case "stage":
		e.Stage = s
	case "difficulty":
		e.Difficulty = s
	case "case_number":
		e.CaseNumber = s
	}
}

func setStrings(e *Entry, key string, list []string) {
	switch key {
	case "categories":
		e.Categories = list
	case "groups":
		e.Groups = list
	case "methods":
		e.Methods = list
	case "keywords":
		e.Keywords = list
	case "cites":
		e.Cites = list
	case "issuer":
		e.Issuer = list
	case "implements":
		e.Implements = list
	case "pseudonyms":
		e.Pseudonyms = list
	}
}

// oneOf returns the allowed value that s names (Simplified or Traditional).
func oneOf(s string, allowed []string) string {
	for _, a := range allowed {
		if foldKey(a) == foldKey(s) {
			return a
		}
	}
	return ""
}

func toStrings(v any) ([]string, bool) {
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, true
}

func toDate(v any) (time.Time, string) {
	switch d := v.(type) {
	case time.Time:
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), ""
	case string:
		t, err := time.Parse("2006-01-02", strings.TrimSpace(d))
		if err != nil {
			return time.Time{}, fmt.Sprintf("invalid date %s: write it as 2024-05-10", quoteExcerpt(d))
		}
		return t, ""
	}
	return time.Time{}, fmt.Sprintf("must be a date such as 2024-05-10, not %s", describe(v))
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return "the string " + quoteExcerpt(x)
	case int64:
		return fmt.Sprintf("the number %d", x)
	case float64:
		return fmt.Sprintf("the number %g", x)
	case bool:
		return fmt.Sprintf("%t", x)
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

package corpus

import "strings"

// doc is one entry before it is written: front matter fields and the Markdown body.
// Zero values of optional fields are left out.
type doc struct {
	title      string
	date       day
	summary    string
	region     string
	categories []string
	groups     []string
	methods    []string
	keywords   []string
	cites      []string
	draft      bool

	issuer     []string // policies and rules
	docNumber  string
	shortTitle string
	status     string
	effective  day // 0: absent (no entry is effective on 2014-01-01)
	implements []string

	court      string // cases
	courtLevel string
	stage      string
	amount     int // -1: absent
	persons    int // 0: absent
	difficulty string
	caseNumber string
	pseudonyms []string

	body string
}

// toHant rewrites the entry's free text, names and terms in Traditional characters.
// Enumerated values (status, court_level, stage, difficulty) stay as the schema spells them.
func (d *doc) toHant(t map[rune]rune) {
	one := func(s *string) { *s = toHant(t, *s) }
	all := func(ss []string) {
		for i := range ss {
			ss[i] = toHant(t, ss[i])
		}
	}
	for _, s := range []*string{&d.title, &d.summary, &d.region, &d.docNumber, &d.shortTitle, &d.court, &d.caseNumber, &d.body} {
		one(s)
	}
	for _, ss := range [][]string{d.categories, d.groups, d.methods, d.keywords, d.issuer, d.pseudonyms} {
		all(ss)
	}
}

// render writes the entry file: TOML front matter between +++ lines, then the body.
func (d *doc) render() []byte {
	var f frontMatter
	f.b.WriteString("+++\n")
	f.str("title", d.title)
	f.date("date", d.date)
	if d.summary != "" {
		f.str("summary", d.summary)
	}
	if d.region != "" {
		f.str("region", d.region)
	}
	f.list("categories", d.categories)
	f.list("groups", d.groups)
	f.list("methods", d.methods)
	f.list("keywords", d.keywords)
	f.list("issuer", d.issuer)
	if d.docNumber != "" {
		f.str("doc_number", d.docNumber)
	}
	if d.shortTitle != "" {
		f.str("short_title", d.shortTitle)
	}
	if d.status != "" {
		f.str("status", d.status)
	}
	if d.effective != 0 {
		f.date("effective", d.effective)
	}
	f.list("implements", d.implements)
	if d.court != "" {
		f.str("court", d.court)
		f.str("court_level", d.courtLevel)
		f.str("stage", d.stage)
		if d.amount >= 0 {
			f.integer("amount", d.amount)
		}
		if d.persons > 0 {
			f.integer("persons", d.persons)
		}
		if d.difficulty != "" {
			f.str("difficulty", d.difficulty)
		}
		if d.caseNumber != "" {
			f.str("case_number", d.caseNumber)
		}
		f.list("pseudonyms", d.pseudonyms)
	}
	f.list("cites", d.cites)
	if d.draft {
		f.boolean("draft", true)
	}
	f.b.WriteString("+++\n\n")
	f.b.WriteString(strings.TrimRight(d.body, "\n"))
	f.b.WriteString("\n")
	return []byte(f.b.String())
}

package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// DefaultLimit is the number of hits an answer holds when Request.Limit is 0.
const DefaultLimit = 20

// Request is one search.
type Request struct {
	Query   string              // in the query language (see ParseQuery)
	Filters map[string][]string // field → values, each of which must hold (as field:value)
	Sort    string              // "relevance" (default) or "date"
	Limit   int                 // hits to return; 0 means DefaultLimit
	Offset  int                 // hits to skip, for paging
}

// Result is an answer, shaped as the JSON of `casebook search --json`.
type Result struct {
	Query  string `json:"query"`  // the query as given
	Total  int    `json:"total"`  // number of matching docs
	Hits   []Hit  `json:"hits"`   // the requested page of them
	Facets Facets `json:"facets"` // counts over all matching docs
}

// Hit is one matching doc.
type Hit struct {
	ID      string  `json:"id"`      // the entry's slug
	Section string  `json:"section"` // policies | rules | cases
	Title   string  `json:"title"`   // the entry's title
	URL     string  `json:"url"`     // with baseURL's path
	Date    string  `json:"date"`    // 2006-01-02
	Score   float64 `json:"score"`   // BM25 relevance, rounded to 6 decimals; 0 without search terms
	Snippet string  `json:"snippet"` // HTML: escaped text with <mark> around matches
}

// FacetCount is the number of matching docs carrying one facet value.
type FacetCount struct {
	Term  string `json:"term"`  // the value, e.g. 四川
	Count int    `json:"count"` // matching docs with it
}

// Facets holds, per facet field, every value present in the matching docs,
// by count descending, then value ascending.
type Facets struct {
	Section    []FacetCount `json:"section"`
	Categories []FacetCount `json:"categories"`
	Groups     []FacetCount `json:"groups"`
	Methods    []FacetCount `json:"methods"`
	Region     []FacetCount `json:"region"`
	CourtLevel []FacetCount `json:"court_level"`
	Stage      []FacetCount `json:"stage"`
	Year       []FacetCount `json:"year"`
}

// textMatcher is a text clause compiled against the analysis chain.
type textMatcher struct {
	clause Clause
	tokens []Token // the clause's tokens; a phrase when there are two or more
	char   rune    // non-zero for a one-character term: matches any term containing it
}

func (m *textMatcher) isPhrase() bool { return m.char == 0 && len(m.tokens) > 1 }

// compile turns text clauses into matchers. A clause without tokens (only
// punctuation or emoji) matches everything and is dropped.
func compileText(c Clause) (textMatcher, bool) {
	toks := Analyze(c.Text)
	if len(toks) == 0 {
		return textMatcher{}, false
	}
	m := textMatcher{clause: c, tokens: toks}
	if len(toks) == 1 {
		if r, size := utf8.DecodeRuneInString(toks[0].Term); size == len(toks[0].Term) && isCJK(r) {
			m.char = r
		}
	}
	return m, true
}

// isCJK reports whether r is a character the cjk_bigram filter pairs.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// plan is a compiled request.
type plan struct {
	positive []textMatcher
	negative []textMatcher
	filters  []Clause
}

func compileRequest(req Request) (*plan, error) {
	q, err := ParseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	p := &plan{}
	for _, c := range q.Clauses {
		switch c.Kind {
		case TermClause, PhraseClause:
			m, ok := compileText(c)
			if !ok {
				continue
			}
			if c.Negated {
				p.negative = append(p.negative, m)
			} else {
				p.positive = append(p.positive, m)
			}
		default:
			p.filters = append(p.filters, c)
		}
	}
	fields := make([]string, 0, len(req.Filters))
	for f := range req.Filters {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		for _, v := range req.Filters[f] {
			c, err := fieldClause(strings.ToLower(f), strings.TrimSpace(v), false, 0, 0)
			if err != nil {
				return nil, fmt.Errorf("filter %s=%s: %w", f, v, err)
			}
			p.filters = append(p.filters, c)
		}
	}
	return p, nil
}

// passes reports whether r satisfies every filter clause.
func (p *plan) passes(r *docRecord) bool {
	for _, c := range p.filters {
		if matchFilter(c, r) == c.Negated {
			return false
		}
	}
	return true
}

func matchFilter(c Clause, r *docRecord) bool {
	if c.Kind == RangeClause {
		if r.Date.IsZero() {
			return false
		}
		y := r.Date.Year()
		return (c.From == 0 || y >= c.From) && (c.To == 0 || y <= c.To)
	}
	switch c.Field {
	case fieldCategories:
		return slices.Contains(r.Categories, c.Value)
	case fieldGroups:
		return slices.Contains(r.Groups, c.Value)
	case fieldMethods:
		return slices.Contains(r.Methods, c.Value)
	}
	v := singleFacetValue(r, c.Field)
	return v != "" && v == c.Value
}

// singleFacetValue returns r's value of a single-valued facet field, or "".
func singleFacetValue(r *docRecord, field string) string {
	switch field {
	case fieldSection:
		return r.Section
	case fieldRegion:
		return r.Region
	case fieldCourtLevel:
		return r.CourtLevel
	case fieldStage:
		return r.Stage
	case fieldYear:
		return r.year()
	}
	return ""
}

// candidate is a doc on its way into an answer.
type candidate struct {
	rec   *docRecord
	score float64
	text  *docText // loaded on first need
}

// Search answers a request.
func (ix *Index) Search(req Request) (*Result, error) {
	p, err := compileRequest(req)
	if err != nil {
		return nil, err
	}
	if req.Limit < 0 || req.Offset < 0 {
		return nil, fmt.Errorf("search: negative limit or offset")
	}
	if req.Limit == 0 {
		req.Limit = DefaultLimit
	}
	switch req.Sort {
	case "", "relevance", "date":
	default:
		return nil, fmt.Errorf("search: unknown sort %q (use relevance or date)", req.Sort)
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bl == nil {
		return nil, fmt.Errorf("search: index is closed")
	}

	// 1. Filters, from the doc table; then candidates: docs where every
	// positive term's tokens all occur in one field, with their BM25
	// scores. bleve only visits the docs the filters let through.
	var allowed []int // doc table indices; nil when there are no filters
	if len(p.filters) > 0 {
		allowed = []int{}
		for i := range ix.docs {
			if p.passes(&ix.docs[i]) {
				allowed = append(allowed, i)
			}
		}
	}
	var cands []*candidate
	if len(p.positive) > 0 {
		hits, err := ix.match(p.positive, true, allowed)
		if err != nil {
			return nil, err
		}
		cands = make([]*candidate, len(hits))
		for k, h := range hits {
			cands[k] = &candidate{rec: &ix.docs[h.doc], score: roundScore(h.score)}
		}
	} else if allowed != nil {
		for _, i := range allowed {
			cands = append(cands, &candidate{rec: &ix.docs[i]})
		}
	} else {
		for i := range ix.docs {
			cands = append(cands, &candidate{rec: &ix.docs[i]})
		}
	}

	// 2. Phrases: a term of two or more tokens must occur as a phrase in at
	// least one field; exclusions remove docs where theirs does.
	keep := cands[:0]
	for _, c := range cands {
		ok := true
		for i := range p.positive {
			if m := &p.positive[i]; m.isPhrase() {
				t, err := ix.textOf(c)
				if err != nil {
					return nil, err
				}
				if !phraseInDoc(t, m.tokens) {
					ok = false
					break
				}
			}
		}
		if ok {
			keep = append(keep, c)
		}
	}
	cands = keep
	for i := range p.negative {
		m := &p.negative[i]
		if len(cands) == 0 {
			break
		}
		within := make([]int, len(cands))
		for k, c := range cands {
			within[k] = ix.byID[c.rec.ID]
		}
		hits, err := ix.match([]textMatcher{*m}, false, within)
		if err != nil {
			return nil, err
		}
		hit := make(map[int]bool, len(hits))
		for _, h := range hits {
			hit[h.doc] = true
		}
		keep := cands[:0]
		for k, c := range cands {
			if hit[within[k]] {
				if !m.isPhrase() {
					continue
				}
				t, err := ix.textOf(c)
				if err != nil {
					return nil, err
				}
				if phraseInDoc(t, m.tokens) {
					continue
				}
			}
			keep = append(keep, c)
		}
		cands = keep
	}

	// 3. Order, facets, page, snippets.
	byDate := req.Sort == "date"
	slices.SortFunc(cands, func(a, b *candidate) int {
		if !byDate {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
		}
		if c := b.rec.Date.Compare(a.rec.Date); c != 0 {
			return c
		}
		return strings.Compare(a.rec.ID, b.rec.ID)
	})
	res := &Result{Query: req.Query, Total: len(cands), Hits: []Hit{}, Facets: countFacets(cands)}
	end := min(len(cands), req.Offset+req.Limit)
	for _, c := range cands[min(req.Offset, len(cands)):end] {
		t, err := ix.textOf(c)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, Hit{
			ID: c.rec.ID, Section: c.rec.Section, Title: c.rec.Title, URL: c.rec.URL,
			Date: formatDate(c.rec), Score: c.score, Snippet: makeSnippet(t, p.positive),
		})
	}
	return res, nil
}

func formatDate(r *docRecord) string {
	if r.Date.IsZero() {
		return ""
	}
	return r.Date.Format("2006-01-02")
}

func (ix *Index) textOf(c *candidate) (*docText, error) {
	if c.text == nil {
		t, err := readText(ix.text, c.rec)
		if err != nil {
			return nil, err
		}
		c.text = &t
	}
	return c.text, nil
}

// docScore is a doc (an index into the doc table) matched by bleve.
type docScore struct {
	doc   int
	score float64
}

// match runs the bleve query for matchers (all required) and returns the
// matching docs with their scores (0 when scored is false). When within is
// not nil, only those docs (doc table indices) are considered: bleve then
// jumps from one to the next instead of visiting every doc.
//
// The query's searcher is driven directly rather than through a search
// request, whose collector would sort every hit and load its stored ID;
// the scores are the searcher's own, exactly as a request would report.
func (ix *Index) match(ms []textMatcher, scored bool, within []int) ([]docScore, error) {
	return ix.runMatch(ms, scored, within, within != nil && len(within)*4 <= len(ix.docs))
}

// runMatch is match; advance says whether bleve jumps from one doc of
// within to the next (otherwise it visits every doc and the others are
// dropped).
func (ix *Index) runMatch(ms []textMatcher, scored bool, within []int, advance bool) ([]docScore, error) {
	if len(ix.docs) == 0 || (within != nil && len(within) == 0) {
		return nil, nil
	}
	conj := make([]query.Query, 0, len(ms))
	for i := range ms {
		q, err := ix.matcherQuery(&ms[i])
		if err != nil {
			return nil, err
		}
		conj = append(conj, q)
	}
	q := query.NewConjunctionQuery(conj)
	adv, err := ix.bl.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// The context a bleve search request sets up for BM25 scoring with
	// collection statistics from the doc table.
	ctx := context.WithValue(context.Background(), bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	opts := bsearch.SearcherOptions{Score: "none"}
	if scored {
		ctx = context.WithValue(ctx, bsearch.BM25StatsKey, ix.stats)
		opts.Score = ""
	}
	s, err := q.Searcher(ctx, r, ix.bl.Mapping(), opts)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0),
		IndexReader:       r,
	}
	var out []docScore
	var member []bool // docs in within, when bleve visits every doc
	add := func(dm *bsearch.DocumentMatch) error {
		id, err := r.ExternalID(dm.IndexInternalID)
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if err != nil {
			return err
		}
		if i, ok := ix.byID[id]; ok && (member == nil || member[i]) {
			out = append(out, docScore{doc: i, score: score})
		}
		return nil
	}

	if !advance {
		if within != nil {
			member = make([]bool, len(ix.docs))
			for _, i := range within {
				member[i] = true
			}
		}
		for {
			dm, err := s.Next(sctx)
			if err != nil {
				return nil, err
			}
			if dm == nil {
				return out, nil
			}
			if err := add(dm); err != nil {
				return nil, err
			}
		}
	}

	// Few docs: look up their internal IDs (in index order) and advance the
	// searcher to each in turn.
	ids := make([]string, len(within))
	for k, i := range within {
		ids[k] = ix.docs[i].ID
	}
	dr, err := r.DocIDReaderOnly(ids)
	if err != nil {
		return nil, err
	}
	var targets []index.IndexInternalID
	for {
		iid, err := dr.Next()
		if err != nil {
			dr.Close()
			return nil, err
		}
		if iid == nil {
			break
		}
		targets = append(targets, slices.Clone(iid))
	}
	if err := dr.Close(); err != nil {
		return nil, err
	}
	for k := 0; k < len(targets); {
		dm, err := s.Advance(sctx, targets[k])
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		for k < len(targets) && targets[k].Compare(dm.IndexInternalID) < 0 {
			k++
		}
		if k < len(targets) && targets[k].Equals(dm.IndexInternalID) {
			k++
			if err := add(dm); err != nil {
				return nil, err
			}
			continue
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	return out, nil
}

// matcherQuery is the bleve query for one term: a disjunction over the text
// fields of (a conjunction of its tokens' term queries in that field), or,
// for a one-character term, of (a disjunction of the field's terms that
// contain the character).
func (ix *Index) matcherQuery(m *textMatcher) (query.Query, error) {
	var perField []query.Query
	for _, f := range textFields {
		boost := fieldBoosts[f]
		var leaves []query.Query
		if m.char != 0 {
			terms, err := ix.termsWithChar(f, m.char)
			if err != nil {
				return nil, err
			}
			for _, t := range terms {
				leaves = append(leaves, termQuery(t, f, boost))
			}
			if len(leaves) > 0 {
				perField = append(perField, query.NewDisjunctionQuery(leaves))
			}
			continue
		}
		for _, tk := range m.tokens {
			leaves = append(leaves, termQuery(tk.Term, f, boost))
		}
		perField = append(perField, query.NewConjunctionQuery(leaves))
	}
	if len(perField) == 0 {
		return query.NewMatchNoneQuery(), nil
	}
	return query.NewDisjunctionQuery(perField), nil
}

func termQuery(term, field string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// charKey names the cached list of a field's terms containing a character.
type charKey struct {
	field string
	char  rune
}

// termsWithChar lists, in dictionary order, the terms of a field that
// contain c (its bigrams and the unigram c itself). The first call after
// an Update reads every text field's dictionary once and files each term
// under each CJK character it holds, so that later one-character queries,
// whatever their character, read no dictionary.
func (ix *Index) termsWithChar(field string, c rune) ([]string, error) {
	ix.charMu.Lock()
	defer ix.charMu.Unlock()
	if ix.charTerms == nil {
		byChar := map[charKey][]string{}
		for _, f := range textFields {
			if err := ix.fileTerms(f, byChar); err != nil {
				return nil, err
			}
		}
		ix.charTerms = byChar
	}
	return ix.charTerms[charKey{field, c}], nil
}

// fileTerms adds field's terms to byChar under each CJK character they hold.
func (ix *Index) fileTerms(field string, byChar map[charKey][]string) error {
	dict, err := ix.bl.FieldDict(field)
	if err != nil {
		return err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		for i, r := range e.Term {
			if !isCJK(r) || strings.ContainsRune(e.Term[:i], r) {
				continue
			}
			k := charKey{field, r}
			byChar[k] = append(byChar[k], e.Term)
		}
	}
}

// countFacets counts facet values over the matching docs.
func countFacets(cands []*candidate) Facets {
	count := func(field string) []FacetCount {
		n := map[string]int{}
		for _, c := range cands {
			var vals []string
			switch field {
			case fieldCategories:
				vals = c.rec.Categories
			case fieldGroups:
				vals = c.rec.Groups
			case fieldMethods:
				vals = c.rec.Methods
			default:
				if v := singleFacetValue(c.rec, field); v != "" {
					n[v]++
				}
				continue
			}
			for j, v := range vals {
				if !slices.Contains(vals[:j], v) {
					n[v]++
				}
			}
		}
		out := make([]FacetCount, 0, len(n))
		for t, k := range n {
			out = append(out, FacetCount{Term: t, Count: k})
		}
		slices.SortFunc(out, func(a, b FacetCount) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Term, b.Term)
		})
		return out
	}
	return Facets{
		Section: count(fieldSection), Categories: count(fieldCategories), Groups: count(fieldGroups),
		Methods: count(fieldMethods), Region: count(fieldRegion), CourtLevel: count(fieldCourtLevel),
		Stage: count(fieldStage), Year: count(fieldYear),
	}
}

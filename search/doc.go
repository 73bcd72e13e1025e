// Package search holds Casebook's full-text search: the Chinese-aware
// analysis chain, the bleve mapping and index, the query language, and
// answers with facets and highlighted snippets.
package search

import "time"

// Doc is one entry as the search index sees it.
type Doc struct {
	ID         string    // the entry's slug
	Section    string    // policies | rules | cases
	Title      string    // the entry's title
	URL        string    // with baseURL's path, e.g. /kb/cases/slug/
	Date       time.Time // publication or issue date; the year facet derives from it
	Summary    string    // abstract shown in snippets when the body does not match
	Body       string    // plain text of the Markdown body (no markup)
	ShortTitle string    // 简称 of a policy or rule
	DocNumber  string    // 文号 of a policy or rule
	Keywords   []string  // free keywords (关键词)
	Categories []string  // canonical (Simplified) term names; facet values
	Groups     []string  // groups aided (救助对象), canonical names
	Methods    []string  // forms of aid (救助方式), canonical names
	Region     string    // region name, e.g. 四川; policies: 全国
	CourtLevel string    // cases only
	Stage      string    // cases only
	Hash       string    // content hash; an entry whose hash did not change is not re-indexed

	pre *preAnalysis // left by Exporter.Analyse, for Index.Update to use too
}

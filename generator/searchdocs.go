package generator

import (
	"fmt"
	"strconv"

	"casebook/search"
)

// updateIndex brings the bleve index up to date with the published entries.
func (b *Builder) updateIndex(docs []search.Doc) (search.UpdateStats, error) {
	if b.index == nil {
		ix, err := search.Open(b.opts.IndexDir())
		if err != nil {
			return search.UpdateStats{}, fmt.Errorf("search index: %w", err)
		}
		b.index = ix
	}
	stats, err := b.index.Update(docs)
	if err != nil {
		return stats, fmt.Errorf("search index: %w", err)
	}
	return stats, nil
}

// searchDocs turns published entries into what the search index holds.
// Categories carry their ancestors, so that filtering on a parent term finds
// the entries of its children.
func searchDocs(s *Site) []search.Doc {
	docs := make([]search.Doc, len(s.Entries))
	for i, e := range s.Entries {
		docs[i] = search.Doc{
			ID: e.ID, Section: e.Section, Title: e.Title, URL: s.Config.BasePath() + entryPath(e),
			Date: e.Date, Summary: e.Summary, Body: e.Text, ShortTitle: e.ShortTitle, DocNumber: e.DocNumber,
			Keywords: e.Keywords, Categories: withAncestors(s.Config.Taxonomies["categories"], e.Categories),
			Groups: withAncestors(s.Config.Taxonomies["groups"], e.Groups), Methods: withAncestors(s.Config.Taxonomies["methods"], e.Methods),
			Region: e.Region, CourtLevel: e.CourtLevel, Stage: e.Stage, Hash: e.Hash + strconv.FormatBool(e.Draft),
		}
	}
	return docs
}

func withAncestors(tax *Taxonomy, names []string) []string {
	out := make([]string, 0, len(names))
	seen := map[string]bool{}
	for _, n := range names {
		t := tax.Term(n)
		if t == nil {
			continue
		}
		for _, u := range append([]*Term{t}, t.Ancestors()...) {
			if !seen[u.Name] {
				seen[u.Name] = true
				out = append(out, u.Name)
			}
		}
	}
	return out
}

// OpenIndex loads and checks the site, brings its search index up to date
// (re-indexing only changed entries) and returns it open, writing no pages.
func OpenIndex(opts Options) (*search.Index, error) {
	b := NewBuilder(opts)
	site, _, err := b.load()
	if err != nil {
		return nil, err
	}
	if _, err := b.updateIndex(searchDocs(site)); err != nil {
		b.Close()
		return nil, err
	}
	return b.index, nil
}

package generator

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Suggest lists, for every case (or only those whose source paths are
// given), the terms its text implies but its front matter lacks: a term's
// hints (site.toml) that occur in the title, summary or body suggest the
// term. Suggestions are hints for editors, never errors; each names the
// words that suggested it.
func Suggest(s *Site, only ...string) Diagnostics {
	var out Diagnostics
	for _, e := range s.Entries {
		if e.Section != "cases" || len(only) > 0 && !slices.Contains(only, e.Path) {
			continue
		}
		text := e.Title + "\n" + e.Text
		if !strings.Contains(e.Text, e.Summary) {
			text += "\n" + e.Summary
		}
		text = foldKey(text)
		for _, key := range TaxonomyKeys {
			tax := s.Config.Taxonomies[key]
			has := map[*Term]bool{}
			for _, name := range e.Terms(key) {
				if t := tax.Term(name); t != nil {
					has[t] = true
					for _, a := range t.Ancestors() {
						has[a] = true
					}
				}
			}
			for _, t := range tax.Terms {
				if has[t] || len(t.Hints) == 0 {
					continue
				}
				words := hintWords(text, t.Hints)
				if len(words) == 0 {
					continue
				}
				out = append(out, Diagnostic{
					Path: e.Path, Line: e.Lines.line(key), Warning: true,
					Msg: fmt.Sprintf("hint: the text mentions %s; consider adding %q to %s", strings.Join(words, "、"), t.Name, key),
				})
			}
		}
	}
	out.Sort()
	return out
}

// hintWords returns the hints found in a folded text, with their counts.
func hintWords(text string, hints []string) []string {
	var out []string
	for _, h := range hints {
		h = foldKey(h)
		if h == "" {
			continue
		}
		if n := strings.Count(text, h); n > 0 {
			out = append(out, fmt.Sprintf("%q ×%d", h, n))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

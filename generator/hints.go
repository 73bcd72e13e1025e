package generator

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"casebook/internal/parallel"
)

// Suggest lists, for every case (or only those whose source paths are
// given), the terms its text implies but its front matter lacks: a term's
// hints (site.toml) that occur in the title, summary or body suggest the
// term. Suggestions are hints for editors, never errors; each names the
// words that suggested it.
func Suggest(s *Site, only ...string) Diagnostics {
	var cases []*Entry
	for _, e := range s.Entries {
		if e.Section == "cases" && (len(only) == 0 || slices.Contains(only, e.Path)) {
			cases = append(cases, e)
		}
	}
	m := newHintMatcher(s.Config)
	found := make([]Diagnostics, len(cases))
	parallel.For(len(cases), 16, func(i int) { found[i] = m.suggest(s.Config, cases[i]) })
	var out Diagnostics
	for _, ds := range found {
		out = append(out, ds...)
	}
	out.Sort()
	return out
}

// hintMatcher finds every term's hints in a text in one pass over it.
type hintMatcher struct {
	hints   []string        // folded, distinct
	byFirst map[rune][]int  // indexes into hints, by their first rune
	ofTerm  map[*Term][]int // indexes into hints, of each term that has hints
}

// newHintMatcher folds the hints of every term of the site's taxonomies.
func newHintMatcher(cfg *Config) *hintMatcher {
	m := &hintMatcher{byFirst: map[rune][]int{}, ofTerm: map[*Term][]int{}}
	index := map[string]int{}
	for _, key := range TaxonomyKeys {
		for _, t := range cfg.Taxonomies[key].Terms {
			for _, h := range t.Hints {
				h = foldKey(h)
				if h == "" {
					continue
				}
				i, ok := index[h]
				if !ok {
					i = len(m.hints)
					index[h] = i
					m.hints = append(m.hints, h)
					r, _ := utf8.DecodeRuneInString(h)
					m.byFirst[r] = append(m.byFirst[r], i)
				}
				if !slices.Contains(m.ofTerm[t], i) {
					m.ofTerm[t] = append(m.ofTerm[t], i)
				}
			}
		}
	}
	return m
}

// count returns how often each hint occurs in text, counted as
// strings.Count does: leftmost first, without overlaps.
func (m *hintMatcher) count(text string) []int {
	counts := make([]int, len(m.hints))
	next := make([]int, len(m.hints)) // where a hint's next match may start
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		for _, h := range m.byFirst[r] {
			if i >= next[h] && strings.HasPrefix(text[i:], m.hints[h]) {
				counts[h]++
				next[h] = i + len(m.hints[h])
			}
		}
		i += size
	}
	return counts
}

// suggest lists the terms the text of case e implies but its front matter
// lacks.
func (m *hintMatcher) suggest(cfg *Config, e *Entry) Diagnostics {
	text := e.Title + "\n" + e.Text
	if !strings.Contains(e.Text, e.Summary) {
		text += "\n" + e.Summary
	}
	counts := m.count(foldKey(text))
	var out Diagnostics
	for _, key := range TaxonomyKeys {
		tax := cfg.Taxonomies[key]
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
			if has[t] {
				continue
			}
			var words []string
			for _, h := range m.ofTerm[t] {
				if n := counts[h]; n > 0 {
					words = append(words, fmt.Sprintf("%q ×%d", m.hints[h], n))
				}
			}
			if len(words) == 0 {
				continue
			}
			sort.Strings(words)
			out = append(out, Diagnostic{
				Path: e.Path, Line: e.Lines.line(key), Warning: true,
				Msg: fmt.Sprintf("hint: the text mentions %s; consider adding %q to %s", strings.Join(words, "、"), t.Name, key),
			})
		}
	}
	return out
}

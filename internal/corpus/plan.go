package corpus

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The three sections, in the order their entries are numbered.
const (
	secPolicies = iota
	secRules
	secCases
)

var (
	sectionNames = [3]string{"policies", "rules", "cases"}
	slugPrefixes = [3]string{"policy", "rule", "case"}
)

// plan fixes what every entry needs to know about the others: counts, ids and dates.
type plan struct {
	counts [3]int   // entries per section
	dates  [3][]day // publication dates per section, ascending
}

// newPlan splits n entries into about 2% policies, 13% rules and 85% cases, and draws their dates.
func newPlan(seed int64, n int) *plan {
	p := &plan{}
	p.counts[secPolicies] = max(1, (n*2+50)/100)
	p.counts[secRules] = (n*13 + 50) / 100
	if n >= 2 {
		p.counts[secRules] = max(1, p.counts[secRules])
	}
	p.counts[secPolicies] = min(p.counts[secPolicies], n)
	p.counts[secRules] = min(p.counts[secRules], n-p.counts[secPolicies])
	p.counts[secCases] = n - p.counts[secPolicies] - p.counts[secRules]
	for s := range p.dates {
		r := newRand(seed, 1, s)
		ds := make([]day, p.counts[s])
		for i := range ds {
			ds[i] = day(r.IntN(int(lastDay) + 1))
		}
		slices.Sort(ds)
		p.dates[s] = ds
	}
	return p
}

// id returns the slug of entry i of section s, e.g. case-000123.
func (p *plan) id(s, i int) string {
	return fmt.Sprintf("%s-%06d", slugPrefixes[s], i+1)
}

// upTo counts the entries of section s dated on or before d.
func (p *plan) upTo(s int, d day) int {
	return sort.Search(len(p.dates[s]), func(i int) bool { return p.dates[s][i] > d })
}

// total is the number of entries.
func (p *plan) total() int {
	return p.counts[0] + p.counts[1] + p.counts[2]
}

// locate turns a global index into a section and an index within it.
func (p *plan) locate(k int) (s, i int) {
	for s = 0; s < 2 && k >= p.counts[s]; s++ {
		k -= p.counts[s]
	}
	return s, k
}

// earlier picks up to n distinct ids of section s among its first limit entries.
// isDraft decides which entries are drafts: one case in a hundred, and never
// an entry that others cite (a published entry must not cite a draft).
func isDraft(s, k int) bool { return s == secCases && k%100 == 99 }

func (g *gen) earlier(c *ctx, s, limit, n int) []string {
	if limit <= 0 || n <= 0 {
		return nil
	}
	seen := map[int]bool{}
	var out []string
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		// favour recent entries: most citations point to the last few hundred
		k := limit - 1 - int(float64(limit)*c.r.Float64()*c.r.Float64())
		if k < 0 || seen[k] || isDraft(s, k) {
			continue
		}
		seen[k] = true
		out = append(out, g.plan.id(s, k))
	}
	slices.Sort(out)
	return out
}

// matchTerms returns the names of the terms whose name or hints relate to any keyword,
// in the order of the keywords.
func matchTerms(terms []Term, keywords []string) []string {
	var out []string
	for _, kw := range keywords {
		for _, t := range terms {
			if termMatches(t, kw) && !slices.Contains(out, t.Name) {
				out = append(out, t.Name)
				break
			}
		}
	}
	return out
}

func termMatches(t Term, kw string) bool {
	if strings.Contains(t.Name, kw) || strings.Contains(kw, t.Name) {
		return true
	}
	for _, h := range t.Hints {
		if h != "" && (strings.Contains(h, kw) || strings.Contains(kw, h)) {
			return true
		}
	}
	return false
}

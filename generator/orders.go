package generator

import (
	"cmp"
	"math"
	"slices"
)

// CaseOrder is a way of sorting the list of cases on a page of its own, so
// that readers can sort without JavaScript.
type CaseOrder struct {
	Slug string                        // URL segment: cases/sort/<slug>/
	Name string                        // shown as 按<Name>
	key  func(s *Site, e *Entry) int64 // smaller first; nil keeps the list's order
}

// CaseOrders are the sort orders of the case list; the first is the default.
var CaseOrders = []CaseOrder{
	{Slug: "date", Name: "日期"},
	{Slug: "amount", Name: "救助金额", key: func(_ *Site, e *Entry) int64 {
		if !e.HasAmount {
			return math.MaxInt64 // cases without an amount last
		}
		return -e.Amount
	}},
	{Slug: "region", Name: "地区", key: func(s *Site, e *Entry) int64 {
		return int64(s.regionOrder[e.Region])
	}},
	{Slug: "court-level", Name: "法院层级", key: func(_ *Site, e *Entry) int64 {
		return int64(slices.Index(courtLevels, e.CourtLevel))
	}},
}

// sort returns a copy of list in the order; ties stay newest first.
func (o CaseOrder) sort(s *Site, list []*Entry) []*Entry {
	out := slices.Clone(list)
	if o.key == nil {
		return out
	}
	type keyed struct {
		key int64
		e   *Entry
	}
	ks := make([]keyed, len(list))
	for i, e := range list {
		ks[i] = keyed{o.key(s, e), e}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	for i, k := range ks {
		out[i] = k.e
	}
	return out
}

// Slugs of the case facets that have pages of their own.
var (
	courtLevelSlugs = map[string]string{"最高": "supreme", "高级": "high", "中级": "intermediate", "基层": "basic"}
	stageSlugs      = map[string]string{"立案": "filing", "审判": "trial", "执行": "enforcement", "信访": "petition"}
)

// caseFacet is a page of the cases that share a court level or a stage.
type caseFacet struct {
	path, title, label string
	entries            []*Entry
}

// caseFacets lists the court-level and stage pages, in the spec's order.
func caseFacets(s *Site) []caseFacet {
	var out []caseFacet
	for _, level := range courtLevels {
		out = append(out, caseFacet{path: courtLevelPath(level), title: level + "法院的案例", label: level,
			entries: filterEntries(s.Sections["cases"], func(e *Entry) bool { return e.CourtLevel == level })})
	}
	for _, stage := range stages {
		out = append(out, caseFacet{path: stagePath(stage), title: stage + "阶段的案例", label: stage,
			entries: filterEntries(s.Sections["cases"], func(e *Entry) bool { return e.Stage == stage })})
	}
	return out
}

func courtLevelPath(level string) string { return "court-levels/" + courtLevelSlugs[level] + "/" }
func stagePath(stage string) string      { return "stages/" + stageSlugs[stage] + "/" }

func filterEntries(list []*Entry, keep func(*Entry) bool) []*Entry {
	var out []*Entry
	for _, e := range list {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

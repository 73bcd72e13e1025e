package generator

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Page is everything a template needs to render one page. Templates never
// reach anything but the Page they are given and the functions of funcMap.
type Page struct {
	Site  *Site  // the whole site graph
	Kind  string // home, section, entry, taxonomies, term, regions, region, years, year, search, 404, cite
	Title string // the page's own title (the site title is added by the layout)
	Path  string // URL path below the base path, "" for the home page, e.g. "cases/x/"

	Entry    *Entry    // entry pages
	Entries  []*Entry  // the entries a list page shows (this page of them)
	Pager    *Pager    // list pages with more than one page
	Section  string    // section pages and entry pages
	Taxonomy *Taxonomy // taxonomy and term pages
	Term     *Term     // term pages
	Region   *Region   // region pages
	Year     int       // year pages
	Charts   []Chart   // home page
	Order    string    // the sort order of a sorted case list ("" is by date)
	Facet    string    // facet pages: the value the cases share, e.g. 中级
	Preview  bool      // served by the preview server: drafts are shown
	Total    int       // number of entries behind a list, across its pages
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number int    // this page, 1-based
	Count  int    // number of pages
	Prev   string // URL path of the previous page, or ""
	Next   string // URL path of the next page, or ""
	Pages  []PagerLink
}

// FirstPage reports whether p is the first (or only) page of its list:
// what a list shows beside its entries, such as a region's rules, is shown
// there only, so that it is not written again on every page of a long list.
func (p *Page) FirstPage() bool { return p.Pager == nil || p.Pager.Number == 1 }

// PagerLink is one numbered link of a pager.
type PagerLink struct {
	Number  int
	Path    string
	Current bool
}

// PreviewSearchAPI is where the preview server answers search queries; the
// search page of a preview build asks it instead of a static export.
const PreviewSearchAPI = "/api/search"

// renderCache renders, once per build, what many pages show alike: each
// entry's list item (an entry shows in a dozen lists: its section, terms,
// region, year, sort orders; the item is the same in all of them), and
// the partials a layout asks for with partialCached, such as the site
// header, the same on every page of a section.
type renderCache struct {
	partials *template.Template // the theme's partials, set once parsed
	mu       sync.RWMutex
	cached   map[partialKey]template.HTML
}

// partialKey names what partialCached rendered.
type partialKey struct{ name, key string }

// renderItem renders e's list item, the "entry-item" partial; ids are
// unique across the site.
func (c *renderCache) renderItem(e *Entry) (template.HTML, error) {
	return c.renderPartial("entry-item", e, e.ID)
}

// renderItems renders the list items of list, each on a line of its own
// after a line break: one call for a list, where {{range}} over {{item}}
// made three calls per entry through reflection.
func (c *renderCache) renderItems(list []*Entry) (template.HTML, error) {
	items := make([]template.HTML, len(list))
	size := 0
	for i, e := range list {
		h, err := c.renderItem(e)
		if err != nil {
			return "", err
		}
		items[i] = h
		size += 1 + len(h)
	}
	var b strings.Builder
	b.Grow(size) // one allocation: a list page's items are some 15 KB
	for _, h := range items {
		b.WriteByte('\n')
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil //nolint:gosec // each item is html/template's output
}

// renderPartial renders the partial name with data, once for each key:
// what it renders must depend only on the key.
func (c *renderCache) renderPartial(name string, data any, key string) (template.HTML, error) {
	k := partialKey{name, key}
	c.mu.RLock()
	h, ok := c.cached[k]
	c.mu.RUnlock()
	if ok {
		return h, nil
	}
	t := c.partials.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("partialCached: no partial %q", name)
	}
	h, err := execute(t, data)
	if err == nil {
		c.mu.Lock()
		if c.cached == nil {
			c.cached = map[partialKey]template.HTML{}
		}
		c.cached[k] = h
		c.mu.Unlock()
	}
	return h, err
}

// execute renders t with data into a string.
func execute(t *template.Template, data any) (template.HTML, error) {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // produced by html/template, escaped there
}

// funcMap is the set of functions templates may call. The render cache's
// templates are set once the layouts are parsed.
func funcMap(s *Site, cache *renderCache) template.FuncMap {
	base := s.Config.BasePath()
	return template.FuncMap{
		"item":          cache.renderItem,
		"items":         cache.renderItems,
		"partialCached": cache.renderPartial,
		"rel":           func(p string) string { return base + strings.TrimPrefix(p, "/") },
		"abs": func(p string) string {
			return strings.TrimSuffix(s.Config.BaseURL, base) + base + strings.TrimPrefix(p, "/")
		},
		"entryURL":    func(e *Entry) string { return base + entryPath(e) },
		"termURL":     func(t *Term) string { return base + termPath(t) },
		"taxonomyURL": func(t *Taxonomy) string { return base + t.Key + "/" },
		"regionURL": func(name string) string {
			if r := s.Config.Region(name); r != nil {
				return base + "regions/" + r.Slug + "/"
			}
			return base
		},
		"yearURL":     func(y int) string { return base + "years/" + strconv.Itoa(y) + "/" },
		"sectionURL":  func(sec string) string { return base + sec + "/" },
		"sectionName": func(sec string) string { return SectionNames[sec] },
		"term": func(key, name string) *Term {
			if t := s.Config.Taxonomies[key]; t != nil {
				return t.Term(name)
			}
			return nil
		},
		"taxonomy": func(key string) *Taxonomy { return s.Config.Taxonomies[key] },
		"date":     func(t time.Time) string { return t.Format("2006-01-02") },
		"dateCN":   func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) },
		"yuan":     formatYuan,
		"join":     strings.Join,
		"sections": func() []string { return Sections[:] },
		"taxKeys":  func() []string { return TaxonomyKeys[:] },
		"count":    func(t *Term) int { return len(s.TermEntries[t]) },
		"citation": func(e *Entry) string { return citation(s, e) },
		"termsOf": func(key string, names []string) []*Term {
			var out []*Term
			for _, n := range names {
				if t := s.Config.Taxonomies[key].Term(n); t != nil {
					out = append(out, t)
				}
			}
			return out
		},
		"roots": func(key string) []*Term {
			var out []*Term
			for _, t := range s.Config.Taxonomies[key].Terms {
				if t.ParentT == nil {
					out = append(out, t)
				}
			}
			return out
		},
		"ancestors": func(t *Term) []*Term {
			a := t.Ancestors()
			slices.Reverse(a)
			return a
		},
		"entry":         func(id string) *Entry { return s.ByID[id] },
		"citedBy":       func(e *Entry) []*Entry { return s.CitedBy[e.ID] },
		"implementedBy": func(e *Entry) []*Entry { return s.ImplementedBy[e.ID] },
		"related":       func(e *Entry) []*Entry { return s.Related[e.ID] },
		"regionRules":   s.regionRules,
		"caseOrders":    func() []CaseOrder { return CaseOrders },
		"courtLevels":   func() []string { return courtLevels },
		"stages":        func() []string { return stages },
		"courtLevelURL": func(l string) string { return base + courtLevelPath(l) },
		"stageURL":      func(st string) string { return base + stagePath(st) },
		"byRegion":      func(list []*Entry) []RegionGroup { return groupByRegion(s.regionOrder, list) },
		"citationID":    func(e *Entry) string { return citationID(e) },
		"searchApp": func(preview bool) map[string]string {
			app := map[string]string{"Base": base, "Static": base + "static/", "Index": base + SearchDir + "/", "API": ""}
			if preview {
				app["API"] = PreviewSearchAPI // the preview server answers from its live index
			}
			return app
		},
	}
}

// RegionGroup is a list of entries of one region.
type RegionGroup struct {
	Region  string
	Entries []*Entry
}

// groupByRegion groups entries by region, in the order rank gives the
// regions (site.toml's), each group in the list's order; entries of a
// region rank does not know are left out. A policy's page lists the
// entries citing it, thousands on a large site, among hundreds of regions:
// the list is sorted once rather than scanned once per region.
func groupByRegion(rank map[string]int, list []*Entry) []RegionGroup {
	ranked := make([]*Entry, 0, len(list))
	for _, e := range list {
		if _, ok := rank[e.Region]; ok {
			ranked = append(ranked, e)
		}
	}
	slices.SortStableFunc(ranked, func(a, b *Entry) int { return rank[a.Region] - rank[b.Region] })
	var out []RegionGroup
	for i := 0; i < len(ranked); {
		j := i + 1
		for j < len(ranked) && ranked[j].Region == ranked[i].Region {
			j++
		}
		out = append(out, RegionGroup{Region: ranked[i].Region, Entries: ranked[i:j:j]})
		i = j
	}
	return out
}

// citationID is an entry's stable citation id: it never changes, since the
// id (slug) is the entry's permanent name.
func citationID(e *Entry) string {
	prefix := map[string]string{"policies": "P", "rules": "R", "cases": "C"}[e.Section]
	return "CB-" + prefix + "-" + e.ID
}

// entryPath is the URL path of an entry below the base path.
func entryPath(e *Entry) string { return e.Section + "/" + e.ID + "/" }

// termPath is the URL path of a term's page below the base path.
func termPath(t *Term) string { return t.Taxonomy.Key + "/" + t.Slug + "/" }

// formatYuan writes an amount as 12,000 元, or in 万元 from 10,000 up.
func formatYuan(n int64) string {
	if n >= 10000 && n%100 == 0 {
		return strconv.FormatFloat(float64(n)/10000, 'f', -1, 64) + " 万元"
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + " 元"
}

// citation is the entry's reference in GB/T 7714 style, with its permanent URL.
func citation(s *Site, e *Entry) string {
	url := s.Config.BaseURL + strings.TrimPrefix(entryPath(e), "/")
	switch e.Section {
	case "cases":
		return fmt.Sprintf("%s. %s[EB/OL]. %s, %s. %s.", e.Court, e.Title, s.Config.Title, e.Date.Format("2006-01-02"), url)
	default:
		issuer := strings.Join(e.Issuer, ", ")
		num := ""
		if e.DocNumber != "" {
			num = ": " + e.DocNumber
		}
		return fmt.Sprintf("%s. %s%s[S/OL]. (%s). %s.", issuer, e.Title, num, e.Date.Format("2006-01-02"), url)
	}
}

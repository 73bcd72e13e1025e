package generator

import (
	"strconv"
)

// planPages lists every HTML page of the site with the data it shows.
func planPages(s *Site, preview bool) []*Page {
	var pages []*Page
	add := func(p *Page) {
		p.Site, p.Preview = s, preview
		pages = append(pages, p)
	}
	add(&Page{Kind: "home", Title: s.Config.Title, Entries: first(s.Entries, 10), Charts: homeCharts(s), Total: len(s.Entries)})
	for _, sec := range Sections {
		for _, p := range paginate(s.Sections[sec], s.Config.Paginate, sec+"/") {
			p.Kind, p.Section, p.Title = "section", sec, SectionNames[sec]
			add(p)
		}
	}
	for _, order := range CaseOrders[1:] {
		for _, p := range paginate(order.sort(s, s.Sections["cases"]), s.Config.Paginate, "cases/sort/"+order.Slug+"/") {
			p.Kind, p.Section, p.Title, p.Order = "section", "cases", SectionNames["cases"]+" · 按"+order.Name, order.Slug
			add(p)
		}
	}
	for _, f := range caseFacets(s) {
		for _, p := range paginate(f.entries, s.Config.Paginate, f.path) {
			p.Kind, p.Section, p.Title, p.Facet = "facet", "cases", f.title, f.label
			add(p)
		}
	}
	for _, e := range s.Entries {
		add(&Page{Kind: "entry", Title: e.Title, Path: entryPath(e), Entry: e, Section: e.Section})
	}
	for _, key := range TaxonomyKeys {
		tax := s.Config.Taxonomies[key]
		add(&Page{Kind: "taxonomies", Title: tax.Name, Path: key + "/", Taxonomy: tax})
		for _, t := range tax.Terms {
			for _, p := range paginate(s.TermEntries[t], s.Config.Paginate, termPath(t)) {
				p.Kind, p.Title, p.Taxonomy, p.Term = "term", t.Name, tax, t
				add(p)
			}
		}
	}
	add(&Page{Kind: "regions", Title: "地区", Path: "regions/"})
	for _, r := range s.Config.Regions {
		for _, p := range paginate(s.RegionEntries[r.Name], s.Config.Paginate, "regions/"+r.Slug+"/") {
			p.Kind, p.Title, p.Region = "region", r.Name, r
			add(p)
		}
	}
	add(&Page{Kind: "years", Title: "年份", Path: "years/"})
	for _, y := range s.Years {
		for _, p := range paginate(s.YearEntries[y], s.Config.Paginate, "years/"+strconv.Itoa(y)+"/") {
			p.Kind, p.Title, p.Year = "year", strconv.Itoa(y)+" 年", y
			add(p)
		}
	}
	add(&Page{Kind: "search", Title: "检索", Path: "search/"})
	add(&Page{Kind: "cite", Title: "引用格式", Path: "cite/"})
	add(&Page{Kind: "404", Title: "页面不存在", Path: "404.html"})
	return pages
}

func first(list []*Entry, n int) []*Entry {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// paginate splits a list into pages at dir, dir/page/2/, dir/page/3/ …
// An empty list still gets its first page.
func paginate(list []*Entry, per int, dir string) []*Page {
	count := max(1, (len(list)+per-1)/per)
	paths := make([]string, count) // made once each: the pagers of the pages nearby link to them too
	paths[0] = dir
	for i := 1; i < count; i++ {
		paths[i] = dir + "page/" + strconv.Itoa(i+1) + "/"
	}
	pages := make([]*Page, count)
	for i := range pages {
		lo, hi := i*per, min(len(list), (i+1)*per)
		p := &Page{Path: paths[i], Entries: list[lo:hi], Total: len(list)}
		if count > 1 {
			pg := &Pager{Number: i + 1, Count: count}
			if i > 0 {
				pg.Prev = paths[i-1]
			}
			if i+1 < count {
				pg.Next = paths[i+1]
			}
			first, last := max(1, i-3), min(count, i+5)
			pg.Pages = make([]PagerLink, 0, last-first+1)
			for n := first; n <= last; n++ {
				pg.Pages = append(pg.Pages, PagerLink{Number: n, Path: paths[n-1], Current: n == i+1})
			}
			p.Pager = pg
		}
		pages[i] = p
	}
	return pages
}

// outputFile is where a page is written in the output folder.
func outputFile(p *Page) string {
	if p.Path == "404.html" {
		return p.Path
	}
	return p.Path + "index.html"
}

package generator

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
)

// Chart is a bar chart drawn at build time as inline SVG, with the same
// figures as a table for screen readers and print.
type Chart struct {
	ID    string     // element id, for aria-describedby
	Title string     // caption
	Bars  []ChartBar // in display order
}

// ChartBar is one bar: a label, its count and where it links.
type ChartBar struct {
	Label string
	Count int
	URL   string // the page of the bar's entries
}

// SVG draws the chart as horizontal bars. Labels are escaped by the writer.
func (c Chart) SVG() template.HTML {
	const rowH, labelW, barW, pad = 22, 190, 180, 40
	maxCount := 1
	for _, b := range c.Bars {
		maxCount = max(maxCount, b.Count)
	}
	h := rowH*len(c.Bars) + 4
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-labelledby="%s-t" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		c.ID, labelW+barW+pad, h)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title>`, c.ID, template.HTMLEscapeString(c.Title))
	for i, b := range c.Bars {
		y := i*rowH + 2
		w := b.Count * barW / maxCount
		if b.Count > 0 && w < 2 {
			w = 2
		}
		sb.WriteString(`<g>`)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" class="chart-label">%s</text>`, labelW-6, y+15, template.HTMLEscapeString(b.Label))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" class="chart-bar"/>`, labelW, y+3, w, rowH-7)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" class="chart-value">%d</text></g>`, labelW+w+4, y+15, b.Count)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) //nolint:gosec // every label is escaped above
}

// homeCharts counts cases by category, region and year.
func homeCharts(s *Site) []Chart {
	cases := s.Sections["cases"]
	base := s.Config.BasePath()
	var byCat []ChartBar
	for _, t := range s.Config.Taxonomies["categories"].Terms {
		if t.ParentT != nil {
			continue
		}
		n := 0
		for _, e := range s.TermEntries[t] {
			if e.Section == "cases" {
				n++
			}
		}
		if n > 0 {
			byCat = append(byCat, ChartBar{Label: t.Name, Count: n, URL: base + termPath(t)})
		}
	}
	sortBars(byCat)
	regionCount := map[string]int{}
	for _, e := range cases {
		regionCount[e.Region]++
	}
	var byRegion []ChartBar
	for _, r := range s.Config.Regions {
		if n := regionCount[r.Name]; n > 0 {
			byRegion = append(byRegion, ChartBar{Label: r.Name, Count: n, URL: base + "regions/" + r.Slug + "/"})
		}
	}
	sortBars(byRegion)
	if len(byRegion) > 12 {
		byRegion = byRegion[:12]
	}
	var byYear []ChartBar
	for i := len(s.Years) - 1; i >= 0; i-- {
		y := s.Years[i]
		n := 0
		for _, e := range s.YearEntries[y] {
			if e.Section == "cases" {
				n++
			}
		}
		if n > 0 {
			byYear = append(byYear, ChartBar{Label: strconv.Itoa(y), Count: n, URL: base + "years/" + strconv.Itoa(y) + "/"})
		}
	}
	return []Chart{
		{ID: "chart-categories", Title: "典型案例按救助类别", Bars: byCat},
		{ID: "chart-regions", Title: "典型案例按地区（前 12 位）", Bars: byRegion},
		{ID: "chart-years", Title: "典型案例按年份", Bars: byYear},
	}
}

func sortBars(bars []ChartBar) {
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Count > bars[j].Count })
}

package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// chartFacts is what the page says about one chart and its table.
type chartFacts struct {
	Role      string   `json:"role"`
	Bars      []string `json:"bars"`      // the bars' labels, in order
	Rows      []string `json:"rows"`      // the table's row headers, in order
	HasTable  bool     `json:"hasTable"`  // a table.chart-table in the same figure
	TableCols int      `json:"tableCols"` // cells in the first body row
}

// chartsExpr reads every svg.chart on the page.
const chartsExpr = `[...document.querySelectorAll("svg.chart")].map(svg => {
  const fig = svg.closest("figure") || svg.parentElement;
  const table = fig.querySelector("table.chart-table");
  const rows = table ? [...table.tBodies[0].rows] : [];
  return {
    role: svg.getAttribute("role") || "",
    bars: [...svg.querySelectorAll("rect.chart-bar")].map(r => (r.parentElement.querySelector(".chart-label") || {}).textContent || ""),
    rows: rows.map(r => r.cells[0].textContent.trim()),
    hasTable: !!table,
    tableCols: rows.length ? rows[0].cells.length : 0
  };
})`

// accessibleNames asks the browser's accessibility tree for the computed
// name of every element that matches selector. Node ids go stale when the
// document is replaced while loading, so a failed read is tried again.
func accessibleNames(t *testing.T, ctx context.Context, selector string) []string {
	t.Helper()
	var names []string
	var err error
	for try := 0; try < 5; try++ {
		if names, err = readNames(ctx, selector); err == nil {
			return names
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("reading the accessibility tree for %s: %v", selector, err)
	return nil
}

func readNames(ctx context.Context, selector string) ([]string, error) {
	return chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]string, error) {
		doc, err := cdp.Call(ctx, tg, dom.GetDocument, dom.GetDocumentParams{})
		if err != nil {
			return nil, err
		}
		found, err := cdp.Call(ctx, tg, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: doc.Root.NodeID, Selector: selector})
		if err != nil {
			return nil, err
		}
		no := false
		var names []string
		for _, id := range found.NodeIDs {
			tree, err := cdp.Call(ctx, tg, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{NodeID: id, FetchRelatives: &no})
			if err != nil {
				return nil, err
			}
			name := ""
			if len(tree.Nodes) > 0 && tree.Nodes[0].Name != nil {
				_ = json.Unmarshal(tree.Nodes[0].Name.Value, &name)
			}
			names = append(names, name)
		}
		return names, nil
	})
}

func testCharts(t *testing.T, s *site, b *browser) {
	ctx := b.tab(t)
	open(t, ctx, s.url(""))
	charts := eval[[]chartFacts](t, ctx, chartsExpr)
	if len(charts) != 3 {
		t.Fatalf("the home page has %d svg.chart elements, want 3", len(charts))
	}
	names := accessibleNames(t, ctx, "svg.chart")
	if len(names) != len(charts) {
		t.Fatalf("the accessibility tree has %d charts, the page %d", len(names), len(charts))
	}
	for i, c := range charts {
		if c.Role != "img" {
			t.Errorf("chart %d has role %q, want img", i+1, c.Role)
		}
		if strings.TrimSpace(names[i]) == "" {
			t.Errorf("chart %d has no accessible name", i+1)
		}
		if !c.HasTable {
			t.Errorf("chart %d (%s) has no table.chart-table beside it", i+1, names[i])
			continue
		}
		if len(c.Bars) == 0 {
			t.Errorf("chart %d (%s) has no bars", i+1, names[i])
		}
		if len(c.Rows) != len(c.Bars) {
			t.Errorf("chart %d (%s): %d bars but %d table rows", i+1, names[i], len(c.Bars), len(c.Rows))
		} else if strings.Join(c.Rows, "|") != strings.Join(c.Bars, "|") {
			t.Errorf("chart %d (%s): the table's rows %q do not match the bars %q", i+1, names[i], c.Rows, c.Bars)
		}
		if c.TableCols != 2 {
			t.Errorf("chart %d (%s): table rows have %d cells, want a label and a count", i+1, names[i], c.TableCols)
		}
		t.Logf("chart %q: %d bars, %d table rows", names[i], len(c.Bars), len(c.Rows))
	}
}

package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"casebook/generator"
	"casebook/search"
)

// goAnswer asks the built site's bleve index, as `casebook search` does.
func goAnswer(t *testing.T, s *site, q string) *search.Result {
	t.Helper()
	ix, err := search.Open(generator.Options{Source: s.src}.IndexDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(search.Request{Query: q, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// pageState is what the search page shows.
type pageState struct {
	Q      string   `json:"q"`
	Input  string   `json:"input"`
	Status string   `json:"status"`
	Titles []string `json:"titles"`
	Marks  int      `json:"marks"`
	Facets []string `json:"facets"` // "field-title value (count)"
}

const stateExpr = `(() => ({
  q: new URL(location.href).searchParams.get("q") || "",
  input: document.querySelector("#q").value,
  status: document.querySelector("[data-search-status]").textContent.trim(),
  titles: [...document.querySelectorAll("[data-search-hits] > li h3 a")].map(a => a.textContent),
  marks: document.querySelectorAll("[data-search-hits] mark").length,
  facets: [...document.querySelectorAll("[data-search-facets] li")].map(li => li.textContent.trim()),
}))()`

func state(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	return eval[pageState](t, ctx, stateExpr)
}

// waitFor polls until the search page shows the answer to q.
func waitFor(t *testing.T, ctx context.Context, q string) pageState {
	t.Helper()
	expr := fmt.Sprintf(`new URL(location.href).searchParams.get("q") === %q && document.querySelector("[data-search-index]").getAttribute("aria-busy") === "false" && document.querySelector("[data-search-status]").textContent.trim() !== "" && document.querySelector("[data-search-status]").textContent.indexOf("检索中") < 0`, q)
	if !poll(ctx, expr, 15*time.Second) {
		t.Fatalf("the search page did not answer %q: %+v", q, state(t, ctx))
	}
	return state(t, ctx)
}

// agrees checks the page against the bleve answer: total, first titles, and
// the facet counts of the region facet.
func agrees(t *testing.T, st pageState, want *search.Result) {
	t.Helper()
	if !strings.Contains(st.Status, fmt.Sprintf("共 %d 条结果", want.Total)) {
		t.Errorf("query %q: page says %q, bleve finds %d", st.Q, st.Status, want.Total)
	}
	for i, title := range st.Titles {
		if i < len(want.Hits) && want.Hits[i].Title != title {
			t.Errorf("query %q: hit %d is %q on the page, %q from bleve", st.Q, i+1, title, want.Hits[i].Title)
		}
	}
	for _, f := range want.Facets.Region {
		needle := fmt.Sprintf("%s (%d)", f.Term, f.Count)
		found := false
		for _, got := range st.Facets {
			if got == needle {
				found = true
			}
		}
		if !found {
			t.Errorf("query %q: no facet %q on the page (facets %v)", st.Q, needle, st.Facets)
		}
	}
}

// testSearchFlow drives the static search page as a reader would, with the
// keyboard: focus with "/", type, Enter, follow a facet, reload, go back.
func testSearchFlow(t *testing.T, s *site, b *browser) {
	ctx := b.tab(t)
	open(t, ctx, s.url("search/"))
	if !poll(ctx, `document.readyState === "complete"`, 10*time.Second) {
		t.Fatal("the search page did not load")
	}
	const q1 = "孤兒" // Traditional: must find the Simplified entries too
	if err := chromedp.Do(ctx,
		chromedp.KeyEvent("/"),
	); err != nil {
		t.Fatal(err)
	}
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "q" {
		t.Fatalf("the / key focused %q, not the search box", id)
	}
	// Synthetic key events may let the "/" through to the box it focused;
	// a Backspace removes it if so, and does nothing otherwise.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Backspace), chromedp.KeyEvent(q1), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	first := waitFor(t, ctx, q1)
	want := goAnswer(t, s, q1)
	if want.Total == 0 || len(first.Titles) == 0 || first.Marks == 0 {
		t.Fatalf("query %q: %d hits from bleve; page shows %+v", q1, want.Total, first)
	}
	agrees(t, first, want)

	// A facet, followed from the keyboard: focus its link and press Enter.
	facetQ := eval[string](t, ctx, `document.querySelector('[data-search-facets] a[data-q*="region:"]').dataset.q`)
	if err := chromedp.Do(ctx,
		chromedp.Focus(`[data-search-facets] a[data-q*="region:"]`),
		chromedp.KeyEvent(kb.Enter),
	); err != nil {
		t.Fatal(err)
	}
	filtered := waitFor(t, ctx, facetQ)
	agrees(t, filtered, goAnswer(t, s, facetQ))
	if len(filtered.Titles) > len(first.Titles) {
		t.Errorf("filtering by %q shows more hits than before", facetQ)
	}

	// Reloading the address gives the same answer.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	reloaded := waitFor(t, ctx, facetQ)
	if strings.Join(reloaded.Titles, "|") != strings.Join(filtered.Titles, "|") || reloaded.Input != facetQ {
		t.Errorf("after reload: %+v, before: %+v", reloaded, filtered)
	}

	// Back returns to the first query and its answer.
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	back := waitFor(t, ctx, q1)
	if strings.Join(back.Titles, "|") != strings.Join(first.Titles, "|") || back.Input != q1 {
		t.Errorf("after back: %+v, first: %+v", back, first)
	}

	// A malformed query gets a message that says what is wrong.
	bad := `"未闭合`
	open(t, ctx, s.url("search/?q="+url.QueryEscape(bad)))
	st := waitFor(t, ctx, bad)
	if st.Status == "" || len(st.Titles) > 0 || !strings.Contains(st.Status, "引号") && !strings.Contains(strings.ToLower(st.Status), "quote") {
		t.Errorf("malformed query %q: page shows %+v", bad, st)
	}
}

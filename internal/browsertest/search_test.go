package browsertest

import (
	"context"
	"net/url"
	"testing"
	"time"
)

// searchQuery is the query the search page is tested with.
const searchQuery = "救助"

// hitsExpr counts the search results on the page.
const hitsExpr = `document.querySelectorAll("[data-search-hits] > li").length`

// statusExpr is the text of the search page's status line.
const statusExpr = `((document.querySelector("[data-search-status]") || {}).textContent || "").trim()`

// settledExpr is true once the search page shows results, or has finished
// searching and says why it shows none.
const settledExpr = hitsExpr + ` > 0 || (document.querySelector("[data-search-index]").getAttribute("aria-busy") !== "true" && ` + statusExpr + ` !== "")`

// searchPath is the search page with searchQuery in its address.
func searchPath() string { return "search/?q=" + url.QueryEscape(searchQuery) }

// openSearch opens the search page for searchQuery, waits until it has
// answered, and logs how. It returns the number of results shown; the
// keyboard check is the one that requires results.
func openSearch(t *testing.T, ctx context.Context, s *site) int {
	t.Helper()
	open(t, ctx, s.url(searchPath()))
	waitSearch(ctx)
	hits, status := eval[int](t, ctx, hitsExpr), eval[string](t, ctx, statusExpr)
	if hits == 0 {
		t.Logf("the search page shows no results for %q (status %q); checking the page as it is", searchQuery, status)
	} else {
		t.Logf("the search page shows %d results for %q (status %q)", hits, searchQuery, status)
	}
	return hits
}

// waitSearch waits, up to a deadline, for the search page to settle.
func waitSearch(ctx context.Context) { poll(ctx, settledExpr, 15*time.Second) }

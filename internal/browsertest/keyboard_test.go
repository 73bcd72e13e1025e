package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// maxTabs is how many Tab presses a check may take to reach its target.
const maxTabs = 40

// focusState describes the focused element after a key press.
type focusState struct {
	Desc    string `json:"desc"`    // tag, id, classes and text, for messages
	Skip    bool   `json:"skip"`    // the skip link
	InNav   bool   `json:"inNav"`   // inside the main navigation
	InMain  bool   `json:"inMain"`  // inside <main>
	ID      string `json:"id"`      // the element's id
	Visible bool   `json:"visible"` // inside the viewport, with a size
}

// focusExpr describes document.activeElement as a focusState.
const focusExpr = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {desc: "body"};
  const r = e.getBoundingClientRect();
  const text = (e.textContent || e.value || "").trim().slice(0, 20);
  return {
    desc: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).replace(/ +/g, ".") : "") + (text ? " " + JSON.stringify(text) : ""),
    skip: e.classList.contains("skip"),
    inNav: !!e.closest('nav[aria-label="主导航"]'),
    inMain: !!e.closest("main"),
    id: e.id,
    visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
  };
})()`

// press sends one key to the page and describes the focus afterwards.
func press(t *testing.T, ctx context.Context, key string) focusState {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatalf("pressing %q: %v", key, err)
	}
	return eval[focusState](t, ctx, focusExpr)
}

// tabUntil presses Tab until found says yes, and returns every focus stop
// on the way; ok is false when maxTabs presses did not get there.
func tabUntil(t *testing.T, ctx context.Context, found func(focusState) bool) (stops []focusState, ok bool) {
	t.Helper()
	for range maxTabs {
		f := press(t, ctx, kb.Tab)
		stops = append(stops, f)
		if found(f) {
			return stops, true
		}
	}
	return stops, false
}

// descs lists the focus stops for a message.
func descs(stops []focusState) string {
	s := ""
	for i, f := range stops {
		s += fmt.Sprintf("\n  %2d %s", i+1, f.Desc)
	}
	return s
}

func testKeyboardHome(t *testing.T, s *site, b *browser) {
	ctx := b.tab(t)
	open(t, ctx, s.url(""))
	stops, ok := tabUntil(t, ctx, func(f focusState) bool { return f.ID == "quick-q" })
	if !stops[0].Skip {
		t.Errorf("the first Tab stop is %s, not the skip link", stops[0].Desc)
	} else if !stops[0].Visible {
		t.Errorf("the skip link is not visible when it has focus")
	}
	if !ok {
		t.Fatalf("the quick search box was not reached in %d Tab presses; focus went:%s", maxTabs, descs(stops))
	}
	nav := -1
	for i, f := range stops {
		if f.InNav {
			nav = i
			break
		}
	}
	if nav < 0 {
		t.Errorf("no Tab stop is in the main navigation; focus went:%s", descs(stops))
	}
	t.Logf("focus went:%s", descs(stops))

	// The skip link takes the next Tab into the main content.
	open(t, ctx, s.url(""))
	if f := press(t, ctx, kb.Tab); !f.Skip {
		t.Fatalf("after reloading, the first Tab stop is %s", f.Desc)
	}
	press(t, ctx, kb.Enter)
	if f := press(t, ctx, kb.Tab); !f.InMain {
		t.Errorf("after following the skip link, Tab goes to %s, outside <main>", f.Desc)
	}
}

func testKeyboardSearch(t *testing.T, s *site, b *browser) {
	ctx := b.tab(t)
	open(t, ctx, s.url("search/"))
	stops, ok := tabUntil(t, ctx, func(f focusState) bool { return f.ID == "q" })
	if !ok {
		t.Fatalf("the search box #q was not reached in %d Tab presses; focus went:%s", maxTabs, descs(stops))
	}
	t.Logf("the search box is Tab stop %d", len(stops))
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: searchQuery})
		return err
	})); err != nil {
		t.Fatalf("typing the query: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("pressing Enter: %v", err)
	}
	// Enter submits the form: either the browser loads ?q=… or the search
	// runtime takes the submission and shows results for the query.
	submitted := fmt.Sprintf(`new URLSearchParams(location.search).get("q") === %q || (%s > 0 && document.getElementById("q").value === %q)`,
		searchQuery, hitsExpr, searchQuery)
	if !poll(ctx, submitted, 15*time.Second) {
		loc := eval[string](t, ctx, `location.href`)
		t.Fatalf("Enter in the search box did not submit %q (the page is %s)", searchQuery, loc)
	}
	waitSearch(ctx)
	if hits := eval[int](t, ctx, hitsExpr); hits == 0 {
		t.Errorf("after Enter the search page shows no results for %q (status %q)", searchQuery, eval[string](t, ctx, statusExpr))
	}
}

package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casebook/internal/chromium"
)

// actionTimeout bounds one step in a tab, so that a hung page fails the
// test instead of stalling it.
const actionTimeout = 30 * time.Second

// browser is one headless Chromium shared by the subtests; each subtest
// opens its own tab. When Chromium could not be started, ctx is nil and
// missing says why.
type browser struct {
	ctx     context.Context
	missing string
}

// need skips the test when something it needs is missing, except in CI,
// where every test must run.
func need(t *testing.T, what string, err error) { t.Helper(); chromium.Require(t, what, err) }

// startBrowser starts headless Chromium with a private profile. The
// browser stops when t's test ends.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	ctx, err := chromium.Start(t)
	if err != nil {
		return &browser{missing: err.Error()}
	}
	return &browser{ctx: ctx}
}

// tab opens a new tab for t, closed when t ends. It skips t (fails it in
// CI) when there is no browser. The returned context limits every action
// to actionTimeout.
func (b *browser) tab(t *testing.T) context.Context {
	t.Helper()
	if b.ctx == nil {
		need(t, "Chromium at "+chromium.Path, fmt.Errorf("%s", b.missing))
	}
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tctx, cancelT := context.WithTimeout(ctx, actionTimeout)
	t.Cleanup(cancelT)
	return tctx
}

// open loads a page in the tab and waits for it to load.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// poll evaluates expr until it is true or the deadline passes, and says
// whether it became true. An expression that throws, or fails while the
// page navigates, counts as false.
func poll(ctx context.Context, expr string, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+expr+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

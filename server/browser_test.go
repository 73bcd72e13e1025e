package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casebook/internal/chromium"
)

// newBrowser starts headless Chromium with a private profile. Without
// Chromium the test is skipped, except in CI, where it must run.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx, err := chromium.Start(t)
	chromium.Require(t, "Chromium at "+chromium.Path, err)
	return ctx
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

// waitInPage polls the page, without acting on it, until expr is true. An
// expression that fails while the page is reloading counts as false.
func waitInPage(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+expr+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
			t.Fatalf("timed out waiting for %s (%v); the page says:\n%s", what, err, page)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserReloadAndOverlay(t *testing.T) {
	ctx := newBrowser(t)
	ts := startServer(t, copyFixture(t))
	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.site+entryPage)); err != nil {
		t.Fatal(err)
	}
	waitInPage(t, ctx, "the page", `document.body.innerText.includes("法院派员将救助金送到家中")`)
	// The page is subscribed once the server counts it among its clients.
	waitFor(t, "the page to subscribe", 10*time.Second, func() bool {
		ts.hub.mu.Lock()
		defer ts.hub.mu.Unlock()
		return len(ts.hub.clients) == 1
	})
	entry := readFile(t, ts.source, entryRel)
	overlay := `document.getElementById("casebook-build-errors")`

	writeFile(t, ts.source, entryRel, withBody(t, entry, "浏览器看到的新正文。"))
	waitInPage(t, ctx, "the new text", `document.body.innerText.includes("浏览器看到的新正文")`)

	writeFile(t, ts.source, entryRel, withBadKey(withBody(t, entry, "有错误的一版。")))
	waitInPage(t, ctx, "the overlay", overlay+` !== null`)
	text := eval[string](t, ctx, overlay+`.textContent`)
	for _, want := range []string{entryRel + ":2:", "colour"} {
		if !strings.Contains(text, want) {
			t.Errorf("the overlay %q does not hold %q", text, want)
		}
	}
	if eval[bool](t, ctx, `document.body.innerText.includes("有错误的一版")`) {
		t.Error("the broken version is shown")
	}

	writeFile(t, ts.source, entryRel, withBody(t, entry, "修好后浏览器看到的正文。"))
	waitInPage(t, ctx, "the fixed text without the overlay",
		overlay+` === null && document.body.innerText.includes("修好后浏览器看到的正文")`)
}

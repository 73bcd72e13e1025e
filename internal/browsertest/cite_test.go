package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testCite checks an entry's citations: a stable id, both forms with the
// permanent URL, and a copy button that copies.
func testCite(t *testing.T, s *site, b *browser) {
	ctx := b.tab(t)
	page := s.heaviestCase(t)
	open(t, ctx, s.url(page))
	gbt := eval[string](t, ctx, `document.getElementById("citation-gbt").textContent`)
	plain := eval[string](t, ctx, `document.getElementById("citation-plain").textContent`)
	id := eval[string](t, ctx, `document.querySelector(".citation-id").textContent`)
	permanent := "https://example.org" + s.base + page
	for name, c := range map[string]string{"GB/T 7714": gbt, "plain": plain} {
		if !strings.Contains(c, permanent) {
			t.Errorf("the %s citation %q lacks the permanent URL %s", name, c, permanent)
		}
	}
	if !strings.Contains(gbt, "[EB/OL]") || !strings.HasPrefix(id, "CB-C-") {
		t.Errorf("citation %q, id %q", gbt, id)
	}
	if !poll(ctx, `document.querySelectorAll(".copy-button").length === 2`, 5*time.Second) {
		t.Fatal("no copy buttons beside the citations")
	}
	if err := chromedp.Do(ctx, chromedp.Click(`.copy-button`)); err != nil {
		t.Fatal(err)
	}
	if !poll(ctx, `document.querySelector(".copy-button").textContent !== "复制"`, 5*time.Second) {
		t.Fatal("the copy button did nothing")
	}
	if got := eval[string](t, ctx, `document.querySelector(".copy-button").textContent`); got != "已复制" {
		t.Errorf("the copy button says %q after a click", got)
	}
}

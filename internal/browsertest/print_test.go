package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// printFacts is how an entry page renders for one media type.
type printFacts struct {
	Print      bool   `json:"print"`      // the print media query matches
	Header     string `json:"header"`     // computed display of the site header
	Nav        string `json:"nav"`        // computed display of the main navigation
	Footer     string `json:"footer"`     // computed display of the site footer
	Body       string `json:"body"`       // computed display of the entry's body
	BodyHeight int    `json:"bodyHeight"` // the body's rendered height
	BodyText   int    `json:"bodyText"`   // characters of rendered body text
	Title      string `json:"title"`      // computed display of the entry's h1
}

// printExpr reads printFacts from an entry page.
const printExpr = `(() => {
  const d = sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).display : "missing"; };
  const body = document.querySelector("article .body");
  return {
    print: matchMedia("print").matches,
    header: d("header.site-header"),
    nav: d('nav[aria-label="主导航"]'),
    footer: d("footer.site-footer"),
    body: d("article .body"),
    bodyHeight: body ? Math.round(body.getBoundingClientRect().height) : 0,
    bodyText: body ? body.innerText.trim().length : 0,
    title: d("h1")
  };
})()`

// emulateMedia makes the page render for a media type; "" is the screen.
func emulateMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

func testPrint(t *testing.T, s *site, b *browser) {
	ctx := b.tab(t)
	open(t, ctx, s.url(s.heaviestCase(t)))
	screen := eval[printFacts](t, ctx, printExpr)
	if screen.Print || screen.Header == "none" || screen.Nav == "none" {
		t.Fatalf("on screen the header should show: %+v", screen)
	}
	if err := chromedp.Do(ctx, emulateMedia("print")); err != nil {
		t.Fatalf("emulating print: %v", err)
	}
	p := eval[printFacts](t, ctx, printExpr)
	if !p.Print {
		t.Fatal("print media is not emulated")
	}
	for _, c := range []struct{ what, display string }{
		{"the site header", p.Header},
		{"the main navigation", p.Nav},
		{"the site footer", p.Footer},
	} {
		if c.display != "none" {
			t.Errorf("in print %s is displayed (%s)", c.what, c.display)
		}
	}
	if p.Body == "none" || p.Body == "missing" || p.BodyHeight == 0 || p.BodyText == 0 {
		t.Errorf("in print the entry's body is not shown: display %s, height %d, %d characters", p.Body, p.BodyHeight, p.BodyText)
	}
	if p.Title == "none" || p.Title == "missing" {
		t.Errorf("in print the title is not shown (%s)", p.Title)
	}
	t.Logf("print: header %s, nav %s, footer %s; body %s, %d px, %d characters", p.Header, p.Nav, p.Footer, p.Body, p.BodyHeight, p.BodyText)
}

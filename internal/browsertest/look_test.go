package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// artifactsDir is where the screenshots go: $CASEBOOK_ARTIFACTS, or a
// folder in the test's temporary directory.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CASEBOOK_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(t.TempDir(), "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// overflowFacts says whether a page is wider than the window, and which
// elements stick out.
type overflowFacts struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"`
}

// overflowExpr measures the page and names up to five of the deepest
// elements whose right edge is beyond the window.
const overflowExpr = `(() => {
  const out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.right > innerWidth + 0.5 && r.width > 0 && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 0.5)) {
      out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/ +/g, ".") : "") + " right=" + Math.round(r.right));
      if (out.length === 5) break;
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, culprits: out};
})()`

func testLook(t *testing.T, s *site, b *browser) {
	dir := artifactsDir(t)
	entry := s.heaviestCase(t)
	pages := []struct {
		name, path string
		shot       bool // screenshot it; the others are only measured
	}{
		{"home", "", true},
		{"entry", entry, true},
		{"search", searchPath(), true},
		{"section", "cases/", false},
		{"term", s.termPath(t), false},
	}
	for _, width := range []int64{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := b.tab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatalf("setting the viewport: %v", err)
			}
			for _, p := range pages {
				if !p.shot && width != 360 {
					continue
				}
				if strings.HasPrefix(p.path, "search/") {
					openSearch(t, ctx, s)
				} else {
					open(t, ctx, s.url(p.path))
				}
				if width == 360 {
					o := eval[overflowFacts](t, ctx, overflowExpr)
					if o.ScrollWidth > o.InnerWidth {
						t.Errorf("%s at %d px: the page is %d px wide, wider than the %d px window; sticking out: %s",
							p.name, width, o.ScrollWidth, o.InnerWidth, strings.Join(o.Culprits, ", "))
					}
				}
				if p.shot {
					shoot(t, ctx, filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, width)))
				}
			}
		})
	}
}

// shoot writes a full-page PNG screenshot.
func shoot(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", filepath.Base(file), err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

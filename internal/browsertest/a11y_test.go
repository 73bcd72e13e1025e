package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axePath is axe-core's browser build, installed by `npm install`.
var axePath = filepath.Join(repoRoot, "node_modules", "axe-core", "axe.min.js")

// axeViolation is one failed axe rule, with the elements that fail it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// runAxe is evaluated after axe-core is injected. It reports violations
// only, with each element's selector path flattened to one string.
const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({
    target: n.target.map(x => Array.isArray(x) ? x.join(" >>> ") : String(x)),
    summary: n.failureSummary || ""
  }))
})))`

// blocking says whether a violation's impact fails the test.
func blocking(impact string) bool { return impact == "serious" || impact == "critical" }

func testAccessibility(t *testing.T, s *site, b *browser) {
	src, err := os.ReadFile(axePath)
	need(t, "axe-core (run npm install)", err)
	entry := s.heaviestCase(t)
	pages := []struct {
		name, path string
		search     bool
	}{
		{"home", "", false},
		{"section list", "cases/", false},
		{"term", s.termPath(t), false},
		{"entry", entry, false},
		{"region", s.regionPath(t, entry), false},
		{"search", searchPath(), true},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ctx := b.tab(t)
			if p.search {
				openSearch(t, ctx, s)
			} else {
				open(t, ctx, s.url(p.path))
			}
			vs := axeRun(t, ctx, string(src))
			report(t, s.base+p.path, vs)
		})
	}
}

// axeRun injects axe-core into the page and runs every rule.
func axeRun(t *testing.T, ctx context.Context, src string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src+"\n;undefined")); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](runAxe, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatalf("reading axe's results: %v", err)
	}
	return vs
}

// report fails t on serious and critical violations and logs the others.
func report(t *testing.T, page string, vs []axeViolation) {
	t.Helper()
	var blockers int
	for _, v := range vs {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, strings.Join(n.Target, " "))
		}
		msg := "%s: axe %s (%s): %s\n  %s\n  on: %s"
		if blocking(v.Impact) {
			blockers++
			t.Errorf(msg, page, v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(targets, "\n      "))
			if len(v.Nodes) > 0 && v.Nodes[0].Summary != "" {
				t.Logf("  first failure: %s", v.Nodes[0].Summary)
			}
		} else {
			t.Logf(msg, page, v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(targets, "\n      "))
		}
	}
	t.Logf("%s: %d axe violations, %d serious or critical", page, len(vs), blockers)
}

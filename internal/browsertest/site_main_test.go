package browsertest

import "testing"

// TestSite builds the sample site once, starts one browser, and checks
// what judges, the public and editors see, each check in its own tab.
func TestSite(t *testing.T) {
	s := buildSite(t)
	b := startBrowser(t)
	checks := []struct {
		name string
		run  func(t *testing.T, s *site, b *browser)
	}{
		{"weight", testWeight},
		{"accessibility", testAccessibility},
		{"keyboard/home", testKeyboardHome},
		{"keyboard/search", testKeyboardSearch},
		{"search/flow", testSearchFlow},
		{"charts", testCharts},
		{"cite", testCite},
		{"print", testPrint},
		{"look", testLook},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.run(t, s, b) })
	}
}

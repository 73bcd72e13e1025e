// Package browsertest checks the built sample site in headless Chromium:
// accessibility (axe-core), keyboard use, page weight, layout on a phone and
// on a desktop, print styles, and the home page's charts. It holds tests
// only; run it with `go test ./internal/browsertest/`.
package browsertest

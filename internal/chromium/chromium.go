// Package chromium starts headless Chromium (Debian's package) for the
// project's browser tests.
package chromium

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path is where the browser tests expect Chromium.
const Path = "/usr/bin/chromium"

// Require skips t when something it needs is missing (err is not nil),
// except in CI (CI=true), where every browser test must run and so fails.
func Require(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI: %v", what, err)
	}
	t.Skipf("no %s: %v", what, err)
}

// Start starts headless Chromium with a private profile and returns a
// browser context; the browser stops when t ends. The flags keep it off the
// network, which this machine does not reach.
func Start(t testing.TB) (context.Context, error) {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return ctx, nil
}

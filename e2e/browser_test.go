// Package e2e drives the portal through headless Chromium, as a person would.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is one Chromium shared by every test; each test opens its own tab.
var browser context.Context

const chromiumPath = "/usr/bin/chromium"

func TestMain(m *testing.M) {
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			fmt.Println("e2e: Chromium is required in CI but missing at", chromiumPath)
			os.Exit(1)
		}
		fmt.Println("e2e: SKIPPED, no Chromium at", chromiumPath, "(apt-get install -y chromium)")
		os.Exit(0)
	}
	tmp, err := os.MkdirTemp("", "e2e-chromium-")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.UserDataDir(tmp),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-gpu", true),
		// Tests only ever talk to 127.0.0.1: this stops every other lookup.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		fmt.Println("e2e: start Chromium:", err)
		os.Exit(1)
	}
	browser = ctx
	code := m.Run()
	_ = chromedp.Cancel(ctx)
	cancelBrowser()
	cancelAlloc()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// tab opens a new tab with its own cookies' worth of isolation (a fresh
// browser context) and a time limit for the whole test.
func tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	limited, cancelLimit := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelLimit()
		_ = chromedp.Cancel(ctx)
		cancel()
	})
	return limited
}

// do runs browser steps and fails the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		// Say what the browser showed: a timeout alone does not tell which step hung.
		seen, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 600)`))
		t.Fatalf("%v; the page was %s", err, seen)
	}
}

// eval evaluates a JavaScript expression and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// text returns the visible text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return v
}

// htmxLoaded fails the test when htmx is missing: a click would silently do nothing.
func htmxLoaded(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof htmx !== "undefined"`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal("htmx did not load:", err)
	}
}

// settled waits until htmx has finished every request, swap and settle, so
// that freshly swapped content has its htmx behaviour attached before a click.
func settled(t *testing.T, ctx context.Context) {
	t.Helper()
	idle := `!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](idle, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("htmx did not settle:", err)
	}
}

// navTo follows a link of the site's navigation as a person would: on a
// phone through the Menu button first.
func navTo(t *testing.T, ctx context.Context, href string, then chromedp.Action[chromedp.Void]) {
	t.Helper()
	link := `#site-links a[href="` + href + `"]`
	if eval[bool](t, ctx, `!document.querySelector(`+jsString(link)+`).offsetParent`) {
		do(t, ctx, chromedp.Click(chromedp.CSS(".menu-toggle")), chromedp.WaitVisible(chromedp.CSS(link)))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(link)), then)
}

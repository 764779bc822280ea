// Package browsertest starts a real headless Chromium for the browser tests
// of every package (serve's live reload, search, the hostile-content site).
// It is test support only: it starts and stops processes and a loopback
// file server, and touches nothing else. Without Chromium a test is
// skipped, unless CI=true, where a missing browser is a failure.
package browsertest

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// StartTimeout bounds the start of the browser.
const StartTimeout = 20 * time.Second

// ChromiumPath finds the browser, or skips the test (fails it under CI).
func ChromiumPath(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatal("chromium not found (looked for /usr/bin/chromium and chromium, chromium-browser, google-chrome on PATH); the browser tests must run in CI")
	}
	tb.Skip("chromium not found; skipping the browser tests")
	return ""
}

// New starts a headless Chromium with a fresh profile and returns the
// context of its first tab. The browser stops when the test ends. Chromium
// is started with its background networking off, so that it sends nothing
// anywhere but to the test's own server.
func New(tb testing.TB) context.Context {
	tb.Helper()
	exe := ChromiumPath(tb)
	profile := tb.TempDir() // removed after the browser has stopped (cleanups run last-in first-out)
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// /dev/shm is tiny in many containers; Chromium crashes when it fills.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
	)
	bctx, bcancel := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		bcancel()
		acancel()
	})
	// The first Run starts the browser. A deadline on bctx would stop the
	// whole browser when it passes, so the start is bounded from outside.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			tb.Fatalf("starting %s: %v", exe, err)
		}
	case <-time.After(StartTimeout):
		bcancel()
		tb.Fatalf("%s did not start within %s", exe, StartTimeout)
	}
	return bctx
}

// ServeDir serves a built site folder on a free loopback port until the test
// ends and returns its URL ("http://127.0.0.1:PORT/"). Every response gets
// the Content-Security-Policy header given, when it is not empty.
func ServeDir(tb testing.TB, dir, csp string) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
		}
		files.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

package serve_test

// Browser tests of `playbook serve`: a real headless Chromium opens a page of
// the preview and the tests save files the way an author does, then watch the
// page follow by itself. They need Chromium: without it they are skipped,
// unless CI=true, where a missing browser is a failure.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"playbook/generator/serve"
	"playbook/internal/browsertest"
	"playbook/internal/testsite"
	theme "playbook/themes/default"
)

// testTimeout bounds every browser test, from the first navigation to the
// last assertion.
const testTimeout = 20 * time.Second

// fixture is the test site every stage of the generator builds.
var fixture = filepath.Join("..", "testdata", "site")

// chromiumPath finds the browser, or skips the test (fails it under CI).
func chromiumPath(tb testing.TB) string { return browsertest.ChromiumPath(tb) }

// newBrowser starts a headless Chromium with a fresh profile.
func newBrowser(tb testing.TB) context.Context { return browsertest.New(tb) }

// startTimeout bounds serve's first build: a 10,000-page site takes seconds.
const startTimeout = 2 * time.Minute

// startServe runs serve.Run on a free loopback port until the test ends and
// returns the site's URL. The rebuild lines go to stdout when it is not nil.
func startServe(tb testing.TB, dir string, stdout io.Writer) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Options{Source: dir, Addr: "127.0.0.1:0", Quiet: 20 * time.Millisecond,
			Stdout: stdout, Ready: func(u string) { ready <- u }})
	}()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		cancel()
		tb.Fatalf("serve stopped before it was ready: %v", err)
	case <-time.After(startTimeout):
		cancel()
		tb.Fatalf("serve was not ready within %s", startTimeout)
	}
	tb.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				tb.Errorf("serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			tb.Errorf("serve did not stop within 10 s of being told to")
		}
	})
	return url
}

// truthy wraps a JavaScript expression so that it gives a boolean and never
// throws, even while the page is being replaced.
func truthy(expr string) string {
	return "(() => { try { return !!(" + expr + "); } catch (e) { return false; } })()"
}

// waitJS evaluates expr every interval until it is truthy or ctx ends. It
// survives page reloads: an evaluation that fails because the document is
// being replaced is simply tried again.
func waitJS(ctx context.Context, expr string, interval time.Duration) error {
	js := truthy(expr)
	var lastErr error
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return nil
		}
		if err != nil {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			if lastErr != nil && !errors.Is(lastErr, context.DeadlineExceeded) && !errors.Is(lastErr, context.Canceled) {
				return fmt.Errorf("%s never became true (last error: %v)", expr, lastErr)
			}
			return fmt.Errorf("%s never became true", expr)
		case <-time.After(interval):
		}
	}
}

// eval evaluates expr in the page.
func eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func mustWait(t testing.TB, ctx context.Context, what, expr string) {
	t.Helper()
	if err := waitJS(ctx, expr, 5*time.Millisecond); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to url in a small window and waits until the live script
// has run.
func open(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(400, 300), chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	mustWait(t, ctx, "the page loads", `document.readyState === "complete" && document.querySelector('script[src="/_playbook/live.js"]')`)
}

func replaceIn(t *testing.T, file, old, new string) []byte {
	t.Helper()
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(orig), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(orig), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return orig
}

// A saved markdown edit shows in the open page with no action, and the page
// comes back where the reader had scrolled to.
func TestBrowserEditReloadsKeepingScroll(t *testing.T) {
	ctx, url, dir := serveFixture(t)

	open(t, ctx, url+"platforms/pinterest/")
	if !eval[bool](t, ctx, `document.body.innerText.includes("Pins link only to our shop.")`) {
		t.Fatal("the page does not show the fixture's text")
	}
	max := eval[float64](t, ctx, `document.documentElement.scrollHeight - window.innerHeight`)
	if max < 200 {
		t.Fatalf("the page scrolls only %.0f px in a 400×300 window; the test needs a longer page", max)
	}
	want := math.Floor(max * 0.6)
	eval[bool](t, ctx, fmt.Sprintf(`(window.scrollTo(0, %v), window.__beforeEdit = true)`, want))
	mustWait(t, ctx, "scrolling down", fmt.Sprintf(`Math.abs(window.scrollY - %v) < 1`, want))

	pin := filepath.Join(dir, "content", "platforms", "pinterest.md")
	replaceIn(t, pin, "Pins link only to our shop.", "Pins link to the spring catalogue.")

	mustWait(t, ctx, "the edit appears in the open page", `document.body.innerText.includes("Pins link to the spring catalogue.")`)
	if eval[bool](t, ctx, `window.__beforeEdit === true`) {
		t.Error("the page shows the edit without having reloaded")
	}
	if err := waitJS(ctx, fmt.Sprintf(`document.readyState === "complete" && Math.abs(window.scrollY - %v) <= 3`, want), 5*time.Millisecond); err != nil {
		t.Fatalf("the scroll position was not restored: scrollY = %v, want %v (±3): %v",
			eval[float64](t, ctx, `window.scrollY`), want, err)
	}
	// It stays there: nothing scrolls the page back up a moment later.
	time.Sleep(200 * time.Millisecond)
	if y := eval[float64](t, ctx, `window.scrollY`); math.Abs(y-want) > 3 {
		t.Errorf("scrollY moved to %v after the reload, want %v (±3)", y, want)
	}
}

// A save that breaks the build shows the error over the last good page; the
// save that fixes it takes the overlay away.
func TestBrowserErrorOverlay(t *testing.T) {
	ctx, url, dir := serveFixture(t)

	open(t, ctx, url+"platforms/pinterest/")
	if eval[bool](t, ctx, `!!document.getElementById("playbook-errors")`) {
		t.Fatal("the overlay shows before anything broke")
	}
	pin := filepath.Join(dir, "content", "platforms", "pinterest.md")
	orig := replaceIn(t, pin, "status: conditional", "status: conditionl")

	const where = "content/platforms/pinterest.md:3:9"
	const msg = `field "status" is "conditionl"; expected one of approved, conditional, under-review, not-approved, retired (did you mean "conditional"?)`
	checkOverlay := func(when string) {
		t.Helper()
		mustWait(t, ctx, "the overlay appears "+when, `document.querySelector("#playbook-errors .pb-where")`)
		got := eval[map[string]string](t, ctx, `(() => {
			const o = document.getElementById("playbook-errors");
			const q = s => { const e = o.querySelector(s); return e ? e.textContent : ""; };
			return {title: q("h2"), where: q(".pb-where"), msg: q(".pb-msg"), source: q(".pb-source"),
				items: String(o.querySelectorAll("li").length)};
		})()`)
		if got["where"] != where {
			t.Errorf("overlay %s names %q, want %q", when, got["where"], where)
		}
		if got["msg"] != msg {
			t.Errorf("overlay %s says %q, want %q", when, got["msg"], msg)
		}
		if want := "3 | status: conditionl\n" + strings.Repeat(" ", 4+8) + "^"; got["source"] != want {
			t.Errorf("overlay %s shows the source as %q, want %q", when, got["source"], want)
		}
		if got["items"] != "1" || got["title"] != "The last save broke the build (1 error)" {
			t.Errorf("overlay %s: title %q with %s items, want one error", when, got["title"], got["items"])
		}
		// Behind the overlay, the last good build is still shown.
		if !eval[bool](t, ctx, `document.body.innerText.includes("Pins link only to our shop.")`) {
			t.Errorf("the page behind the overlay %s does not show the last good content", when)
		}
	}
	checkOverlay("on the open page")

	// A page opened while the build is broken shows the errors too.
	open(t, ctx, url+"platforms/pinterest/")
	checkOverlay("on a page opened while broken")

	eval[bool](t, ctx, `window.__marker = true`)
	if err := os.WriteFile(pin, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "the fix removes the overlay", `document.readyState === "complete" && !document.getElementById("playbook-errors")`)
	if !eval[bool](t, ctx, `document.body.innerText.includes("Pins link only to our shop.")`) {
		t.Error("after the fix the page does not show its content")
	}
	// The overlay does not come back by itself.
	time.Sleep(200 * time.Millisecond)
	if eval[bool](t, ctx, `!!document.getElementById("playbook-errors")`) {
		t.Error("the overlay came back after the fix")
	}
}

// serveFixture serves a copy of the fixture and starts Chromium; it returns
// a browser context that ends with the test, the site's URL and the folder.
// Every browser test starts here, and is skipped with -short.
func serveFixture(t *testing.T) (context.Context, string, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	bctx := newBrowser(t)
	dir := testsite.Copy(t, fixture)
	url := startServe(t, dir, nil)
	ctx, cancel := context.WithTimeout(bctx, testTimeout)
	t.Cleanup(cancel)
	return ctx, url, dir
}

// cssPage serves a copy of the fixture and opens a platform page in
// Chromium. It returns the page's context, the site's URL, and save, which
// writes the theme's site.css with extra appended as the site's theme
// override.
func cssPage(t *testing.T) (ctx context.Context, url string, save func(extra string)) {
	ctx, url, dir := serveFixture(t)
	css, err := fs.ReadFile(theme.FS, "static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	override := filepath.Join(dir, "themes", "default", "static", "css", "site.css")
	if err := os.MkdirAll(filepath.Dir(override), 0o755); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, url+"platforms/pinterest/")
	return ctx, url, func(extra string) {
		t.Helper()
		if err := os.WriteFile(override, slices.Concat(css, []byte(extra)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const oneSiteCSS = `document.querySelectorAll('link[rel="stylesheet"][href*="css/site.css"]').length === 1`

// A stylesheet edit swaps the styles in place: the page is not reloaded.
func TestBrowserCSSSwapWithoutReload(t *testing.T) {
	ctx, _, save := cssPage(t)
	if bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg == "rgb(1, 2, 3)" {
		t.Fatalf("the background is already %s", bg)
	}
	eval[int](t, ctx, `window.__marker = 42`)

	save("\nbody{background:rgb(1,2,3)}\n")
	mustWait(t, ctx, "the new style applies", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if !eval[bool](t, ctx, `window.__marker === 42`) {
		t.Fatal("the page was reloaded for a stylesheet change")
	}
	// The old stylesheet goes once the new one has loaded.
	mustWait(t, ctx, "the old stylesheet is removed", oneSiteCSS)

	// A second edit of the same file swaps it again.
	save("\nbody{background:rgb(4,5,6)}\n")
	mustWait(t, ctx, "the second style applies", `getComputedStyle(document.body).backgroundColor === "rgb(4, 5, 6)"`)
	if !eval[bool](t, ctx, `window.__marker === 42`) {
		t.Fatal("the page was reloaded for the second stylesheet change")
	}
	mustWait(t, ctx, "only one copy of the stylesheet stays", oneSiteCSS)
}

// Stylesheet saves faster than the stylesheet loads leave one <link>, with
// the last save's styles.
func TestBrowserCSSRapidSaves(t *testing.T) {
	ctx, url, save := cssPage(t)
	eval[int](t, ctx, `window.__marker = 7`)
	// Stylesheets take 250 ms to arrive, so that saves land while the
	// previous swap is still loading.
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	slow := network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{
		{URLPattern: url + "css/*", Latency: 250, DownloadThroughput: -1, UploadThroughput: -1},
	}}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, slow); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 6; i++ {
		save(fmt.Sprintf("\nbody{background:rgb(%d,0,0)}\n", i*10))
		time.Sleep(60 * time.Millisecond)
	}
	mustWait(t, ctx, "the last save's style applies", `getComputedStyle(document.body).backgroundColor === "rgb(60, 0, 0)"`)
	mustWait(t, ctx, "one stylesheet link is left", oneSiteCSS)
	time.Sleep(600 * time.Millisecond)
	if !eval[bool](t, ctx, oneSiteCSS) {
		t.Error("more than one link to site.css after the saves settled")
	}
	if !eval[bool](t, ctx, `window.__marker === 7`) {
		t.Error("the page was reloaded for stylesheet changes")
	}
}

// A missing page shows 404.html, and reloads when that template changes
// as well as when the page appears.
func TestBrowserNotFoundPageReloads(t *testing.T) {
	ctx, url, dir := serveFixture(t)

	open(t, ctx, url+"pages/faq/")
	mustWait(t, ctx, "the 404 page shows", `document.body.innerText.includes("There is no page at this address")`)
	tmpl, err := fs.ReadFile(theme.FS, "templates/404.html")
	if err != nil {
		t.Fatal(err)
	}
	override := filepath.Join(dir, "themes", "default", "templates", "404.html")
	if err := os.MkdirAll(filepath.Dir(override), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(override, bytes.Replace(tmpl, []byte("There is no page at this address."), []byte("Nothing lives here yet."), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "the changed 404 page shows", `document.body.innerText.includes("Nothing lives here yet.")`)
	if err := os.WriteFile(filepath.Join(dir, "content/pages/faq.md"), []byte("---\ntitle: Questions\n---\nAsk the security team.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "the new page replaces the 404 page", `document.body.innerText.includes("Ask the security team.")`)
}

package search_test

// Browser tests of the search client: a headless Chromium opens the fixture
// site as `playbook build` wrote it, served over HTTP on 127.0.0.1 with the
// preview's Content-Security-Policy, and uses the header box and the
// /search/ page as a reader does. Without Chromium they are skipped, unless
// CI=true, where a missing browser is a failure. Every wait is bounded.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"playbook/generator/search"
	"playbook/internal/browsertest"
)

// browserTimeout bounds each browser action; stepTimeout each wait.
const (
	browserTimeout = 60 * time.Second
	stepTimeout    = 15 * time.Second
)

const csp = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// browser is one headless Chromium tab with the problems its pages
// reported.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string // exceptions, console errors, CSP violations
	requests []string // URLs requested since the last reset
}

func newBrowser(tb testing.TB) *browser {
	tb.Helper()
	ctx := browsertest.New(tb)
	b := &browser{ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			b.problems = append(b.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				b.problems = append(b.problems, "console error")
			}
		case *log.EventEntryAdded:
			e := ev.Entry
			// A missing /favicon.ico is the browser's own guess, not the site's.
			if e.Level == log.EntryLevelError && !strings.Contains(e.URL, "favicon.ico") {
				b.problems = append(b.problems, string(e.Source)+": "+e.Text+" "+e.URL)
			}
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, ev.Request.URL)
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	// The log domain reports CSP violations and failed loads.
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		tb.Logf("log.Enable: %v", err)
	}
	tb.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			tb.Errorf("the page reported: %s", p)
		}
	})
	return b
}

func (b *browser) do(tb testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 2*stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.Fatal(err)
	}
}

// eval evaluates a JavaScript expression, awaiting it when it is a
// promise.
func eval[T any](tb testing.TB, b *browser, expr string) T {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatalf("%s: %v", expr, err)
	}
	return v
}

// wait polls a JavaScript expression until it is true, for at most
// stepTimeout.
func (b *browser) wait(tb testing.TB, expr, what string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout+time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(stepTimeout), chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		tb.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// waitPath waits for a navigation to reach path; evaluations fail while
// the old page goes away, so they are retried until the deadline.
func (b *browser) waitPath(tb testing.TB, path string) {
	tb.Helper()
	deadline := time.Now().Add(stepTimeout)
	last := ""
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === 'complete' ? location.pathname : ''`))
		cancel()
		if err == nil && v == path {
			return
		}
		last = v
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("the page did not reach %s (last at %q)", path, last)
}

// press presses a key as a keyboard does: one keyDown that carries the
// text, so that a handler that prevents its default also prevents the
// typing or the form submission (chromedp.KeyEvent sends the text in a
// separate char event, which a real keyboard's prevented keydown never
// produces).
func (b *browser) press(tb testing.TB, key, code, text string, vk int64) {
	tb.Helper()
	b.do(tb, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: text, UnmodifiedText: text, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, up)
		return err
	}))
}

func (b *browser) resetRequests() {
	b.mu.Lock()
	b.requests = nil
	b.mu.Unlock()
}

func (b *browser) requested() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.requests)
}

// serve serves a built site on 127.0.0.1 under prefix ("/" or "/sub/"),
// with the preview's security headers.
func serve(tb testing.TB, out, prefix string) string {
	tb.Helper()
	files := http.FileServer(http.Dir(out))
	var h http.Handler = files
	if prefix != "/" {
		h = http.StripPrefix(strings.TrimSuffix(prefix, "/"), files)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if !strings.HasPrefix(r.URL.Path, prefix) {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL + prefix
}

const (
	options    = `document.querySelectorAll('#search-listbox [role=option]')`
	popupShown = `!document.querySelector('[data-search-popup]').hidden`
)

// TestBrowserSearchBox: "/" focuses the header box; typing shows results
// with marked words and badges; arrows and Enter open one; Escape closes.
func TestBrowserSearchBox(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	site := buildSite(t, fixtureSite)
	base := serve(t, site.out, "/")
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"platforms/linkedin/"))
	b.wait(t, `document.readyState === 'complete' && document.getElementById('search-q').getAttribute('role') === 'combobox'`, "search.js to set up the box")

	b.press(t, "/", "Slash", "/", 191)
	b.wait(t, `document.activeElement && document.activeElement.id === 'search-q'`, `"/" to focus the box`)
	if v := eval[string](t, b, `document.getElementById('search-q').value`); v != "" {
		t.Errorf(`"/" was typed into the box: %q`, v)
	}

	b.do(t, chromedp.SendKeys(chromedp.ID("search-q"), "pinterest"))
	b.wait(t, popupShown+` && `+options+`.length === 3`, "three results for pinterest")
	if got := eval[string](t, b, `document.getElementById('search-q').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("aria-expanded = %q with results shown", got)
	}
	first := eval[map[string]string](t, b, `(() => { const o = `+options+`[0]; return {
		title: o.querySelector('.search-title').textContent,
		href: o.querySelector('.search-title').getAttribute('href'),
		marked: Array.from(o.querySelectorAll('mark')).map(m => m.textContent).join(','),
		badges: Array.from(o.querySelectorAll('.badge')).map(m => m.textContent).join(','),
	}; })()`)
	if first["title"] != "Pinterest" || first["href"] != "/platforms/pinterest/" {
		t.Errorf("first result %v, want Pinterest at /platforms/pinterest/", first)
	}
	if !strings.Contains(strings.ToLower(first["marked"]), "pinterest") {
		t.Errorf("no <mark>pinterest</mark> in the first result: marks %q", first["marked"])
	}
	if first["badges"] != "Platform,Approved with conditions" {
		t.Errorf("badges %q, want kind and status", first["badges"])
	}
	live := eval[string](t, b, `document.querySelector('[data-search-live]').textContent`)
	if !strings.Contains(live, "3 results") {
		t.Errorf("the live region says %q", live)
	}
	// Excerpts are text: no markup from the content is parsed.
	if n := eval[int](t, b, `document.querySelectorAll('#search-listbox .search-excerpt *:not(mark)').length`); n != 0 {
		t.Errorf("%d elements other than <mark> in excerpts", n)
	}

	// Arrows move the active option; Enter opens it.
	b.do(t, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	b.wait(t, `document.getElementById('search-q').getAttribute('aria-activedescendant') === `+options+`[1].id`, "the second option to be active")
	if sel := eval[string](t, b, options+`[1].getAttribute('aria-selected')`); sel != "true" {
		t.Errorf("active option has aria-selected=%q", sel)
	}
	b.do(t, chromedp.KeyEvent(kb.ArrowUp))
	b.wait(t, `document.getElementById('search-q').getAttribute('aria-activedescendant') === `+options+`[0].id`, "ArrowUp to go back")

	// Escape closes the list, then clears the box.
	b.do(t, chromedp.KeyEvent(kb.Escape))
	b.wait(t, `!(`+popupShown+`) && document.getElementById('search-q').getAttribute('aria-expanded') === 'false'`, "Escape to close the list")
	b.do(t, chromedp.KeyEvent(kb.ArrowDown))
	b.wait(t, popupShown, "ArrowDown to open the list again")
	b.do(t, chromedp.KeyEvent(kb.ArrowDown))
	b.wait(t, `document.getElementById('search-q').getAttribute('aria-activedescendant') === `+options+`[0].id`, "the first option to be active")
	b.press(t, "Enter", "Enter", "\r", 13)
	b.waitPath(t, "/platforms/pinterest/")

	// A typo is fixed and said so.
	b.do(t, chromedp.Navigate(base))
	b.wait(t, `document.getElementById('search-q').getAttribute('role') === 'combobox'`, "search.js on the home page")
	b.do(t, chromedp.SendKeys(chromedp.ID("search-q"), "hootsiute "))
	b.wait(t, options+`.length > 0 && `+options+`[0].querySelector('.search-title').textContent === 'Hootsuite'`, "hootsuite for hootsiute")
	if live := eval[string](t, b, `document.querySelector('[data-search-live]').textContent`); !strings.Contains(live, "“hootsuite”") {
		t.Errorf("the live region does not name the correction: %q", live)
	}
	// Nothing found.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById('search-q'); i.value = 'qqqqqq'; i.dispatchEvent(new Event('input')); })()`))
	b.wait(t, `document.querySelector('#search-listbox .search-none') !== null`, "a no-results line")
}

// facetState reads the facet checkboxes: "facet=value (count)" with a * when
// checked.
const facetState = `Array.from(document.querySelectorAll('[data-search-facets] input[type=checkbox]')).map(b =>
	b.getAttribute('data-facet') + '=' + b.value + ' ' + b.parentNode.querySelector('.facet-count').textContent + (b.checked ? '*' : '')).join(' ')`

// pageResults are the pages the results link to; pageAnchors the anchors
// in them.
const (
	pageResults = `Array.from(document.querySelectorAll('[data-search-results] .search-title')).map(a => a.getAttribute('href').split('#')[0]).join(' ')`
	pageAnchors = `Array.from(document.querySelectorAll('[data-search-results] .search-title')).map(a => a.hash).join(' ')`
)

// TestBrowserSearchPage: /search/ reads the query and filters from its
// address, filters narrow the results with counts, and the address follows.
func TestBrowserSearchPage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	site := buildSite(t, fixtureSite)
	base := serve(t, site.out, "/")
	b := newBrowser(t)

	b.do(t, chromedp.Navigate(base+"search/?q=dana&kind=decision"))
	b.wait(t, `document.querySelector('[data-search-page]').hasAttribute('data-search-done')`, "the search page to search")
	if q := eval[string](t, b, `document.getElementById('search-page-q').value`); q != "dana" {
		t.Errorf("the box holds %q, want the ?q= of the address", q)
	}
	e := open(t, site.files)
	want, err := e.Search(search.Request{Query: "dana", Filters: map[string][]string{"kind": {"decision"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, b, pageResults); got != strings.Join(urls(want.Hits), " ") {
		t.Errorf("results %q, want %q", got, strings.Join(urls(want.Hits), " "))
	}
	facets := eval[string](t, b, facetState)
	for _, f := range []string{fmt.Sprintf("kind=decision (%d)*", want.Counts["kind"]["decision"]), fmt.Sprintf("kind=platform (%d)", want.Counts["kind"]["platform"]), fmt.Sprintf("risk=high (%d)", want.Counts["risk"]["high"])} {
		if !strings.Contains(facets, f) {
			t.Errorf("facets %q lack %q", facets, f)
		}
	}
	if s := eval[string](t, b, `document.querySelector('[data-search-status]').textContent`); !strings.Contains(s, fmt.Sprintf("%d result", want.Total)) {
		t.Errorf("status %q, want %d results", s, want.Total)
	}

	// A second filter narrows the results and is written to the address.
	b.do(t, chromedp.Click(chromedp.ID("facet-risk-high")))
	b.wait(t, `location.search.includes('risk=high')`, "the address to follow the filter")
	narrow, _ := e.Search(search.Request{Query: "dana", Filters: map[string][]string{"kind": {"decision"}, "risk": {"high"}}})
	b.wait(t, pageResults+` === `+fmt.Sprintf("%q", strings.Join(urls(narrow.Hits), " ")), "the results to narrow")
	if narrow.Total >= want.Total || narrow.Total == 0 {
		t.Errorf("risk=high kept %d of %d results", narrow.Total, want.Total)
	}
	if got := eval[string](t, b, `location.search`); got != "?q=dana&kind=decision&risk=high" {
		t.Errorf("address %q", got)
	}
	// Removing the kind filter widens them again; the counts follow.
	b.do(t, chromedp.Click(chromedp.ID("facet-kind-decision")))
	wide, _ := e.Search(search.Request{Query: "dana", Filters: map[string][]string{"risk": {"high"}}})
	b.wait(t, pageResults+` === `+fmt.Sprintf("%q", strings.Join(urls(wide.Hits), " ")), "the results to widen")
	if got := eval[string](t, b, `location.search`); got != "?q=dana&risk=high" {
		t.Errorf("address %q", got)
	}

	// Typing in the page's box searches and rewrites ?q=.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById('search-page-q'); i.value = 'hootsuite'; i.dispatchEvent(new Event('input')); })()`))
	b.wait(t, `location.search === '?q=hootsuite&risk=high'`, "the address to follow the box")
	b.wait(t, pageResults+` === '/decisions/dr-0003/'`, "hootsuite with risk=high")

	// A match under a heading links to that heading.
	b.do(t, chromedp.Navigate(base+"search/?q=brand+safety"))
	b.wait(t, pageResults+` === '/platforms/pinterest/'`, "brand safety")
	if a := eval[string](t, b, pageAnchors); a != "#brand-safety" {
		t.Errorf("the result links to %q, want the heading's anchor #brand-safety", a)
	}

	// A shared link: filters with no results still show, checked.
	b.do(t, chromedp.Navigate(base+"search/?q=pinterest&tag=process"))
	b.wait(t, `document.querySelector('[data-search-page]').hasAttribute('data-search-done')`, "the shared link to search")
	if s := eval[string](t, b, `document.querySelector('[data-search-status]').textContent`); !strings.Contains(s, "No results") {
		t.Errorf("status %q", s)
	}
	if f := eval[string](t, b, facetState); !strings.Contains(f, "tag=process (0)*") {
		t.Errorf("facets %q lack the checked, empty tag=process", f)
	}
}

// TestBrowserFirstQueryDownloads records every request the first query of a
// page makes: the manifest, the chunks of its terms and the fragment files
// of the results shown, exactly the files the reference engine reads.
func TestBrowserFirstQueryDownloads(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	site := buildSite(t, sampleSite)
	base := serve(t, site.out, "/")
	b := newBrowser(t)
	for _, q := range []string{"hootsuite", "paypal conditions", "escalated"} {
		b.resetRequests()
		b.do(t, chromedp.Navigate(base+"tools/"))
		b.wait(t, `document.readyState === 'complete' && document.getElementById('search-q').getAttribute('role') === 'combobox'`, "the page and search.js")
		// Nothing of the index is read before the box is used.
		for _, u := range b.requested() {
			if strings.Contains(u, "/search/") {
				t.Errorf("%s was read before any search", u)
			}
		}
		b.resetRequests()
		b.do(t, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const i = document.getElementById('search-q'); i.focus(); i.value = %q; i.dispatchEvent(new Event('input')); })()`, q)))
		b.wait(t, popupShown+` && `+options+`.length > 0`, "results for "+q)
		time.Sleep(200 * time.Millisecond) // let any stray request show
		e := open(t, site.files)
		if _, err := e.Search(search.Request{Query: q, Limit: 5}); err != nil {
			t.Fatal(err)
		}
		want := e.Loaded()
		var got []string
		for _, raw := range b.requested() {
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if u.Path == "/favicon.svg" || u.Path == "/favicon.ico" {
				continue // the browser fetches the icon when it likes
			}
			got = append(got, strings.TrimPrefix(u.Path, "/"))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q requested\n %v\nwant exactly\n %v", q, got, want)
		}
		t.Logf("%q: %d requests: %v", q, len(got), got)
	}
}

// TestBrowserBasePath: a site published under a sub-path reads its index
// and links its results under that path.
func TestBrowserBasePath(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	site := buildSiteAt(t, fixtureSite, "https://example.com/sub/")
	base := serve(t, site.out, "/sub/")
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"tools/"))
	b.wait(t, `document.getElementById('search-q').getAttribute('role') === 'combobox'`, "search.js under /sub/")
	b.do(t, chromedp.SendKeys(chromedp.ID("search-q"), "paypal"))
	b.wait(t, options+`.length === 1`, "one result for paypal")
	if href := eval[string](t, b, options+`[0].querySelector('a').getAttribute('href')`); href != "/sub/tools/paypal/" {
		t.Errorf("result links to %q, want /sub/tools/paypal/", href)
	}
	for _, u := range b.requested() {
		if strings.Contains(u, "/search/") && !strings.Contains(u, "/sub/search/") {
			t.Errorf("%s read outside the base path", u)
		}
	}
	b.do(t, chromedp.Navigate(base+"search/?q=paypal"))
	b.wait(t, pageResults+` === '/sub/tools/paypal/'`, "the search page under /sub/")
}

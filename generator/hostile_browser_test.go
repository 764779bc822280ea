package generator

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"playbook/internal/browsertest"
)

// TestHostileSiteRunsNoScript builds a site whose every field and body tries
// to run a script, opens each of its pages in headless Chromium, and fails if
// any script from the content runs, or if any injected handler, javascript:
// URL or foreign script element made it into a page. The pages are served
// without a CSP header, so that the escaping itself is what is tested; the
// CSP the pages carry is checked too.
func TestHostileSiteRunsNoScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: filepath.Join("testdata", "hostile"), Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatalf("build: %v", err)
	}
	var pages []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(pages) < 15 {
		t.Fatalf("only %d pages built", len(pages))
	}
	base := browsertest.ServeDir(t, out, "")
	ctx := browsertest.New(t)

	// Before any page script, the dialogs that the payloads call record
	// their message instead of opening.
	const trap = `window.__ran = [];
		for (const f of ['alert', 'confirm', 'prompt', 'print']) {
			window[f] = (m) => { window.__ran.push(f + ': ' + m); };
		}`
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: trap})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	// What a page holds that content could have put there.
	const probe = `(() => {
		const bad = [];
		for (const el of document.querySelectorAll('*')) {
			for (const a of el.attributes) {
				if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
				if (/^(href|src|action|data|formaction|srcdoc)$/i.test(a.name) && /^\s*(javascript|vbscript|data:text)/i.test(a.value)) bad.push(el.tagName + ' ' + a.name + '=' + a.value);
			}
		}
		for (const s of document.scripts) {
			if (!s.src || new URL(s.src).origin !== location.origin) bad.push('script ' + (s.src || s.textContent.slice(0, 40)));
		}
		for (const tag of ['iframe', 'object', 'embed', 'base', 'form[action^="javascript"]', 'meta[http-equiv="refresh" i]']) {
			if (document.querySelector(tag)) bad.push(tag);
		}
		if (document.querySelectorAll('meta[http-equiv]').length !== 1) bad.push('a meta http-equiv from the content');
		const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
		if (!csp || !/default-src 'self'/.test(csp.content) || /unsafe-/.test(csp.content)) bad.push('no strict CSP meta tag');
		for (const r of window.__ran) bad.push('a script ran: ' + r);
		return bad;
	})()`
	for _, p := range pages {
		tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(base+p), chromedp.Sleep(50*time.Millisecond)) // let load handlers and timers fire
		var bad []string
		if err == nil {
			bad, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](probe))
		}
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(bad) > 0 {
			t.Errorf("%s: %s", p, strings.Join(bad, "; "))
		}
	}
	// Search results show the hostile titles and excerpts as text.
	for _, q := range []string{"script", "alert", "onerror img"} {
		tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(base+"search/?q="+q))
		var n int
		for i := 0; err == nil && i < 200 && n == 0; i++ {
			n, err = chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-search-results] li').length`))
			if n == 0 {
				time.Sleep(20 * time.Millisecond)
			}
		}
		var bad []string
		if err == nil {
			bad, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](probe))
		}
		cancel()
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if n == 0 {
			t.Errorf("search %q found nothing in the hostile site", q)
		}
		if len(bad) > 0 {
			t.Errorf("search %q: %s", q, strings.Join(bad, "; "))
		}
	}
}

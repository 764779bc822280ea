package search_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// typeInto clears a search box and types a query into it, key by key, as
// a reader does.
func typeInto(t *testing.T, b *browser, id, q string) {
	t.Helper()
	b.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById(`+strconv.Quote(id)+`); i.value = ''; i.focus(); })()`),
		chromedp.SendKeys(chromedp.ID(id), q))
}

// TestBrowserQuestions: on the sample playbook in Chromium, a question
// typed into the header box gets the page that answers it first; a name
// the playbook does not list gets the answer "not listed means not
// approved" with the link to the request page, first in the list, and
// Enter follows it; the search page says the same, and links a question
// about conditions to the page's conditions.
func TestBrowserQuestions(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	site := buildSite(t, sampleSite)
	base := serve(t, site.out, "/")
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base))
	b.wait(t, `document.readyState === 'complete' && document.getElementById('search-q').getAttribute('role') === 'combobox'`, "search.js to set up the box")

	// The home page links the request process.
	if href := eval[string](t, b, `(() => { const a = document.querySelector('.can-i-use .request-hint a'); return a ? a.getAttribute('href') : ''; })()`); href != "/pages/request-a-new-platform/" {
		t.Errorf("the home page's request link is %q, want /pages/request-a-new-platform/", href)
	}

	typeInto(t, b, "search-q", "can I use tiktok")
	b.wait(t, popupShown+` && `+options+`.length > 0 && document.getElementById('search-q').value === 'can I use tiktok'`, "results for can I use tiktok")
	b.wait(t, options+`[0].querySelector('.search-title') && `+options+`[0].querySelector('.search-title').getAttribute('href') === '/platforms/tiktok/'`, "TikTok first for can I use tiktok")
	first := eval[map[string]string](t, b, `(() => { const o = `+options+`[0]; return {
		title: o.querySelector('.search-title').textContent,
		second: `+options+`[1].querySelector('.search-title').getAttribute('href'),
		notlisted: String(document.querySelectorAll('#search-listbox .search-notlisted').length),
	}; })()`)
	if first["title"] != "TikTok" {
		t.Errorf("first result %q, want TikTok", first["title"])
	}
	if !strings.HasPrefix(first["second"], "/decisions/") {
		t.Errorf("second result %s, want a decision record about TikTok", first["second"])
	}
	if first["notlisted"] != "0" {
		t.Errorf("TikTok is listed, but the box says it is not")
	}

	// A name of nothing in the playbook.
	typeInto(t, b, "search-q", "bluesky")
	// Wait for the answer to the whole word: on a slow machine the box may
	// answer "blue", also not listed, while the word is being typed.
	b.wait(t, `(document.querySelector('#search-listbox .search-notlisted .search-notlisted-text') || {}).textContent === "Bluesky is not in the playbook: not listed means not approved."`, "the not-listed answer for bluesky")
	nl := eval[map[string]string](t, b, `(() => { const o = document.querySelector('#search-listbox .search-notlisted'); const a = o.querySelector('a'); return {
		text: o.querySelector('.search-notlisted-text').textContent,
		href: a ? a.getAttribute('href') : '',
		role: o.getAttribute('role'),
		index: String(Array.from(`+options+`).indexOf(o)),
		live: document.querySelector('[data-search-live]').textContent,
	}; })()`)
	const want = "Bluesky is not in the playbook: not listed means not approved."
	if nl["text"] != want {
		t.Errorf("the box says %q, want %q", nl["text"], want)
	}
	if nl["href"] != "/pages/request-a-new-platform/" {
		t.Errorf("the answer links to %q, want the request page /pages/request-a-new-platform/", nl["href"])
	}
	if nl["role"] != "option" || nl["index"] != "0" {
		t.Errorf("the answer is %s number %s, want the first option", nl["role"], nl["index"])
	}
	if !strings.Contains(nl["live"], want) {
		t.Errorf("the live region says %q, want the answer", nl["live"])
	}
	// Arrow down and Enter lead to the request page.
	b.do(t, chromedp.KeyEvent(kb.ArrowDown))
	b.wait(t, `document.getElementById('search-q').getAttribute('aria-activedescendant') === document.querySelector('#search-listbox .search-notlisted').id`, "the answer to be the active option")
	b.press(t, "Enter", "Enter", "\r", 13)
	b.waitPath(t, "/pages/request-a-new-platform/")

	// The search page says the same, with the link.
	b.do(t, chromedp.Navigate(base+"search/?q=can+we+use+bluesky"))
	b.wait(t, `document.querySelector('[data-search-page]').hasAttribute('data-search-done')`, "the search page to search")
	page := eval[map[string]string](t, b, `(() => { const s = document.querySelector('[data-search-status] .search-notlisted'); return s ? {
		text: s.textContent, href: s.querySelector('a').getAttribute('href'),
	} : {}; })()`)
	if !strings.HasPrefix(page["text"], want) || page["href"] != "/pages/request-a-new-platform/" {
		t.Errorf("the search page says %q linking %q, want %q linking the request page", page["text"], page["href"], want)
	}

	// A question about conditions links to them.
	typeInto(t, b, "search-page-q", "what are the rules for tiktok")
	b.wait(t, `(() => { const a = document.querySelector('[data-search-results] .search-title'); return a && a.getAttribute('href') === '/platforms/tiktok/#sec-controls'; })()`, "TikTok's required controls first")
	if sec := eval[string](t, b, `document.querySelector('[data-search-results] .search-section').textContent`); sec != "§ Required controls" {
		t.Errorf("the first result's section is %q, want § Required controls", sec)
	}
	if n := eval[int](t, b, `document.querySelectorAll('[data-search-status] .search-notlisted').length`); n != 0 {
		t.Errorf("TikTok is listed, but the search page says it is not")
	}
	// The controls are on the page at that anchor.
	b.do(t, chromedp.Navigate(base+"platforms/tiktok/#sec-controls"))
	b.wait(t, `document.getElementById('sec-controls') !== null`, "the required controls section")
}

// TestBrowserNotListedWithoutRequestPage: a site that names no request
// page links the answer to its list of platforms.
func TestBrowserNotListedWithoutRequestPage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	site := buildSite(t, fixtureSite)
	base := serve(t, site.out, "/")
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"tools/"))
	b.wait(t, `document.readyState === 'complete' && document.getElementById('search-q').getAttribute('role') === 'combobox'`, "search.js to set up the box")
	if n := eval[int](t, b, `document.querySelectorAll('.request-hint').length`); n != 0 {
		t.Errorf("the tool list links a request page the site does not name")
	}
	typeInto(t, b, "search-q", "can we use mastodon")
	b.wait(t, `document.querySelector('#search-listbox .search-notlisted a') !== null`, "the not-listed answer for mastodon")
	if href := eval[string](t, b, `document.querySelector('#search-listbox .search-notlisted a').getAttribute('href')`); href != "/platforms/" {
		t.Errorf("the answer links to %q, want the platform list /platforms/", href)
	}
}

package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"playbook/generator/model"
	theme "playbook/themes/default"
)

// memOut is an Output that keeps files in memory.
type memOut struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOut) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[rel] = bytes.Clone(data)
	return nil
}

func date(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// testSite builds a small checked site by hand: 2 platforms, 2 tools, 3
// decisions (DR-0001 superseded by DR-0003), plain pages with an _index and
// tags. Today is 2026-06-01: LinkedIn's review is overdue, DR-0002's review
// is due in 14 days.
func testSite(baseURL string) *model.Site {
	s := &model.Site{Title: "Test Playbook", BaseURL: baseURL, Today: date("2026-06-01")}

	pinterest := &model.Platform{
		Doc: model.Doc{Kind: model.KindPlatform, Path: "content/platforms/pinterest.md", Slug: "pinterest", URL: "/platforms/pinterest/",
			Title: "Pinterest", Tags: []string{"visual"},
			HTML: []byte(`<h2 id="brand-safety">Brand safety</h2>` + "\n<p>Pins link to our shop.</p>\n" + `<h2 id="accounts">Accounts</h2>` + "\n<p>One brand account.</p>\n"),
			TOC:  []model.Heading{{Level: 2, ID: "brand-safety", Text: "Brand safety"}, {Level: 2, ID: "accounts", Text: "Accounts"}}},
		Review:      model.Review{Reviewed: date("2026-01-10"), NextReview: date("2026-12-01")},
		Status:      model.Conditional,
		Risk:        "medium",
		Owner:       model.People{"Dana Whitfield"},
		Controls:    []string{"SSO through the business account", "Hardware-key MFA for every admin"},
		AllowedUses: []string{"Product pins"},
		Accounts:    []string{"@test"},
	}
	linkedin := &model.Platform{
		Doc: model.Doc{Kind: model.KindPlatform, Path: "content/platforms/linkedin.md", Slug: "linkedin", URL: "/platforms/linkedin/",
			Title: "LinkedIn", HTML: []byte("<p>Company page only.</p>\n")},
		Review: model.Review{Reviewed: date("2026-02-01"), NextReview: date("2026-05-01")},
		Status: model.Approved,
		Risk:   "low",
		Owner:  model.People{"Dana Whitfield", "Sam Ortiz"},
	}
	hootsuite := &model.Tool{
		Doc: model.Doc{Kind: model.KindTool, Path: "content/tools/hootsuite.md", Slug: "hootsuite", URL: "/tools/hootsuite/",
			Title: "Hootsuite", Tags: []string{"visual", "Social Media"}, HTML: []byte("<p>Schedules posts.</p>\n")},
		Review:     model.Review{Reviewed: date("2026-01-10"), NextReview: date("2027-01-10")},
		Vendor:     "Hootsuite Inc.",
		Category:   "Social media management",
		Status:     model.Conditional,
		Data:       "internal",
		SSO:        "enforced",
		MFA:        "enforced",
		Owner:      model.People{"Dana Whitfield"},
		Conditions: []string{"Per-user seats, no shared logins"},
		Website:    "https://www.hootsuite.com/",
	}
	paypal := &model.Tool{
		Doc: model.Doc{Kind: model.KindTool, Path: "content/tools/paypal.md", Slug: "paypal", URL: "/tools/paypal/",
			Title: "PayPal", HTML: []byte("<p>Not in posts.</p>\n")},
		Review:   model.Review{Reviewed: date("2025-11-01"), NextReview: date("2027-11-01")},
		Vendor:   "PayPal Holdings",
		Category: "Payments",
		Status:   model.NotApproved,
		Data:     "confidential",
		SSO:      "unsupported",
		MFA:      "supported",
		Owner:    model.People{"Lee Park"},
	}
	dr1 := &model.Decision{
		Doc: model.Doc{Kind: model.KindDecision, Path: "content/decisions/0001-shared.md", Slug: "0001-shared", URL: "/decisions/dr-0001/",
			Title: "Hootsuite with a shared login", HTML: []byte("<p>Allowed for one quarter.</p>\n")},
		ID: "DR-0001", Format: "native", Date: date("2025-04-01"), Status: model.Superseded,
		RequestedBy: model.People{"Dana Whitfield"}, AssessedBy: model.People{"Kim Cho"}, Risk: "high",
		DecidedBy: model.People{"Ana Lopez"}, SupersededBy: "DR-0003",
	}
	dr2 := &model.Decision{
		Doc: model.Doc{Kind: model.KindDecision, Path: "content/decisions/0002-pinterest.md", Slug: "0002-pinterest", URL: "/decisions/dr-0002/",
			Title: "Pinterest for product pins", Tags: []string{"visual"}, HTML: []byte("<p>Accepted.</p>\n")},
		ID: "DR-0002", Format: "native", Date: date("2025-06-01"), Status: model.Accepted,
		RequestedBy: model.People{"Dana Whitfield"}, AssessedBy: model.People{"Kim Cho"}, Risk: "medium",
		DecidedBy: model.People{"Ana Lopez"}, Conditions: []string{"Admins use hardware keys"}, ReviewBy: date("2026-06-15"),
	}
	dr3 := &model.Decision{
		Doc: model.Doc{Kind: model.KindDecision, Path: "content/decisions/0003-sso.md", Slug: "0003-sso", URL: "/decisions/dr-0003/",
			Title: "Hootsuite only with SSO", HTML: []byte("<p>Per-user seats.</p>\n")},
		ID: "DR-0003", Format: "native", Date: date("2025-09-01"), Status: model.Accepted,
		RequestedBy: model.People{"Dana Whitfield"}, AssessedBy: model.People{"Kim Cho"}, Risk: "medium",
		DecidedBy: model.People{"Ana Lopez"}, Conditions: []string{"Per-user seats"}, Supersedes: []string{"DR-0001"},
	}
	// Relations, both ways, as the check stage fills them.
	pinterest.Tools = []*model.Tool{hootsuite}
	pinterest.Decisions = []*model.Decision{dr2}
	hootsuite.Platforms = []*model.Platform{pinterest}
	hootsuite.Decisions = []*model.Decision{dr3, dr1}
	dr1.Tools = []*model.Tool{hootsuite}
	dr2.Platforms = []*model.Platform{pinterest}
	dr3.Tools = []*model.Tool{hootsuite}
	dr1.Successor = dr3
	dr3.SupersedesRecs = []*model.Decision{dr1}
	dr1.Chain = []*model.Decision{dr1, dr3}
	dr3.Chain = []*model.Decision{dr1, dr3}
	dr2.Chain = []*model.Decision{dr2}

	page := func(path, url, section, title string, index bool, weight int, tags ...string) *model.Page {
		return &model.Page{Doc: model.Doc{Kind: model.KindPage, Path: path, URL: url, Title: title, Weight: weight, Tags: tags,
			Slug: strings.TrimSuffix(path[strings.LastIndexByte(path, '/')+1:], ".md"),
			HTML: []byte("<p>" + title + " body.</p>\n")}, Section: section, IsIndex: index}
	}
	s.Platforms = []*model.Platform{linkedin, pinterest}
	s.Tools = []*model.Tool{hootsuite, paypal}
	s.Decisions = []*model.Decision{dr1, dr2, dr3}
	s.Pages = []*model.Page{
		page("content/_index.md", "/", "", "Test Playbook", true, 0),
		page("content/pages/_index.md", "/pages/", "pages", "Guidance", true, 0),
		page("content/pages/glossary.md", "/pages/glossary/", "pages", "Glossary", false, 2, "process"),
		page("content/pages/request.md", "/pages/request/", "pages", "Request a platform", false, 1),
		page("content/platforms/_index.md", "/platforms/", "platforms", "Platforms", true, 0),
	}
	s.Pages[0].HTML = []byte("<p>Look it up below.</p>\n")
	s.Pages[4].HTML = []byte("<p>Every platform we publish on.</p>\n")
	return s
}

// wantFiles is every file Render writes for testSite.
var wantFiles = []string{
	"404.html",
	"changes/index.html",
	"css/chroma.css",
	"css/site.css",
	"decisions/audit/index.html",
	"decisions/dr-0001/index.html",
	"decisions/dr-0002/index.html",
	"decisions/dr-0003/index.html",
	"decisions/index.html",
	"favicon.svg",
	"index.html",
	"js/filter.js",
	"js/notfound.js",
	"js/request.js",
	"js/search.js",
	"pages/glossary/index.html",
	"pages/index.html",
	"pages/request/index.html",
	"platforms/index.html",
	"platforms/linkedin/index.html",
	"platforms/pinterest/index.html",
	"request/index.html",
	"search/index.html",
	"sitemap.xml",
	"tags/index.html",
	"tags/process/index.html",
	"tags/social-media/index.html",
	"tags/visual/index.html",
	"tools/hootsuite/index.html",
	"tools/index.html",
	"tools/paypal/index.html",
}

func render(t *testing.T, site *model.Site, workers int) (map[string][]byte, int) {
	t.Helper()
	out := &memOut{}
	n, err := Render(site, out, Options{Theme: theme.FS, Workers: workers})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out.files, n
}

func htmlFiles(files map[string][]byte) []string {
	var out []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// between returns the text of s from the first occurrence of start to the
// first occurrence of end after it.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("%q not found", start)
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		t.Fatalf("%q not found after %q", end, start)
	}
	return s[i : i+j]
}

func TestRenderWritesEveryFile(t *testing.T) {
	t.Parallel()
	files, n := render(t, testSite("https://example.com/"), 0)
	var got []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		// The search index is a stage of its own (package search): render
		// writes the search page and nothing else under search/.
		if strings.HasPrefix(name, "search/") && name != "search/index.html" {
			t.Errorf("render wrote %s, a file of the search index", name)
		}
		got = append(got, name)
	}
	if !slices.Equal(got, wantFiles) {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFiles, "\n"))
	}
	if want := len(htmlFiles(files)); n != want {
		t.Errorf("Render returned %d pages, wrote %d HTML files", n, want)
	}
}

func TestHomeGroupsByStatus(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	home := string(files["index.html"])
	cond := between(t, home, `id="status-conditional"`, "</section>")
	for _, want := range []string{`>Approved with conditions</h3>`, `href="/tools/hootsuite/"`, `href="/platforms/pinterest/"`, "Per-user seats, no shared logins", "SSO through the business account"} {
		if !strings.Contains(cond, want) {
			t.Errorf("conditional group lacks %q:\n%s", want, cond)
		}
	}
	approved := between(t, home, `id="status-approved"`, "</section>")
	if strings.Contains(approved, "hootsuite") || !strings.Contains(approved, `href="/platforms/linkedin/"`) {
		t.Errorf("approved group:\n%s", approved)
	}
	if !strings.Contains(between(t, home, `id="status-not-approved"`, "</section>"), `href="/tools/paypal/"`) {
		t.Errorf("PayPal is not under not approved")
	}
	if !strings.Contains(home, "Look it up below.") {
		t.Errorf("home lacks the intro of content/_index.md")
	}
	// Newest decisions: newest first.
	newest := between(t, home, `id="newest"`, "</section>")
	i3, i2, i1 := strings.Index(newest, "dr-0003"), strings.Index(newest, "dr-0002"), strings.Index(newest, "dr-0001")
	if i3 < 0 || !(i3 < i2 && i2 < i1) {
		t.Errorf("newest decisions not newest first:\n%s", newest)
	}
	// Reviews due: LinkedIn overdue, DR-0002 due soon, nothing else.
	reviews := between(t, home, `id="reviews"`, "</section>")
	for _, want := range []string{`href="/platforms/linkedin/"`, "Overdue by 31 days", `href="/decisions/dr-0002/"`, "Due in 14 days"} {
		if !strings.Contains(reviews, want) {
			t.Errorf("reviews due lack %q:\n%s", want, reviews)
		}
	}
	if strings.Contains(reviews, "pinterest") || strings.Contains(reviews, "hootsuite") {
		t.Errorf("reviews due list a review that is not due:\n%s", reviews)
	}
}

func TestSupersededDecision(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	page := string(files["decisions/dr-0001/index.html"])
	b := between(t, page, `class="banner banner-warning"`, "</div>")
	if !strings.Contains(b, "Superseded by") || !strings.Contains(b, `href="/decisions/dr-0003/"`) || !strings.Contains(b, "DR-0003") {
		t.Errorf("superseded banner:\n%s", b)
	}
	chain := between(t, page, `id="sec-chain"`, "</section>")
	if !strings.Contains(chain, `href="/decisions/dr-0003/"`) || !strings.Contains(chain, "(this record)") {
		t.Errorf("chain:\n%s", chain)
	}
	if strings.Contains(string(files["decisions/dr-0002/index.html"]), `id="sec-chain"`) {
		t.Errorf("a chain of one is shown")
	}
	successor := string(files["decisions/dr-0003/index.html"])
	if strings.Contains(successor, "banner-warning") || !strings.Contains(between(t, successor, ">Supersedes<", "</div>"), `href="/decisions/dr-0001/"`) {
		t.Errorf("successor page misses its supersedes fact or shows a banner")
	}
}

func TestDecisionFacts(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	page := string(files["decisions/dr-0002/index.html"])
	for _, want := range []string{">Requested by<", "Dana Whitfield", ">Assessed by<", "Kim Cho", ">Decided by<", "Ana Lopez",
		"Admins use hardware keys", `<time datetime="2026-06-15">15 June 2026</time>`, "Due in 14 days", `href="/platforms/pinterest/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("DR-0002 page lacks %q", want)
		}
	}
}

func TestImportedRecordWithoutStatus(t *testing.T) {
	t.Parallel()
	site := testSite("")
	d := &model.Decision{
		Doc:    model.Doc{Kind: model.KindDecision, Path: "content/decisions/0004-old.md", Slug: "0004-old", URL: "/decisions/dr-0004/", Title: "Old record"},
		ID:     "DR-0004",
		Format: "madr",
	}
	d.Chain = []*model.Decision{d}
	site.Decisions = append(site.Decisions, d)
	files, _ := render(t, site, 0)
	page := string(files["decisions/dr-0004/index.html"])
	for _, want := range []string{"Status unknown", `class="badge status-unknown"`, ">Date<", `<span class="missing">not recorded</span>`, "Imported from a MADR record."} {
		if !strings.Contains(page, want) {
			t.Errorf("imported record page lacks %q", want)
		}
	}
	log := string(files["decisions/index.html"])
	if !strings.Contains(log, "Date not recorded") || !strings.Contains(log, `data-status="unknown"`) {
		t.Errorf("decision log does not show the undated record")
	}
}

func TestPlatformPage(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	page := string(files["platforms/pinterest/index.html"])
	sec := between(t, page, `id="sec-decisions"`, "</section>")
	if !strings.Contains(sec, "Decisions about this platform") || !strings.Contains(sec, `href="/decisions/dr-0002/"`) || !strings.Contains(sec, "Accepted") {
		t.Errorf("decisions section:\n%s", sec)
	}
	for _, want := range []string{`href="/tools/hootsuite/"`, `href="#brand-safety"`, "Yes, with conditions", "Hardware-key MFA for every admin", `href="/tags/visual/"`, `class="badge risk-medium"`} {
		if !strings.Contains(page, want) {
			t.Errorf("platform page lacks %q", want)
		}
	}
	if strings.Contains(string(files["platforms/linkedin/index.html"]), `class="toc"`) {
		t.Errorf("a table of contents is shown for a body without two headings")
	}
	if !strings.Contains(string(files["platforms/linkedin/index.html"]), "Overdue by 31 days") {
		t.Errorf("LinkedIn's overdue review is not marked")
	}
	if !strings.Contains(string(files["platforms/index.html"]), "Every platform we publish on.") {
		t.Errorf("platform list lacks the intro of platforms/_index.md")
	}
}

func TestToolsTable(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	page := string(files["tools/index.html"])
	body := between(t, page, "<tbody>", "</tbody>")
	if n := strings.Count(body, "<tr "); n != 2 {
		t.Errorf("tool table has %d rows, want 2", n)
	}
	for _, want := range []string{`href="/tools/hootsuite/"`, `href="/tools/paypal/"`, "Hootsuite Inc.", "Payments", `data-status="conditional"`, `data-status="not-approved"`} {
		if !strings.Contains(body, want) {
			t.Errorf("tool table lacks %q", want)
		}
	}
	if !strings.Contains(page, `<script src="/js/filter.js" defer></script>`) || !strings.Contains(page, `data-filter-for="tool-table" hidden`) {
		t.Errorf("tool list lacks its progressive filter")
	}
	tool := string(files["tools/hootsuite/index.html"])
	if !strings.Contains(tool, `<a class="external" href="https://www.hootsuite.com/" rel="noopener noreferrer">www.hootsuite.com</a>`) {
		t.Errorf("tool page lacks the website link")
	}
}

func TestTagPages(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	page := string(files["tags/visual/index.html"])
	for group, want := range map[string]string{"kind-platforms": "/platforms/pinterest/", "kind-tools": "/tools/hootsuite/", "kind-decisions": "/decisions/dr-0002/"} {
		if !strings.Contains(between(t, page, `id="`+group+`"`, "</section>"), `href="`+want+`"`) {
			t.Errorf("tag page: %s lacks %s", group, want)
		}
	}
	if strings.Contains(page, "/tools/paypal/") {
		t.Errorf("tag page lists an untagged doc")
	}
	index := string(files["tags/index.html"])
	if !strings.Contains(index, `href="/tags/social-media/">Social Media <span class="count">1</span>`) || !strings.Contains(index, `visual <span class="count">3</span>`) {
		t.Errorf("tag index lacks counts:\n%s", between(t, index, `class="tag-cloud"`, "</ul>"))
	}
}

func TestPlainPages(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	list := string(files["pages/index.html"])
	if !strings.Contains(list, "Guidance body.") {
		t.Errorf("page list lacks the _index intro")
	}
	if i, j := strings.Index(list, "/pages/request/"), strings.Index(list, "/pages/glossary/"); i < 0 || j < 0 || i > j {
		t.Errorf("pages are not ordered by weight")
	}
	if !strings.Contains(string(files["pages/glossary/index.html"]), "Glossary body.") {
		t.Errorf("plain page lacks its body")
	}
}

type sitemapDoc struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite("https://example.com/playbook"), 0)
	var sm sitemapDoc
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap is not XML: %v", err)
	}
	var want []string
	for _, name := range htmlFiles(files) {
		if name != "404.html" {
			want = append(want, "https://example.com/playbook/"+strings.TrimSuffix(name, "index.html"))
		}
	}
	slices.Sort(want)
	var got []string
	lastmod := map[string]string{}
	for _, u := range sm.URLs {
		got = append(got, u.Loc)
		lastmod[u.Loc] = u.LastMod
	}
	if !slices.Equal(got, want) {
		t.Errorf("sitemap locs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for loc, want := range map[string]string{
		"https://example.com/playbook/decisions/dr-0002/":  "2025-06-01",
		"https://example.com/playbook/platforms/linkedin/": "2026-02-01",
		"https://example.com/playbook/pages/glossary/":     "",
	} {
		if lastmod[loc] != want {
			t.Errorf("lastmod of %s = %q, want %q", loc, lastmod[loc], want)
		}
	}
}

var (
	attrURL      = regexp.MustCompile(`\s(?:href|src|action)="([^"]*)"`)
	resourceTag  = regexp.MustCompile(`<(?:link|script|img|source|iframe)\b[^>]*>`)
	scriptTag    = regexp.MustCompile(`<script\b[^>]*>`)
	eventHandler = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	styleAttr    = regexp.MustCompile(`(?i)<[^>]*\sstyle\s*=`)
)

func TestBaseURLPrefixesEveryLink(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite("https://example.com/playbook"), 0)
	for _, name := range htmlFiles(files) {
		for _, m := range attrURL.FindAllStringSubmatch(string(files[name]), -1) {
			u := m[1]
			switch {
			case strings.HasPrefix(u, "#"), strings.HasPrefix(u, "https://"):
			case !strings.HasPrefix(u, "/playbook/"):
				t.Errorf("%s: %s is not under /playbook/", name, m[0])
			}
		}
	}
	page := string(files["platforms/pinterest/index.html"])
	for _, want := range []string{`href="/playbook/tools/hootsuite/"`, `href="/playbook/css/site.css"`, `<link rel="canonical" href="https://example.com/playbook/platforms/pinterest/">`} {
		if !strings.Contains(page, want) {
			t.Errorf("pinterest page lacks %s", want)
		}
	}
}

func TestNoInlineScriptsOrExternalResources(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite("https://example.com/"), 0)
	for _, name := range htmlFiles(files) {
		page := string(files[name])
		for _, tag := range scriptTag.FindAllString(page, -1) {
			if !strings.Contains(tag, ` src="`) {
				t.Errorf("%s: inline script %s", name, tag)
			}
		}
		if m := eventHandler.FindString(page); m != "" {
			t.Errorf("%s: inline event handler in %s", name, m)
		}
		if m := styleAttr.FindString(page); m != "" {
			t.Errorf("%s: inline style in %s", name, m)
		}
		for _, tag := range resourceTag.FindAllString(page, -1) {
			if strings.Contains(tag, `rel="canonical"`) {
				continue
			}
			if strings.Contains(tag, "http://") || strings.Contains(tag, "https://") || strings.Contains(tag, `="//`) {
				t.Errorf("%s: external resource %s", name, tag)
			}
		}
		if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, `href="/css/site.css"`) || !strings.Contains(page, `href="/css/chroma.css"`) {
			t.Errorf("%s: lacks lang or stylesheets", name)
		}
		if strings.Contains(page, "filter.js") != strings.Contains(page, "data-filter-for") {
			t.Errorf("%s: links filter.js without a filter, or the other way round", name)
		}
	}
	css := string(files["css/site.css"])
	for _, bad := range []string{"@import", "url(http", "url(//", "@font-face"} {
		if strings.Contains(css, bad) {
			t.Errorf("site.css contains %q", bad)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	t.Parallel()
	a, _ := render(t, testSite("https://example.com/"), 1)
	b, _ := render(t, testSite("https://example.com/"), 8)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two renders", name)
		}
	}
}

func TestTemplateErrorIsReturned(t *testing.T) {
	t.Parallel()
	good := fstest.MapFS{}
	for _, name := range pageTemplates {
		good["templates/"+name] = &fstest.MapFile{Data: []byte(`{{template "base" .}}`)}
	}
	good["templates/base.html"] = &fstest.MapFile{Data: []byte(`{{define "base"}}<h1>{{.Title}}</h1>{{end}}`)}

	broken := maps.Clone(good)
	broken["templates/platform.html"] = &fstest.MapFile{Data: []byte(`{{template "base" .}}{{.Data.NoSuchField}}`)}
	_, err := Render(testSite(""), &memOut{}, Options{Theme: broken})
	if err == nil {
		t.Fatal("a template execution error was not returned")
	}
	for _, want := range []string{"platform.html", "platforms/linkedin/index.html", "NoSuchField"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}

	unparsable := maps.Clone(good)
	unparsable["templates/tool.html"] = &fstest.MapFile{Data: []byte(`{{if}}`)}
	if _, err := Render(testSite(""), &memOut{}, Options{Theme: unparsable}); err == nil || !strings.Contains(err.Error(), "templates/tool.html") {
		t.Errorf("parse error: %v", err)
	}

	missing := maps.Clone(good)
	delete(missing, "templates/tag.html")
	if _, err := Render(testSite(""), &memOut{}, Options{Theme: missing}); err == nil || !strings.Contains(err.Error(), "templates/tag.html is missing") {
		t.Errorf("missing template: %v", err)
	}

	if n, err := Render(testSite(""), &memOut{}, Options{Theme: good}); err != nil || n != len(wantFiles)-8 {
		t.Errorf("a minimal theme: %d pages, %v", n, err)
	}
}

func TestDateView(t *testing.T) {
	t.Parallel()
	today := date("2026-06-01")
	cases := []struct {
		d         string
		due, note string
	}{
		{"2026-05-31", "overdue", "overdue by 1 day"},
		{"2026-01-01", "overdue", "overdue by 151 days"},
		{"2026-06-01", "soon", "due today"},
		{"2026-06-02", "soon", "due in 1 day"},
		{"2026-07-01", "soon", "due in 30 days"},
		{"2026-07-02", "", ""},
		// Day counts hold over the whole range of dates.
		{"1700-01-01", "overdue", "overdue by 119220 days"},
		{"0001-01-01", "overdue", "overdue by 739767 days"},
		{"9999-12-31", "", ""},
	}
	for _, c := range cases {
		w := dateView(date(c.d), today, true)
		if w.Due != c.due || w.Note != c.note {
			t.Errorf("%s: due %q %q, want %q %q", c.d, w.Due, w.Note, c.due, c.note)
		}
	}
	if w := dateView(model.Date{}, today, true); !w.Missing || w.Text != "not recorded" || w.Due != "" {
		t.Errorf("missing date: %+v", w)
	}
	if w := dateView(date("2020-01-01"), today, false); w.Due != "" || w.Short != "1 Jan 2020" {
		t.Errorf("a plain date: %+v", w)
	}
}

func TestNewestFirst(t *testing.T) {
	t.Parallel()
	ds := []*model.Decision{
		{ID: "DR-0009", Date: date("2025-01-01")},
		{ID: "DR-0010", Date: date("2025-01-01")},
		{ID: "DR-0002"},
		{ID: "DR-0003", Date: date("2026-01-01")},
	}
	var got []string
	for _, d := range newestFirst(ds) {
		got = append(got, d.ID)
	}
	if want := []string{"DR-0003", "DR-0010", "DR-0009", "DR-0002"}; !slices.Equal(got, want) {
		t.Errorf("newestFirst = %v, want %v", got, want)
	}
}

func TestTagSlug(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Social Media": "social-media", "visual": "visual", " Two  Words ": "two-words", "a/b": "a-b"} {
		if got := tagSlug(in); got != want {
			t.Errorf("tagSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLargeFolderListsNeighboursOnly(t *testing.T) {
	t.Parallel()
	s := testSite("")
	for i := range 40 {
		name := fmt.Sprintf("policy-%02d", i)
		s.Pages = append(s.Pages, &model.Page{Doc: model.Doc{Kind: model.KindPage, Path: "content/policies/" + name + ".md",
			URL: "/policies/" + name + "/", Title: "Policy " + name[7:], Slug: name}, Section: "policies"})
	}
	files, _ := render(t, s, 0)
	nav := func(name string) string {
		return between(t, string(files["policies/"+name+"/index.html"]), `<nav class="section-nav"`, "</nav>")
	}
	for _, c := range []struct {
		page          string
		first, last   string
		before, after string
	}{
		{"policy-00", "Policy 00", "Policy 30", "", "9 more pages"},
		{"policy-20", "Policy 05", "Policy 35", "5 earlier pages", "4 more pages"},
		{"policy-39", "Policy 09", "Policy 39", "9 earlier pages", ""},
	} {
		n := nav(c.page)
		if got := strings.Count(n, "<li>"); got != siblingWindow {
			t.Errorf("%s lists %d siblings, want %d", c.page, got, siblingWindow)
		}
		if !strings.Contains(n, `aria-current="page">Policy `+c.page[7:]+"<") {
			t.Errorf("%s is not marked as the current page:\n%s", c.page, n)
		}
		items := strings.Split(n, "<li>")
		if first, last := items[1], items[len(items)-1]; !strings.Contains(first, c.first+"<") || !strings.Contains(last, c.last+"<") {
			t.Errorf("%s lists %q … %q, want %s … %s", c.page, first, last, c.first, c.last)
		}
		for _, more := range []string{c.before, c.after} {
			if more != "" && !strings.Contains(n, `<a href="/policies/">`+more+"</a>") {
				t.Errorf("%s does not link %q to the folder:\n%s", c.page, more, n)
			}
		}
		if c.before == "" && strings.Contains(n, "earlier page") || c.after == "" && strings.Contains(n, "more page") {
			t.Errorf("%s counts pages that are listed:\n%s", c.page, n)
		}
	}
	if got := strings.Count(string(files["pages/glossary/index.html"]), "section-more"); got != 0 {
		t.Errorf("a folder of two pages shows %d 'more' links, want none", got)
	}
}

func TestCachedTemplatesRunOncePerKey(t *testing.T) {
	t.Parallel()
	th := fstest.MapFS{}
	for _, name := range pageTemplates {
		th["templates/"+name] = &fstest.MapFile{Data: []byte(`{{template "base" .}}`)}
	}
	// The key is the kind of page, so every page of a kind gets the
	// fragment made for the first of them.
	th["templates/base.html"] = &fstest.MapFile{Data: []byte(`{{define "base"}}{{cached "first" .Kind .}}|{{.Title}}{{end}}{{define "first"}}<b>{{.Title}}</b>{{end}}`)}
	out := &memOut{}
	if _, err := Render(testSite(""), out, Options{Theme: th, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"platforms/linkedin/index.html":  "<b>LinkedIn</b>|LinkedIn",
		"platforms/pinterest/index.html": "<b>LinkedIn</b>|Pinterest",
		"tools/hootsuite/index.html":     "<b>Hootsuite</b>|Hootsuite",
		"tools/paypal/index.html":        "<b>Hootsuite</b>|PayPal",
	} {
		if got := string(out.files[file]); got != want {
			t.Errorf("%s = %q, want %q", file, got, want)
		}
	}

	th["templates/base.html"] = &fstest.MapFile{Data: []byte(`{{define "base"}}{{cached "missing" "" .}}{{end}}`)}
	if _, err := Render(testSite(""), &memOut{}, Options{Theme: th}); err == nil || !strings.Contains(err.Error(), `cached "missing"`) {
		t.Errorf("a cached template that does not exist gave %v", err)
	}
}

package render

import (
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"playbook/generator/model"
)

var requestAttr = regexp.MustCompile(`data-request="([^"]*)"`)

// requestConfigOf reads what the request form hands its script.
func requestConfigOf(t *testing.T, files map[string][]byte, rel string) requestConfig {
	t.Helper()
	m := requestAttr.FindSubmatch(files[rel])
	if m == nil {
		t.Fatalf("%s has no form with data-request", rel)
	}
	var cfg requestConfig
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &cfg); err != nil {
		t.Fatalf("%s: data-request is not JSON: %v", rel, err)
	}
	return cfg
}

// The request form knows at build time what the page cannot: the next
// free id, where records go, the playbook's platforms and tools with the
// names a reader may type for them, and the web host's "new file" address
// in the host's own form.
func TestRequestFormData(t *testing.T) {
	t.Parallel()
	s := testSite("")
	s.IDPrefix = "DR-"
	files, _ := render(t, s, 0)
	cfg := requestConfigOf(t, files, "request/index.html")
	if cfg.ID != "DR-0004" || cfg.Number != "0004" || cfg.Dir != "content/decisions/" || cfg.RepoDir != "content/decisions/" {
		t.Errorf("id %q, number %q, dir %q, repo dir %q; want DR-0004, 0004, content/decisions/", cfg.ID, cfg.Number, cfg.Dir, cfg.RepoDir)
	}
	if cfg.AssessedBy == "" || !slices.Contains(model.Risks, cfg.Risk) {
		t.Errorf("assessed_by %q, risk %q: the record would not pass check", cfg.AssessedBy, cfg.Risk)
	}
	var known []string
	for _, k := range cfg.Known {
		known = append(known, k.Kind+":"+k.Slug+"="+strings.Join(k.Names, "|")+" @"+k.URL+" "+k.Status)
	}
	want := []string{
		"platforms:linkedin=LinkedIn|linkedin @/platforms/linkedin/ Approved",
		"platforms:pinterest=Pinterest|pinterest @/platforms/pinterest/ Approved with conditions",
		"tools:hootsuite=Hootsuite|hootsuite @/tools/hootsuite/ Approved with conditions",
		"tools:paypal=PayPal|paypal @/tools/paypal/ Not approved",
	}
	if !slices.Equal(known, want) {
		t.Errorf("known =\n%s\nwant\n%s", strings.Join(known, "\n"), strings.Join(want, "\n"))
	}
	page := string(files["request/index.html"])
	if cfg.NewURL != "" || strings.Contains(page, "data-request-open") || strings.Contains(page, "data-request-mail") {
		t.Errorf("without repo_url or request_email the form offers to open %q or to e-mail", cfg.NewURL)
	}
	for _, w := range []string{`<script src="/js/request.js" defer></script>`, `<option value="Pinterest">Platform</option>`, "copy it or download it."} {
		if !strings.Contains(page, w) {
			t.Errorf("the request page lacks %s", w)
		}
	}

	for _, c := range []struct{ repo, newURL, name, text, host string }{
		{"https://github.com/acme/playbook", "https://github.com/acme/playbook/new/live", "filename", "value", "github.com"},
		{"https://gitlab.example.com/acme/playbook/", "https://gitlab.example.com/acme/playbook/-/new/live", "file_name", "content", "gitlab.example.com"},
	} {
		s := testSite("https://example.com/playbook/")
		s.RepoURL, s.Branch, s.IDPrefix = c.repo, "live", "DR-"
		files, _ := render(t, s, 0)
		cfg := requestConfigOf(t, files, "request/index.html")
		if cfg.NewURL != c.newURL || cfg.NameParam != c.name || cfg.TextParam != c.text {
			t.Errorf("%s: new file at %q?%s=…&%s=…; want %q?%s=…&%s=…", c.repo, cfg.NewURL, cfg.NameParam, cfg.TextParam, c.newURL, c.name, c.text)
		}
		if p := string(files["request/index.html"]); !strings.Contains(p, "Open as a new file on "+c.host) || !strings.Contains(p, "open it as a new file on "+c.host+".") {
			t.Errorf("%s: the page does not offer to open the record on %s", c.repo, c.host)
		}
		if cfg.Known[0].URL != "/playbook/platforms/linkedin/" {
			t.Errorf("%s: a known page's URL is %q; want it under the base path", c.repo, cfg.Known[0].URL)
		}
	}
}

// The next id follows `playbook new decision`: one more than the highest
// number in native ids with the site's prefix and in file names; an
// imported record counts by its file name; a number too large to follow
// is an error naming its record, shown instead of the form.
func TestRequestNextNumber(t *testing.T) {
	t.Parallel()
	rec := func(path, id, format string) *model.Decision {
		return &model.Decision{Doc: model.Doc{Path: path}, ID: id, Format: format}
	}
	for _, c := range []struct {
		name string
		recs []*model.Decision
		want int
		err  string
	}{
		{"none", nil, 1, ""},
		{"ids beyond file names", []*model.Decision{rec("content/decisions/0003-a.md", "DR-0007", "native")}, 8, ""},
		{"file names beyond ids", []*model.Decision{rec("content/decisions/0012-a.md", "DR-0002", "native")}, 13, ""},
		{"another prefix", []*model.Decision{rec("content/decisions/a.md", "ADR-0099", "native"), rec("content/decisions/b.md", "DR-0004", "native")}, 5, ""},
		{"imported", []*model.Decision{rec("content/decisions/backend/0021_x.md", "DR-0021", "madr"), rec("content/decisions/20250108-x.md", "DR-2025010801", "madr")}, 20250109, ""},
		{"too large", []*model.Decision{rec("content/decisions/big.md", "DR-99999999999999999999", "native")}, 0, "content/decisions/big.md holds the highest decision number"},
	} {
		got, err := nextDecisionNumber(&model.Site{IDPrefix: "DR-", Decisions: c.recs})
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: %d, %v; want %d, %q", c.name, got, err, c.want, c.err)
		}
	}
	s := testSite("")
	s.IDPrefix = "DR-"
	s.Decisions[2].ID = "DR-99999999999999999999"
	files, _ := render(t, s, 0)
	page := string(files["request/index.html"])
	if strings.Contains(page, "data-request=") || !strings.Contains(page, "content/decisions/0003-sso.md holds the highest decision number") {
		t.Error("a site whose numbers cannot go on shows the form, or does not say why")
	}
}

// "X (Twitter)" is matched by what readers call it.
func TestRequestKnownNames(t *testing.T) {
	t.Parallel()
	s := testSite("")
	s.Platforms[0].Title = "X (Twitter)"
	files, _ := render(t, s, 0)
	cfg := requestConfigOf(t, files, "request/index.html")
	if got := cfg.Known[0].Names; !slices.Equal(got, []string{"X (Twitter)", "linkedin", "X", "Twitter"}) {
		t.Errorf("names = %q", got)
	}
}

// A site's own page at /request/ is kept: the form moves beside it, and
// the request process page leads to wherever the form is.
func TestRequestFormMovesAsideForASitePage(t *testing.T) {
	t.Parallel()
	s := testSite("")
	own := &model.Page{Doc: model.Doc{Kind: model.KindPage, Path: "content/request.md", Slug: "request", URL: "/request/", Title: "Our request page", HTML: []byte("<p>Ask us.</p>\n")}}
	s.Pages = append(s.Pages, own)
	s.RequestURL = "/pages/request/"
	files, _ := render(t, s, 0)
	if !strings.Contains(string(files["request/index.html"]), "Our request page") {
		t.Error("the site's page at /request/ was replaced")
	}
	if !strings.Contains(string(files["request-form/index.html"]), `data-request="`) {
		t.Error("the form is not at /request-form/")
	}
	process := string(files["pages/request/index.html"])
	if !strings.Contains(process, `<a href="/request-form/">Use the request form</a>`) {
		t.Error("the request process page does not lead to the form")
	}
	for _, name := range htmlFiles(files) {
		if name != "pages/request/index.html" && strings.Contains(string(files[name]), "Use the request form") {
			t.Errorf("%s links to the form as if it were the request process page", name)
		}
	}
}

// With repo_url, every page built from a file links to that file's editor
// and history on the web host, GitHub's or GitLab's form; pages the
// generator makes alone, and every page without repo_url, show none.
func TestEditAndHistoryLinks(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite(""), 0)
	for _, name := range htmlFiles(files) {
		if strings.Contains(string(files[name]), "Edit this page") {
			t.Errorf("%s: an edit link without repo_url", name)
		}
	}
	for _, c := range []struct{ repo, base string }{
		{"https://github.com/acme/playbook", "https://github.com/acme/playbook/"},
		{"https://gitlab.com/acme/playbook", "https://gitlab.com/acme/playbook/-/"},
	} {
		s := testSite("")
		s.RepoURL, s.Branch = c.repo, "live"
		files, _ := render(t, s, 0)
		for page, src := range map[string]string{
			"platforms/pinterest/index.html": "content/platforms/pinterest.md",
			"tools/hootsuite/index.html":     "content/tools/hootsuite.md",
			"decisions/dr-0002/index.html":   "content/decisions/0002-pinterest.md",
			"pages/glossary/index.html":      "content/pages/glossary.md",
		} {
			want := `<p class="source-links"><a href="` + c.base + `edit/live/` + src + `" rel="noopener noreferrer">Edit this page</a> <span aria-hidden="true">·</span> <a href="` + c.base + `commits/live/` + src + `" rel="noopener noreferrer">History</a></p>`
			if !strings.Contains(string(files[page]), want) {
				t.Errorf("%s: lacks %s", page, want)
			}
		}
		for _, page := range []string{"index.html", "platforms/index.html", "decisions/audit/index.html", "search/index.html", "request/index.html", "tags/visual/index.html"} {
			if strings.Contains(string(files[page]), "Edit this page") {
				t.Errorf("%s: a page made by the generator links to an editor", page)
			}
		}
	}
}

// Commit ids link to the commit on the web host, in the host's form; a
// theme lays them out with commitURL.
func TestCommitLinks(t *testing.T) {
	t.Parallel()
	th := fstest.MapFS{}
	for _, name := range pageTemplates {
		th["templates/"+name] = &fstest.MapFile{Data: []byte(`{{template "base" .}}`)}
	}
	th["templates/base.html"] = &fstest.MapFile{Data: []byte(`{{define "base"}}{{range .Changes}}[{{with commitURL .Hash}}<a href="{{.}}">{{end}}{{.Hash}}]{{end}}{{end}}`)}
	for _, c := range []struct{ repo, want string }{
		{"", `[abc1234]`},
		{"https://github.com/acme/playbook/", `[<a href="https://github.com/acme/playbook/commit/abc1234">abc1234]`},
		{"https://gitlab.com/acme/playbook", `[<a href="https://gitlab.com/acme/playbook/-/commit/abc1234">abc1234]`},
	} {
		s := testSite("")
		s.RepoURL = c.repo
		s.Decisions[1].History = []model.Change{{Hash: "abc1234", Date: date("2026-01-01"), Author: "Kim Cho", Subject: "Accept"}}
		out := &memOut{}
		if _, err := Render(s, out, Options{Theme: th}); err != nil {
			t.Fatal(err)
		}
		if got := string(out.files["decisions/dr-0002/index.html"]); got != c.want {
			t.Errorf("repo %q: %s; want %s", c.repo, got, c.want)
		}
	}
}

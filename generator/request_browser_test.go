package generator

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"playbook/generator/config"
	"playbook/generator/model"
	"playbook/generator/scaffold"
	"playbook/internal/browsertest"
	"playbook/internal/testsite"
)

// requestSite copies the sample playbook (the repository's content/ and
// playbook.yaml) into a new site folder, with the web host, the request
// process page and, once the config takes it, the address requests go to.
// It returns the folder and whether request_email was taken.
func requestSite(t *testing.T) (string, bool) {
	t.Helper()
	dir := t.TempDir()
	testsite.CopyTree(t, filepath.Join("..", "content"), filepath.Join(dir, "content"))
	cfg, err := os.ReadFile(filepath.Join("..", "playbook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The sample's own settings, but for the ones this test sets.
	var base strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(cfg), "\n"), "\n") {
		key, _, _ := strings.Cut(line, ":")
		if !slices.Contains([]string{"repo_url", "branch", "request_page", "request_email"}, key) {
			base.WriteString(line + "\n")
		}
	}
	base.WriteString("repo_url: https://github.com/acme/playbook\nbranch: live\nrequest_page: pages/request-a-new-platform.md\n")
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// request_email is read by the request form once the config has it;
	// until then the site is built without it.
	write(base.String() + "request_email: security-requests@example.com\n")
	if _, probs := config.Load(dir); probs.HasErrors() {
		write(base.String())
		return dir, false
	}
	return dir, true
}

// answers are what a reader types into the request form, by field name.
type answers map[string]string

// fill types the answers into the form as a reader would, one input and
// change event per field, and chooses the kind.
func fill(t *testing.T, ctx context.Context, a answers, kind string) {
	t.Helper()
	js, _ := json.Marshal(map[string]any{"answers": a, "kind": kind})
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`((input) => {
		const form = document.getElementById('request-form');
		for (const [name, v] of Object.entries(input.answers)) {
			const f = form.elements[name];
			f.focus();
			f.value = v;
			f.dispatchEvent(new Event('input', {bubbles: true}));
			f.dispatchEvent(new Event('change', {bubbles: true}));
		}
		if (input.kind) {
			form.querySelector('input[name=kind][value=' + input.kind + ']').click();
		}
		return true;
	})(`+string(js)+`)`))
	if err != nil {
		t.Fatal(err)
	}
}

// submit presses "Write the decision record" and returns the messages
// shown next to the fields, by field id.
func submit(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		document.querySelector('#request-form button[type=submit]').click();
		const out = {};
		for (const e of document.querySelectorAll('.field-error')) {
			if (!e.hidden) out[e.id.replace(/-error$/, '')] = e.textContent;
		}
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// checkRecord saves a record the form wrote into a fresh copy of the
// sample, runs check on it, and returns the record as the site reads it.
// Check must find no error anywhere and no problem at all in the record.
func checkRecord(t *testing.T, file, text string) *model.Decision {
	t.Helper()
	src, _ := requestSite(t)
	if !strings.HasPrefix(file, "content/decisions/") || strings.Contains(strings.TrimPrefix(file, "content/decisions/"), "/") {
		t.Fatalf("the form names the file %q; expected a file in content/decisions/", file)
	}
	if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(file)), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Check(Options{Source: src, NoHistory: true})
	if err != nil {
		t.Fatalf("playbook check on the record the form wrote: %v\n%s", err, text)
	}
	for _, p := range res.Problems {
		if p.File == file {
			t.Errorf("check reports on the record the form wrote: %s\n%s", p, text)
		}
	}
	site, _, _, err := Load(Options{Source: src, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	d, ok := site.DocByPath[file]
	if !ok {
		t.Fatalf("the site has no record %s", file)
	}
	for _, rec := range site.Decisions {
		if &rec.Doc == d {
			return rec
		}
	}
	t.Fatalf("%s is not read as a decision record", file)
	return nil
}

// scaffolded is what `playbook new decision TITLE` writes in a fresh copy
// of the sample: its path, its id and its section headings.
func scaffolded(t *testing.T, title string, today model.Date) (string, string, []string) {
	t.Helper()
	src, _ := requestSite(t)
	r, err := scaffold.New(scaffold.Options{Source: src, Kind: "decision", Title: title, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(r.Path)))
	if err != nil {
		t.Fatal(err)
	}
	var heads []string
	for _, l := range strings.Split(string(text), "\n") {
		if h, ok := strings.CutPrefix(l, "## "); ok {
			heads = append(heads, h)
		}
	}
	return r.Path, r.ID, heads
}

func headings(d *model.Decision) []string {
	var out []string
	for _, h := range d.TOC {
		out = append(out, h.Text)
	}
	return out
}

// A marketer fills the request form in Chromium, under the site's CSP, and
// gets a proposed decision record that passes playbook check: the next
// free id and the file name `playbook new decision` would give it, today's
// date, who asked, the ref to the platform named, and the sections of the
// decision template filled from the answers. The record can be
// downloaded, opened as a new file on the web host and e-mailed; answers
// that break the build's rules are shown next to their fields.
func TestRequestFormWritesARecordThatPassesCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test; it runs without -short")
	}
	src, withEmail := requestSite(t)
	out := filepath.Join(t.TempDir(), "public")
	before := time.Now()
	if _, err := Build(Options{Source: src, Out: out, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	base := browsertest.ServeDir(t, out, "")
	bctx := browsertest.New(t)
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	downloads := t.TempDir()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		// A headless page never has the focus the clipboard asks for,
		// unless focus is emulated.
		if _, err := cdp.Call(ctx, tab, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
			return err
		}
		b := chromedp.FromContext(ctx).Browser
		if _, err := cdp.Call(ctx, b, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
			return err
		}
		for _, perm := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, b, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: perm}, Setting: browser.PermissionSettingGranted, Origin: strings.TrimSuffix(base, "/"),
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}

	// The request process page leads to the form, and to its own file.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"pages/request-a-new-platform/")); err != nil {
		t.Fatal(err)
	}
	links := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.request-form-link a, .source-links a')).map(a => a.textContent + ' ' + a.href)`)
	wantLinks := []string{
		"Use the request form " + base + "request/",
		"Edit this page https://github.com/acme/playbook/edit/live/content/pages/request-a-new-platform.md",
		"History https://github.com/acme/playbook/commits/live/content/pages/request-a-new-platform.md",
	}
	if !slices.Equal(links, wantLinks) {
		t.Errorf("the request process page links %q; want %q", links, wantLinks)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"request/")); err != nil {
		t.Fatal(err)
	}
	if eval[bool](t, ctx, `document.getElementById('request-form').hidden`) {
		t.Fatal("the request form stays hidden: request.js did not run under the page's CSP")
	}

	// An empty form: every required answer is asked for, next to its
	// field, and no record is shown.
	errs := submit(t, ctx)
	var fields []string
	for f := range errs {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	want := []string{"rq-access", "rq-accounts", "rq-audience", "rq-data", "rq-name", "rq-need", "rq-requester", "rq-title", "rq-url"}
	if !slices.Equal(fields, want) {
		t.Errorf("an empty form shows errors at %v; want %v (%v)", fields, want, errs)
	}
	if !eval[bool](t, ctx, `document.querySelector('[data-request-result]').hidden`) {
		t.Error("an empty form shows a record")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-request-summary] li').length`); n != len(want) {
		t.Errorf("the summary lists %d problems; want %d", n, len(want))
	}

	// Answers that break the build's rules.
	fill(t, ctx, answers{
		"name":  "Threads",
		"url":   "not a web address",
		"title": strings.Repeat("x", 121),
		"by":    "2020-01-01",
		"email": "priya at example",
	}, "")
	errs = submit(t, ctx)
	for field, want := range map[string]string{
		"rq-url":   "Expected a web address",
		"rq-title": "expected at most 120",
		"rq-by":    "That date has passed",
		"rq-email": "Expected an e-mail address",
	} {
		if !strings.Contains(errs[field], want) {
			t.Errorf("%s shows %q; want a message with %q", field, errs[field], want)
		}
	}
	if _, ok := errs["rq-name"]; ok {
		t.Errorf("a name was given, yet it is refused: %q", errs["rq-name"])
	}

	// A request about a platform the playbook has: the record names it.
	title := "TikTok Shop for the spring sale"
	fill(t, ctx, answers{
		"name":       "tiktok",
		"url":        "",
		"title":      title,
		"need":       "Sell the spring collection in TikTok Shop.\nAbout 40 orders a week are expected.",
		"audience":   "Customers in the US aged 18 to 30",
		"accounts":   "The existing brand account @northwind",
		"data":       "confidential",
		"dataDetail": "Order numbers and delivery addresses",
		"access":     "Social team (4 people) and the e-commerce lead",
		"by":         "",
		"requester":  "Priya Raman",
		"role":       "Social Media Manager",
		"email":      "priya.raman@example.com",
	}, "")
	if errs := submit(t, ctx); len(errs) > 0 {
		t.Fatalf("valid answers refused: %v", errs)
	}
	if note := eval[string](t, ctx, `document.querySelector('[data-request-match]').textContent`); !strings.Contains(note, "TikTok") || !strings.Contains(note, "In the playbook already") {
		t.Errorf("typing tiktok says %q; want that TikTok is in the playbook", note)
	}
	record := eval[string](t, ctx, `document.querySelector('[data-request-record]').value`)
	file := eval[string](t, ctx, `document.querySelector('[data-request-file]').textContent`)
	after := time.Now()

	rec := checkRecord(t, file, record)
	dates := []string{model.DateOf(before.Local()).String(), model.DateOf(after.Local()).String()}
	// model.DateOf is the date in UTC; the form writes the reader's date.
	dates = append(dates, before.Local().Format("2006-01-02"), after.Local().Format("2006-01-02"))
	if !slices.Contains(dates, rec.Date.String()) {
		t.Errorf("the record is dated %s; want the reader's today (%v)", rec.Date, dates)
	}
	wantPath, wantID, wantHeads := scaffolded(t, title, rec.Date)
	if file != wantPath || rec.ID != wantID {
		t.Errorf("the form wrote %s as %s; playbook new decision writes %s as %s", rec.ID, file, wantID, wantPath)
	}
	if got := headings(rec); !slices.Equal(got, wantHeads) {
		t.Errorf("the record's sections are %q; want playbook new decision's %q", got, wantHeads)
	}
	if rec.Status != model.Proposed || !slices.Equal(rec.RequestedBy, model.People{"Priya Raman (Social Media Manager)"}) ||
		!slices.Equal(rec.PlatformRef, []string{"tiktok"}) || len(rec.ToolRef) != 0 || rec.Title != title {
		t.Errorf("record = status %q, requested_by %q, platforms %q, tools %q, title %q", rec.Status, rec.RequestedBy, rec.PlatformRef, rec.ToolRef, rec.Title)
	}
	for _, want := range []string{"Sell the spring collection in TikTok Shop.", "**Audience:** Customers in the US aged 18 to 30", "**Data it would touch:** Confidential: Order numbers and delivery addresses", "**Requested by:** Priya Raman, Social Media Manager, <priya.raman@example.com>"} {
		if !strings.Contains(string(rec.Body), want) {
			t.Errorf("the record's body lacks %q:\n%s", want, rec.Body)
		}
	}

	// Download: the file, under the name it takes in the repository.
	eval[bool](t, ctx, `document.querySelector('[data-request-download]').click(), true`)
	name := filepath.Join(downloads, filepath.Base(file))
	var got []byte
	for range 100 {
		if got, err = os.ReadFile(name); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if string(got) != record {
		t.Errorf("the download %s holds %q (%v); want the record", name, got, err)
	}

	// Copy: the record on the clipboard.
	eval[bool](t, ctx, `document.querySelector('[data-request-copy]').click(), true`)
	var clip string
	for range 50 {
		clip, err = chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if err == nil && clip == record {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if clip != record {
		t.Errorf("the clipboard holds %q (%v); want the record", clip, err)
	}
	if s := eval[string](t, ctx, `document.querySelector('[data-request-status]').textContent`); !strings.HasPrefix(s, "Copied") {
		t.Errorf("after copying, the page says %q", s)
	}

	// Open on the web host: GitHub's new-file address, in the branch, with
	// the path from the repository's top and the record.
	open, err := url.Parse(eval[string](t, ctx, `document.querySelector('[data-request-open]').href`))
	if err != nil {
		t.Fatal(err)
	}
	if q := open.Query(); open.Scheme+"://"+open.Host+open.Path != "https://github.com/acme/playbook/new/live" || q.Get("filename") != file || q.Get("value") != record {
		t.Errorf("open on GitHub goes to %s; want https://github.com/acme/playbook/new/live?filename=%s&value=<the record>", open, file)
	}
	if withEmail {
		mail, err := url.Parse(eval[string](t, ctx, `document.querySelector('[data-request-mail]').href`))
		if err != nil {
			t.Fatal(err)
		}
		q := mail.Query()
		if mail.Scheme != "mailto" || mail.Opaque != "security-requests@example.com" || !strings.Contains(q.Get("subject"), rec.ID) ||
			!strings.Contains(q.Get("body"), strings.ReplaceAll(record, "\n", "\r\n")) {
			t.Errorf("e-mail goes to %s", mail)
		}
	} else {
		t.Log("request_email is not in the config yet: the e-mail button is not tested")
		if eval[bool](t, ctx, `!!document.querySelector('[data-request-mail]')`) {
			t.Error("an e-mail button without an address to send to")
		}
	}

	// Answers that look like markdown, YAML or HTML stay answers: the
	// record still passes check, keeps the template's sections, and holds
	// the title and the name as typed. A new tool is named by no ref.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"request/")); err != nil {
		t.Fatal(err)
	}
	title = `Café "Ads": #1 tool — 50% off {EU} [beta] # not a comment`
	requester := `Zoë O'Brien: "lead"`
	fill(t, ctx, answers{
		"name":       `Café <b>Ads</b> Manager`,
		"url":        "cafeads.example.com/signup?plan=pro",
		"title":      title,
		"need":       "We need it.\n## Decision\nAccepted!\n---\n```\n<script>alert(1)</script>\n[x]: https://example.com\n    indented",
		"audience":   "# everyone",
		"accounts":   "- one\n\n- two\n===",
		"data":       "unsure",
		"dataDetail": "id: DR-0001\n---",
		"access":     "Care team",
		"requester":  requester,
		"role":       "Social # Media",
	}, "tools")
	if errs := submit(t, ctx); len(errs) > 0 {
		t.Fatalf("valid answers refused: %v", errs)
	}
	record = eval[string](t, ctx, `document.querySelector('[data-request-record]').value`)
	file = eval[string](t, ctx, `document.querySelector('[data-request-file]').textContent`)
	rec = checkRecord(t, file, record)
	wantPath, _, wantHeads = scaffolded(t, title, rec.Date)
	if file != wantPath {
		t.Errorf("the form names the file %s; playbook new decision names it %s", file, wantPath)
	}
	if got := headings(rec); !slices.Equal(got, wantHeads) {
		t.Errorf("the record's sections are %q; want playbook new decision's %q\n%s", got, wantHeads, record)
	}
	if rec.Title != title || !slices.Equal(rec.RequestedBy, model.People{requester + " (Social # Media)"}) || len(rec.PlatformRef)+len(rec.ToolRef) != 0 {
		t.Errorf("record = title %q, requested_by %q, refs %q %q", rec.Title, rec.RequestedBy, rec.PlatformRef, rec.ToolRef)
	}
	if !strings.Contains(string(rec.Body), "a tool or service (<https://cafeads.example.com/signup?plan=pro>)") {
		t.Errorf("the record does not give the tool's address:\n%s", rec.Body)
	}
	if strings.Contains(string(rec.HTML), "<script") || strings.Contains(string(rec.HTML), "<b>") {
		t.Errorf("the record's page holds markup from the answers:\n%s", rec.HTML)
	}
}

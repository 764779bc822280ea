package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"playbook/generator/model"
)

// buildLog builds one of the existing-log fixtures, whose content/decisions
// is a symbolic link to the log where the team keeps it.
func buildLog(t *testing.T, name string) (*model.Site, Result, string) {
	t.Helper()
	src := filepath.Join("testdata", "logs", name)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: src, Out: out, Now: fixtureNow})
	if err != nil {
		t.Fatalf("build %s: %v", name, err)
	}
	site, _, _, err := Load(Options{Source: src, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	return site, res, out
}

func page(t *testing.T, out, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMADRLogPublishesAsItIs(t *testing.T) {
	t.Parallel()
	site, res, out := buildLog(t, "madr")
	var probs []string
	for _, p := range res.Problems {
		probs = append(probs, p.String())
	}
	want := []string{`content/decisions/0004-try-a-link-shortener.md:1:1: warning: decision record ADR-0004 states no status; it is shown as "status unknown"`}
	if !slices.Equal(probs, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(want, "\n"))
	}
	if res.Decisions != 4 {
		t.Errorf("%d decisions, want 4", res.Decisions)
	}
	d1 := site.DecisionByID["ADR-0001"]
	if d1 == nil || d1.Title != "Use Markdown Architectural Decision Records" || d1.Status != model.Accepted ||
		d1.Date.String() != "2024-03-04" || !slices.Equal(d1.DecidedBy, []string{"Kim Cho", "Dana Whitfield"}) ||
		!slices.Equal(d1.Consulted, []string{"Marcus Bell"}) || !slices.Equal(d1.Informed, []string{"Everyone in marketing"}) || d1.Format != "madr" {
		t.Errorf("ADR-0001 read as %+v", d1)
	}
	d2, d3 := site.DecisionByID["ADR-0002"], site.DecisionByID["ADR-0003"]
	if d2.Status != model.Superseded || d2.Successor != d3 || !slices.Equal(d3.DecidedBy, []string{"Ana Lopez", "Kim Cho"}) {
		t.Errorf("ADR-0002 %s → %v; ADR-0003 deciders %v", d2.Status, d2.Successor, d3.DecidedBy)
	}
	if d := site.DecisionByID["ADR-0004"]; d.Status != model.Unknown {
		t.Errorf("ADR-0004 status %q, want unknown", d.Status)
	}
	p2 := page(t, out, "decisions/adr-0002/index.html")
	for _, want := range []string{
		`Superseded by <a href="/decisions/adr-0003/"><strong>ADR-0003</strong>`,
		`<img src="/decisions/0002-login-flow.svg" alt="Login flow">`,
		`<a href="/decisions/0002-login-flow.svg">flow</a>`,
		`<a href="/decisions/adr-0001/">review process</a>`,
	} {
		if !strings.Contains(p2, want) {
			t.Errorf("ADR-0002's page lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "decisions/0002-login-flow.svg")); err != nil {
		t.Errorf("the image beside the record was not published: %v", err)
	}
	if p4 := page(t, out, "decisions/adr-0004/index.html"); !strings.Contains(p4, "Status unknown") {
		t.Errorf("ADR-0004's page does not say its status is unknown")
	}
}

func TestADRToolsLogPublishesAsItIs(t *testing.T) {
	t.Parallel()
	site, res, out := buildLog(t, "adr-tools")
	if len(res.Problems) != 0 || res.Decisions != 4 {
		t.Errorf("problems %v, %d decisions", res.Problems, res.Decisions)
	}
	for id, want := range map[string]string{
		"DR-0001": "Record architecture decisions 2016-02-12 accepted",
		"DR-0002": "Post from personal accounts 2016-03-01 superseded",
		"DR-0003": "Post from the brand account 2016-09-14 accepted",
		"DR-0004": "Require hardware keys for admins 2017-01-05 accepted",
	} {
		d := site.DecisionByID[id]
		if got := d.Title + " " + d.Date.String() + " " + string(d.Status); got != want || d.Format != "adr-tools" {
			t.Errorf("%s read as %q (%s), want %q", id, got, d.Format, want)
		}
	}
	d2, d3 := site.DecisionByID["DR-0002"], site.DecisionByID["DR-0003"]
	if d2.SupersededBy != "DR-0003" || !slices.Equal(d3.Supersedes, []string{"DR-0002"}) {
		t.Errorf("supersession read as %q / %v", d2.SupersededBy, d3.Supersedes)
	}
	p3 := page(t, out, "decisions/dr-0003/index.html")
	for _, want := range []string{
		`Amended by <a href="/decisions/dr-0004/">4. Require hardware keys for admins</a>`,
		`Supersedes <a href="/decisions/dr-0002/">2. Post from personal accounts</a>`,
		`<span class="doc-id">DR-0003</span> Post from the brand account</h1>`,
	} {
		if !strings.Contains(p3, want) {
			t.Errorf("DR-0003's page lacks %s", want)
		}
	}
	if p2 := page(t, out, "decisions/dr-0002/index.html"); !strings.Contains(p2, `Superseded by <a href="/decisions/dr-0003/"><strong>DR-0003</strong>`) {
		t.Errorf("DR-0002's page has no superseded banner")
	}
}

// An adr-tools status outside the words real logs use is a warning at its
// line that shows it as written and names the option that maps it; never
// together with a "states no status" warning.
func TestADRToolsUnknownStatus(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	dst := filepath.Join(src, "content", "decisions")
	os.MkdirAll(dst, 0o755)
	entries, _ := os.ReadDir("testdata/logs/adr-tools/doc/adr")
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("testdata/logs/adr-tools/doc/adr", e.Name()))
		if e.Name() == "0004-require-hardware-keys-for-admins.md" {
			b = []byte(strings.Replace(string(b), "## Status\n\nAccepted", "## Status\n\nParked for now", 1))
		}
		os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644)
	}
	res, err := Check(Options{Source: src, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Problems {
		if strings.Contains(d.File, "0004") {
			got = append(got, d.String())
		}
	}
	want := `content/decisions/0004-require-hardware-keys-for-admins.md:7:1: warning: decision record DR-0004 has the status "Parked for now", which is not one the playbook knows; it is shown as written with "status unknown"; expected one of proposed, escalated, accepted, rejected, withdrawn, deprecated, superseded, or a word that statuses (or status_map) in playbook.yaml adds`
	if len(got) != 1 || got[0] != want {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// The auditor's question, answered from one page: who accepted the risk of
// Pinterest, when, on which conditions, until when; overdue reviews marked.
func TestAuditorView(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	apply(t, src, []edit{{"content/decisions/0004-hootsuite-sso.md", "conditions: [Per-user seats]", "conditions: [Per-user seats]\nreview_by: 2026-03-01"}})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	p := page(t, out, "decisions/audit/index.html")
	row := func(id string) string {
		i := strings.Index(p, `<span class="doc-id">`+id+`</span>`)
		if i < 0 {
			t.Fatalf("no row for %s", id)
		}
		start := strings.LastIndex(p[:i], "<tr")
		end := strings.Index(p[i:], "</tr>")
		return p[start : i+end]
	}
	r2 := row("DR-0002")
	for _, want := range []string{"Pinterest for product pins", "Accepted", `datetime="2025-06-01"`, "Dana Whitfield (Head of Social Media)", "Kim Cho (CISO)", "Medium risk", "Ana Lopez (CMO)", "<li>Admins use hardware keys</li>", `datetime="2027-06-01"`} {
		if !strings.Contains(r2, want) {
			t.Errorf("DR-0002's row lacks %s:\n%s", want, r2)
		}
	}
	if r4 := row("DR-0004"); !strings.Contains(r4, `class="audit-flag"`) || !strings.Contains(r4, "overdue by 92 days") {
		t.Errorf("DR-0004's overdue review is not marked:\n%s", r4)
	}
	if r5 := row("DR-0005"); !strings.Contains(r5, "Rui Costa (COO)") {
		t.Errorf("DR-0005's row does not name who it was escalated to")
	}
	if !strings.Contains(p, "1 overdue review") || !strings.Contains(p, `href="/exports/decisions.csv"`) {
		t.Errorf("the page does not count the overdue review or link the CSV")
	}
}

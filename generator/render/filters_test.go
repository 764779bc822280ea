package render

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"playbook/generator/check"
	"playbook/generator/config"
	linker "playbook/generator/link"
	"playbook/generator/load"
	"playbook/generator/model"
)

// escalatedThenAccepted is a record added to the fixture site: escalated to
// the COO and accepted since (as the sample's DR-0009), naming Kim Cho
// without her role and someone who is only informed.
const escalatedThenAccepted = `---
id: DR-0006
title: TikTok pilot decided by the COO
date: 2026-04-01
status: accepted
requested_by: Dana Whitfield (Head of Social Media)
assessed_by: Kim Cho
risk: critical
escalated_to: Rui Costa (COO)
decided_by: Rui Costa (COO)
conditions: [One dedicated phone]
review_by: 2026-10-01
consulted: Ana Lopez (CMO)
informed: Sam Ortiz (Legal)
---
The COO decided what marketing and security did not agree on.
`

// fixtureSite loads and checks the fixture site (generator/testdata/site)
// with DR-0006 added, today being 2026-06-01.
func fixtureSite(t *testing.T) *model.Site {
	t.Helper()
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "content", "decisions", "0006-tiktok-pilot.md"), []byte(escalatedThenAccepted), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, probs := config.Load(src)
	site, lp := load.Site(load.Options{Source: src, Config: cfg, Today: model.DateOf(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))})
	probs.Add(lp)
	linker.Site(site)
	probs.Add(check.Site(site))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	return site
}

// optionLabels lists a select's choices as "value=label".
func optionLabels(f filterView, name string) []string {
	var out []string
	for _, fc := range f.Facets {
		if fc.Name == name {
			for _, o := range fc.Options {
				out = append(out, o.Value+"="+o.Label)
			}
		}
	}
	return out
}

// Every record of the log carries what the auditor's filters look for:
// everyone it names (requested_by to informed) as a person key, one key per
// person however their name is written, their names for the text filter,
// whether it was ever escalated (DR-0006 was, and is accepted now) and its
// date.
func TestDecisionLogFilterData(t *testing.T) {
	t.Parallel()
	v, _, _ := plan(fixtureSite(t))
	data := v.decisionList().Data.(*decisionListData)
	got := map[string]decisionItem{}
	var order []string
	for _, y := range data.Years {
		for _, it := range y.Items {
			got[it.ID] = it
			order = append(order, it.ID)
		}
	}
	if want := []string{"DR-0006", "DR-0005", "DR-0004", "DR-0002", "DR-0003", "DR-0001"}; !slices.Equal(order, want) {
		t.Fatalf("log order %v, want %v", order, want)
	}
	for _, c := range []struct{ id, persons, escalated, date string }{
		{"DR-0001", "ana-lopez kim-cho", "no", "2025-03-01"},
		{"DR-0003", "dana-whitfield kim-cho ana-lopez", "no", "2025-04-01"},
		{"DR-0005", "dana-whitfield kim-cho rui-costa", "yes", "2026-03-01"},
		{"DR-0006", "dana-whitfield kim-cho rui-costa ana-lopez sam-ortiz", "yes", "2026-04-01"},
	} {
		it := got[c.id]
		if it.PersonKeys != c.persons || it.EscalatedKey != c.escalated || it.Date.ISO != c.date {
			t.Errorf("%s: person %q, escalated %q, date %q; want %q, %q, %q", c.id, it.PersonKeys, it.EscalatedKey, it.Date.ISO, c.persons, c.escalated, c.date)
		}
	}
	if p := got["DR-0001"].People; !strings.Contains(p, "Kim Cho (CISO)") || !strings.Contains(p, "Ana Lopez (CMO)") {
		t.Errorf("DR-0001's names for the text filter: %q", p)
	}

	f := data.Filter
	if want := []string{"ana-lopez=Ana Lopez (5)", "dana-whitfield=Dana Whitfield (5)", "kim-cho=Kim Cho (6)", "rui-costa=Rui Costa (2)", "sam-ortiz=Sam Ortiz (1)"}; !slices.Equal(optionLabels(f, "person"), want) {
		t.Errorf("person select %q, want %q", optionLabels(f, "person"), want)
	}
	if want := []string{"yes=Was escalated (2)", "no=Never escalated (4)"}; !slices.Equal(optionLabels(f, "escalated"), want) {
		t.Errorf("escalation select %q, want %q", optionLabels(f, "escalated"), want)
	}
	if want := []string{"low=Low risk (1)", "medium=Medium risk (2)", "high=High risk (2)", "critical=Critical risk (1)"}; !slices.Equal(optionLabels(f, "risk"), want) {
		t.Errorf("risk select %q, want %q", optionLabels(f, "risk"), want)
	}
	if !f.Dates {
		t.Error("the log has no date range")
	}
}

// The auditor's view filters as the log does, and ranks every row in each
// sortable column: records without a value get no rank (they go last).
func TestAuditFilterAndSortKeys(t *testing.T) {
	t.Parallel()
	site := fixtureSite(t)
	v, _, _ := plan(site)
	data := v.audit().Data.(*auditData)
	if want := []string{"ana-lopez=Ana Lopez (5)", "dana-whitfield=Dana Whitfield (5)", "kim-cho=Kim Cho (6)", "rui-costa=Rui Costa (2)", "sam-ortiz=Sam Ortiz (1)"}; !slices.Equal(optionLabels(data.Filter, "person"), want) {
		t.Errorf("person select %q, want %q", optionLabels(data.Filter, "person"), want)
	}
	if data.Filter.Target != "audit-table" || !data.Filter.Dates {
		t.Errorf("audit filter %+v", data.Filter)
	}
	var sortable []string
	for _, c := range data.Columns {
		if c.Key != "" {
			sortable = append(sortable, c.Key+":"+c.Sort)
		}
	}
	if want := []string{"record:", "status:", "date:descending", "risk:", "review:"}; !slices.Equal(sortable, want) {
		t.Errorf("sortable columns %q, want %q", sortable, want)
	}
	if data.Caption+", "+data.Order != "Every decision, newest first" {
		t.Errorf("caption %q, order %q", data.Caption, data.Order)
	}
	rank := map[string]string{}
	for _, r := range data.Rows {
		var ks []string
		for _, k := range r.SortKeys {
			ks = append(ks, k.Name+"="+k.Rank)
		}
		rank[r.ID] = strings.Join(ks, " ")
	}
	for id, want := range map[string]string{
		"DR-0001": "record=1 status=2 date=1 risk=1 review=",
		"DR-0002": "record=2 status=2 date=3 risk=2 review=2",
		"DR-0003": "record=3 status=3 date=2 risk=3 review=",
		"DR-0005": "record=5 status=1 date=5 risk=3 review=",
		"DR-0006": "record=6 status=2 date=6 risk=4 review=1", // reviewed 2026-10-01, before DR-0002's 2027-06-01
	} {
		if rank[id] != want {
			t.Errorf("%s ranks %q, want %q", id, rank[id], want)
		}
	}
}

var (
	auditRowAttr = regexp.MustCompile(`<tr[^>]* data-filter-item [^>]*data-person="([^"]*)" data-escalated="([^"]*)" data-date="([^"]*)"`)
	auditDateTh  = regexp.MustCompile(`<th scope="col" data-sort="date" aria-sort="descending"[^>]*>Date</th>`)
)

// Without JavaScript the auditor's table shows every record newest first,
// says so, and marks the date column as the one it is sorted by; each row
// carries its filter keys for filter.js.
func TestAuditPageWithoutScript(t *testing.T) {
	t.Parallel()
	files, _ := render(t, fixtureSite(t), 0)
	page := string(files["decisions/audit/index.html"])
	if !strings.Contains(page, `/js/filter.js"`) {
		t.Error("the auditor's view does not load filter.js")
	}
	if !strings.Contains(page, `>Every decision, newest first</caption>`) || !auditDateTh.MatchString(page) {
		t.Error("the table does not say it is sorted newest first")
	}
	if !strings.Contains(page, `<div class="filter" data-filter-for="audit-table" hidden>`) {
		t.Error("the filter box is missing or shown without the script")
	}
	var rows []string
	for _, m := range auditRowAttr.FindAllStringSubmatch(page, -1) {
		rows = append(rows, m[3]+" "+m[2]+" "+m[1])
	}
	want := []string{
		"2026-04-01 yes dana-whitfield kim-cho rui-costa ana-lopez sam-ortiz",
		"2026-03-01 yes dana-whitfield kim-cho rui-costa",
		"2025-09-01 no dana-whitfield kim-cho ana-lopez",
		"2025-06-01 no dana-whitfield kim-cho ana-lopez",
		"2025-04-01 no dana-whitfield kim-cho ana-lopez",
		"2025-03-01 no ana-lopez kim-cho",
	}
	if !slices.Equal(rows, want) {
		t.Errorf("audit rows:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	log := string(files["decisions/index.html"])
	for _, s := range []string{`data-person="dana-whitfield kim-cho rui-costa ana-lopez sam-ortiz"`, `data-filter-words="Dana Whitfield (Head of Social Media), Kim Cho, Rui Costa (COO), Ana Lopez (CMO), Sam Ortiz (Legal)"`, `type="date" data-filter-from`} {
		if !strings.Contains(log, s) {
			t.Errorf("the decision log lacks %s", s)
		}
	}
}

func TestPersonKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Kim Cho (CISO)":                      "kim-cho",
		"Kim Cho":                             "kim-cho",
		" kim  cho ":                          "kim-cho",
		"IT Operations (endpoint management)": "it-operations",
		"Customer Care Lead":                  "customer-care-lead",
		"(CISO)":                              "ciso",
		"José Müller":                         "josé-müller",
	} {
		if got := personKey(in); got != want {
			t.Errorf("personKey(%q) = %q, want %q", in, got, want)
		}
	}
}

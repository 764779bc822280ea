package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"playbook/internal/browsertest"
)

// filtersRecord is added to the fixture site for the auditor's filters: a
// record escalated to the COO and accepted since (as the sample's DR-0009),
// naming someone who is only informed.
const filtersRecord = `---
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

// An auditor narrows the decision log and the auditor's table by person,
// by "was escalated" and by date, sorts the table by a column, and sends
// the view as a link: the address holds the filters and the sort, opening
// it restores them, and every change is written back to it. Under the
// site's CSP, as served.
func TestAuditorFiltersAndSortInTheAddress(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test; it runs without -short")
	}
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join("testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "content", "decisions", "0006-tiktok-pilot.md"), []byte(filtersRecord), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	base := browsertest.ServeDir(t, out, "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")
	ctx, cancel := context.WithTimeout(browsertest.New(t), 60*time.Second)
	defer cancel()

	open := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
	}
	str := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	const (
		logShown   = `Array.from(document.querySelectorAll('#decision-log [data-filter-item]')).filter(e => !e.hidden).map(e => e.querySelector('.doc-id').textContent).join(' ')`
		auditShown = `Array.from(document.querySelectorAll('#audit-table tbody tr')).filter(e => !e.hidden).map(e => e.querySelector('.doc-id').textContent).join(' ')`
		years      = `Array.from(document.querySelectorAll('#decision-log [data-filter-group]')).filter(e => !e.hidden).map(e => e.querySelector('h2').textContent).join(' ')`
		address    = `location.pathname + location.search`
		sorted     = `Array.from(document.querySelectorAll('#audit-table th[aria-sort]')).map(e => e.textContent.trim() + ' ' + e.getAttribute('aria-sort')).join(', ')`
		caption    = `document.getElementById('audit-caption').textContent`
	)
	choose := func(sel, value string) {
		t.Helper()
		str(`(() => { const s = document.querySelector(` + "`" + sel + "`" + `); s.value = '` + value + `'; s.dispatchEvent(new Event('change')); return s.value; })()`)
	}

	// The link an auditor was sent: Kim Cho's records that were escalated,
	// DR-0006 among them although it is accepted now.
	open("decisions/?person=kim-cho&escalated=yes")
	if got := str(logShown); got != "DR-0006 DR-0005" {
		t.Errorf("?person=kim-cho&escalated=yes shows %q, want DR-0006 DR-0005", got)
	}
	if got := str(years); got != "2026" {
		t.Errorf("years shown: %q, want 2026 alone", got)
	}
	if got := str(`document.getElementById('decision-log-person').value + ' ' + document.getElementById('decision-log-escalated').value + ' | ' + document.querySelector('[data-filter-count]').textContent`); got != "kim-cho yes | Showing 2 of 6 decisions." {
		t.Errorf("controls and count: %q", got)
	}
	// Changing a select narrows the log and rewrites the address.
	choose("#decision-log-person", "sam-ortiz")
	if got, addr := str(logShown), str(address); got != "DR-0006" || addr != "/decisions/?person=sam-ortiz&escalated=yes" {
		t.Errorf("after choosing Sam Ortiz (informed only): %q at %q", got, addr)
	}
	choose("#decision-log-escalated", "")
	if got := str(address); got != "/decisions/?person=sam-ortiz" {
		t.Errorf("after clearing the escalation filter the address is %q", got)
	}

	// The text filter finds people by name, although the log's cards do
	// not show them.
	open("decisions/?q=Kim+Cho")
	if got := str(logShown); got != "DR-0006 DR-0005 DR-0004 DR-0002 DR-0003 DR-0001" {
		t.Errorf("?q=Kim Cho shows %q", got)
	}
	got := str(`(() => { const q = document.getElementById('decision-log-q'); q.value = 'Rui Costa'; q.dispatchEvent(new Event('input')); return location.search; })()`)
	if got != "?q=Rui+Costa" || str(logShown) != "DR-0006 DR-0005" {
		t.Errorf("typing Rui Costa shows %q at %q", str(logShown), got)
	}

	// A date range keeps the records dated in it, both ends included.
	open("decisions/?from=2025-04-01&to=2025-09-01")
	if got := str(logShown); got != "DR-0004 DR-0002 DR-0003" {
		t.Errorf("from 2025-04-01 to 2025-09-01 shows %q, want DR-0004 DR-0002 DR-0003", got)
	}
	got = str(`(() => { const f = document.getElementById('decision-log-from'); f.value = '2025-06-01'; f.dispatchEvent(new Event('change')); return location.search; })()`)
	if got != "?from=2025-06-01&to=2025-09-01" || str(logShown) != "DR-0004 DR-0002" {
		t.Errorf("after moving the start to 2025-06-01: %q at %q", str(logShown), got)
	}

	// The auditor's table, sorted by risk from the address: lowest first,
	// records of one risk newest first.
	open("decisions/audit/?sort=risk&dir=asc")
	if got := str(auditShown); got != "DR-0001 DR-0004 DR-0002 DR-0005 DR-0003 DR-0006" {
		t.Errorf("audit by risk ascending: %q", got)
	}
	if got := str(sorted); got != "Risk ascending" {
		t.Errorf("aria-sort: %q, want Risk ascending", got)
	}
	if got := str(caption); got != "Every decision, by risk, lowest first" {
		t.Errorf("caption %q", got)
	}
	// Filters and sort together; records without a review date go last.
	open("decisions/audit/?escalated=no&sort=review&dir=asc")
	if got := str(auditShown); got != "DR-0002 DR-0004 DR-0003 DR-0001" {
		t.Errorf("never escalated, by review date: %q", got)
	}
	if got := str(caption); got != "4 of 6 decisions, by review date, soonest first (Escalation: Never escalated)" {
		t.Errorf("caption %q", got)
	}

	// Clicking a header sorts by it and writes the sort to the address;
	// opening that address gives the same view.
	open("decisions/audit/?person=rui-costa")
	if got, s := str(auditShown), str(sorted); got != "DR-0006 DR-0005" || s != "Date descending" {
		t.Errorf("Rui Costa's records: %q sorted %q; want DR-0006 DR-0005 by date descending", got, s)
	}
	str(`(() => { document.querySelector('#audit-table th[data-sort="date"] button').click(); return ''; })()`)
	if got, s, addr := str(auditShown), str(sorted), str(address); got != "DR-0005 DR-0006" || s != "Date ascending" || addr != "/decisions/audit/?person=rui-costa&sort=date&dir=asc" {
		t.Errorf("after clicking Date: %q sorted %q at %q", got, s, addr)
	}
	choose("#audit-table-person", "")
	sent := str(`location.href`)
	open(sent[len(base):])
	if got, s := str(auditShown), str(sorted); got != "DR-0001 DR-0003 DR-0002 DR-0004 DR-0005 DR-0006" || s != "Date ascending" {
		t.Errorf("%s shows %q sorted %q; want every record oldest first", sent, got, s)
	}
	// Clicking again goes back to newest first: the order the page was
	// built in, so the address drops the sort.
	str(`(() => { document.querySelector('#audit-table th[data-sort="date"] button').click(); return ''; })()`)
	if got, addr := str(auditShown), str(address); got != "DR-0006 DR-0005 DR-0004 DR-0002 DR-0003 DR-0001" || addr != "/decisions/audit/" {
		t.Errorf("after clicking Date again: %q at %q", got, addr)
	}
}

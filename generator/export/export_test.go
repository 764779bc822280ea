package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/generator"
	"playbook/generator/export"
	"playbook/internal/testsite"
)

var fixtureNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// sharedBuild is one build of the fixture site with given extra files.
type sharedBuild struct {
	once sync.Once
	out  string
	err  error
}

var (
	buildsMu  sync.Mutex
	builds    = map[string]*sharedBuild{} // by the extra files
	buildRoot string                      // holds the shared outputs; removed by TestMain
)

// TestMain keeps the body cache on disk in a temporary folder, and with
// -short the temporary folders in memory.
func TestMain(m *testing.M) {
	code := testsite.RunWithTempCache(m)
	if buildRoot != "" {
		os.RemoveAll(buildRoot)
	}
	os.Exit(code)
}

// build builds the fixture site (with an extra record when given) and
// returns the output folder. The tests only read it, so the site is built
// once for all the tests that ask for the same extra files.
func build(t *testing.T, extra map[string]string) string {
	t.Helper()
	var key strings.Builder
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		fmt.Fprintf(&key, "%q:%q\n", name, extra[name])
	}
	buildsMu.Lock()
	if buildRoot == "" {
		dir, err := os.MkdirTemp("", "playbook-export-test-")
		if err != nil {
			buildsMu.Unlock()
			t.Fatal(err)
		}
		buildRoot = dir
	}
	b := builds[key.String()]
	if b == nil {
		b = &sharedBuild{out: filepath.Join(buildRoot, strconv.Itoa(len(builds)), "public")}
		builds[key.String()] = b
	}
	buildsMu.Unlock()
	b.once.Do(func() {
		src := testsite.Copy(t, "../testdata/site")
		for name, text := range extra {
			os.WriteFile(filepath.Join(src, name), []byte(text), 0o644)
		}
		_, b.err = generator.Build(generator.Options{Source: src, Out: b.out, Now: fixtureNow})
	})
	if b.err != nil {
		t.Fatalf("build: %v", b.err)
	}
	return b.out
}

func read(t *testing.T, out, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// formulaRecord is a record whose cells a spreadsheet would run as
// formulas, and whose conditions hold the characters ("; ,") that joined
// lists used to be split on, and a line break.
const formulaRecord = `---
id: DR-0006
title: "=HYPERLINK(\"http://evil.example\")"
date: 2026-02-01
status: accepted
requested_by: "@marketing"
assessed_by: Kim Cho (CISO)
risk: low
decided_by: [Ana Lopez (CMO), Kim Cho (CISO)]
conditions:
  - "-1 seat only"
  - "Review, quarterly; by the CISO"
  - |-
    Agency staff: own seats
    and MFA
review_by: 2026-05-01
---
Body.
`

// readCSV parses a CSV export as a spreadsheet would, after its UTF-8 byte
// order mark, into rows keyed by the header's names.
func readCSV(t *testing.T, data []byte) (header []string, rows []map[string]string) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Errorf("no UTF-8 byte order mark for spreadsheets")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header = all[0]
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range header {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return header, rows
}

// An auditor's question, "who accepted the risk of Pinterest, when, on which
// conditions, until when?", answered from the CSV, field by field.
func TestDecisionsCSV(t *testing.T) {
	t.Parallel()
	out := build(t, map[string]string{"content/decisions/0006-formula.md": formulaRecord})
	header, rows := readCSV(t, read(t, out, export.DecisionsCSV))
	if strings.Join(header, ",") != "id,title,status,date,requested_by,assessed_by,risk,decided_by,escalated_to,consulted,informed,conditions,review_by,review_overdue,supersedes,superseded_by,platforms,tools,tags,format,url,file" {
		t.Fatalf("header %v", header)
	}
	byID := map[string]map[string]string{}
	for _, r := range rows {
		byID[r["id"]] = r
	}
	if len(byID) != 6 {
		t.Errorf("%d rows, want 6", len(byID))
	}
	want := map[string]map[string]string{
		"DR-0002": {"title": "Pinterest for product pins", "status": "accepted", "date": "2025-06-01", "requested_by": "Dana Whitfield (Head of Social Media)",
			"assessed_by": "Kim Cho (CISO)", "risk": "medium", "decided_by": "Ana Lopez (CMO)", "conditions": "Admins use hardware keys",
			"review_by": "2027-06-01", "review_overdue": "no", "platforms": "pinterest", "tags": "visual", "format": "native",
			"url": "https://playbook.example.com/decisions/dr-0002/", "file": "content/decisions/0002-pinterest.md"},
		"DR-0003": {"status": "superseded", "superseded_by": "DR-0004", "tools": "hootsuite", "risk": "high"},
		"DR-0004": {"supersedes": "DR-0003", "conditions": "Per-user seats", "decided_by": "Ana Lopez (CMO)"},
		"DR-0005": {"status": "escalated", "escalated_to": "Rui Costa (COO)", "decided_by": ""},
		// Cells a spreadsheet would run as formulas are defused; a list is
		// one item per line, whatever the items hold.
		"DR-0006": {"title": `'=HYPERLINK("http://evil.example")`, "requested_by": "'@marketing",
			"conditions": "'-1 seat only\nReview, quarterly; by the CISO\nAgency staff: own seats and MFA",
			"decided_by": "Ana Lopez (CMO)\nKim Cho (CISO)", "review_by": "2026-05-01", "review_overdue": "yes"},
	}
	for id, fields := range want {
		for f, v := range fields {
			if got := byID[id][f]; got != v {
				t.Errorf("%s %s = %q, want %q", id, f, got, v)
			}
		}
	}
	// Splitting a list cell at its line breaks gives back the items.
	if got := strings.Split(strings.TrimPrefix(byID["DR-0006"]["conditions"], "'"), "\n"); len(got) != 3 || got[1] != "Review, quarterly; by the CISO" {
		t.Errorf("DR-0006 conditions split into %q, want 3 items", got)
	}
}

// "How many conditions did we accept, and which?" is a count of rows in
// conditions.csv, whatever the conditions hold.
func TestConditionsCSV(t *testing.T) {
	t.Parallel()
	out := build(t, map[string]string{"content/decisions/0006-formula.md": formulaRecord})
	header, rows := readCSV(t, read(t, out, export.ConditionsCSV))
	if strings.Join(header, ",") != "decision_id,number,condition" {
		t.Fatalf("header %v", header)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r["decision_id"]+" #"+r["number"]+": "+r["condition"])
	}
	want := []string{
		"DR-0002 #1: Admins use hardware keys",
		"DR-0004 #1: Per-user seats",
		"DR-0006 #1: '-1 seat only",
		"DR-0006 #2: Review, quarterly; by the CISO",
		"DR-0006 #3: Agency staff: own seats\nand MFA",
	}
	if !slices.Equal(got, want) {
		t.Errorf("conditions.csv rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDecisionsJSON(t *testing.T) {
	t.Parallel()
	out := build(t, nil)
	var doc struct {
		Site      string            `json:"site"`
		Today     string            `json:"today"`
		Decisions []export.Decision `json:"decisions"`
	}
	if err := json.Unmarshal(read(t, out, export.DecisionsJSON), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Site != "Fixture Playbook" || doc.Today != "2026-06-01" || len(doc.Decisions) != 5 {
		t.Fatalf("site %q today %q, %d decisions", doc.Site, doc.Today, len(doc.Decisions))
	}
	d := doc.Decisions[3]
	if d.ID != "DR-0004" || d.Title != "Hootsuite only with SSO" || d.Status != "accepted" || d.Date != "2025-09-01" ||
		!slices.Equal(d.RequestedBy, []string{"Dana Whitfield (Head of Social Media)"}) || !slices.Equal(d.AssessedBy, []string{"Kim Cho (CISO)"}) ||
		d.Risk != "medium" || !slices.Equal(d.DecidedBy, []string{"Ana Lopez (CMO)"}) || !slices.Equal(d.Conditions, []string{"Per-user seats"}) ||
		!slices.Equal(d.Supersedes, []string{"DR-0003"}) || d.SupersededBy != "" || !slices.Equal(d.Tools, []string{"hootsuite"}) ||
		d.EscalatedTo == nil || len(d.EscalatedTo) != 0 || d.ReviewBy != "" || d.ReviewOverdue {
		t.Errorf("DR-0004 = %+v", d)
	}
	if e := doc.Decisions[4]; e.ID != "DR-0005" || !slices.Equal(e.EscalatedTo, []string{"Rui Costa (COO)"}) || e.Status != "escalated" {
		t.Errorf("DR-0005 = %+v", e)
	}
}

func TestPlatformsAndToolsJSON(t *testing.T) {
	t.Parallel()
	out := build(t, nil)
	var ps struct{ Platforms []export.Entry }
	var ts struct{ Tools []export.Entry }
	if err := json.Unmarshal(read(t, out, export.PlatformsJSON), &ps); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(read(t, out, export.ToolsJSON), &ts); err != nil {
		t.Fatal(err)
	}
	if len(ps.Platforms) != 2 || len(ts.Tools) != 2 {
		t.Fatalf("%d platforms, %d tools", len(ps.Platforms), len(ts.Tools))
	}
	li, pin := ps.Platforms[0], ps.Platforms[1]
	if li.Slug != "linkedin" || li.Status != "approved" || li.Risk != "low" || li.NextReview != "2026-05-01" || !li.ReviewOverdue ||
		!slices.Equal(li.Owner, []string{"Dana Whitfield (Head of Social Media)", "Sam Ortiz (HR)"}) {
		t.Errorf("linkedin = %+v", li)
	}
	if pin.Slug != "pinterest" || pin.Status != "conditional" || !slices.Equal(pin.Controls, []string{"SSO through the business account", "Hardware-key MFA for every admin"}) ||
		!slices.Equal(pin.Tools, []string{"hootsuite"}) || !slices.Equal(pin.Decisions, []string{"DR-0002"}) || pin.ReviewOverdue ||
		pin.URL != "https://playbook.example.com/platforms/pinterest/" {
		t.Errorf("pinterest = %+v", pin)
	}
	h := ts.Tools[0]
	if h.Slug != "hootsuite" || h.Vendor != "Hootsuite Inc." || h.Data != "internal" || h.SSO != "enforced" || h.MFA != "enforced" ||
		!slices.Equal(h.Conditions, []string{"Per-user seats, no shared logins"}) || !slices.Equal(h.Platforms, []string{"linkedin", "pinterest"}) ||
		!slices.Equal(h.Decisions, []string{"DR-0003", "DR-0004"}) {
		t.Errorf("hootsuite = %+v", h)
	}
}

func TestAtomFeed(t *testing.T) {
	t.Parallel()
	out := build(t, nil)
	var f struct {
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Authors []struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Category struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(read(t, out, export.Feed), &f); err != nil {
		t.Fatal(err)
	}
	if f.Title != "Fixture Playbook: decisions" || f.Updated != "2026-03-01T00:00:00Z" || len(f.Entries) != 5 {
		t.Fatalf("feed %q updated %s with %d entries", f.Title, f.Updated, len(f.Entries))
	}
	var order []string
	for _, e := range f.Entries {
		order = append(order, e.Title)
	}
	if want := []string{"DR-0005: TikTok for the youth campaign", "DR-0004: Hootsuite only with SSO", "DR-0002: Pinterest for product pins", "DR-0003: Hootsuite with a shared login", "DR-0001: Review every new platform before use"}; !slices.Equal(order, want) {
		t.Errorf("entries %v, want newest first %v", order, want)
	}
	e := f.Entries[2]
	if e.ID != "https://playbook.example.com/decisions/dr-0002/" || e.Updated != "2025-06-01T00:00:00Z" || e.Authors[0].Name != "Ana Lopez (CMO)" ||
		e.Category.Term != "accepted" || e.Summary != "Accepted. Medium risk. Decided by Ana Lopez (CMO). Conditions: Admins use hardware keys. Review by 2027-06-01." {
		t.Errorf("DR-0002 entry = %+v", e)
	}
}

package export_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"playbook/generator"
	"playbook/generator/export"
	"playbook/internal/testsite"
)

// parseICS reads a calendar as a calendar program would, and checks what
// RFC 5545 requires of its lines, which the parser forgives: CRLF at the
// end of every line, no line longer than 75 octets, valid UTF-8. It also
// encodes the calendar again, which checks that every event has exactly
// one UID and DTSTAMP and at most one of the singular properties.
func parseICS(t *testing.T, data []byte) *ical.Calendar {
	t.Helper()
	if !utf8.Valid(data) {
		t.Errorf("reviews.ics is not UTF-8")
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("reviews.ics does not end with CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long, more than 75: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is folded inside a UTF-8 sequence: %q", i+1, l)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("reviews.ics does not parse: %v", err)
	}
	if err := ical.NewEncoder(io.Discard).Encode(cal); err != nil {
		t.Errorf("reviews.ics breaks a rule of RFC 5545: %v", err)
	}
	return cal
}

// event is what an owner sees of a review in a calendar program.
type event struct {
	uid, summary, description, url, stamp string
	start, end                            time.Time
}

func events(t *testing.T, cal *ical.Calendar) map[string]event {
	t.Helper()
	out := map[string]event{}
	for _, e := range cal.Events() {
		var ev event
		var err error
		text := func(name string) string {
			p := e.Props.Get(name)
			if p == nil {
				return ""
			}
			v, perr := p.Text()
			if perr != nil {
				t.Errorf("%s: %v", name, perr)
			}
			return v
		}
		ev.uid, ev.summary, ev.description = text(ical.PropUID), text(ical.PropSummary), text(ical.PropDescription)
		if p := e.Props.Get(ical.PropURL); p != nil {
			ev.url = p.Value
		}
		if p := e.Props.Get(ical.PropDateTimeStart); p == nil || p.ValueType() != ical.ValueDate {
			t.Errorf("%s: DTSTART is not a DATE: %+v", ev.summary, p)
		}
		if p := e.Props.Get(ical.PropDateTimeEnd); p == nil || p.ValueType() != ical.ValueDate {
			t.Errorf("%s: DTEND is not a DATE: %+v", ev.summary, p)
		}
		if ev.start, err = e.DateTimeStart(time.UTC); err != nil {
			t.Errorf("%s: DTSTART: %v", ev.summary, err)
		}
		if ev.end, err = e.DateTimeEnd(time.UTC); err != nil {
			t.Errorf("%s: DTEND: %v", ev.summary, err)
		}
		ev.stamp = e.Props.Get(ical.PropDateTimeStamp).Value
		if _, dup := out[ev.summary]; dup {
			t.Errorf("two events %q", ev.summary)
		}
		out[ev.summary] = ev
	}
	return out
}

// An owner subscribes to reviews.ics and sees every review of the
// playbook on its day, with who owns it and a link to the page.
func TestReviewsCalendar(t *testing.T) {
	t.Parallel()
	out := build(t, map[string]string{"content/decisions/0006-formula.md": formulaRecord})
	cal := parseICS(t, read(t, out, export.ReviewsICS))
	if v := cal.Props.Get(ical.PropVersion); v == nil || v.Value != "2.0" {
		t.Errorf("VERSION = %+v, want 2.0", v)
	}
	if p := cal.Props.Get(ical.PropProductID); p == nil || p.Value == "" {
		t.Errorf("no PRODID")
	}
	evs := events(t, cal)
	var summaries []string
	for _, e := range cal.Events() {
		s, _ := e.Props.Text(ical.PropSummary)
		summaries = append(summaries, s)
	}
	// Earliest first; the superseded, escalated and undated records have
	// no review on the calendar: only an accepted risk is reviewed.
	want := []string{
		"Review: LinkedIn (platform)",
		`Review: DR-0006 =HYPERLINK("http://evil.example") (decision)`,
		"Review: Pinterest (platform)",
		"Review: Hootsuite (tool)",
		"Review: DR-0002 Pinterest for product pins (decision)",
		"Review: PayPal (tool)",
	}
	if !slices.Equal(summaries, want) {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(summaries, "\n"), strings.Join(want, "\n"))
	}
	li := evs["Review: LinkedIn (platform)"]
	if !li.start.Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) || !li.end.Equal(time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("LinkedIn's review runs %s to %s, want the whole of 1 May 2026", li.start, li.end)
	}
	if li.uid != "review-platform-linkedin-2026-05-01@playbook.example.com" {
		t.Errorf("LinkedIn's UID = %q", li.uid)
	}
	if li.stamp != "20260601T000000Z" {
		t.Errorf("DTSTAMP = %q, want the build's date 20260601T000000Z", li.stamp)
	}
	if want := "Next review of the platform LinkedIn, due 1 May 2026.\nOwner: Dana Whitfield (Head of Social Media), Sam Ortiz (HR)\nhttps://playbook.example.com/platforms/linkedin/"; li.description != want {
		t.Errorf("LinkedIn's description = %q, want %q", li.description, want)
	}
	if li.url != "https://playbook.example.com/platforms/linkedin/" {
		t.Errorf("LinkedIn's URL = %q", li.url)
	}
	dr := evs["Review: DR-0002 Pinterest for product pins (decision)"]
	if dr.uid != "review-decision-dr-0002-2027-06-01@playbook.example.com" ||
		dr.description != "Review of the risk accepted in DR-0002 (Pinterest for product pins), due 1 June 2027.\nDecided by: Ana Lopez (CMO)\nRisk assessed by: Kim Cho (CISO)\nhttps://playbook.example.com/decisions/dr-0002/" {
		t.Errorf("DR-0002's event = %+v", dr)
	}
	// Commas, semicolons, quotes and backslashes come back as written.
	f := evs[`Review: DR-0006 =HYPERLINK("http://evil.example") (decision)`]
	if !strings.Contains(f.description, "Decided by: Ana Lopez (CMO), Kim Cho (CISO)\n") {
		t.Errorf("DR-0006's description = %q", f.description)
	}
}

// A calendar program keeps an event by its UID: two builds on different
// days give every review the same UID, and two builds on the same day
// (SOURCE_DATE_EPOCH) give the same bytes.
func TestReviewsCalendarIsStable(t *testing.T) {
	t.Parallel()
	src := testsite.Copy(t, "../testdata/site")
	buildAt := func(now time.Time) []byte {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := generator.Build(generator.Options{Source: src, Out: out, Now: now}); err != nil {
			t.Fatalf("build: %v", err)
		}
		data, err := os.ReadFile(filepath.Join(out, export.ReviewsICS))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	a, b, later := buildAt(fixtureNow), buildAt(fixtureNow), buildAt(fixtureNow.AddDate(0, 1, 0))
	if !bytes.Equal(a, b) {
		t.Errorf("two builds on the same day differ")
	}
	uids := func(data []byte) []string {
		var out []string
		for _, e := range parseICS(t, data).Events() {
			uid, _ := e.Props.Text(ical.PropUID)
			out = append(out, uid)
		}
		return out
	}
	if ua, ul := uids(a), uids(later); !slices.Equal(ua, ul) || len(ua) != 5 {
		t.Errorf("UIDs a month apart:\n%s\nthen:\n%s", strings.Join(ua, "\n"), strings.Join(ul, "\n"))
	}
	if !bytes.Contains(later, []byte("DTSTAMP:20260701T000000Z\r\n")) {
		t.Errorf("the later build's DTSTAMP is not its date")
	}
}

// Without an absolute base_url the calendar links pages by path, names no
// URL property (which must be absolute), and makes UIDs in "playbook".
func TestReviewsCalendarWithoutBaseURL(t *testing.T) {
	t.Parallel()
	out := build(t, withBase(t, ""))
	evs := events(t, parseICS(t, read(t, out, export.ReviewsICS)))
	li := evs["Review: LinkedIn (platform)"]
	if li.uid != "review-platform-linkedin-2026-05-01@playbook" || li.url != "" || !strings.HasSuffix(li.description, "\n/platforms/linkedin/") {
		t.Errorf("LinkedIn's event without base_url = %+v", li)
	}
}

// Long and non-ASCII text is folded at 75 octets between characters, and
// comes back whole.
func TestReviewsCalendarFoldsLongLines(t *testing.T) {
	t.Parallel()
	title := strings.Repeat("Zürich “social” platform; with, commas\\ ", 6)
	out := build(t, map[string]string{"content/platforms/zurich.md": `---
title: "` + strings.ReplaceAll(title, `\`, `\\`) + `"
status: approved
risk: low
owner: Ünal Öztürk
reviewed: 2026-01-01
next_review: 2026-09-01
---
Body.
`})
	evs := events(t, parseICS(t, read(t, out, export.ReviewsICS)))
	e, ok := evs["Review: "+title+" (platform)"]
	if !ok {
		t.Fatalf("no event for the long title; events: %v", evs)
	}
	if !strings.Contains(e.description, "Owner: Ünal Öztürk\n") {
		t.Errorf("description = %q", e.description)
	}
}

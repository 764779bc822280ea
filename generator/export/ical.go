package export

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"playbook/generator/model"
)

// review is one review date as the calendar carries it.
type review struct {
	kind   model.Kind
	slug   string // the platform's or tool's file name, the record's id in lower case
	title  string // "TikTok", "DR-0004 Hootsuite only with SSO"
	due    model.Date
	people []string // "Owner: …", "Decided by: …" lines
	url    string   // site-relative
	what   string   // "Next review of the platform TikTok"
}

// reviews lists the next review of every platform and tool and the review
// date of every accepted decision (the reviews the home page and check
// count as due: a superseded or withdrawn record's review date is moot),
// earliest first.
func reviews(s *model.Site) []review {
	var out []review
	owner := func(p model.People) []string { return []string{"Owner: " + names(p)} }
	for _, p := range s.Platforms {
		if !p.NextReview.IsZero() {
			out = append(out, review{model.KindPlatform, p.Slug, p.Title, p.NextReview, owner(p.Owner), p.URL, "Next review of the platform " + p.Title})
		}
	}
	for _, t := range s.Tools {
		if !t.NextReview.IsZero() {
			out = append(out, review{model.KindTool, t.Slug, t.Title, t.NextReview, owner(t.Owner), t.URL, "Next review of the tool " + t.Title})
		}
	}
	for _, d := range s.Decisions {
		if d.Status == model.Accepted && !d.ReviewBy.IsZero() {
			people := []string{"Decided by: " + names(d.DecidedBy), "Risk assessed by: " + names(d.AssessedBy)}
			out = append(out, review{model.KindDecision, strings.ToLower(d.ID), d.ID + " " + d.Title, d.ReviewBy, people, d.URL,
				"Review of the risk accepted in " + d.ID + " (" + d.Title + ")"})
		}
	}
	slices.SortStableFunc(out, func(a, b review) int {
		return cmp.Or(a.due.Compare(b.due), cmp.Compare(a.kind, b.kind), cmp.Compare(a.slug, b.slug))
	})
	return out
}

func names(p model.People) string {
	if len(p) == 0 {
		return "not recorded"
	}
	return strings.Join(p, ", ")
}

// uidHost is the domain part of the calendar's UIDs: the base_url's host,
// or "playbook" without one.
func uidHost(s *model.Site) string {
	if s.AbsoluteBase() {
		if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
			return strings.ToLower(u.Hostname())
		}
	}
	return "playbook"
}

// reviewsICS is an iCalendar file (RFC 5545) with every review as an
// all-day event, for owners to subscribe to. Each event's UID is made from
// the item's kind, its file name or id and the date, so a calendar that
// subscribes keeps its events from build to build and replaces one when
// its date moves; DTSTAMP is the build's date, never the clock, so that
// builds are reproducible.
func reviewsICS(s *model.Site) ([]byte, error) {
	var w icsWriter
	stamp := icsDate(s.Today) + "T000000Z"
	host := uidHost(s)
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//playbook//Social media security playbook reviews//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.prop("NAME", s.Title+": reviews")
	w.prop("X-WR-CALNAME", s.Title+": reviews")
	w.prop("DESCRIPTION", "The review dates of "+s.Title+": platforms, tools and accepted risks.")
	w.line("REFRESH-INTERVAL;VALUE=DURATION:P1D")
	w.line("X-PUBLISHED-TTL:P1D")
	for _, r := range reviews(s) {
		link := s.AbsURL(r.url)
		w.line("BEGIN:VEVENT")
		w.prop("UID", fmt.Sprintf("review-%s-%s-%s@%s", r.kind, r.slug, r.due, host))
		w.line("DTSTAMP:" + stamp)
		w.line("DTSTART;VALUE=DATE:" + icsDate(r.due))
		if end := nextDay(r.due); end.Year <= 9999 {
			w.line("DTEND;VALUE=DATE:" + icsDate(end))
		}
		w.prop("SUMMARY", "Review: "+r.title+" ("+r.kind.String()+")")
		desc := append([]string{r.what + ", due " + r.due.Long() + "."}, r.people...)
		w.prop("DESCRIPTION", strings.Join(append(desc, link), "\n"))
		if s.AbsoluteBase() {
			w.line("URL:" + link)
		}
		w.prop("CATEGORIES", r.kind.String())
		w.line("TRANSP:TRANSPARENT")
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return w.b.Bytes(), nil
}

func icsDate(d model.Date) string {
	return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
}

func nextDay(d model.Date) model.Date {
	return model.DateOf(d.Time().AddDate(0, 0, 1))
}

// icsWriter writes content lines: CRLF at the end of each, folded so that
// no line is longer than 75 octets, never inside a UTF-8 sequence.
type icsWriter struct{ b bytes.Buffer }

const icsLineOctets = 75

func (w *icsWriter) line(l string) {
	limit := icsLineOctets
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		w.b.WriteString(l[:cut])
		w.b.WriteString("\r\n ")
		l = l[cut:]
		limit = icsLineOctets - 1 // the leading space counts
	}
	w.b.WriteString(l)
	w.b.WriteString("\r\n")
}

// prop writes a property whose value is TEXT.
func (w *icsWriter) prop(name, text string) { w.line(name + ":" + icsText(text)) }

// icsText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma are escaped, a line break is written \n, and other control
// characters, which TEXT may not hold, are left out.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

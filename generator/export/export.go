// Package export is the room that writes the decision log in machine-readable
// form for auditors and other tools: every decision as CSV and JSON, their
// conditions as CSV, the platforms and tools as JSON, an Atom feed of
// decisions, the review dates as an iCalendar file, and a manifest of every
// published file's SHA-256 (Manifest, made once everything else is
// written). It reads the checked, linked model.Site and writes through
// write.Output only; it decides nothing that the pages show differently.
// It may import model, write (for the Output interface) and the standard
// library.
package export

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"playbook/generator/model"
	"playbook/generator/write"
)

// Paths of the files written, relative to the output folder.
const (
	DecisionsCSV  = "exports/decisions.csv"
	ConditionsCSV = "exports/conditions.csv"
	ChangesCSV    = "exports/changes.csv"
	DecisionsJSON = "exports/decisions.json"
	PlatformsJSON = "exports/platforms.json"
	ToolsJSON     = "exports/tools.json"
	ReviewsICS    = "exports/reviews.ics"
	Feed          = "decisions/feed.xml"
	// ManifestJSON is written by the caller of Manifest, after every other
	// file of the site, not by Write.
	ManifestJSON = "exports/manifest.json"
)

// Write writes every export of the site but the manifest (see Manifest).
// The Atom feed is written only when the site has an absolute base_url
// (see NeedsBaseURL).
func Write(s *model.Site, out write.Output) error {
	files := []struct {
		name string
		make func(*model.Site) ([]byte, error)
	}{
		{DecisionsCSV, decisionsCSV},
		{ConditionsCSV, conditionsCSV},
		{ChangesCSV, changesCSV},
		{DecisionsJSON, decisionsJSON},
		{PlatformsJSON, platformsJSON},
		{ToolsJSON, toolsJSON},
		{ReviewsICS, reviewsICS},
		{Feed, feed},
	}
	for _, f := range files {
		if f.name == Feed && !HasFeed(s) {
			continue
		}
		data, err := f.make(s)
		if err != nil {
			return fmt.Errorf("export %s: %w", f.name, err)
		}
		if err := out.WriteFile(f.name, data); err != nil {
			return fmt.Errorf("export: write %s: %w", f.name, err)
		}
	}
	return nil
}

// Files are the paths Write may write. The feed is among them whether or
// not this build writes it (it needs an absolute base_url).
var Files = []string{DecisionsCSV, ConditionsCSV, ChangesCSV, DecisionsJSON, PlatformsJSON, ToolsJSON, ReviewsICS, Feed}

// Outputs are every path the exports take: Files and ManifestJSON. The
// output-collision check claims them all, whether or not this build writes
// them, so that setting base_url later cannot make a file of the site
// collide with one.
var Outputs = append(slices.Clone(Files), ManifestJSON)

// HasFeed reports whether Write writes the Atom feed: only when the site's
// base_url is an absolute address, since Atom allows absolute addresses
// only.
func HasFeed(s *model.Site) bool { return s.AbsoluteBase() }

// NeedsBaseURL is the warning to show once per build when the site has no
// absolute base_url, "" when it has one: the sitemap and the Atom feed are
// then left out, and the exports and the calendar give pages by path.
func NeedsBaseURL(s *model.Site) (warning string) {
	if s.AbsoluteBase() {
		return ""
	}
	what := "no base_url is set"
	if b := s.BaseURL; b != "" && b != "/" {
		what = fmt.Sprintf("base_url %q is a path, not an address", b)
	}
	return what + ": " + "sitemap.xml" + " and the Atom feed " + Feed + " are left out, as they allow only absolute addresses, " +
		"and the exports give pages by path; expected the address the site is published at as base_url in playbook.yaml (or -base-url), such as https://playbook.example.com/"
}

// Fingerprint identifies everything the exports are made from: the front
// matter and title of every record, the site's settings and today's date.
// Two sites with the same fingerprint have the same exports.
func Fingerprint(s *model.Site) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s.Title + "\x00" + s.BaseURL + "\x00" + s.Today.String() + "\x00" + s.HistoryRev + "\x00" + s.Commit + "\x00"))
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], model.MetaFingerprint(s.Docs()...))
	h.Write(b[:])
	binary.LittleEndian.PutUint64(b[:], s.ConfigRev)
	h.Write(b[:])
	return h.Sum64()
}

// Decision is one record as the exports carry it. Lists are never null, and
// dates are "YYYY-MM-DD" or "" when not recorded.
type Decision struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Status        string   `json:"status"`
	Date          string   `json:"date"`
	RequestedBy   []string `json:"requested_by"`
	AssessedBy    []string `json:"assessed_by"`
	Risk          string   `json:"risk"`
	DecidedBy     []string `json:"decided_by"`
	EscalatedTo   []string `json:"escalated_to"`
	Consulted     []string `json:"consulted"`
	Informed      []string `json:"informed"`
	Conditions    []string `json:"conditions"`
	ReviewBy      string   `json:"review_by"`
	ReviewOverdue bool     `json:"review_overdue"`
	Supersedes    []string `json:"supersedes"`
	SupersededBy  string   `json:"superseded_by"`
	Platforms     []string `json:"platforms"`
	Tools         []string `json:"tools"`
	Tags          []string `json:"tags"`
	Format        string   `json:"format"`
	URL           string   `json:"url"`
	File          string   `json:"file"`
}

// Decisions lists the site's records for the exports, by id.
func Decisions(s *model.Site) []Decision {
	out := make([]Decision, 0, len(s.Decisions))
	for _, d := range s.Decisions {
		e := Decision{
			ID: d.ID, Title: d.Title, Status: string(d.Status), Date: date(d.Date),
			RequestedBy: list(d.RequestedBy), AssessedBy: list(d.AssessedBy), Risk: string(d.Risk),
			DecidedBy: list(d.DecidedBy), EscalatedTo: list(d.EscalatedTo),
			Consulted: list(d.Consulted), Informed: list(d.Informed), Conditions: list(d.Conditions),
			ReviewBy: date(d.ReviewBy), ReviewOverdue: d.ReviewOverdue(s.Today),
			Supersedes: list(recIDs(d.SupersedesRecs)), Tags: list(d.Tags),
			Format: d.Format, URL: s.AbsURL(d.URL), File: d.Path,
		}
		if e.Status == "" {
			e.Status = "unknown"
		}
		if d.Successor != nil {
			e.SupersededBy = d.Successor.ID
		}
		for _, p := range d.Platforms {
			e.Platforms = append(e.Platforms, p.Slug)
		}
		for _, t := range d.Tools {
			e.Tools = append(e.Tools, t.Slug)
		}
		e.Platforms, e.Tools = list(e.Platforms), list(e.Tools)
		out = append(out, e)
	}
	return out
}

func recIDs(ds []*model.Decision) []string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	return ids
}

func date(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func list[T ~string](xs []T) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, string(x))
	}
	return out
}

// csvHeader names the columns of decisions.csv.
var csvHeader = []string{"id", "title", "status", "date", "requested_by", "assessed_by", "risk", "decided_by", "escalated_to", "consulted", "informed", "conditions", "review_by", "review_overdue", "supersedes", "superseded_by", "platforms", "tools", "tags", "format", "url", "file"}

// decisionsCSV writes one row per record. A list (people, conditions,
// refs, tags) is one item per line inside its quoted cell, so that no
// character an item may hold separates items; a line break inside an item
// becomes a space. A cell that a spreadsheet would run as a formula (it
// starts with = + - @, a tab or a carriage return) is prefixed with an
// apostrophe.
func decisionsCSV(s *model.Site) ([]byte, error) {
	rows := [][]string{csvHeader}
	for _, d := range Decisions(s) {
		j := listCell
		rows = append(rows, []string{d.ID, d.Title, d.Status, d.Date, j(d.RequestedBy), j(d.AssessedBy), d.Risk, j(d.DecidedBy), j(d.EscalatedTo), j(d.Consulted), j(d.Informed), j(d.Conditions), d.ReviewBy, yesNo(d.ReviewOverdue), j(d.Supersedes), d.SupersededBy, j(d.Platforms), j(d.Tools), j(d.Tags), d.Format, d.URL, d.File})
	}
	return writeCSV(rows)
}

// conditionsHeader names the columns of conditions.csv.
var conditionsHeader = []string{"decision_id", "number", "condition"}

// conditionsCSV writes one row per condition of every record, numbered
// from 1 within the record, so that conditions can be counted and
// filtered; the text is as written, line breaks included.
func conditionsCSV(s *model.Site) ([]byte, error) {
	rows := [][]string{conditionsHeader}
	for _, d := range s.Decisions {
		for i, c := range d.Conditions {
			rows = append(rows, []string{d.ID, strconv.Itoa(i + 1), c})
		}
	}
	return writeCSV(rows)
}

// changesHeader names the columns of changes.csv.
var changesHeader = []string{"date", "kind", "record", "title", "from", "to", "commit", "author", "subject", "file", "url"}

// changesCSV writes one row per status change read from git (see the
// /changes/ page), newest first: an added record has an empty "from".
func changesCSV(s *model.Site) ([]byte, error) {
	rows := [][]string{changesHeader}
	for _, c := range s.StatusChanges {
		url := s.RecordURL(c.Kind, c.Key)
		if url != "" {
			url = s.AbsURL(url)
		}
		rows = append(rows, []string{c.Commit.Date.String(), c.Kind.String(), c.Key, c.Title, c.From, c.To, c.Commit.Hash, c.Commit.Author, c.Commit.Subject, c.Path, url})
	}
	return writeCSV(rows)
}

// writeCSV writes rows as RFC 4180 CSV after a UTF-8 byte order mark (so
// that spreadsheets read UTF-8), every cell defused.
func writeCSV(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	cells := make([]string, 0, 32)
	for _, row := range rows {
		// Into a copy: the header rows are shared by every build, and
		// builds run side by side (serve, tests).
		cells = cells[:0]
		for _, c := range row {
			cells = append(cells, defuse(c))
		}
		w.Write(cells)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// lineBreak matches what spreadsheets and CSV readers take for a line
// break inside a cell.
var lineBreak = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ", "\u0085", " ")

// listCell is a list as one CSV cell: one item per line.
func listCell(items []string) string {
	var b strings.Builder
	for i, x := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(lineBreak.Replace(x))
	}
	return b.String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(true)
	err := enc.Encode(v)
	return b.Bytes(), err
}

func decisionsJSON(s *model.Site) ([]byte, error) {
	return marshal(struct {
		Site      string     `json:"site"`
		Today     string     `json:"today"`
		Decisions []Decision `json:"decisions"`
	}{s.Title, s.Today.String(), Decisions(s)})
}

// Entry is a platform or a tool as the exports carry it.
type Entry struct {
	Slug          string   `json:"slug"`
	Title         string   `json:"title"`
	Status        string   `json:"status"`
	Risk          string   `json:"risk,omitempty"`
	Vendor        string   `json:"vendor,omitempty"`
	Category      string   `json:"category,omitempty"`
	Data          string   `json:"data,omitempty"`
	SSO           string   `json:"sso,omitempty"`
	MFA           string   `json:"mfa,omitempty"`
	Owner         []string `json:"owner"`
	Reviewed      string   `json:"reviewed"`
	NextReview    string   `json:"next_review"`
	ReviewOverdue bool     `json:"review_overdue"`
	Controls      []string `json:"controls,omitempty"`
	AllowedUses   []string `json:"allowed_uses,omitempty"`
	Conditions    []string `json:"conditions,omitempty"`
	Platforms     []string `json:"platforms,omitempty"`
	Tools         []string `json:"tools,omitempty"`
	Decisions     []string `json:"decisions"`
	Tags          []string `json:"tags"`
	URL           string   `json:"url"`
	File          string   `json:"file"`
}

func platformsJSON(s *model.Site) ([]byte, error) {
	out := []Entry{}
	for _, p := range s.Platforms {
		e := Entry{Slug: p.Slug, Title: p.Title, Status: string(p.Status), Risk: string(p.Risk), Owner: list(p.Owner),
			Reviewed: date(p.Reviewed), NextReview: date(p.NextReview), ReviewOverdue: p.Overdue(s.Today),
			Controls: list(p.Controls), AllowedUses: list(p.AllowedUses), Decisions: list(recIDs(p.Decisions)), Tags: list(p.Tags),
			URL: s.AbsURL(p.URL), File: p.Path}
		for _, t := range p.Tools {
			e.Tools = append(e.Tools, t.Slug)
		}
		out = append(out, e)
	}
	return marshal(struct {
		Platforms []Entry `json:"platforms"`
	}{out})
}

func toolsJSON(s *model.Site) ([]byte, error) {
	out := []Entry{}
	for _, t := range s.Tools {
		e := Entry{Slug: t.Slug, Title: t.Title, Status: string(t.Status), Vendor: t.Vendor, Category: t.Category,
			Data: t.Data, SSO: t.SSO, MFA: t.MFA, Owner: list(t.Owner),
			Reviewed: date(t.Reviewed), NextReview: date(t.NextReview), ReviewOverdue: t.Overdue(s.Today),
			Conditions: list(t.Conditions), Decisions: list(recIDs(t.Decisions)), Tags: list(t.Tags),
			URL: s.AbsURL(t.URL), File: t.Path}
		for _, p := range t.Platforms {
			e.Platforms = append(e.Platforms, p.Slug)
		}
		out = append(out, e)
	}
	return marshal(struct {
		Tools []Entry `json:"tools"`
	}{out})
}

// feed is an Atom feed of decisions, newest first. Its times come from the
// records' dates, never from the clock, so that builds are reproducible.
func feed(s *model.Site) ([]byte, error) {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type person struct {
		Name string `xml:"name"`
	}
	type entry struct {
		Title    string   `xml:"title"`
		ID       string   `xml:"id"`
		Link     link     `xml:"link"`
		Updated  string   `xml:"updated"`
		Author   []person `xml:"author"`
		Category []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Summary string `xml:"summary"`
	}
	type atom struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  person   `xml:"author"`
		Entries []entry  `xml:"entry"`
	}
	ds := slices.Clone(s.Decisions)
	slices.SortStableFunc(ds, func(a, b *model.Decision) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	stamp := func(d model.Date) string {
		if d.IsZero() {
			d = model.Date{Year: 1970, Month: 1, Day: 1}
		}
		return d.String() + "T00:00:00Z"
	}
	f := atom{
		Title:  s.Title + ": decisions",
		ID:     s.AbsURL("/decisions/"),
		Links:  []link{{Href: s.AbsURL("/" + Feed), Rel: "self"}, {Href: s.AbsURL("/decisions/")}},
		Author: person{Name: s.Title},
	}
	f.Updated = stamp(model.Date{})
	if len(ds) > 0 {
		f.Updated = stamp(ds[0].Date)
	}
	for _, d := range ds {
		e := entry{Title: d.ID + ": " + d.Title, ID: s.AbsURL(d.URL), Link: link{Href: s.AbsURL(d.URL)}, Updated: stamp(d.Date)}
		for _, p := range d.DecidedBy {
			e.Author = append(e.Author, person{Name: p})
		}
		if len(e.Author) == 0 {
			e.Author = []person{{Name: s.Title}}
		}
		e.Category = append(e.Category, struct {
			Term string `xml:"term,attr"`
		}{Term: statusTerm(d.Status)})
		e.Summary = summary(d)
		f.Entries = append(f.Entries, e)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}

func statusTerm(s model.Status) string {
	if s == model.Unknown {
		return "unknown"
	}
	return string(s)
}

// summary is one line for feed readers.
func summary(d *model.Decision) string {
	parts := []string{d.Status.Label()}
	if d.Risk != "" {
		parts = append(parts, strings.ToUpper(string(d.Risk[:1]))+string(d.Risk[1:])+" risk")
	}
	if len(d.EscalatedTo) > 0 {
		parts = append(parts, "Escalated to "+strings.Join(d.EscalatedTo, ", "))
	}
	if len(d.DecidedBy) > 0 {
		parts = append(parts, "Decided by "+strings.Join(d.DecidedBy, ", "))
	}
	if len(d.Conditions) > 0 {
		parts = append(parts, "Conditions: "+strings.Join(d.Conditions, "; "))
	}
	if !d.ReviewBy.IsZero() {
		parts = append(parts, "Review by "+d.ReviewBy.String())
	}
	return strings.Join(parts, ". ") + "."
}

package render

import (
	"slices"
	"strconv"
	"strings"

	"playbook/generator/model"
)

// auditURL is the auditor's view: every decision on one page.
const auditURL = "/decisions/audit/"

// feedURL is the Atom feed of decisions (package export writes it).
const feedURL = "/decisions/feed.xml"

// auditRow is one decision as the auditor reads it.
type auditRow struct {
	decisionItem
	RequestedBy, AssessedBy, EscalatedTo, DecidedBy string
	Conditions                                      []string
	ReviewBy                                        when
	Overdue                                         bool
	Missing                                         []string // what a decided record lacks: "deciders", "date"
	SupersededBy                                    *link
	// SortKeys are the row's place in each sortable column's ascending
	// order, for filter.js: data-sort-<Name>="<Rank>".
	SortKeys []sortKey
}

// sortKey is a row's rank in a column: "1" for the first in ascending
// order, equal values sharing a rank; "" when the row has no value there
// (such rows go last in either direction).
type sortKey struct {
	Name, Rank string
}

// auditColumn is a column of the auditor's table. A sortable one (Key
// set) gets a header button from filter.js that sorts by it, and says in
// the caption which way: Asc and Desc word the two orders.
type auditColumn struct {
	Label     string
	Key       string // "record", "status", "date", "risk", "review"; "" when not sortable
	Sort      string // aria-sort of the order the rows come in: "descending" on the date
	Asc, Desc string // "oldest first", "newest first"
}

// auditColumns are the columns of the auditor's table, in order. The rows
// come newest first: sorted by date, descending.
func (v *viewer) auditColumns() []auditColumn {
	statuses := v.site.AllowedStatuses()
	first, last := model.Status(statuses[0]).Label(), model.Status(statuses[len(statuses)-1]).Label()
	return []auditColumn{
		{Label: "Record", Key: "record", Asc: "by record number, lowest first", Desc: "by record number, highest first"},
		{Label: "Status", Key: "status", Asc: "by status, from " + first + " to " + last, Desc: "by status, from " + last + " to " + first},
		{Label: "Date", Key: "date", Sort: "descending", Asc: "oldest first", Desc: "newest first"},
		{Label: "Requested by"},
		{Label: "Risk assessed by"},
		{Label: "Risk", Key: "risk", Asc: "by risk, lowest first", Desc: "by risk, highest first"},
		{Label: "Escalated to"},
		{Label: "Decided by"},
		{Label: "Conditions"},
		{Label: "Review by", Key: "review", Asc: "by review date, soonest first", Desc: "by review date, latest first"},
	}
}

// ranks numbers ds in the order cmp gives (1 for the first; records cmp
// finds equal share a number); the records without a value (missing) get
// no number.
func ranks(ds []*model.Decision, cmp func(a, b *model.Decision) int, missing func(*model.Decision) bool) map[*model.Decision]string {
	have := slices.DeleteFunc(slices.Clone(ds), missing)
	slices.SortStableFunc(have, cmp)
	out := make(map[*model.Decision]string, len(have))
	n := 0
	for i, d := range have {
		if i == 0 || cmp(have[i-1], d) != 0 {
			n++
		}
		out[d] = strconv.Itoa(n)
	}
	return out
}

// auditSortKeys ranks every record in each sortable column: record number
// (DR-0009 before DR-10), status in the order of a record's life (the
// site's own statuses after the contract's; unknown last), date, risk
// (low to critical), review date.
func (v *viewer) auditSortKeys(ds []*model.Decision) map[*model.Decision][]sortKey {
	statuses := v.site.AllowedStatuses()
	never := func(*model.Decision) bool { return false }
	cols := []struct {
		name    string
		cmp     func(a, b *model.Decision) int
		missing func(*model.Decision) bool
	}{
		{"record", func(a, b *model.Decision) int { return compareIDs(a.ID, b.ID) }, never},
		{"status", func(a, b *model.Decision) int {
			return slices.Index(statuses, string(a.Status)) - slices.Index(statuses, string(b.Status))
		}, func(d *model.Decision) bool { return !slices.Contains(statuses, string(d.Status)) }},
		{"date", func(a, b *model.Decision) int { return a.Date.Compare(b.Date) }, func(d *model.Decision) bool { return d.Date.IsZero() }},
		{"risk", func(a, b *model.Decision) int { return a.Risk.Rank() - b.Risk.Rank() }, func(d *model.Decision) bool { return d.Risk.Rank() == 0 }},
		{"review", func(a, b *model.Decision) int { return a.ReviewBy.Compare(b.ReviewBy) }, func(d *model.Decision) bool { return d.ReviewBy.IsZero() }},
	}
	out := make(map[*model.Decision][]sortKey, len(ds))
	for _, c := range cols {
		r := ranks(ds, c.cmp, c.missing)
		for _, d := range ds {
			out[d] = append(out[d], sortKey{Name: c.name, Rank: r[d]})
		}
	}
	return out
}

type auditData struct {
	Filter  filterView
	Columns []auditColumn
	// Caption names the table; Order says how its rows come ("newest
	// first"), and filter.js rewords it when the reader sorts.
	Caption, Order string
	Rows           []auditRow
	Overdue        int
	Incomplete     int
	CSV, JSON      string
	Feed           string // "" without an absolute base_url
	Conditions     string // exports/conditions.csv: one row per condition
	Calendar       string // exports/reviews.ics
	Platforms      string
	Tools          string
	Today          when
	DecisionCount  int
}

func joinPeople(ps model.People) string { return strings.Join(ps, ", ") }

// audit is the auditor's view: who requested, assessed, escalated and
// decided every record, when, at which risk, on which conditions, until
// when; overdue reviews and decided records without deciders or date are
// marked. The same data is in the CSV and JSON exports it links to.
func (v *viewer) audit() *page {
	p := v.newPage("audit", auditURL, "Auditor's view",
		"Every decision with who requested, assessed, escalated and decided it, when, the risk, the conditions and the review date.")
	data := &auditData{
		CSV: "/exports/decisions.csv", JSON: "/exports/decisions.json", Feed: v.siteView.Feed,
		Conditions: "/exports/conditions.csv", Calendar: "/exports/reviews.ics",
		Platforms: "/exports/platforms.json", Tools: "/exports/tools.json",
		Today: dateView(v.site.Today, model.Date{}, false), DecisionCount: len(v.site.Decisions),
		Filter: v.decisionFilter("audit-table", v.newest), Columns: v.auditColumns(),
		Caption: "Every decision",
	}
	p.Scripts = []string{"/js/filter.js"}
	for _, c := range data.Columns {
		if c.Sort == "descending" {
			data.Order = c.Desc
		}
	}
	keys := v.auditSortKeys(v.newest)
	for _, d := range v.newest {
		r := auditRow{
			decisionItem: v.item(d),
			RequestedBy:  joinPeople(d.RequestedBy), AssessedBy: joinPeople(d.AssessedBy),
			EscalatedTo: joinPeople(d.EscalatedTo), DecidedBy: joinPeople(d.DecidedBy),
			Conditions: d.Conditions, SortKeys: keys[d],
		}
		if d.Status == model.Accepted {
			r.ReviewBy = dateView(d.ReviewBy, v.site.Today, true)
			r.Overdue = d.ReviewOverdue(v.site.Today)
		} else {
			r.ReviewBy = dateView(d.ReviewBy, model.Date{}, false)
		}
		if d.Status.Decided() && len(d.DecidedBy) == 0 {
			r.Missing = append(r.Missing, "who decided")
		}
		if d.Date.IsZero() {
			r.Missing = append(r.Missing, "date")
		}
		if d.Status == model.Unknown {
			r.Missing = append(r.Missing, "status")
		}
		if d.Successor != nil {
			r.SupersededBy = &link{Title: d.Successor.ID, URL: d.Successor.URL}
		}
		if r.Overdue {
			data.Overdue++
		}
		if len(r.Missing) > 0 {
			data.Incomplete++
		}
		data.Rows = append(data.Rows, r)
	}
	p.Data = data
	return p
}

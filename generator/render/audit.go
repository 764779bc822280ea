package render

import (
	"strings"

	"playbook/generator/model"
)

// auditURL is the auditor's view: every decision on one page.
const auditURL = "/decisions/audit/"

// auditRow is one decision as the auditor reads it.
type auditRow struct {
	decisionItem
	RequestedBy, AssessedBy, EscalatedTo, DecidedBy string
	Conditions                                      []string
	ReviewBy                                        when
	Overdue                                         bool
	Missing                                         []string // what a decided record lacks: "deciders", "date"
	SupersededBy                                    *link
}

type auditData struct {
	Rows          []auditRow
	Overdue       int
	Incomplete    int
	CSV, JSON     string
	Feed          string
	Platforms     string
	Tools         string
	Today         when
	DecisionCount int
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
		CSV: "/exports/decisions.csv", JSON: "/exports/decisions.json", Feed: "/decisions/feed.xml",
		Platforms: "/exports/platforms.json", Tools: "/exports/tools.json",
		Today: dateView(v.site.Today, model.Date{}, false), DecisionCount: len(v.site.Decisions),
	}
	for _, d := range v.newest {
		r := auditRow{
			decisionItem: v.item(d),
			RequestedBy:  joinPeople(d.RequestedBy), AssessedBy: joinPeople(d.AssessedBy),
			EscalatedTo: joinPeople(d.EscalatedTo), DecidedBy: joinPeople(d.DecidedBy),
			Conditions: d.Conditions,
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

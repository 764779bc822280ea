package render

import (
	"strconv"

	"playbook/generator/model"
)

// changesURL is the page of every status change, from git.
const changesURL = "/changes/"

// statusRow is one status change on the changes page or in a platform's or
// tool's status history.
type statusRow struct {
	Date          when
	Kind, KindKey string // "Platform", "platform"
	Key           string // "tiktok", "DR-0005"
	Title         string
	URL           string // the record's page, "" when it is gone
	From, To      badge
	Added         bool // the record was added with To
	Hash          string
	Author        string
	Subject       string
	PeriodKeys    string // "2026 2026-q2": the year and quarter facets
}

type changesData struct {
	Rows   []statusRow
	Filter filterView
	CSV    string
}

// statusRowOf makes the row of one change.
func (v *viewer) statusRowOf(c model.StatusChange) statusRow {
	r := statusRow{
		Date: dateView(c.Commit.Date, model.Date{}, false), KindKey: c.Kind.String(), Key: c.Key, Title: orDefault(c.Title, c.Key),
		Added: c.From == "", Hash: c.Commit.Hash, Author: c.Commit.Author, Subject: c.Commit.Subject,
		URL: v.site.RecordURL(c.Kind, c.Key),
	}
	switch c.Kind {
	case model.KindPlatform, model.KindTool:
		r.Kind = capital(c.Kind.String())
		r.From, r.To = approvalBadge(model.Approval(c.From)), approvalBadge(model.Approval(c.To))
	default:
		r.Kind = "Decision"
		r.From, r.To = statusBadge(model.Status(c.From)), statusBadge(model.Status(c.To))
	}
	if !c.Commit.Date.IsZero() {
		y := c.Commit.Date.Year
		q := (int(c.Commit.Date.Month)-1)/3 + 1
		r.PeriodKeys = strconv.Itoa(y) + " " + strconv.Itoa(y) + "-q" + strconv.Itoa(q)
	}
	return r
}

// changesPage lists every change of a platform's or tool's status and
// every decision added or changed in status, newest first, filterable by
// kind and by year or quarter.
func (v *viewer) changesPage() *page {
	p := v.newPage("changes", changesURL, "What changed", "Every change of a platform's or tool's status and every decision added or changed, from the repository's history.")
	data := &changesData{CSV: "/exports/changes.csv"}
	var kinds, periods [][]string
	for _, c := range v.site.StatusChanges {
		r := v.statusRowOf(c)
		data.Rows = append(data.Rows, r)
		kinds = append(kinds, []string{r.KindKey})
		periods = append(periods, splitKeys(r.PeriodKeys))
	}
	periodLabels := map[string]string{}
	for _, ks := range periods {
		for _, k := range ks {
			periodLabels[k] = periodLabel(k)
		}
	}
	data.Filter = filterView{
		Target: "change-list",
		Noun:   "changes",
		Facets: []facet{
			countFacet("kind", "Kind", "All kinds", kinds, map[string]string{"platform": "Platforms", "tool": "Tools", "decision": "Decisions"}),
			countFacet("period", "Period", "Any time", periods, periodLabels),
		},
	}
	p.Data = data
	return p
}

// statusHistory is a platform's or tool's own status changes, newest first.
func (v *viewer) statusHistory(d *model.Doc) []statusRow {
	var out []statusRow
	for _, c := range v.site.StatusChanges {
		if c.Path == d.Path {
			out = append(out, v.statusRowOf(c))
		}
	}
	return out
}

func splitKeys(s string) []string {
	var out []string
	for start, i := 0, 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// periodLabel names a period key: "2026" or "2026-q2" → "Q2 2026".
func periodLabel(k string) string {
	if len(k) == 7 && k[4:6] == "-q" {
		return "Q" + k[6:] + " " + k[:4]
	}
	return k
}

package render

import (
	"cmp"
	"fmt"
	"slices"

	"playbook/generator/model"
)

// dueWindow is how many days ahead a review counts as due soon.
const dueWindow = 30

// when is a date as a page shows it, with its review state when it is a due
// date.
type when struct {
	ISO     string // "2026-05-01", "" when missing
	Text    string // "1 May 2026" or "not recorded"
	Short   string // "10 Jan 2026": for tables and timelines
	Missing bool
	Due     string // "overdue", "soon" or "" (not a due date, or not due yet)
	Note    string // "overdue by 31 days", "due in 12 days", "due today"
}

// dateView shows d. When today is set, d is a due date and gets a review
// state against it.
func dateView(d, today model.Date, isDue bool) when {
	if d.IsZero() {
		return when{Text: notRecorded, Short: notRecorded, Missing: true}
	}
	w := when{ISO: d.String(), Text: d.Long(), Short: fmt.Sprintf("%d %.3s %d", d.Day, d.Month, d.Year)}
	if !isDue || today.IsZero() {
		return w
	}
	days := today.DaysUntil(d)
	switch {
	case d.PastDue(today):
		w.Due, w.Note = "overdue", "overdue by "+model.DayCount(-days)
	case days == 0:
		w.Due, w.Note = "soon", "due today"
	case days <= dueWindow:
		w.Due, w.Note = "soon", "due in "+model.DayCount(days)
	}
	return w
}

// dueBadge is the marker shown beside a due date, or nil.
func dueBadge(w when) *badge {
	switch w.Due {
	case "overdue":
		return &badge{Class: "due-overdue", Label: capital(w.Note)}
	case "soon":
		return &badge{Class: "due-soon", Label: capital(w.Note)}
	}
	return nil
}

// reviewItem is a review that is overdue or due within dueWindow days.
type reviewItem struct {
	Kind  string // "Platform", "Tool", "Decision"
	Title string
	URL   string
	Label string // a decision ID, else ""
	What  string // "Next review", "Risk review"
	When  when
	Badge badge
	date  model.Date
}

// reviewsDue lists the next reviews of platforms and tools and the review
// dates of accepted decisions that are overdue or due soon, earliest first.
func reviewsDue(site *model.Site) []reviewItem {
	var out []reviewItem
	add := func(kind, title, url, label, what string, d model.Date) {
		w := dateView(d, site.Today, true)
		if b := dueBadge(w); b != nil {
			out = append(out, reviewItem{Kind: kind, Title: title, URL: url, Label: label, What: what, When: w, Badge: *b, date: d})
		}
	}
	for _, p := range site.Platforms {
		add("Platform", p.Title, p.URL, "", "Next review", p.NextReview)
	}
	for _, t := range site.Tools {
		add("Tool", t.Title, t.URL, "", "Next review", t.NextReview)
	}
	for _, d := range site.Decisions {
		if d.Status == model.Accepted {
			add("Decision", d.Title, d.URL, d.ID, "Review of the accepted risk", d.ReviewBy)
		}
	}
	slices.SortStableFunc(out, func(a, b reviewItem) int {
		return cmp.Or(a.date.Compare(b.date), cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL))
	})
	return out
}

package render

import (
	"html/template"
	"strings"

	"playbook/generator/model"
)

type toolData struct {
	Answer     answer
	Status     badge
	Facts      []fact
	Conditions []string
	Platforms  []entry
	Decisions  []decisionItem
}

// tool is the entry of one tool.
func (v *viewer) tool(t *model.Tool) *page {
	title := orDefault(t.Title, t.Slug)
	desc := title
	if t.Vendor != "" {
		desc += " (" + t.Vendor + ")"
	}
	desc += ": " + strings.ToLower(t.Status.Label()) + ", for " + strings.ToLower(dataBadge(t.Data).Label) + " at most."
	pg := v.docPage("tool", &t.Doc, desc)
	data := &toolData{
		Answer:     answerFor(title, "tool", t.Status, "conditions"),
		Status:     approvalBadge(t.Status),
		Conditions: t.Conditions,
		Decisions:  v.itemsOf(t.Decisions),
	}
	facts := []fact{
		{Label: "Vendor", Text: orDefault(t.Vendor, notRecorded), Missing: t.Vendor == ""},
		{Label: "Category", Text: orDefault(t.Category, notRecorded), Missing: t.Category == ""},
		{Label: "Highest data class", Badges: []badge{dataBadge(t.Data)}},
		{Label: "Single sign-on", Badges: []badge{supportBadge(t.SSO)}},
		{Label: "Multi-factor authentication", Badges: []badge{supportBadge(t.MFA)}},
	}
	facts = append(facts, v.reviewFacts(t.Owner, t.Review)...)
	if t.Website != "" {
		facts = append(facts, fact{Label: "Website", Text: websiteText(t.Website), Href: t.Website})
	}
	data.Facts = keyed(facts)
	for _, p := range t.Platforms {
		data.Platforms = append(data.Platforms, v.platformEntry(p, false))
	}
	pg.Data = data
	return pg
}

// toolRow is a row of the approved-tool table.
type toolRow struct {
	Title      string
	URL        string
	Vendor     string
	Category   string
	Status     badge
	StatusKey  string
	Data       badge
	SSO        badge
	MFA        badge
	Owner      string
	NextReview when
	Due        *badge
}

type toolListData struct {
	Intro  template.HTML
	Rows   []toolRow
	Filter filterView
	// RequestURL is the page that says how to request a platform or tool
	// (request_page), "" when none is named.
	RequestURL string
}

// toolList is the approved-tool list: a table of every tool.
func (v *viewer) toolList() *page {
	intro, title, desc := v.intro(toolsURL, "Approved tools")
	pg := v.newPage("tool-list", toolsURL, title,
		orDefault(desc, "Every third-party tool: whether you may use it, for which data, with SSO and MFA, its owner and its next review."))
	pg.Scripts = []string{"/js/filter.js"}
	data := &toolListData{Intro: intro, RequestURL: v.site.RequestURL}
	var states []model.Approval
	for _, t := range v.site.Tools {
		next := dateView(t.NextReview, v.site.Today, true)
		data.Rows = append(data.Rows, toolRow{
			Title:      orDefault(t.Title, t.Slug),
			URL:        t.URL,
			Vendor:     t.Vendor,
			Category:   t.Category,
			Status:     approvalBadge(t.Status),
			StatusKey:  classKey(string(t.Status)),
			Data:       dataBadge(t.Data),
			SSO:        supportBadge(t.SSO),
			MFA:        supportBadge(t.MFA),
			Owner:      orDefault(t.Owner.String(), notRecorded),
			NextReview: next,
			Due:        dueBadge(next),
		})
		states = append(states, t.Status)
	}
	data.Filter = filterView{Target: "tool-table", Noun: "tools", Options: approvalOptions(states)}
	pg.Data = data
	return pg
}

// websiteText is a web address as people read it: without the scheme and
// the trailing slash.
func websiteText(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	return strings.TrimSuffix(u, "/")
}

package render

import (
	"html/template"
	"strings"

	"playbook/generator/model"
)

type platformData struct {
	Answer      answer
	Status      badge
	Risk        badge
	Facts       []fact
	Controls    []string
	AllowedUses []string
	Accounts    []string
	Tools       []entry
	Decisions   []decisionItem
}

// platform is the guide of one platform.
func (v *viewer) platform(p *model.Platform) *page {
	title := orDefault(p.Title, p.Slug)
	desc := title + ": " + strings.ToLower(p.Status.Label()) + ", " + strings.ToLower(riskBadge(p.Risk).Label) + ". Controls, allowed uses, accounts, tools and decisions."
	pg := v.docPage("platform", &p.Doc, desc)
	data := &platformData{
		Answer:      answerFor(title, "platform", p.Status, "required controls"),
		Status:      approvalBadge(p.Status),
		Risk:        riskBadge(p.Risk),
		Facts:       keyed(v.reviewFacts(p.Owner, p.Review)),
		Controls:    p.Controls,
		AllowedUses: p.AllowedUses,
		Accounts:    p.Accounts,
		Decisions:   v.itemsOf(p.Decisions),
	}
	for _, t := range p.Tools {
		data.Tools = append(data.Tools, v.toolEntry(t, false))
	}
	pg.Data = data
	return pg
}

// reviewFacts are the owner and review rows platforms and tools share.
func (v *viewer) reviewFacts(owner model.People, r model.Review) []fact {
	reviewed := dateView(r.Reviewed, model.Date{}, false)
	next := dateView(r.NextReview, v.site.Today, true)
	nf := fact{Label: "Next review", Date: &next}
	if b := dueBadge(next); b != nil {
		nf.Badges = []badge{*b}
	}
	return []fact{
		people("Owner", owner, notRecorded),
		{Label: "Last reviewed", Date: &reviewed},
		nf,
	}
}

// platformRow is a row of the platform table.
type platformRow struct {
	Title      string
	URL        string
	Status     badge
	StatusKey  string
	Risk       badge
	Owner      string
	Tools      []link
	NextReview when
	Due        *badge
}

type platformListData struct {
	Intro  template.HTML
	Rows   []platformRow
	Filter filterView
	// RequestURL is the page that says how to request a platform or tool
	// (request_page), "" when none is named.
	RequestURL string
}

// platformList is the table of every platform.
func (v *viewer) platformList() *page {
	intro, title, desc := v.intro(platformsURL, "Platforms")
	pg := v.newPage("platform-list", platformsURL, title,
		orDefault(desc, "Every social platform: whether you may use it, its risk, its owner and its next review."))
	pg.Scripts = []string{"/js/filter.js"}
	data := &platformListData{Intro: intro, RequestURL: v.site.RequestURL}
	var states []model.Approval
	for _, p := range v.site.Platforms {
		next := dateView(p.NextReview, v.site.Today, true)
		row := platformRow{
			Title:      orDefault(p.Title, p.Slug),
			URL:        p.URL,
			Status:     approvalBadge(p.Status),
			StatusKey:  classKey(string(p.Status)),
			Risk:       riskBadge(p.Risk),
			Owner:      orDefault(p.Owner.String(), notRecorded),
			NextReview: next,
			Due:        dueBadge(next),
		}
		for _, t := range p.Tools {
			row.Tools = append(row.Tools, link{Title: orDefault(t.Title, t.Slug), URL: t.URL})
		}
		data.Rows = append(data.Rows, row)
		states = append(states, p.Status)
	}
	data.Filter = filterView{Target: "platform-table", Noun: "platforms", Options: approvalOptions(states)}
	pg.Data = data
	return pg
}

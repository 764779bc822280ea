package render

import (
	"html/template"
	"slices"
	"strconv"

	"playbook/generator/model"
)

// newestCount is how many decisions the home page lists.
const newestCount = 5

// statusGroup is the platforms and tools in one approval state.
type statusGroup struct {
	ID      string // anchor: "status-conditional"
	Status  badge
	Heading string // "Approved with conditions"
	Answer  string // "Yes, with conditions"
	Entries []entry
}

type homeData struct {
	Intro     template.HTML
	Summary   string // "2 platforms and 2 tools; 5 decisions on record."
	Groups    []statusGroup
	Newest    []decisionItem
	Reviews   []reviewItem
	DueWindow int
	// RequestURL is the page that says how to request a platform or tool
	// (request_page), "" when none is named.
	RequestURL string
}

// home answers "can I use X?" at a glance.
func (v *viewer) home() *page {
	intro, _, desc := v.intro(homeURL, "")
	title := orDefault(v.site.Title, "Playbook")
	pg := v.newPage("home", homeURL, title,
		orDefault(desc, "Can I use it? The approval state of every social platform and tool, the conditions, and the decisions behind them."))
	data := &homeData{
		Intro:      intro,
		Summary:    summary(len(v.site.Platforms), len(v.site.Tools), len(v.site.Decisions)),
		Groups:     v.statusGroups(),
		Reviews:    reviewsDue(v.site),
		DueWindow:  dueWindow,
		RequestURL: v.site.RequestURL,
	}
	data.Newest = v.itemsOf(v.newest[:min(newestCount, len(v.newest))])
	pg.Data = data
	return pg
}

// statusGroups puts every platform and tool under its approval state, in the
// model's order; platforms come before tools, each by title. Empty groups
// are left out.
func (v *viewer) statusGroups() []statusGroup {
	by := map[model.Approval][]entry{}
	for _, p := range v.site.Platforms {
		by[p.Status] = append(by[p.Status], v.platformEntry(p, true))
	}
	for _, t := range v.site.Tools {
		by[t.Status] = append(by[t.Status], v.toolEntry(t, true))
	}
	order := slices.Clone(model.Approvals)
	var other []string
	for s := range by {
		if !slices.Contains(order, string(s)) {
			other = append(other, string(s))
		}
	}
	slices.Sort(other)
	var out []statusGroup
	for _, s := range append(order, other...) {
		a := model.Approval(s)
		if len(by[a]) == 0 {
			continue
		}
		b := approvalBadge(a)
		out = append(out, statusGroup{
			ID:      "status-" + classKey(s),
			Status:  b,
			Heading: b.Label,
			Answer:  shortAnswer(a),
			Entries: by[a],
		})
	}
	return out
}

func summary(platforms, tools, decisions int) string {
	return plural(platforms, "platform") + " and " + plural(tools, "tool") + "; " + plural(decisions, "decision") + " on record."
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

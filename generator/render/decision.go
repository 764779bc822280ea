package render

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"playbook/generator/model"
)

// decisionItem is a decision in a list: the timeline, the newest decisions,
// the decisions about a platform, a supersession chain.
type decisionItem struct {
	ID        string
	Title     string
	URL       string
	Date      when
	Status    badge
	StatusKey string // the filter value: "accepted", ..., "unknown"
	Risk      badge
	Platforms []link
	Tools     []link
	Current   bool // the page being shown (in a chain)
	// Filter keys, space-separated: the risk, platform and tool file
	// names, tag slugs, and the person keys (personKey) of everyone the
	// record names in requested_by, assessed_by, decided_by, escalated_to,
	// consulted and informed.
	RiskKey, PlatformKeys, ToolKeys, TagKeys, PersonKeys string
	// People are those people's names as written, for the text filter:
	// a reader who types "Kim Cho" finds the records that name her.
	People string
	// EscalatedKey is "yes" when the record was escalated (it names
	// escalated_to, whatever its status now), else "no".
	EscalatedKey string
}

// decisionStatus is a record's status badge; an imported record's own word
// is shown as written beside the contract's state: "In Review (Proposed)",
// "Parked (Status unknown)".
func decisionStatus(d *model.Decision) badge {
	b := statusBadge(d.Status)
	if d.StatusWord != "" && !strings.EqualFold(d.StatusWord, b.Label) {
		b.Label = d.StatusWord + " (" + b.Label + ")"
	}
	return b
}

func decisionItemOf(d *model.Decision) decisionItem {
	it := decisionItem{
		ID:        d.ID,
		Title:     orDefault(d.Title, d.ID),
		URL:       d.URL,
		Date:      dateView(d.Date, model.Date{}, false),
		Status:    decisionStatus(d),
		StatusKey: statusKey(d.Status),
		Risk:      riskBadge(d.Risk),
	}
	it.RiskKey = string(d.Risk)
	if it.RiskKey == "" {
		it.RiskKey = "unknown"
	}
	var ps, ts, tags []string
	for _, p := range d.Platforms {
		it.Platforms = append(it.Platforms, link{Title: p.Title, URL: p.URL})
		ps = append(ps, p.Slug)
	}
	for _, t := range d.Tools {
		it.Tools = append(it.Tools, link{Title: t.Title, URL: t.URL})
		ts = append(ts, t.Slug)
	}
	for _, tg := range d.Tags {
		if s := tagSlug(tg); s != "" {
			tags = append(tags, s)
		}
	}
	it.PlatformKeys, it.ToolKeys, it.TagKeys = strings.Join(ps, " "), strings.Join(ts, " "), strings.Join(tags, " ")
	var keys, names []string
	for _, n := range decisionPeople(d) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
		if k := personKey(n); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	it.PersonKeys, it.People = strings.Join(keys, " "), strings.Join(names, ", ")
	it.EscalatedKey = "no"
	if wasEscalated(d) {
		it.EscalatedKey = "yes"
	}
	return it
}

// decisionPeople is everyone a record names, as written, field by field:
// requested_by, assessed_by, decided_by, escalated_to, consulted, informed.
func decisionPeople(d *model.Decision) []string {
	var out []string
	for _, ps := range []model.People{d.RequestedBy, d.AssessedBy, d.DecidedBy, d.EscalatedTo, d.Consulted, d.Informed} {
		out = append(out, ps...)
	}
	return out
}

// wasEscalated tells a record that went to a senior decision-maker, whether
// it is still waiting or has been decided since.
func wasEscalated(d *model.Decision) bool {
	return len(d.EscalatedTo) > 0 || d.Status == model.Escalated
}

// personName is a person as the person filter lists them: the name without
// the role written after it in brackets ("Kim Cho (CISO)" → "Kim Cho").
func personName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		if n := strings.TrimSpace(s[:i]); n != "" {
			return n
		}
	}
	return s
}

// personKey is the person filter's value for a person: the slug of the
// name without the role ("Kim Cho (CISO)" → "kim-cho"), so that a person
// written with and without a role is one person.
func personKey(s string) string { return tagSlug(personName(s)) }

// newestFirst orders decisions by date, newest first; records without a date
// come last; ties go by ID, highest first.
func newestFirst(ds []*model.Decision) []*model.Decision {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, func(a, b *model.Decision) int {
		switch {
		case a.Date.IsZero() != b.Date.IsZero():
			if a.Date.IsZero() {
				return 1
			}
			return -1
		case a.Date != b.Date:
			return b.Date.Compare(a.Date)
		}
		return compareIDs(b.ID, a.ID)
	})
	return out
}

// compareIDs orders IDs like DR-0009 < DR-10 by prefix, then number.
func compareIDs(a, b string) int {
	pa, na := splitID(a)
	pb, nb := splitID(b)
	return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(na, nb), cmp.Compare(a, b))
}

func splitID(id string) (string, int) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return id, 0
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil {
		return id, 0
	}
	return id[:i], n
}

// filterView describes the filter controls of a list; filter.js shows and
// wires them, so they stay hidden without JavaScript.
type filterView struct {
	Target  string // id of the element holding the items
	Noun    string // "tools", "decisions"
	Options []option
	Facets  []facet // more selects: risk, platform, tool, tag
	// Dates adds from and to date inputs that keep the items whose
	// data-date ("2025-03-01") lies in the range, both ends included.
	Dates bool
}

// facet is a select that keeps the items whose data-<Name> holds its value.
type facet struct {
	Name, Label, All string
	Options          []option
}

// countFacet makes a facet from the keys each item has, with counts.
func countFacet(name, label, all string, keys [][]string, labels map[string]string) facet {
	count := map[string]int{}
	for _, ks := range keys {
		for _, k := range ks {
			count[k]++
		}
	}
	f := facet{Name: name, Label: label, All: all}
	names := make([]string, 0, len(count))
	for k := range count {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(labels[a]), strings.ToLower(labels[b])) })
	for _, k := range names {
		f.Options = append(f.Options, option{Value: k, Label: labels[k] + " (" + strconv.Itoa(count[k]) + ")", Name: labels[k]})
	}
	return f
}

// option is a choice of the status select.
type option struct {
	Value string
	Label string
	// Name is the label without its count ("Kim Cho" for "Kim Cho (4)"):
	// the filter says with it what a filtered view shows. Optional.
	Name string
}

// yearGroup is a year of the decision timeline.
type yearGroup struct {
	ID    string
	Title string
	Items []decisionItem
}

type decisionListData struct {
	Intro  template.HTML
	Count  int
	Years  []yearGroup
	Filter filterView
}

// decisionList is the decision log: every record, newest first, by year.
func (v *viewer) decisionList() *page {
	intro, title, desc := v.intro(decisionsURL, "Decision log")
	p := v.newPage("decision-list", decisionsURL, title,
		orDefault(desc, "Every decision on social platforms and tools: who asked, who assessed the risk, who decided, when and under which conditions."))
	p.Scripts = []string{"/js/filter.js"}
	data := &decisionListData{Intro: intro, Count: len(v.newest)}
	for _, d := range v.newest {
		year := "Date not recorded"
		if !d.Date.IsZero() {
			year = strconv.Itoa(d.Date.Year)
		}
		if n := len(data.Years); n == 0 || data.Years[n-1].Title != year {
			data.Years = append(data.Years, yearGroup{ID: "year-" + classKey(year), Title: year})
		}
		g := &data.Years[len(data.Years)-1]
		g.Items = append(g.Items, v.item(d))
	}
	data.Filter = v.decisionFilter("decision-log", v.newest)
	p.Data = data
	return p
}

// decisionFilter is the filter of a list of decisions (the log, the
// auditor's table): status, risk, platform, tool, tag, person, whether the
// record was escalated, and a date range. Every select counts the records
// of ds that each choice keeps.
func (v *viewer) decisionFilter(target string, ds []*model.Decision) filterView {
	var risks, plats, tools, tags, persons, escalated [][]string
	riskLabels := map[string]string{"unknown": riskBadge("").Label}
	for _, r := range model.Risks {
		riskLabels[r] = riskBadge(model.Risk(r)).Label
	}
	platLabels, toolLabels, tagLabels := map[string]string{}, map[string]string{}, map[string]string{}
	spellings := map[string]map[string]int{} // person key → name → how often written so
	dates := false
	for _, d := range ds {
		it := v.item(d)
		risks = append(risks, []string{it.RiskKey})
		plats = append(plats, strings.Fields(it.PlatformKeys))
		tools = append(tools, strings.Fields(it.ToolKeys))
		tags = append(tags, strings.Fields(it.TagKeys))
		persons = append(persons, strings.Fields(it.PersonKeys))
		escalated = append(escalated, []string{it.EscalatedKey})
		for _, p := range d.Platforms {
			platLabels[p.Slug] = p.Title
		}
		for _, t := range d.Tools {
			toolLabels[t.Slug] = t.Title
		}
		for _, tg := range d.Tags {
			tagLabels[tagSlug(tg)] = tg
		}
		for _, n := range decisionPeople(d) {
			k := personKey(n)
			if k == "" {
				continue
			}
			if spellings[k] == nil {
				spellings[k] = map[string]int{}
			}
			spellings[k][personName(n)]++
		}
		dates = dates || it.Date.ISO != ""
	}
	// A person is listed by the spelling of their name written most often
	// (the first in name order on a tie).
	personLabels := map[string]string{}
	for k, names := range spellings {
		best := ""
		for n, c := range names {
			if best == "" || c > names[best] || c == names[best] && n < best {
				best = n
			}
		}
		personLabels[k] = best
	}
	risk := countFacet("risk", "Risk", "All risks", risks, riskLabels)
	slices.SortStableFunc(risk.Options, func(a, b option) int { // low to critical, unknown last
		return cmp.Compare(riskOrder(a.Value), riskOrder(b.Value))
	})
	esc := countFacet("escalated", "Escalation", "Escalated or not", escalated,
		map[string]string{"yes": "Was escalated", "no": "Never escalated"})
	slices.SortStableFunc(esc.Options, func(a, b option) int { return strings.Compare(b.Value, a.Value) }) // "yes" first
	if !slices.ContainsFunc(esc.Options, func(o option) bool { return o.Value == "yes" }) {
		esc.Options = nil // nothing was escalated: nothing to choose
	}
	return filterView{Target: target, Noun: "decisions", Options: statusOptions(ds),
		Facets: []facet{
			countFacet("person", "Person", "Anyone", persons, personLabels),
			esc,
			risk,
			countFacet("platform", "Platform", "All platforms", plats, platLabels),
			countFacet("tool", "Tool", "All tools", tools, toolLabels),
			countFacet("tag", "Tag", "All tags", tags, tagLabels),
		},
		Dates: dates}
}

// riskOrder places a risk key in the risk select: low to critical, then
// "unknown".
func riskOrder(key string) int {
	if r := model.Risk(key).Rank(); r > 0 {
		return r
	}
	return len(model.Risks) + 1
}

// statusOptions are the decision statuses in use, in the model's order, with
// their counts.
func statusOptions(ds []*model.Decision) []option {
	count := map[string]int{}
	for _, d := range ds {
		count[statusKey(d.Status)]++
	}
	var out []option
	for _, s := range append(slices.Clone(model.Statuses), "") {
		st := model.Status(s)
		if n := count[statusKey(st)]; n > 0 {
			out = append(out, option{Value: statusKey(st), Label: st.Label() + " (" + strconv.Itoa(n) + ")", Name: st.Label()})
		}
	}
	return out
}

type decisionData struct {
	ID        string
	Status    badge
	Risk      badge
	Format    string // "" for a native record, else a note on the imported format
	Banners   []banner
	Facts     []fact
	Chain     []decisionItem // the supersession chain, oldest first, when longer than one
	Platforms []entry
	Tools     []entry
}

// decision is the page of one decision record.
func (v *viewer) decision(d *model.Decision) *page {
	desc := d.ID + ": " + orDefault(d.Title, d.ID) + ". " + d.Status.Label()
	if !d.Date.IsZero() {
		desc += ", " + d.Date.Long()
	}
	p := v.docPage("decision", &d.Doc, desc+".")
	p.Title = orDefault(d.Title, d.ID)
	p.HeadTitle = d.ID + " " + p.Title + " · " + p.Site.Title
	p.Crumbs = v.crumbsFor(d.URL, d.ID)
	data := &decisionData{
		ID:      d.ID,
		Status:  decisionStatus(d),
		Risk:    riskBadge(d.Risk),
		Banners: decisionBanners(d),
		Facts:   keyed(v.decisionFacts(d)),
	}
	switch d.Format {
	case "madr":
		data.Format = "Imported from a MADR record."
	case "adr-tools":
		data.Format = "Imported from an adr-tools record."
	}
	if len(d.Chain) > 1 {
		data.Chain = v.itemsOf(d.Chain)
		for i := range data.Chain {
			data.Chain[i].Current = d.Chain[i] == d
		}
	}
	for _, pl := range d.Platforms {
		data.Platforms = append(data.Platforms, v.platformEntry(pl, false))
	}
	for _, t := range d.Tools {
		data.Tools = append(data.Tools, v.toolEntry(t, false))
	}
	p.Data = data
	return p
}

// decisionBanners says at the top of a record when it no longer applies or
// is not decided yet.
func decisionBanners(d *model.Decision) []banner {
	var out []banner
	switch d.Status {
	case model.Superseded:
		if s := d.Successor; s != nil {
			out = append(out, banner{Class: "warning", Text: "Superseded by",
				Link:  &link{Label: s.ID, Title: orDefault(s.Title, s.ID), URL: s.URL},
				After: "This record no longer applies; it is kept as history."})
			if n := len(d.Chain); n > 0 && d.Chain[n-1] != s && d.Chain[n-1] != d {
				last := d.Chain[n-1]
				out = append(out, banner{Class: "info", Text: "The record now in effect is",
					Link: &link{Label: last.ID, Title: orDefault(last.Title, last.ID), URL: last.URL}})
			}
		} else {
			out = append(out, banner{Class: "warning", Text: "Superseded; the record that replaces it is not named."})
		}
	case model.Deprecated:
		out = append(out, banner{Class: "warning", Text: "Deprecated: this decision no longer applies and nothing replaces it."})
	case model.Withdrawn:
		out = append(out, banner{Class: "warning", Text: "Withdrawn: the request was withdrawn; this record decides nothing."})
	case model.Escalated:
		to := "a senior decision-maker"
		if len(d.EscalatedTo) > 0 {
			to = d.EscalatedTo.String()
		}
		out = append(out, banner{Class: "info", Text: "Escalated to " + to + ": marketing and security did not agree; the decision is pending."})
	case model.Proposed:
		out = append(out, banner{Class: "info", Text: "Proposed: not decided yet. Do not rely on it."})
	case model.Unknown:
		out = append(out, banner{Class: "info", Text: "Status unknown: this imported record does not state its status."})
	}
	return out
}

// decisionFacts are the rows of a record's facts box, in the order an
// auditor reads them.
func (v *viewer) decisionFacts(d *model.Decision) []fact {
	date := dateView(d.Date, model.Date{}, false)
	facts := []fact{
		{Label: "Date", Date: &date},
		people("Requested by", d.RequestedBy, notRecorded),
		people("Assessed by", d.AssessedBy, notRecorded),
		{Label: "Risk", Badges: []badge{riskBadge(d.Risk)}},
	}
	decided := notRecorded
	switch d.Status {
	case model.Proposed, model.Escalated:
		decided = "not decided yet"
	case model.Withdrawn:
		decided = "no decision: withdrawn"
	}
	facts = append(facts, people("Decided by", d.DecidedBy, decided))
	if len(d.EscalatedTo) > 0 || d.Status == model.Escalated {
		facts = append(facts, people("Escalated to", d.EscalatedTo, notRecorded))
	}
	if len(d.Consulted) > 0 {
		facts = append(facts, people("Consulted", d.Consulted, ""))
	}
	if len(d.Informed) > 0 {
		facts = append(facts, people("Informed", d.Informed, ""))
	}
	if d.Category != "" {
		facts = append(facts, fact{Label: "Category", Text: d.Category})
	}
	switch {
	case len(d.Conditions) > 0:
		facts = append(facts, fact{Label: "Conditions", Items: d.Conditions})
	case d.Status == model.Accepted:
		facts = append(facts, fact{Label: "Conditions", Text: "none"})
	}
	if !d.ReviewBy.IsZero() {
		rb := dateView(d.ReviewBy, v.site.Today, d.Status == model.Accepted)
		f := fact{Label: "Review by", Date: &rb}
		if b := dueBadge(rb); b != nil {
			f.Badges = []badge{*b}
		}
		facts = append(facts, f)
	}
	if len(d.SupersedesRecs) > 0 {
		f := fact{Label: "Supersedes"}
		for _, s := range d.SupersedesRecs {
			f.Links = append(f.Links, link{Label: s.ID, Title: orDefault(s.Title, s.ID), URL: s.URL})
		}
		facts = append(facts, f)
	}
	if s := d.Successor; s != nil {
		facts = append(facts, fact{Label: "Superseded by", Links: []link{{Label: s.ID, Title: orDefault(s.Title, s.ID), URL: s.URL}}})
	}
	return facts
}

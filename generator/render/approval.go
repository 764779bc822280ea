package render

import (
	"slices"
	"strconv"

	"playbook/generator/model"
)

// maxNotes is how many conditions or controls a summary shows.
const maxNotes = 3

// entry is a platform or tool in a list: on the home page, on a related
// page, on a tag page.
type entry struct {
	Kind       string // "Platform" or "Tool"
	Title      string
	URL        string
	Status     badge
	StatusKey  string
	Badges     []badge // risk for a platform, data class for a tool
	NotesLabel string  // "Conditions" or "Required controls"
	Notes      []string
	More       int // notes not shown
	Latest     *decisionItem
}

// platformEntry is p in a list; without notes it is made once per render.
func (v *viewer) platformEntry(p *model.Platform, withNotes bool) entry {
	if m, ok := v.entries[p]; ok && !withNotes {
		return m.get(func() entry { return v.newPlatformEntry(p, false) })
	}
	return v.newPlatformEntry(p, withNotes)
}

func (v *viewer) newPlatformEntry(p *model.Platform, withNotes bool) entry {
	e := entry{
		Kind:      "Platform",
		Title:     orDefault(p.Title, p.Slug),
		URL:       p.URL,
		Status:    approvalBadge(p.Status),
		StatusKey: classKey(string(p.Status)),
		Badges:    []badge{riskBadge(p.Risk)},
	}
	if withNotes && p.Status == model.Conditional {
		e.NotesLabel = "Required controls"
		e.Notes, e.More = firstNotes(p.Controls)
	}
	if len(p.Decisions) > 0 {
		it := v.item(p.Decisions[0])
		e.Latest = &it
	}
	return e
}

// toolEntry is t in a list; without notes it is made once per render.
func (v *viewer) toolEntry(t *model.Tool, withNotes bool) entry {
	if m, ok := v.entries[t]; ok && !withNotes {
		return m.get(func() entry { return v.newToolEntry(t, false) })
	}
	return v.newToolEntry(t, withNotes)
}

func (v *viewer) newToolEntry(t *model.Tool, withNotes bool) entry {
	e := entry{
		Kind:      "Tool",
		Title:     orDefault(t.Title, t.Slug),
		URL:       t.URL,
		Status:    approvalBadge(t.Status),
		StatusKey: classKey(string(t.Status)),
		Badges:    []badge{dataBadge(t.Data)},
	}
	if withNotes && t.Status == model.Conditional {
		e.NotesLabel = "Conditions"
		e.Notes, e.More = firstNotes(t.Conditions)
	}
	if len(t.Decisions) > 0 {
		it := v.item(t.Decisions[0])
		e.Latest = &it
	}
	return e
}

func firstNotes(all []string) ([]string, int) {
	if len(all) <= maxNotes {
		return all, 0
	}
	return all[:maxNotes], len(all) - maxNotes
}

// answer is the reply to "can I use X?".
type answer struct {
	Class    string // the approval state, for the colour
	Question string
	Short    string // "Yes, with conditions"
	Text     string
}

// shortAnswer is the one-line reply for an approval state.
func shortAnswer(a model.Approval) string {
	switch a {
	case model.Approved:
		return "Yes"
	case model.Conditional:
		return "Yes, with conditions"
	case model.UnderReview:
		return "Not yet"
	case model.NotApproved:
		return "No"
	case model.Retired:
		return "No longer"
	}
	return "Ask security first"
}

// answerFor words the reply for one platform or tool; noun is "platform" or
// "tool" and rules names what a conditional approval requires.
func answerFor(title, noun string, a model.Approval, rules string) answer {
	ans := answer{Class: "approval-" + classKey(string(a)), Question: "Can I use " + title + "?", Short: shortAnswer(a)}
	switch a {
	case model.Approved:
		ans.Text = "This " + noun + " is approved for company use. Follow the guidance on this page."
	case model.Conditional:
		ans.Text = "This " + noun + " is approved only when every one of the " + rules + " below is met."
	case model.UnderReview:
		ans.Text = "Security is reviewing this " + noun + ". Do not use it for company work until a decision is published; ask the owner."
	case model.NotApproved:
		ans.Text = "This " + noun + " is not approved for company use. See the decisions below for the reasons."
	case model.Retired:
		ans.Text = "This " + noun + " has been retired and must no longer be used."
	default:
		ans.Text = "The approval state of this " + noun + " is not recorded. Ask security before you use it."
	}
	return ans
}

// approvalOptions are the approval states in use, in the model's order,
// with their counts.
func approvalOptions(states []model.Approval) []option {
	count := map[model.Approval]int{}
	for _, s := range states {
		count[s]++
	}
	var out []option
	for _, s := range model.Approvals {
		a := model.Approval(s)
		if n := count[a]; n > 0 {
			out = append(out, option{Value: classKey(s), Label: a.Label() + " (" + strconv.Itoa(n) + ")"})
		}
	}
	// States outside the model's list (should the check stage let one
	// through) still get an option, in name order.
	var other []string
	for s := range count {
		if !slices.Contains(model.Approvals, string(s)) {
			other = append(other, string(s))
		}
	}
	slices.Sort(other)
	for _, s := range other {
		a := model.Approval(s)
		out = append(out, option{Value: classKey(s), Label: approvalBadge(a).Label + " (" + strconv.Itoa(count[a]) + ")"})
	}
	return out
}

package check

import (
	"slices"

	"playbook/generator/model"
)

// consistency reports, as warnings, what makes the log disagree with itself
// as it grows: statuses that contradict the latest decision, supersession
// written on one side only or running backwards in time, and records left
// proposed or escalated too long. It runs after link, on linked records.
// Under -strict (check -strict) the warnings are errors.
func (c *checker) consistency() {
	for _, p := range c.s.Platforms {
		c.agrees(&p.Doc, "platform", p.Title, p.Status, p.Decisions)
	}
	for _, t := range c.s.Tools {
		c.agrees(&t.Doc, "tool", t.Title, t.Status, t.Decisions)
	}
	for _, d := range c.s.Decisions {
		c.reciprocal(d)
		c.stale(d)
	}
}

// latestDecided is the newest accepted or rejected record of a list sorted
// newest first.
func latestDecided(ds []*model.Decision) *model.Decision {
	for _, d := range ds {
		if d.Status == model.Accepted || d.Status == model.Rejected {
			return d
		}
	}
	return nil
}

// agrees warns when a platform's or tool's status says the opposite of its
// latest accepted or rejected decision.
func (c *checker) agrees(doc *model.Doc, kind, title string, status model.Approval, decisions []*model.Decision) {
	d := latestDecided(decisions)
	if d == nil {
		return
	}
	p := doc.ValuePos("status")
	switch {
	case d.Status == model.Rejected && (status == model.Approved || status == model.Conditional):
		c.probs.Warnf(doc.Path, p.Line, p.Col, "%s %s is %s, but its latest decision %s (%s) rejected it; expected status not-approved, or a newer accepted decision", kind, title, status, d.ID, d.Date)
	case d.Status == model.Accepted && status == model.NotApproved:
		c.probs.Warnf(doc.Path, p.Line, p.Col, "%s %s is not-approved, but its latest decision %s (%s) accepted it; expected status %s, or a newer rejected decision", kind, title, d.ID, d.Date, acceptedStatus(d))
	case d.Status == model.Accepted && status == model.Approved && len(d.Conditions) > 0:
		c.probs.Warnf(doc.Path, p.Line, p.Col, "%s %s is approved, but its latest decision %s (%s) accepted it only with conditions; expected status conditional", kind, title, d.ID, d.Date)
	}
}

func acceptedStatus(d *model.Decision) model.Approval {
	if len(d.Conditions) > 0 {
		return model.Conditional
	}
	return model.Approved
}

// reciprocal warns about supersession written on one side only, and about a
// successor dated before the record it replaces.
func (c *checker) reciprocal(d *model.Decision) {
	if n := c.s.DecisionByID[d.SupersededBy]; n != nil && n != d {
		// MADR has no "supersedes": an imported successor is linked back
		// without being asked to say so.
		if !slices.Contains(n.Supersedes, d.ID) && n.Format == "native" {
			p := d.ValuePos("superseded_by")
			c.probs.Warnf(d.Path, p.Line, p.Col, "%s is superseded by %s, but %s does not list it; expected \"supersedes: [%s]\" in %s", d.ID, n.ID, n.ID, d.ID, n.Path)
		}
		if !d.Date.IsZero() && !n.Date.IsZero() && n.Date.Before(d.Date) {
			p := d.ValuePos("superseded_by")
			c.probs.Warnf(d.Path, p.Line, p.Col, "%s (%s) is superseded by %s, which is dated earlier (%s); expected a successor dated on or after the record it replaces", d.ID, d.Date, n.ID, n.Date)
		}
	}
	for i, id := range d.Supersedes {
		o := c.s.DecisionByID[id]
		if o == nil || o == d {
			continue
		}
		if o.SupersededBy != d.ID {
			p := d.ItemPos("supersedes", i)
			switch {
			case o.SupersededBy == "":
				c.probs.Warnf(d.Path, p.Line, p.Col, "%s supersedes %s, but %s does not name its successor; expected \"status: superseded\" and \"superseded_by: %s\" in %s", d.ID, o.ID, o.ID, d.ID, o.Path)
			default:
				c.probs.Warnf(d.Path, p.Line, p.Col, "%s supersedes %s, but %s names %s as its successor; expected one successor on both sides", d.ID, o.ID, o.ID, o.SupersededBy)
			}
		} else if o.Status != model.Superseded && o.Status != model.Unknown {
			p := o.ValuePos("status")
			c.probs.Warnf(o.Path, p.Line, p.Col, "%s names %s as its successor but is %s; expected status superseded", o.ID, d.ID, o.Status)
		}
	}
}

// stale warns about records waiting for a decision for too long.
func (c *checker) stale(d *model.Decision) {
	limit := c.s.StaleDays
	if limit <= 0 || d.Date.IsZero() || (d.Status != model.Proposed && d.Status != model.Escalated) {
		return
	}
	age := d.Date.DaysUntil(c.s.Today)
	if age <= limit {
		return
	}
	p := d.ValuePos("status")
	c.probs.Warnf(d.Path, p.Line, p.Col, "%s has been %s for %s (since %s); expected a decision within %s (stale_after_days in playbook.yaml)", d.ID, d.Status, model.DayCount(age), d.Date, model.DayCount(limit))
}

// Package link is the room that joins the records of a site both ways: a
// ref written on one side (a platform naming a decision, a record naming
// its successor) becomes a relation on both records, and each decision
// gets its supersession chain. It is its own step of the pipeline, after
// load and before check, so that check only reads. It may import model
// and the standard library.
package link

import (
	"slices"
	"strings"

	"playbook/generator/model"
)

// Site fills the relations of every record from the refs written on either
// side, so that a ref written once shows on both pages. Unknown refs are
// skipped (check reports them). Linking again gives the same relations.
func Site(s *model.Site) {
	for _, p := range s.Platforms {
		p.Tools, p.Decisions = nil, nil
	}
	for _, t := range s.Tools {
		t.Platforms, t.Decisions = nil, nil
	}
	pt := func(p *model.Platform, t *model.Tool) {
		p.Tools = append(p.Tools, t)
		t.Platforms = append(t.Platforms, p)
	}
	for _, p := range s.Platforms {
		for _, r := range p.ToolRefs {
			if t := s.ToolBySlug[r]; t != nil {
				pt(p, t)
			}
		}
		for _, r := range p.DecisionRef {
			if d := s.DecisionByID[r]; d != nil {
				p.Decisions = append(p.Decisions, d)
				d.Platforms = append(d.Platforms, p)
			}
		}
	}
	for _, t := range s.Tools {
		for _, r := range t.PlatformRef {
			if p := s.PlatformBySlug[r]; p != nil {
				pt(p, t)
			}
		}
		for _, r := range t.DecisionRef {
			if d := s.DecisionByID[r]; d != nil {
				t.Decisions = append(t.Decisions, d)
				d.Tools = append(d.Tools, t)
			}
		}
	}
	for _, d := range s.Decisions {
		d.SupersedesRecs, d.Successor, d.Chain = nil, nil, nil
		for _, r := range d.PlatformRef {
			if p := s.PlatformBySlug[r]; p != nil {
				p.Decisions = append(p.Decisions, d)
				d.Platforms = append(d.Platforms, p)
			}
		}
		for _, r := range d.ToolRef {
			if t := s.ToolBySlug[r]; t != nil {
				t.Decisions = append(t.Decisions, d)
				d.Tools = append(d.Tools, t)
			}
		}
	}
	for _, d := range s.Decisions {
		if n := s.DecisionByID[d.SupersededBy]; n != nil && n != d {
			d.Successor = n
		}
		for _, r := range d.Supersedes {
			if o := s.DecisionByID[r]; o != nil && o != d {
				d.SupersedesRecs = append(d.SupersedesRecs, o)
				if o.Successor == nil {
					o.Successor = d
				}
			}
		}
	}
	for _, d := range s.Decisions {
		if d.Successor != nil && !slices.Contains(d.Successor.SupersedesRecs, d) {
			d.Successor.SupersedesRecs = append(d.Successor.SupersedesRecs, d)
		}
	}
	for _, p := range s.Platforms {
		p.Tools = uniqueBy(p.Tools, func(t *model.Tool) string { return strings.ToLower(t.Title) + t.Path })
		p.Decisions = newestFirst(p.Decisions)
	}
	for _, t := range s.Tools {
		t.Platforms = uniqueBy(t.Platforms, func(p *model.Platform) string { return strings.ToLower(p.Title) + p.Path })
		t.Decisions = newestFirst(t.Decisions)
	}
	for _, d := range s.Decisions {
		d.Platforms = uniqueBy(d.Platforms, func(p *model.Platform) string { return strings.ToLower(p.Title) + p.Path })
		d.Tools = uniqueBy(d.Tools, func(t *model.Tool) string { return strings.ToLower(t.Title) + t.Path })
		d.SupersedesRecs = uniqueBy(d.SupersedesRecs, func(o *model.Decision) string { return o.ID })
		d.Chain = chain(d)
	}
}

// chain is the supersession chain through d, oldest first. It follows the
// first predecessor back and the successor forward, stopping at a record seen
// before so that a cycle (reported as an error) cannot loop.
func chain(d *model.Decision) []*model.Decision {
	seen := map[*model.Decision]bool{d: true}
	var back []*model.Decision
	for cur := d; len(cur.SupersedesRecs) > 0; {
		cur = cur.SupersedesRecs[0]
		if seen[cur] {
			break
		}
		seen[cur] = true
		back = append(back, cur)
	}
	slices.Reverse(back)
	out := append(back, d)
	for cur := d.Successor; cur != nil && !seen[cur]; cur = cur.Successor {
		seen[cur] = true
		out = append(out, cur)
	}
	return out
}

func uniqueBy[T comparable](xs []T, key func(T) string) []T {
	slices.SortStableFunc(xs, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return slices.Compact(xs)
}

func newestFirst(ds []*model.Decision) []*model.Decision {
	slices.SortFunc(ds, func(a, b *model.Decision) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return slices.Compact(ds)
}

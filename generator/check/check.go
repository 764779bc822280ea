// Package check is the room where a loaded site is judged as a whole: refs
// between platforms, tools and decisions, relative links, duplicate IDs,
// supersession, escalation, conditions, review dates and records decided on
// unfinished text (template placeholders, empty sections). It reports every
// problem through diag and only reads the site: package link joins the
// records both ways before it runs. It may import model, diag, frontmatter (for "did you mean") and the
// standard library; it does no I/O.
package check

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/frontmatter"
	"playbook/generator/model"
)

// Site checks s and links its records. Warnings are returned as warnings;
// a caller that wants -strict turns them into errors.
func Site(s *model.Site) diag.List {
	c := &checker{s: s}
	c.duplicateIDs()
	c.links()
	c.platforms()
	c.tools()
	c.decisions()
	c.supersession()
	c.reviews()
	c.consistency()
	c.unfinished()
	return c.probs
}

type checker struct {
	s     *model.Site
	probs diag.List
}

func (c *checker) errAt(d *model.Doc, p model.Pos, format string, args ...any) {
	c.probs.Errorf(d.Path, p.Line, p.Col, format, args...)
}

func (c *checker) duplicateIDs() {
	first := map[string]*model.Decision{}
	for _, d := range c.s.Decisions {
		if f, ok := first[d.ID]; ok {
			fp := f.FieldPos("id")
			c.errAt(&d.Doc, d.ValuePos("id"), "duplicate decision id %q: already used by %s:%d:%d; expected each record to have its own id", d.ID, f.Path, fp.Line, fp.Col)
			continue
		}
		first[d.ID] = d
	}
}

func (c *checker) links() {
	for _, d := range c.s.Docs() {
		for _, l := range d.Links {
			if l.OK {
				continue
			}
			what := "link"
			if l.Image {
				what = "image"
			}
			target := strings.SplitN(strings.SplitN(l.Dest, "#", 2)[0], "?", 2)[0]
			missing := joinRel(d.Path, target)
			if slices.Contains(c.s.Drafts, missing) {
				c.errAt(d, l.Pos, "broken %s %q: %s says draft: true, so it is left out of the site; expected a link to a published page (remove draft: true from it to publish it, or build with -drafts)", what, l.Dest, missing)
				continue
			}
			if s := c.nearestFile(missing); s != "" {
				c.errAt(d, l.Pos, "broken %s %q: no file %s; did you mean %q?", what, l.Dest, missing, relLink(d.Path, s)+l.Dest[len(target):])
				continue
			}
			c.errAt(d, l.Pos, "broken %s %q: no file %s; expected a path relative to this file", what, l.Dest, missing)
		}
	}
}

// nearestFile is the content file a broken link most likely meant, for
// "did you mean": a file of the same folder and extension whose name is
// nearly the same ("hootsuit.md" → "hootsuite.md"), else the one file of
// the same name in another folder ("../tool/hootsuite.md"), else "".
// Names are compared without their extension, so that a shared ".md"
// does not make two different names look close.
func (c *checker) nearestFile(missing string) string {
	dir, name := path.Split(missing)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	var stems, named []string
	add := func(p string) {
		d, n := path.Split(p)
		if d == dir && path.Ext(n) == ext {
			stems = append(stems, strings.TrimSuffix(n, ext))
		}
		if strings.EqualFold(n, name) {
			named = append(named, p)
		}
	}
	for p := range c.s.DocByPath {
		add(p)
	}
	for _, a := range c.s.Assets {
		add(a.Path)
	}
	slices.Sort(stems)
	if s := frontmatter.Suggest(stem, stems); s != "" && stem != "" {
		return dir + s + ext
	}
	if len(named) == 1 {
		return named[0]
	}
	return ""
}

// relLink is the relative link from the file at from to the file at to,
// both slash paths from the site folder.
func relLink(from, to string) string {
	f := strings.Split(path.Dir(from), "/")
	t := strings.Split(to, "/")
	i := 0
	for i < len(f) && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	parts := make([]string, 0, len(f)-i+len(t)-i)
	for range f[i:] {
		parts = append(parts, "..")
	}
	return strings.Join(append(parts, t[i:]...), "/")
}

func joinRel(from, target string) string {
	parts := strings.Split(from, "/")
	parts = parts[:len(parts)-1]
	for _, seg := range strings.Split(target, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(parts) > 0 {
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, seg)
		}
	}
	return strings.Join(parts, "/")
}

// ref checks that each item of a list field names a known record.
func (c *checker) ref(d *model.Doc, field string, items []string, kind string, known func(string) bool, all func() []string) {
	for i, it := range items {
		if known(it) {
			continue
		}
		msg := fmt.Sprintf("%q in %q is not a known %s", it, field, kind)
		if s := frontmatter.Suggest(it, all()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else {
			switch kind {
			case "platform":
				msg += "; expected the file name of a guide in content/platforms/ (without .md)"
			case "tool":
				msg += "; expected the file name of an entry in content/tools/ (without .md)"
			default:
				msg += "; expected the id of a record in content/decisions/"
			}
		}
		c.errAt(d, d.ItemPos(field, i), "%s", msg)
	}
}

func (c *checker) isPlatform(x string) bool { _, ok := c.s.PlatformBySlug[x]; return ok }
func (c *checker) isTool(x string) bool     { _, ok := c.s.ToolBySlug[x]; return ok }
func (c *checker) isDecision(x string) bool { _, ok := c.s.DecisionByID[x]; return ok }

func (c *checker) platformNames() []string { return keys(c.s.PlatformBySlug) }
func (c *checker) toolNames() []string     { return keys(c.s.ToolBySlug) }
func (c *checker) decisionIDs() []string   { return keys(c.s.DecisionByID) }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (c *checker) platforms() {
	for _, p := range c.s.Platforms {
		c.ref(&p.Doc, "tools", p.ToolRefs, "tool", c.isTool, c.toolNames)
		c.ref(&p.Doc, "decisions", p.DecisionRef, "decision", c.isDecision, c.decisionIDs)
	}
}

func (c *checker) tools() {
	for _, t := range c.s.Tools {
		c.ref(&t.Doc, "platforms", t.PlatformRef, "platform", c.isPlatform, c.platformNames)
		c.ref(&t.Doc, "decisions", t.DecisionRef, "decision", c.isDecision, c.decisionIDs)
		if t.Status == model.Conditional && len(t.Conditions) == 0 {
			c.errAt(&t.Doc, t.ValuePos("status"), "tool %q is conditional but lists no conditions; expected a \"conditions\" list saying what users must do", t.Slug)
		}
	}
}

func (c *checker) decisions() {
	for _, d := range c.s.Decisions {
		c.ref(&d.Doc, "platforms", d.PlatformRef, "platform", c.isPlatform, c.platformNames)
		c.ref(&d.Doc, "tools", d.ToolRef, "tool", c.isTool, c.toolNames)
		c.ref(&d.Doc, "supersedes", d.Supersedes, "decision", c.isDecision, c.decisionIDs)
		if d.SupersededBy != "" {
			if d.SupersededBy == d.ID {
				c.errAt(&d.Doc, d.ValuePos("superseded_by"), "%s is superseded by itself; expected the id of its successor", d.ID)
			} else {
				c.ref(&d.Doc, "superseded_by", []string{d.SupersededBy}, "decision", c.isDecision, c.decisionIDs)
			}
		}
		if d.Status == model.Superseded && d.SupersededBy == "" {
			c.errAt(&d.Doc, d.ValuePos("status"), "%s is superseded but names no successor; expected a \"superseded_by\" field with the id of the record that replaces it", d.ID)
		}
		if d.Status == model.Escalated && len(d.EscalatedTo) == 0 {
			c.errAt(&d.Doc, d.ValuePos("status"), "%s is escalated but names nobody it was escalated to; expected an \"escalated_to\" field naming the senior decision-maker", d.ID)
		}
		// A decided record must say who decided. A withdrawn request was
		// never decided (whoever asked took it back), and the statuses a
		// site adds are treated as not yet decided.
		if d.Format == "native" && len(d.DecidedBy) == 0 && d.Status.Decided() {
			c.errAt(&d.Doc, d.ValuePos("status"), "%s is %s but names no decision-maker; expected a \"decided_by\" field", d.ID, d.Status)
		}
	}
}

// supersession reports cycles in the successor graph built from both
// "superseded_by" and "supersedes".
func (c *checker) supersession() {
	next := map[string][]string{}
	for _, d := range c.s.Decisions {
		if d.SupersededBy != "" && c.isDecision(d.SupersededBy) && d.SupersededBy != d.ID {
			next[d.ID] = append(next[d.ID], d.SupersededBy)
		}
		for _, old := range d.Supersedes {
			if c.isDecision(old) && old != d.ID {
				next[old] = append(next[old], d.ID)
			}
		}
	}
	for k := range next {
		slices.Sort(next[k])
		next[k] = slices.Compact(next[k])
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = active
		stack = append(stack, id)
		for _, n := range next[id] {
			switch state[n] {
			case unseen:
				visit(n)
			case active:
				i := slices.Index(stack, n)
				cycle := append(slices.Clone(stack[i:]), n)
				// Report on the record with the smallest id in the cycle.
				min := slices.Min(cycle)
				d := c.s.DecisionByID[min]
				field := "superseded_by"
				if d.SupersededBy == "" {
					field = "supersedes"
				}
				c.errAt(&d.Doc, d.ValuePos(field), "supersession cycle: %s; expected each chain of successors to end", strings.Join(cycle, " → "))
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, id := range keys(next) {
		if state[id] == unseen {
			visit(id)
		}
	}
}

// reviews warns about review dates that have passed.
func (c *checker) reviews() {
	today := c.s.Today
	due := func(d *model.Doc, overdue bool, field string, when model.Date, what string) {
		if !overdue {
			return
		}
		p := d.ValuePos(field)
		c.probs.Warnf(d.Path, p.Line, p.Col, "%s was due on %s (%s ago); expected a review and a new %q date", what, when, model.DayCount(when.DaysUntil(today)), field)
	}
	for _, p := range c.s.Platforms {
		due(&p.Doc, p.Overdue(today), "next_review", p.NextReview, "the review of platform "+p.Title)
	}
	for _, t := range c.s.Tools {
		due(&t.Doc, t.Overdue(today), "next_review", t.NextReview, "the review of tool "+t.Title)
	}
	for _, d := range c.s.Decisions {
		due(&d.Doc, d.ReviewOverdue(today), "review_by", d.ReviewBy, "the review of the risk accepted in "+d.ID)
	}
}

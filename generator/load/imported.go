package load

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"playbook/generator/adr"
	"playbook/generator/diag"
	fm "playbook/generator/frontmatter"
	"playbook/generator/model"
)

// skipped is a content file that is neither a record nor a page: a
// decision log's README, index or template.
type skipped string

// navigationPage reports front matter that a docs tool keeps beside the
// records to build its navigation (just-the-docs' has_children).
func navigationPage(yaml []byte) bool {
	return hasKey(yaml, "has_children")
}

// hasKey reports whether front matter holds key at the top level.
func hasKey(yaml []byte, key string) bool {
	for line := range bytes.Lines(yaml) {
		if rest, ok := bytes.CutPrefix(line, []byte(key)); ok {
			if t := bytes.TrimLeft(rest, " \t"); len(t) > 0 && t[0] == ':' {
				return true
			}
		}
	}
	return false
}

// importedSchema is the decision schema for a record without an id (MADR
// front matter): its date is read as people write it, by adr.ParseDate.
func importedSchema(extra []string) *fm.Schema {
	s := schemaFor(model.KindDecision, extra)
	s.Fields = slices.Clone(s.Fields)
	for i, f := range s.Fields {
		if f.Name == "date" || f.Name == "review_by" {
			s.Fields[i].Type = fm.String
		}
	}
	return s
}

// importer reads imported records with the site's settings.
type importer struct {
	site    *model.Site
	prefix  string                  // id_prefix
	words   map[string]model.Status // the site's own status words
	allowed []string                // the statuses a record may have
}

// importerOf is the importer of a site: each word of `statuses:` in
// playbook.yaml stands for itself, each of status_map for its state.
func importerOf(s *model.Site) importer {
	im := importer{site: s, prefix: s.IDPrefix, words: map[string]model.Status{}, allowed: s.AllowedStatuses()}
	for _, w := range s.ExtraStatuses {
		im.words[strings.ToLower(w)] = model.Status(strings.ToLower(w))
	}
	for w, st := range s.StatusMap {
		im.words[strings.ToLower(w)] = model.Status(st)
	}
	return im
}

// importedFields reads the front matter of a record without an id as MADR
// writes it: a status word of any log, a date as people write it, people
// lists written on one line.
func (l importer) importedFields(d *model.Decision, vals fm.Values, probs *diag.List) {
	if v, ok := vals["date"]; ok && v.Str != "" {
		l.importedDate(d, v.Str, v.At, 0, &d.Date, probs)
	}
	if v, ok := vals["review_by"]; ok && v.Str != "" {
		l.importedDate(d, v.Str, v.At, 0, &d.ReviewBy, probs)
	}
	if v, ok := vals["status"]; ok && v.Str != "" {
		l.importedStatus(d, v.Str, v.At, 0, probs)
	}
	for _, f := range []*model.People{&d.DecidedBy, &d.Consulted, &d.Informed, &d.RequestedBy, &d.AssessedBy, &d.EscalatedTo} {
		*f = splitPeople(*f)
	}
}

// splitPeople splits names written on one line ("adh, jspring").
func splitPeople(ps model.People) model.People {
	var out model.People
	for _, p := range ps {
		out = append(out, adr.People(p)...)
	}
	return out
}

// importedDate reads a date as written into *dst, or warns at its place.
func (l importer) importedDate(d *model.Decision, text string, at model.Pos, lineOff int, dst *model.Date, probs *diag.List) {
	if adr.Placeholder(text) {
		return
	}
	dt, problem, ok := adr.ParseDate(text)
	if !ok {
		probs.Warnf(d.Path, at.Line+lineOff, at.Col, "decision record %s: date %s; it is shown as \"date unknown\"", d.ID, problem)
		d.DateUnread = true
		return
	}
	*dst = dt
}

// importedStatus reads a status phrase of any log, or warns at its place.
func (l importer) importedStatus(d *model.Decision, text string, at model.Pos, lineOff int, probs *diag.List) {
	if adr.Placeholder(text) {
		return
	}
	st := adr.ParseStatus(text, l.words)
	if !st.Known {
		probs.Warnf(d.Path, at.Line+lineOff, at.Col, "decision record %s has the status %q, which is not one the playbook knows; it is shown as written with \"status unknown\"; expected one of %s, or a word that statuses (or status_map) in playbook.yaml adds", d.ID, st.Word, strings.Join(l.allowed, ", "))
		d.StatusWord = st.Word
		d.StatusUnread = true
		return
	}
	d.Status = st.State
	if !strings.EqualFold(st.Word, string(st.State)) {
		d.StatusWord = st.Word
	}
	if st.SupersededBy != "" && d.SupersededBy == "" {
		d.SupersededBy = l.ref(d, st.SupersededBy)
	}
	for _, r := range st.Supersedes {
		d.Supersedes = append(d.Supersedes, l.ref(d, r))
	}
}

// ref turns a reference to another record as an imported record writes it
// (an id, a number, or a link to the record's file) into that record's id.
// A link is followed to the file, as links in bodies are, so a record
// named by date (log4brains: 20201016-x.md, id DR-2020101601) is found
// too; before the site's files are all known (front matter), or when the
// file is not a record, the number in the name is taken.
func (l importer) ref(d *model.Decision, raw string) string {
	target := strings.TrimSpace(raw)
	if m := mdLinkTarget.FindStringSubmatch(target); m != nil {
		target = m[1]
	}
	if strings.HasSuffix(target, ".md") && l.site != nil {
		p := path.Join(path.Dir(d.Path), target)
		for _, o := range l.site.Decisions {
			if o.Path == p {
				return o.ID
			}
		}
	}
	return successorRef(raw, l.prefix)
}

// numberDatedRecords gives the records named by date (log4brains) the
// numbers of their day in the order of their file names: DR-2025010801,
// DR-2025010802, so that two records of one day never collide.
func numberDatedRecords(ds []*model.Decision, prefix string) {
	byDay := map[string][]*model.Decision{}
	for _, d := range ds {
		if d.Format == "native" {
			continue
		}
		if f, ok := adr.ParseFileID(d.Slug); ok && f.Dated {
			day := f.Date.String()
			byDay[day] = append(byDay[day], d)
		}
	}
	for day, recs := range byDay {
		slices.SortFunc(recs, func(a, b *model.Decision) int { return strings.Compare(a.Path, b.Path) })
		for i, d := range recs {
			d.ID = fmt.Sprintf("%s%s%02d", prefix, strings.ReplaceAll(day, "-", ""), i+1)
			d.URL = "/decisions/" + strings.ToLower(d.ID) + "/"
		}
	}
}

// readImported fills what an imported record keeps in its body (a
// metadata list, a "## Status" section, a "Date:" line, a table) and warns
// about what is missing or cannot be read.
func (l importer) readImported(d *model.Decision, probs *diag.List) {
	meta := adr.Read(d.Body)
	off := d.BodyLine - 1
	if d.BodyLine == 0 {
		off = 0
	}
	if _, set := d.Fields["title"]; meta.Title.Given() && !set {
		d.Title = meta.Title.Text
	}
	if d.Date.IsZero() && !d.DateUnread && meta.Date.Given() {
		l.importedDate(d, meta.Date.Text, model.Pos{Line: meta.Date.Line, Col: meta.Date.Col}, off, &d.Date, probs)
	}
	if d.Status == model.Unknown && !d.StatusUnread && meta.Status.Given() {
		l.importedStatus(d, meta.Status.Text, model.Pos{Line: meta.Status.Line, Col: meta.Status.Col}, off, probs)
	}
	for _, f := range []struct {
		dst  *model.People
		from adr.Field
	}{{&d.DecidedBy, meta.Deciders}, {&d.Consulted, meta.Consulted}, {&d.Informed, meta.Informed}} {
		if len(*f.dst) == 0 && f.from.Given() {
			*f.dst = adr.People(f.from.Text)
		}
	}
	for _, lf := range meta.Links {
		ln, ok := adr.ParseLink(lf.Text)
		if !ok {
			continue
		}
		raw := ln.Target
		if strings.HasSuffix(raw, ".md") {
			raw = "[" + ln.Text + "](" + ln.Target + ")"
		}
		ref := l.ref(d, raw)
		switch ln.Rel {
		case "supersedes":
			if !slices.Contains(d.Supersedes, ref) {
				d.Supersedes = append(d.Supersedes, ref)
			}
		case "superseded by":
			if d.SupersededBy == "" && d.Status == model.Superseded {
				d.SupersededBy = ref
			}
		}
	}
	if d.Status == model.Unknown && !d.StatusUnread {
		probs.Warnf(d.Path, 1, 1, "decision record %s states no status; it is shown as \"status unknown\"", d.ID)
	}
	if d.Date.IsZero() && !d.DateUnread {
		probs.Warnf(d.Path, 1, 1, "decision record %s states no date; expected a \"date\" field or a \"Date: YYYY-MM-DD\" line", d.ID)
	}
}

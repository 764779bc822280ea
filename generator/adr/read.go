package adr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is a value read from a body, as written, with where it stands (Line
// 1-based within the body, Col 1-based, in bytes).
type Field struct {
	Text      string
	Line, Col int
}

// Given reports whether the body states the field.
func (f Field) Given() bool { return f.Text != "" }

// Meta is what a record's body says of itself. Every field is the text as
// written, trimmed of list bullets, bold markup and HTML comments; the
// caller decides what it means (ParseStatus, ParseDate, People, ParseLink)
// and whether it is a template's placeholder (Placeholder).
type Meta struct {
	// Title is the first "# " heading (or a "===" underlined one), after
	// leading HTML comments, blank lines or front matter; a leading
	// number ("12. ", "ADR-0012: ") is stripped.
	Title Field
	// Status is the status text as written: "Accepted", "superseded by
	// [ADR-0005](0005-x.md)", "accepted; supersedes ADR-0045".
	Status    Field
	Date      Field
	Deciders  Field // "Jane Doe, John Smith"
	Consulted Field
	Informed  Field
	Story     Field // MADR 2.x and log4brains "Technical Story:"
	Tags      Field // log4brains "Tags:"
	// Links are the relation lines of the status section ("Supersedes
	// [..](..)", "Superseded by", "Amended by", "Amends", and any other
	// `adr link` wrote), of a "## Links" section and of metadata list
	// items such as "* Supersedes: [..](..)", each as written
	// (ParseLink reads one).
	Links []Field
}

// Read finds the metadata a record keeps in its body, in any of the shapes
// real logs use:
//
//   - a metadata list under the title, with "*", "-" or no bullet, in any
//     case and markup: "* Status: accepted", "- Deciders: Jane Doe",
//     "**Date**: 2021-06-21", "**Status:** Accepted", "Status : Accepted",
//     "Date: 2016-02-12"; a key alone ("Status:", "**Status**") takes the
//     line below;
//   - a heading of any level named for a field ("## Status", "# Date",
//     "### Deciders", setext ones too): the first line under it, trimmed of
//     its bullet, bold and comments (a struck "~~Proposed~~" line and an
//     unticked "- [ ] Proposed" are skipped); for people, the first
//     paragraph or list, joined with ", "; or a heading that holds the
//     value ("## Status: Accepted");
//   - a table, one field a row ("| Status | Accepted |", "| Status: |
//     Accepted |", "| Status: Accepted |") or one a column (a header "|
//     Date | Status |" and rows under it: the row with the latest date
//     wins, else the last row);
//   - any of these after an HTML comment on the same or the previous line.
//
// Lines and tables are read only from the top of the record: before the
// first heading that is not the title or a field's ("## Context", or a
// bold "**Context**" line), so prose and tables below are never taken. A
// heading named for a field is read wherever it stands (Nygard's own order
// puts Status after Decision), and so is a "## Links" section; "Technical
// Story:" may also be the first line of the first section (MADR's own
// records). The first shape found for a field wins, except that "Date" is
// preferred to "Decided", which is preferred to "Last updated" and then
// "Created", and "Status" to "State". Fenced code and HTML comments are
// skipped; a leading YAML front matter block too, so a whole file may be
// given. Read takes time linear in the size of the body.
func Read(body []byte) Meta {
	r := reader{top: true}
	for i := range r.rank {
		r.rank[i] = noRank
	}
	s := string(body)
	bom := 0
	if strings.HasPrefix(s, "\ufeff") {
		bom = len("\ufeff")
	}
	lineNo := 1
	pos := 0
	// A leading YAML front matter block, when a whole file is given.
	if first, _ := cutLine(s, 0); strings.TrimRight(first[bom:], " \t\r") == "---" {
		p, n := len(first)+1, 2
		for p < len(s) {
			l, next := cutLine(s, p)
			if t := strings.TrimRight(l, " \t\r"); t == "---" || t == "..." {
				pos, lineNo = next, n+1
				break
			}
			p, n = next, n+1
		}
	}
	skipNext := false
	for pos < len(s) {
		line, next := cutLine(s, pos)
		line = strings.TrimSuffix(line, "\r")
		var peek string
		if next < len(s) {
			peek, _ = cutLine(s, next)
			peek = strings.TrimSuffix(peek, "\r")
		}
		if skipNext {
			skipNext = false
		} else {
			off := 0
			if lineNo == 1 {
				off = bom
			}
			skipNext = r.line(line, peek, lineNo, off)
		}
		pos = next
		lineNo++
	}
	r.endTable()
	r.flush()
	return r.m
}

// cutLine returns the line starting at p (without its newline) and where
// the next one starts.
func cutLine(s string, p int) (string, int) {
	if i := strings.IndexByte(s[p:], '\n'); i >= 0 {
		return s[p : p+i], p + i + 1
	}
	return s[p:], len(s)
}

// kind is what a key, a heading or a section names.
type kind int

const (
	kNone kind = iota
	kTitle
	kStatus
	kDate
	kDeciders
	kConsulted
	kInformed
	kStory
	kTags
	kLink  // a relation: "supersedes", "amended by"
	kMeta  // a section of metadata: "## Metadata"
	kLinks // a "## Links" section
	kOther // a section of prose: "## Context"
	kinds
)

const noRank = 1 << 30

type key struct {
	kind kind
	rank int // lower wins
}

// keys are the metadata keys real logs write, normalised: lower case, one
// space between words, hyphens and underscores as spaces.
var keys = map[string]key{
	"status": {kStatus, 0}, "state": {kStatus, 1}, "current status": {kStatus, 0},
	"decision status": {kStatus, 0}, "adr status": {kStatus, 0}, "record status": {kStatus, 0},

	"date": {kDate, 0}, "decision date": {kDate, 0}, "date of decision": {kDate, 0},
	"date decided": {kDate, 0}, "decided on": {kDate, 1}, "decided": {kDate, 1},
	"last updated": {kDate, 2}, "updated": {kDate, 2}, "last modified": {kDate, 2},
	"created": {kDate, 3}, "creation date": {kDate, 3}, "date created": {kDate, 3},

	"deciders": {kDeciders, 0}, "decider": {kDeciders, 0}, "decision makers": {kDeciders, 0},
	"decision maker": {kDeciders, 0}, "decided by": {kDeciders, 0}, "approvers": {kDeciders, 1},
	"approver": {kDeciders, 1}, "approved by": {kDeciders, 1},

	"consulted": {kConsulted, 0},
	"informed":  {kInformed, 0},

	"technical story": {kStory, 0}, "story": {kStory, 1}, "user story": {kStory, 1},

	"tags": {kTags, 0}, "tag": {kTags, 0}, "labels": {kTags, 1},

	"supersedes": {kLink, 0}, "supercedes": {kLink, 0}, "superseded by": {kLink, 0},
	"superceded by": {kLink, 0}, "amends": {kLink, 0}, "amended by": {kLink, 0},
	"replaces": {kLink, 0}, "replaced by": {kLink, 0}, "related to": {kLink, 0},
	"relates to": {kLink, 0}, "refines": {kLink, 0}, "refined by": {kLink, 0},
	"clarifies": {kLink, 0}, "clarified by": {kLink, 0}, "extends": {kLink, 0},
	"extended by": {kLink, 0}, "depends on": {kLink, 0},
}

// sections are the headings of metadata sections besides the keys.
var sections = map[string]kind{
	"metadata": kMeta, "meta data": kMeta, "meta": kMeta, "decision metadata": kMeta,
	"record metadata": kMeta, "document information": kMeta,
	"links": kLinks, "related decisions": kLinks, "related adrs": kLinks, "related records": kLinks,
}

// prose are bold pseudo-headings ("**Context**") that end the top of a
// record like a heading does.
var prose = map[string]bool{
	"context": true, "context and problem statement": true, "problem statement": true,
	"problem": true, "decision": true, "decision outcome": true, "decision drivers": true,
	"considered options": true, "consequences": true, "background": true, "rationale": true,
	"options": true, "summary": true, "issue": true,
}

type reader struct {
	m    Meta
	rank [kinds]int

	top       bool // before the first prose section
	inComment bool
	fence     string // the opening fence while in fenced code

	sec      kind     // the section the line is in: kNone at the top, kStatus, …, kOther
	secTaken bool     // its value is read
	pseudo   bool     // sec was started by a line ("Status:"), not a heading
	parent   kind     // the section a pseudo-section stands in
	people   []string // the lines of a people section
	peopleAt Field    // where the first stands
	story    bool     // the first line of the first prose section may be "Technical Story:"

	inTable bool
	tbl     table
}

// line reads one line; peek is the next one. It reports whether the next
// line was consumed (a setext underline).
func (r *reader) line(line, peek string, n, off int) bool {
	if r.fence != "" {
		if t := strings.TrimLeft(line, " \t>"); strings.HasPrefix(t, r.fence) && strings.Trim(t, r.fence[:1]+" \t") == "" {
			r.fence = ""
		}
		return false
	}
	// HTML comments: the rest of one begun above, and any at the start.
	if r.inComment {
		i := strings.Index(line[off:], "-->")
		if i < 0 {
			return false
		}
		off += i + 3
		r.inComment = false
	}
	off, open := skipComments(line, off)
	if open {
		r.inComment = true
	}
	t := line[off:]
	if strings.TrimSpace(t) == "" {
		if off > 0 || open {
			return false // a line that held only a comment
		}
		r.blank()
		return false
	}
	ind := len(t) - len(strings.TrimLeft(t, " \t"))
	off += ind
	t = t[ind:]
	if f := fenceOf(t); f != "" {
		r.endTable()
		r.fence = f
		return false
	}
	if level, h, col, ok := atxHeading(t); ok {
		r.heading(level, h, n, off+col)
		return false
	}
	if level := setext(peek); level > 0 && paragraphLine(t) {
		r.heading(level, strings.TrimRight(t, " \t"), n, off)
		return true
	}
	if strings.HasPrefix(t, "|") || (strings.IndexByte(t, '|') >= 0 && (r.inTable || delimiterRow(peek))) {
		r.tableRow(t, n, off, delimiterRow(peek))
		return false
	}
	r.endTable()
	r.text(t, n, off)
	return false
}

// skipComments skips spaces and whole HTML comments from off; open reports
// a comment left open at the end of the line.
func skipComments(line string, off int) (int, bool) {
	for {
		p := off
		for p < len(line) && (line[p] == ' ' || line[p] == '\t') {
			p++
		}
		if !strings.HasPrefix(line[p:], "<!--") {
			return off, false
		}
		i := strings.Index(line[p+4:], "-->")
		if i < 0 {
			return len(line), true
		}
		off = p + 4 + i + 3
	}
}

// fenceOf returns the fence a line opens ("```", "~~~~"), or "".
func fenceOf(t string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 && (c == '~' || strings.IndexByte(t[n:], '`') < 0) {
			return t[:n]
		}
	}
	return ""
}

// atxHeading reads "## Text ##": its level, its text and the byte offset of
// the text in t.
func atxHeading(t string) (level int, text string, col int, ok bool) {
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(t) && t[level] != ' ' && t[level] != '\t') {
		return 0, "", 0, false
	}
	col = level
	for col < len(t) && (t[col] == ' ' || t[col] == '\t') {
		col++
	}
	text = strings.TrimRight(t[col:], " \t")
	// A closing sequence: " ##".
	if c := strings.TrimRight(text, "#"); c != text && (c == "" || strings.HasSuffix(c, " ") || strings.HasSuffix(c, "\t")) {
		text = strings.TrimRight(c, " \t")
	}
	return level, text, col, true
}

// setext reports the level a line underlines the one above with: 1 for
// "===", 2 for "---", else 0.
func setext(peek string) int {
	t := strings.TrimSpace(peek)
	if len(peek)-len(strings.TrimLeft(peek, " ")) > 3 || t == "" {
		return 0
	}
	if strings.Trim(t, "=") == "" {
		return 1
	}
	if len(t) >= 2 && strings.Trim(t, "-") == "" {
		return 2
	}
	return 0
}

// paragraphLine reports whether t can be underlined into a heading: not a
// list item, a quote, a table row or a comment.
func paragraphLine(t string) bool {
	if _, n := bullet(t); n > 0 {
		return false
	}
	return !strings.HasPrefix(t, ">") && !strings.HasPrefix(t, "|") && !strings.HasPrefix(t, "<")
}

// bullet returns the list marker that starts t ("* ", "- ", "+ ", "1. ",
// "1) ") and its length with the spaces after it.
func bullet(t string) (string, int) {
	n := 0
	switch {
	case len(t) >= 1 && (t[0] == '*' || t[0] == '-' || t[0] == '+'):
		n = 1
	default:
		for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(t) || (t[n] != '.' && t[n] != ')') {
			return "", 0
		}
		n++
	}
	if n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return "", 0
	}
	m := n
	for m < len(t) && (t[m] == ' ' || t[m] == '\t') {
		m++
	}
	if m == len(t) && n < len(t) {
		return t[:n], m // "- " alone: an empty item
	}
	if n == len(t) {
		return t, n
	}
	return t[:n], m
}

func (r *reader) blank() {
	r.endTable()
	// People are one paragraph or one list.
	if (r.sec == kDeciders || r.sec == kConsulted || r.sec == kInformed) && len(r.people) > 0 {
		r.flush()
		r.secTaken = true
		if r.pseudo {
			r.endPseudo()
		}
	}
}

// startPseudo starts a section a line names: "Status:" or "**Status**"
// alone, with the value below.
func (r *reader) startPseudo(k kind) {
	r.flush()
	if !r.pseudo {
		r.parent = r.sec
	}
	r.sec, r.secTaken, r.pseudo = k, false, true
}

// endPseudo returns to the section the pseudo-section stood in.
func (r *reader) endPseudo() {
	r.flush()
	r.sec, r.secTaken, r.pseudo = r.parent, true, false
}

// heading starts a section, or sets the title or a field a heading holds.
func (r *reader) heading(level int, text string, n, col int) {
	r.endTable()
	r.flush()
	r.story, r.pseudo = false, false
	text, open := cutComment(text)
	if open {
		r.inComment = true
	}
	text, lead := trimSpace(text)
	col += lead
	inner, shift := unwrapWhole(text)
	name := normalize(stripNumber(strings.TrimSuffix(strings.TrimSpace(inner), ":")))
	k, isKey := keys[name]
	sk, isSection := sections[name]
	if level == 1 && !r.m.Title.Given() && !isKey && !isSection && !prose[name] {
		t, c := stripTitleNumber(inner)
		t, c2 := trimSpace(t)
		if t != "" {
			r.m.Title = Field{Text: t, Line: n, Col: col + shift + c + c2 + 1}
			r.sec, r.secTaken = kNone, false
			return
		}
	}
	// "## Status: Accepted"
	if kk, v, vcol, ok := keyValue(text); ok && v != "" {
		if kk.kind == kLink {
			r.m.Links = append(r.m.Links, Field{Text: text, Line: n, Col: col + 1})
			r.sec, r.secTaken = kLinks, true
			return
		}
		r.set(kk, v, n, col+vcol+1)
		r.sec, r.secTaken = kk.kind, true
		return
	}
	switch {
	case isKey && k.kind == kLink:
		r.sec, r.secTaken = kLinks, false
	case isKey:
		r.sec, r.secTaken = k.kind, false
	case isSection:
		r.sec, r.secTaken = sk, false
	default:
		r.sec, r.secTaken = kOther, false
		if r.top {
			r.top = false
			r.story = true
		}
	}
}

// stripNumber drops a section number: "1. Status" → "Status".
func stripNumber(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// stripTitleNumber drops the number adr-tools and others put before a
// title: "12. Title", "12: Title", "ADR-0012: Title", "ADR 12 - Title". It
// returns the title and how many bytes were dropped.
func stripTitleNumber(s string) (string, int) {
	i := 0
	for _, p := range []string{"adr", "dr", "rfc"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) && !isLetter(s[len(p)]) {
			i = len(p)
			if s[i] == '-' || s[i] == '_' || s[i] == ' ' {
				i++
			}
			break
		}
	}
	d := i
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	if d == i || d-i > 9 {
		return s, 0
	}
	j := d
	for j < len(s) && s[j] == ' ' {
		j++
	}
	switch {
	case strings.HasPrefix(s[j:], "."), strings.HasPrefix(s[j:], ":"):
		if j != d {
			return s, 0 // "12 . x": not a number's dot
		}
		j++
	case strings.HasPrefix(s[j:], "-"), strings.HasPrefix(s[j:], "–"), strings.HasPrefix(s[j:], "—"):
		if j == d && i == 0 {
			return s, 0 // "2024-style" is a word
		}
		_, w := utf8.DecodeRuneInString(s[j:])
		j += w
	default:
		if i > 0 && j > d && j < len(s) {
			break // "ADR-0012 Title"
		}
		return s, 0
	}
	if j < len(s) && s[j] != ' ' && s[j] != '\t' {
		return s, 0 // "2.5 release": not a number's dot
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j == len(s) {
		return s, 0
	}
	return s[j:], j
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// text reads a line of a paragraph or a list.
func (r *reader) text(t string, n, off int) {
	// Quotes and list markers.
	for strings.HasPrefix(t, ">") {
		t = t[1:]
		off++
		k := len(t) - len(strings.TrimLeft(t, " \t"))
		t, off = t[k:], off+k
	}
	if _, k := bullet(t); k > 0 {
		t, off = t[k:], off+k
	}
	if o, open := skipComments(t, 0); o > 0 || open {
		if open {
			r.inComment = true
		}
		t, off = t[o:], off+o
		k := len(t) - len(strings.TrimLeft(t, " \t"))
		t, off = t[k:], off+k
	}
	if t == "" {
		return
	}
	t = strings.TrimRight(t, " \t")
	story := r.story
	r.story = false
	kk, v, vcol, isKV := keyValue(t)
	if story && isKV && kk.kind == kStory && v != "" {
		r.set(kk, v, n, off+vcol+1)
		return
	}
	// A bold pseudo-heading: "**Context**".
	if inner, shift := unwrapWhole(t); shift > 0 {
		name := normalize(strings.TrimSuffix(strings.TrimSpace(inner), ":"))
		if k, ok := keys[name]; ok && k.kind != kLink && (r.top || (r.sec != kOther && r.sec != kNone)) {
			r.startPseudo(k.kind)
			return
		}
		if prose[name] && r.top {
			r.flush()
			r.top, r.sec = false, kOther
			return
		}
	}
	if !r.top && (r.sec == kOther || r.sec == kNone) {
		return
	}
	if isKV && kk.kind != kNone {
		if v == "" {
			// "Status:" with the value on the lines below.
			if kk.kind != kLink {
				r.startPseudo(kk.kind)
			}
			return
		}
		if r.pseudo {
			r.endPseudo()
		}
		if kk.kind == kLink {
			r.m.Links = append(r.m.Links, Field{Text: t, Line: n, Col: off + 1})
			return
		}
		r.set(kk, v, n, off+vcol+1)
		return
	}
	_, isLink := ParseLink(t)
	switch r.sec {
	case kStatus:
		if isLink {
			r.m.Links = append(r.m.Links, Field{Text: t, Line: n, Col: off + 1})
		}
		// A task list: "- [ ] Proposed", "- [x] Accepted".
		if len(t) > 4 && t[0] == '[' && t[2] == ']' && t[3] == ' ' {
			switch t[1] {
			case ' ':
				return
			case 'x', 'X':
				k := 4 + len(t[4:]) - len(strings.TrimLeft(t[4:], " \t"))
				t, off = t[k:], off+k
			}
		}
		if r.secTaken || struck(t) {
			return
		}
		r.secTaken = true
		v, c, open := cleanValue(t)
		if open {
			r.inComment = true
		}
		r.set(key{kStatus, 0}, v, n, off+c+1)
		if r.pseudo {
			r.endPseudo()
		}
	case kDate, kStory, kTags:
		if r.secTaken {
			return
		}
		r.secTaken = true
		v, c, open := cleanValue(t)
		if open {
			r.inComment = true
		}
		r.set(key{r.sec, 0}, v, n, off+c+1)
		if r.pseudo {
			r.endPseudo()
		}
	case kDeciders, kConsulted, kInformed:
		if r.secTaken {
			return
		}
		v, c, open := cleanValue(t)
		if open {
			r.inComment = true
		}
		if v == "" {
			return
		}
		if len(r.people) == 0 {
			r.peopleAt = Field{Line: n, Col: off + c + 1}
		}
		r.people = append(r.people, v)
	case kLinks:
		if isLink {
			r.m.Links = append(r.m.Links, Field{Text: t, Line: n, Col: off + 1})
		}
	}
}

// flush sets the people a section listed.
func (r *reader) flush() {
	switch r.sec {
	case kDeciders, kConsulted, kInformed:
		if len(r.people) > 0 {
			r.set(key{r.sec, 0}, strings.Join(r.people, ", "), r.peopleAt.Line, r.peopleAt.Col)
		}
	}
	r.people = r.people[:0]
}

// set stores a field unless a better key gave it already.
func (r *reader) set(k key, v string, line, col int) {
	if v == "" || k.rank >= r.rank[k.kind] {
		return
	}
	f := Field{Text: v, Line: line, Col: col}
	switch k.kind {
	case kStatus:
		r.m.Status = f
	case kDate:
		r.m.Date = f
	case kDeciders:
		r.m.Deciders = f
	case kConsulted:
		r.m.Consulted = f
	case kInformed:
		r.m.Informed = f
	case kStory:
		r.m.Story = f
	case kTags:
		r.m.Tags = f
	default:
		return
	}
	r.rank[k.kind] = k.rank
}

// keyValue reads "Key: value" with the markup real logs put around the
// key ("**Status**:", "**Status:**", "Status :"); the key must be one of
// keys. vcol is the byte offset of the value in t.
func keyValue(t string) (k key, v string, vcol int, ok bool) {
	i := 0
	for i < len(t) && i < 2 && (t[i] == '*' || t[i] == '_') {
		i++
	}
	marked := i > 0
	ks := i
	for i < len(t) && t[i] != ':' {
		c := t[i]
		if i-ks > 40 || !(isLetter(c) || c == ' ' || c == '-' || c == '_' || c == '*' || c == '\t') {
			return key{}, "", 0, false
		}
		i++
	}
	if i == len(t) {
		return key{}, "", 0, false
	}
	k, ok = keys[normalize(t[ks:i])]
	if !ok {
		return key{}, "", 0, false
	}
	i++
	if marked {
		for i < len(t) && (t[i] == '*' || t[i] == '_') {
			i++
		}
	}
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	v, c, _ := cleanValue(t[i:])
	return k, v, i + c, true
}

// normalize lowers a key and spaces its words: "Decision-Makers" →
// "decision makers"; emphasis markers go.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '*' || c == '`':
		case c == ' ' || c == '\t' || c == '-' || c == '_':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// cleanValue trims a value of a trailing HTML comment, a hard break and the
// bold or code markup around it: "**Accepted** <!-- x -->" → "Accepted".
// c is the byte offset of the result in v; open reports an HTML comment
// left open.
func cleanValue(v string) (s string, c int, open bool) {
	v, open = cutComment(v)
	v = strings.TrimRight(v, " \t\\")
	lead := len(v) - len(strings.TrimLeft(v, " \t"))
	v = v[lead:]
	inner, shift := unwrapEmphasis(v)
	if shift > 0 {
		// "**Accepted** on 2016-02-12" → "Accepted on 2016-02-12".
		rest := v[shift+len(inner)+shift:]
		v = inner + rest
		lead += shift
	}
	if len(v) >= 2 && v[0] == '`' && v[len(v)-1] == '`' && strings.Count(v, "`") == 2 {
		v = v[1 : len(v)-1]
		lead++
	}
	t, c2 := trimSpace(v)
	return t, lead + c2, open
}

// trimSpace trims s as strings.TrimSpace does and says how many bytes went
// from its start.
func trimSpace(s string) (string, int) {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	return strings.TrimRightFunc(t, unicode.IsSpace), len(s) - len(t)
}

// cutComment cuts a line at its first HTML comment that does not start it;
// open reports that the comment does not end on the line.
func cutComment(v string) (string, bool) {
	i := strings.Index(v, "<!--")
	if i < 0 {
		return v, false
	}
	rest := v[i+4:]
	open := true
	for {
		j := strings.Index(rest, "-->")
		if j < 0 {
			break
		}
		rest = rest[j+3:]
		k := strings.Index(rest, "<!--")
		if k < 0 {
			open = false
			break
		}
		rest = rest[k+4:]
	}
	return v[:i], open
}

// unwrapEmphasis removes the emphasis that opens s and its closing marker:
// "**Accepted** on x" → "Accepted" and 2 (the marker's length). It
// returns s and 0 when s does not start with a closed emphasis.
func unwrapEmphasis(s string) (string, int) {
	for _, m := range []string{"**", "__", "*", "_"} {
		if !strings.HasPrefix(s, m) || len(s) <= len(m) || s[len(m)] == ' ' {
			continue
		}
		j := strings.Index(s[len(m):], m)
		if j <= 0 {
			continue
		}
		if len(m) == 1 && len(m)+j+1 < len(s) && s[len(m)+j+1] == m[0] {
			continue
		}
		return s[len(m) : len(m)+j], len(m)
	}
	return s, 0
}

// unwrapWhole removes emphasis that wraps all of s: "**Status**" →
// "Status", 2.
func unwrapWhole(s string) (string, int) {
	if inner, shift := unwrapEmphasis(s); shift > 0 && len(inner)+2*shift == len(s) {
		return inner, shift
	}
	return s, 0
}

// struck reports a line wholly struck through: "~~Proposed~~".
func struck(t string) bool {
	return len(t) > 4 && strings.HasPrefix(t, "~~") && strings.HasSuffix(t, "~~") && !strings.Contains(t[2:len(t)-2], "~~")
}

// A table is a markdown table being read.
type table struct {
	rows    int
	header  bool    // the first row is a header (a delimiter row follows)
	colKeys []key   // a header of keys: one field a column
	best    []Field // the chosen row's cells
	bestAt  [3]int  // its date, to compare
	dated   bool
}

// tableRow reads one row of a table.
func (r *reader) tableRow(t string, n, off int, nextDelim bool) {
	if !r.inTable {
		r.inTable = true
		r.tbl = table{header: nextDelim}
	}
	r.tbl.rows++
	cells, raw := splitRow(t, n, off)
	if isDelimiter(cells) {
		return
	}
	if !r.top && (r.sec == kOther || r.sec == kNone) {
		return
	}
	if r.tbl.rows == 1 && r.tbl.header {
		var kk []key
		ok := len(cells) > 0
		for i, c := range cells {
			k, isKey := keys[normalize(strings.TrimSuffix(c.Text, ":"))]
			if i < 2 && !isKey {
				ok = false
			}
			kk = append(kk, k)
		}
		if ok {
			r.tbl.colKeys = kk
			return
		}
	}
	if r.tbl.colKeys != nil {
		r.columnRow(cells)
		return
	}
	// One field a row: "| Status | Accepted |", or "| Status: Accepted |".
	if len(cells) == 0 {
		return
	}
	name := normalize(strings.TrimSuffix(strings.TrimSpace(cells[0].Text), ":"))
	if k, ok := keys[name]; ok && len(cells) >= 2 && cells[1].Text != "" {
		if k.kind == kLink {
			r.m.Links = append(r.m.Links, Field{Text: cells[0].Text + " " + cells[1].Text, Line: n, Col: cells[0].Col})
			return
		}
		r.set(k, cells[1].Text, n, cells[1].Col)
		return
	}
	lead := len(raw[0].Text) - len(strings.TrimLeft(raw[0].Text, " \t"))
	if k, v, vcol, ok := keyValue(raw[0].Text[lead:]); ok && v != "" && k.kind != kLink {
		r.set(k, v, n, raw[0].Col+lead+vcol)
	}
}

// columnRow reads a row under a header of keys: the row with the latest
// date wins, else the last row.
func (r *reader) columnRow(cells []Field) {
	tb := &r.tbl
	var at [3]int
	dated := false
	for i, k := range tb.colKeys {
		if k.kind == kDate && i < len(cells) {
			if d, _, ok := ParseDate(cells[i].Text); ok {
				at, dated = [3]int{d.Year, int(d.Month), d.Day}, true
			}
			break
		}
	}
	if tb.best != nil && tb.dated && (!dated || later(tb.bestAt, at)) {
		return
	}
	tb.best, tb.bestAt, tb.dated = cells, at, dated
}

func later(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// endTable sets the fields a table of columns gave.
func (r *reader) endTable() {
	if !r.inTable {
		return
	}
	tb := r.tbl
	r.inTable, r.tbl = false, table{}
	for i, k := range tb.colKeys {
		if i < len(tb.best) && k.kind != kNone && k.kind != kLink {
			r.set(k, tb.best[i].Text, tb.best[i].Line, tb.best[i].Col)
		}
	}
}

// splitRow splits a table row into its cells, trimmed and cleaned, and as
// written, with their places (line n, the row starting at byte off).
func splitRow(t string, n, off int) (cells, raws []Field) {
	s := 0
	if strings.HasPrefix(t, "|") {
		s = 1
	}
	for s <= len(t) {
		e := s
		for e < len(t) && t[e] != '|' {
			if t[e] == '\\' && e+1 < len(t) {
				e++
			}
			e++
		}
		if e > len(t) {
			e = len(t)
		}
		raw := t[s:e]
		if e == len(t) && strings.TrimSpace(raw) == "" {
			break // after the closing pipe
		}
		v, c, _ := cleanValue(raw)
		cells = append(cells, Field{Text: v, Line: n, Col: off + s + c + 1})
		raws = append(raws, Field{Text: raw, Line: n, Col: off + s + 1})
		s = e + 1
	}
	return cells, raws
}

// delimiterRow reports a table's delimiter row: "|---|:--:|".
func delimiterRow(l string) bool {
	t := strings.TrimSpace(l)
	return strings.Contains(t, "-") && strings.Contains(t, "|") && strings.Trim(t, "|:- \t") == ""
}

func isDelimiter(cells []Field) bool {
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		if c.Text == "" || strings.Trim(c.Text, ":-") != "" {
			return false
		}
	}
	return true
}

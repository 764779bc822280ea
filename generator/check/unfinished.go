package check

import (
	"bytes"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/model"
)

// unfinished warns about records that were decided on text nobody wrote:
// an accepted, rejected or escalated record that still holds the
// placeholders of `playbook new decision`, or whose business need, risk
// assessment or decision is left empty; and a conditional platform or tool
// whose latest accepted decision states no conditions. Under -strict the
// warnings are errors, so such a record cannot pass check -strict.
func (c *checker) unfinished() {
	for _, d := range c.s.Decisions {
		c.probs.Add(Unfinished(d))
	}
	for _, p := range c.s.Platforms {
		c.conditionsStated(&p.Doc, "platform", p.Title, p.Status, p.Decisions)
	}
	for _, t := range c.s.Tools {
		c.conditionsStated(&t.Doc, "tool", t.Title, t.Status, t.Decisions)
	}
}

// finishedStatuses are the statuses in which a record must read as
// finished: decided either way, or put before a senior decision-maker.
var finishedStatuses = []model.Status{model.Accepted, model.Rejected, model.Escalated}

// required are the sections a finished record must fill in, when it has
// them (an imported MADR record names its sections otherwise), and what
// each is expected to say.
var required = []struct {
	title, expect string
}{
	{"Business need", "what marketing wants to do, for whom, and why now"},
	{"Risk assessment", "what security found: data involved, account security, vendor, legal"},
	{"Decision", "what was decided, and on what terms"},
}

// templateText are the sentences `playbook new decision` writes for its
// author to replace (generator/scaffold), with what is expected instead.
// TestScaffoldPlaceholders keeps this list in step with the scaffold.
var templateText = []struct {
	text, expect string
}{
	{"What marketing wants to do, for whom, and why now.", "the business need in your own words"},
	{"What security found: data involved, account security, vendor, legal.", "the risk assessment in your own words"},
}

// Unfinished returns the warnings about the body of one decision record:
// placeholders left in it and empty required sections, when its status
// says it is finished (accepted, rejected or escalated). The serve fast
// path, which keeps the checked site when only a body changed, can call it
// for the changed record.
func Unfinished(d *model.Decision) diag.List {
	var probs diag.List
	finished := false
	for _, s := range finishedStatuses {
		finished = finished || d.Status == s
	}
	if !finished || len(d.Body) == 0 {
		return nil
	}
	lines := scanBody(d.Body)
	warn := func(l int, col int, format string, args ...any) {
		probs.Warnf(d.Path, d.BodyLine+l, col, "%s is %s but "+format, append([]any{d.ID, d.Status}, args...)...)
	}
	for i, ln := range lines {
		if ln.kind != textLine {
			continue
		}
		if text, col, expect, ok := placeholder(ln.text); ok {
			warn(i+1, col, "still holds the template's placeholder %q; expected %s", text, expect)
		}
	}
	for _, r := range required {
		for i, ln := range lines {
			if ln.kind != headingLine || !strings.EqualFold(ln.title, r.title) {
				continue
			}
			if !sectionHasText(lines, i) {
				expect := r.expect
				if r.title == "Decision" && d.Status == model.Escalated {
					expect = "why it was escalated and what the senior decision-maker is asked to decide"
				}
				warn(i+1, 1, "its %q section is empty; expected %s", ln.title, expect)
			}
		}
	}
	return probs
}

// BodyProblems returns the warnings that depend on the body of the
// decision record at path (a content path such as
// "content/decisions/0009-x.md") in a site already checked: its own
// placeholders and empty sections, and those of the conditional platforms
// and tools whose latest accepted decision it is. It is nil for any other
// file. The serve fast path, which keeps the checked site when only bodies
// changed, compares it before and after a body changes, and rebuilds in
// full when it differs.
func BodyProblems(s *model.Site, path string) diag.List {
	doc := s.DocByPath[path]
	if doc == nil || doc.Kind != model.KindDecision {
		return nil
	}
	var d *model.Decision
	for _, x := range s.Decisions {
		if &x.Doc == doc {
			d = x
		}
	}
	if d == nil {
		return nil
	}
	c := &checker{s: s}
	c.probs.Add(Unfinished(d))
	for _, p := range d.Platforms {
		if latestDecided(p.Decisions) == d {
			c.conditionsStated(&p.Doc, "platform", p.Title, p.Status, p.Decisions)
		}
	}
	for _, t := range d.Tools {
		if latestDecided(t.Decisions) == d {
			c.conditionsStated(&t.Doc, "tool", t.Title, t.Status, t.Decisions)
		}
	}
	return c.probs
}

// conditionsStated warns when a conditional platform or tool rests on an
// accepted decision that states no conditions: nobody can tell what the
// conditions are. Only the latest accepted or rejected decision counts, as
// for the other consistency checks; a newer rejection is reported by
// agrees.
func (c *checker) conditionsStated(doc *model.Doc, kind, title string, status model.Approval, decisions []*model.Decision) {
	if status != model.Conditional {
		return
	}
	d := latestDecided(decisions)
	if d == nil || d.Status != model.Accepted || len(d.Conditions) > 0 || statesConditions(d) {
		return
	}
	p := doc.ValuePos("status")
	c.probs.Warnf(doc.Path, p.Line, p.Col, "%s %s is conditional, but its latest accepted decision %s (%s) states no conditions; expected a \"conditions\" list in %s saying what users must do, or status approved", kind, title, d.ID, d.Date, d.Path)
}

// statesConditions reports whether a record's body has a "Conditions"
// section with text in it.
func statesConditions(d *model.Decision) bool {
	lines := scanBody(d.Body)
	for i, ln := range lines {
		if ln.kind == headingLine && strings.EqualFold(ln.title, "Conditions") && sectionHasText(lines, i) {
			return true
		}
	}
	return false
}

// sectionHasText reports whether the section opened by the heading at
// lines[h] holds any text before the next heading of the same or a higher
// level. Headings below it, blank lines and HTML comments are not text.
func sectionHasText(lines []bodyLine, h int) bool {
	level := lines[h].level
	for _, ln := range lines[h+1:] {
		switch ln.kind {
		case headingLine:
			if ln.level <= level {
				return false
			}
		case textLine, codeLine:
			return true
		}
	}
	return false
}

// placeholder reports a placeholder in a line of text: a sentence of the
// template, an empty list item (the template's "1." and "2." under
// Options), a marker such as TODO or TBD, or a MADR-style "{…}". It returns
// the placeholder as written, its column and what is expected instead.
func placeholder(line string) (text string, col int, expect string, ok bool) {
	trimmed := strings.TrimLeft(line, " \t")
	col = len(line) - len(trimmed) + 1
	trimmed = strings.TrimRight(trimmed, " \t\r")
	if marker, rest, ok := listMarker(trimmed); ok {
		if strings.TrimSpace(rest) == "" {
			return marker, col, "the item's text, or no item", true
		}
		col += len(trimmed) - len(strings.TrimLeft(rest, " \t"))
		trimmed = strings.TrimSpace(rest)
	}
	for _, t := range templateText {
		if trimmed == t.text {
			return trimmed, col, t.expect, true
		}
	}
	word := strings.Trim(trimmed, "*_ ")
	marker, _, _ := strings.Cut(word, ":")
	switch strings.ToUpper(strings.TrimRight(marker, "*_ ")) {
	case "TODO", "TBD", "TBC", "FIXME", "XXX":
		return trimmed, col, "the finished text", true
	}
	if len(word) > 2 && word[0] == '{' && word[len(word)-1] == '}' && !strings.ContainsAny(word[1:len(word)-1], "{}") {
		return trimmed, col, "the finished text", true
	}
	return "", 0, "", false
}

// listMarker splits a list item's marker ("-", "*", "+", "1.", "2)") from
// its text.
func listMarker(s string) (marker, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if s[0] == '-' || s[0] == '*' || s[0] == '+' {
		if len(s) == 1 {
			return s, "", true
		}
		if s[1] == ' ' || s[1] == '\t' {
			return s[:1], s[1:], true
		}
		return "", "", false
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i == len(s) || (s[i] != '.' && s[i] != ')') {
		return "", "", false
	}
	if i+1 == len(s) {
		return s, "", true
	}
	if s[i+1] == ' ' || s[i+1] == '\t' {
		return s[:i+1], s[i+1:], true
	}
	return "", "", false
}

type lineKind int

const (
	blankLine   lineKind = iota
	textLine             // a line of text outside code and comments
	headingLine          // an ATX heading, or the text line of a setext heading
	codeLine             // a fenced code block's line, its fences included
	commentLine          // a line wholly inside an HTML comment
	underline            // the underline of a setext heading
)

type bodyLine struct {
	kind  lineKind
	text  string
	level int    // of a heading
	title string // of a heading
}

// scanBody classifies the lines of a markdown body, as far as the checks
// of a record's sections need: headings (ATX and setext), fenced code,
// HTML comments, blank lines and text. It does not parse inline markdown.
func scanBody(body []byte) []bodyLine {
	raw := strings.Split(string(bytes.TrimSuffix(body, []byte("\n"))), "\n")
	out := make([]bodyLine, len(raw))
	var fence string // the opening fence of the code block we are in
	inComment := false
	for i, l := range raw {
		l = strings.TrimRight(l, "\r")
		out[i].text = l
		t := strings.TrimLeft(l, " ")
		indent := len(l) - len(t)
		switch {
		case fence != "":
			out[i].kind = codeLine
			if indent < 4 && strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
				fence = ""
			}
			continue
		case inComment:
			out[i].kind = commentLine
			if j := strings.Index(l, "-->"); j >= 0 {
				inComment = false
				if strings.TrimSpace(l[j+3:]) != "" {
					out[i].kind = textLine
				}
			}
			continue
		}
		if strings.TrimSpace(l) == "" {
			out[i].kind = blankLine
			continue
		}
		if indent < 4 {
			if f := fenceOf(t); f != "" {
				fence = f
				out[i].kind = codeLine
				continue
			}
			if strings.HasPrefix(t, "<!--") {
				rest := t[4:]
				if j := strings.Index(rest, "-->"); j >= 0 {
					out[i].kind = commentLine
					if strings.TrimSpace(rest[j+3:]) != "" {
						out[i].kind = textLine
					}
				} else {
					out[i].kind = commentLine
					inComment = true
				}
				continue
			}
			if level, title, ok := atxHeading(t); ok {
				out[i] = bodyLine{kind: headingLine, text: l, level: level, title: title}
				continue
			}
			if level := setextLevel(t); level > 0 && i > 0 && out[i-1].kind == textLine {
				out[i-1].kind, out[i-1].level, out[i-1].title = headingLine, level, strings.TrimSpace(out[i-1].text)
				out[i].kind = underline
				continue
			}
		}
		out[i].kind = textLine
	}
	return out
}

// fenceOf returns the fence that opens a code block ("```", "~~~~"), or "".
func fenceOf(t string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 {
			if c == '`' && strings.Contains(t[n:], "`") {
				return ""
			}
			return t[:n]
		}
	}
	return ""
}

// atxHeading reads "## Title ##".
func atxHeading(t string) (level int, title string, ok bool) {
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(t) && t[level] != ' ' && t[level] != '\t') {
		return 0, "", false
	}
	title = strings.TrimSpace(t[level:])
	if trimmed := strings.TrimRight(title, "#"); trimmed == "" || strings.HasSuffix(trimmed, " ") || strings.HasSuffix(trimmed, "\t") {
		title = strings.TrimSpace(trimmed)
	}
	return level, strings.TrimSuffix(title, ":"), true
}

// setextLevel is 1 for a line of "=", 2 for a line of "-", else 0.
func setextLevel(t string) int {
	t = strings.TrimRight(t, " \t")
	switch {
	case t != "" && strings.Trim(t, "=") == "":
		return 1
	case t != "" && strings.Trim(t, "-") == "":
		return 2
	}
	return 0
}

package load

import (
	"bytes"
	"fmt"
	"regexp"

	"playbook/generator/diag"
	"playbook/generator/model"
)

// renderBody turns a document's markdown into HTML, resolving relative links
// against the site, and fills what an imported record reads from its body.
func renderBody(s *model.Site, d *model.Doc, imported *model.Decision, c *Cache, shape uint64, links *linkSet) diag.List {
	var probs diag.List
	if line, what, ok := tooDeep(d.Body); ok {
		probs.Errorf(d.Path, d.BodyLine+line, 1, "%s; expected markdown nested at most %d levels (lists, quotes)", what, maxDepth)
		return probs
	}
	res, err := c.convert(d, shape, func(dest string) (string, bool) {
		u, ok, _ := links.resolve(s, d, dest)
		return u, ok
	})
	if err != nil {
		probs.Errorf(d.Path, d.BodyLine+1, 1, "cannot render markdown: %v", err)
		return probs
	}
	d.HTML = res.HTML
	for _, h := range res.TOC {
		d.TOC = append(d.TOC, model.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	for _, l := range res.Links {
		d.Links = append(d.Links, model.Link{Dest: l.Dest, Pos: model.Pos{Line: l.Line, Col: l.Col}, Image: l.Image, OK: l.OK})
		if l.OK {
			if _, _, warn := links.resolve(s, d, l.Dest); warn != "" {
				probs.Warnf(d.Path, l.Line, l.Col, "%s", warn)
			}
		}
	}
	if d.Title == "" {
		d.Title = res.Title
		if d.Kind == model.KindDecision {
			d.Title = adrNumber.ReplaceAllString(d.Title, "")
		}
	}
	if imported != nil {
		importerOf(s).readImported(imported, &probs)
	}
	// What lists show of the page: its front matter and its title; of an
	// imported record, whose status and date come from its body, everything.
	if imported != nil {
		d.MetaRev = d.Rev
	} else {
		d.MetaRev ^= revOf([]byte(d.Title)) * 0x9e3779b97f4a7c15
	}
	// Where the front matter requires a title, the loader has reported it.
	titleRequired := d.Kind == model.KindPlatform || d.Kind == model.KindTool || (d.Kind == model.KindDecision && imported == nil)
	if d.Title == "" && !d.Unread && !titleRequired {
		what := "a \"title\" field"
		if d.Kind == model.KindPage || d.Kind == model.KindDecision {
			what = "a \"title\" field or a first line \"# Title\""
		}
		probs.Errorf(d.Path, 1, 1, "missing title; expected %s", what)
	}
	return probs
}

var adrNumber = regexp.MustCompile(`^[0-9]+\.\s*`)

// maxDepth bounds nesting: markdown parsers spend time that grows with the
// square of the depth on every line of a deeply nested list, so a page
// nested thousands of levels deep would hold up the build for minutes.
const maxDepth = 100

// tooDeep finds the first line nested deeper than maxDepth: more than
// 4·maxDepth columns of indentation, or more than maxDepth quote and list
// markers at its start ("> - > - x", "1. 1. x" and "* + - x" nest a level
// a marker, all on one line).
func tooDeep(body []byte) (line int, what string, ok bool) {
	line = 1
	for len(body) > 0 {
		end := bytes.IndexByte(body, '\n')
		if end < 0 {
			end = len(body)
		}
		col, quotes, lists := lineDepth(body[:end])
		switch levels := quotes + lists; {
		case levels > maxDepth && lists == 0:
			return line, fmt.Sprintf("quoted %d levels deep", quotes), true
		case levels > maxDepth && quotes == 0:
			return line, fmt.Sprintf("listed %d levels deep on one line", lists), true
		case levels > maxDepth:
			return line, fmt.Sprintf("listed and quoted %d levels deep on one line", levels), true
		case col > 4*maxDepth:
			return line, fmt.Sprintf("indented %d columns deep", col), true
		}
		if end == len(body) {
			break
		}
		body = body[end+1:]
		line++
	}
	return 0, "", false
}

// lineDepth reads the markers that open the line l: the quote markers (>),
// the list markers (-, + or * and 1. or 1) with up to nine digits, each
// followed by a space, a tab or the end of the line), and the columns of
// indentation before the first list marker, the quote markers left out. The
// dashes or stars of a thematic break ("- - -") are no list markers.
func lineDepth(l []byte) (col, quotes, lists int) {
	tbFrom, tbTo, tbRead := 0, 0, false // where a thematic break that ends l may start
scan:
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case c == ' ' && lists == 0:
			col++
		case c == '\t' && lists == 0:
			col += 4 - col%4
		case c == ' ' || c == '\t':
		case c == '>':
			quotes++
			if lists == 0 {
				col++
			}
		case c == '-' || c == '+' || c == '*':
			if !tbRead {
				tbFrom, tbTo, tbRead = thematicBreak(l)
			}
			if !markerEnd(l, i+1) || i >= tbFrom && i <= tbTo {
				break scan
			}
			lists++
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i <= 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j-i > 9 || j == len(l) || l[j] != '.' && l[j] != ')' || !markerEnd(l, j+1) {
				break scan
			}
			lists++
			i = j
		default:
			break scan
		}
	}
	return col - quotes, quotes, lists
}

// markerEnd reports whether a list marker ending before l[i] is one: a
// space, a tab or the end of the line follows it.
func markerEnd(l []byte, i int) bool {
	return i >= len(l) || l[i] == ' ' || l[i] == '\t' || l[i] == '\r'
}

// thematicBreak returns the places from to to where a thematic break that
// runs to the end of line l may start: three or more of one of - * _ with
// nothing but spaces and tabs among them. to < from when there are none.
func thematicBreak(l []byte) (from, to int, ok bool) {
	end := len(l)
	for end > 0 && (l[end-1] == ' ' || l[end-1] == '\t' || l[end-1] == '\r') {
		end--
	}
	if end == 0 || l[end-1] != '-' && l[end-1] != '*' && l[end-1] != '_' {
		return 1, 0, true
	}
	mark, n := l[end-1], 0
	from, to = end, -1
	for i := end - 1; i >= 0 && (l[i] == mark || l[i] == ' ' || l[i] == '\t'); i-- {
		if l[i] == mark {
			if n++; n == 3 {
				to = i
			}
			from = i
		}
	}
	return from, to, true
}

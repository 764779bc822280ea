package load

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

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

// sectionLines returns the non-empty lines under the "## <name>" heading.
func sectionLines(body, name string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			if in {
				break
			}
			in = strings.EqualFold(t, "## "+name)
			continue
		}
		if in && t != "" {
			out = append(out, t)
		}
	}
	return out
}

// maxDepth bounds nesting: markdown parsers spend time that grows with the
// square of the depth on every line of a deeply nested list, so a page
// nested thousands of levels deep would hold up the build for minutes.
const maxDepth = 100

// tooDeep finds the first line nested deeper than maxDepth: more than
// 4·maxDepth columns of indentation, or more than maxDepth quote markers.
func tooDeep(body []byte) (line int, what string, ok bool) {
	line = 1
	for len(body) > 0 {
		end := bytes.IndexByte(body, '\n')
		if end < 0 {
			end = len(body)
		}
		l := body[:end]
		col, quotes := 0, 0
		for _, c := range l {
			switch c {
			case ' ':
				col++
			case '\t':
				col += 4 - col%4
			case '>':
				quotes++
				col++
			default:
				goto done
			}
		}
	done:
		if quotes > maxDepth {
			return line, fmt.Sprintf("quoted %d levels deep", quotes), true
		}
		if col-quotes > 4*maxDepth {
			return line, fmt.Sprintf("indented %d columns deep", col-quotes), true
		}
		if end == len(body) {
			break
		}
		body = body[end+1:]
		line++
	}
	return 0, "", false
}

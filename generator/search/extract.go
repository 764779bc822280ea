package search

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"playbook/generator/model"
)

// section is the text of a body under one heading of its table of contents.
// Section 0 is the text before the first heading (Heading -1).
type section struct {
	Heading int    // index in Doc.TOC, or -1
	Text    string // prose, markdown syntax removed, code spans kept as text
	Code    string // fenced code and code spans, for indexing at low weight
	Heads   string // text of headings that are not in the TOC (h1, h5, h6)
}

var (
	reHTMLTag  = regexp.MustCompile(`</?[A-Za-z][^>]*>|<!--.*?-->`)
	reRefLink  = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	reFootRef  = regexp.MustCompile(`\[\^[^\]]+\]`)
	reAutoLink = regexp.MustCompile(`<((?:https?|mailto|ftp):[^>\s]*)>`)
	reLinkDef  = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*\S+`)
	reFootDef  = regexp.MustCompile(`^\s{0,3}\[\^[^\]]+\]:\s*`)
)

// extractor holds the buffers of extract, reused from document to document.
type extractor struct {
	text, heads spaced
	code        []byte
	para        []string
}

// extract turns a markdown body into sections of plain text, one per entry
// of the document's table of contents (h2 to h4 at the top level, as the
// markdown stage collects them), matched in order by level. It reads the
// markdown, not the rendered HTML.
func (x *extractor) extract(d *model.Doc) []section {
	secs := []section{{Heading: -1}}
	cur := &secs[0]
	text, heads := &x.text, &x.heads
	text.reset()
	heads.reset()
	code := x.code[:0]
	para := x.para[:0] // lines of the current paragraph, for setext headings
	defer func() {
		x.code = code
		clear(para) // the lines are the body's
		x.para = para[:0]
	}()
	toc := 0
	first := true // no block seen yet: a first "# Title" is the title

	// The text and headings of a section are written with their white
	// space collapsed (see spaced), ready to use.
	endSection := func() {
		cur.Text = text.String()
		cur.Code = string(bytes.TrimSpace(code))
		cur.Heads = heads.String()
		text.reset()
		code = code[:0]
		heads.reset()
	}
	heading := func(level int, raw string) {
		t := inline(raw, &code)
		if first && level == 1 {
			first = false
			if strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(d.Title)) {
				return
			}
		}
		first = false
		if level >= 2 && level <= 4 && toc < len(d.TOC) && d.TOC[toc].Level == level {
			endSection()
			secs = append(secs, section{Heading: toc})
			cur = &secs[len(secs)-1]
			toc++
			return
		}
		heads.write(t)
		heads.write(" \n")
	}
	flushPara := func() {
		for _, l := range para {
			text.write(inline(l, &code))
			text.write("\n")
		}
		if len(para) > 0 {
			text.write("\n")
		}
		para = para[:0]
	}

	body := strings.ReplaceAll(string(d.Body), "\r\n", "\n")
	fence := ""
	for rest, more := body, true; more; {
		var line string
		line, rest, more = strings.Cut(rest, "\n")
		if fence != "" {
			t := strings.TrimLeft(line, " ")
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
				fence = ""
				code = append(code, '\n')
				continue
			}
			code = append(code, line...)
			code = append(code, '\n')
			continue
		}
		lead := firstNonSpace(line)
		if lead == '`' || lead == '~' {
			if f := fenceOpen(line); f != "" {
				flushPara()
				first = false
				fence = f
				continue
			}
		}
		if lead == 0 {
			flushPara()
			continue
		}
		if lead == '#' {
			if level, text, ok := atxHeading(line); ok {
				flushPara()
				heading(level, text)
				continue
			}
		}
		if (lead == '=' || lead == '-') && len(para) > 0 {
			if c := setextUnderline(line); c != 0 {
				level := 2
				if c == '=' {
					level = 1
				}
				raw := strings.Join(para, " ")
				para = para[:0]
				heading(level, raw)
				continue
			}
		}
		if onlyRule(line) && (thematicBreak(line) || tableRule(line)) ||
			lead == '[' && reLinkDef.MatchString(line) && !reFootDef.MatchString(line) {
			flushPara()
			continue
		}
		first = false
		l := strings.TrimLeft(line, " \t")
		for strings.HasPrefix(l, ">") {
			l = strings.TrimLeft(l[1:], " \t")
		}
		if strings.HasPrefix(l, "[^") {
			l = reFootDef.ReplaceAllString(l, "")
		}
		l = listMarker(l)
		if strings.Contains(l, "|") {
			l = strings.Trim(strings.TrimSpace(l), "|")
			l = strings.ReplaceAll(l, "|", " · ")
		}
		para = append(para, l)
	}
	flushPara()
	endSection()
	return secs
}

// inline removes inline markdown from one line of text; code spans go to
// code as well as staying in the text.
func inline(s string, code *[]byte) string {
	if strings.IndexByte(s, '`') >= 0 {
		var b strings.Builder
		for {
			i := strings.IndexByte(s, '`')
			if i < 0 {
				break
			}
			n := 1
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			ticks := s[i : i+n]
			j := strings.Index(s[i+n:], ticks)
			if j < 0 {
				break
			}
			b.WriteString(plainInline(s[:i]))
			span := strings.TrimSpace(s[i+n : i+n+j])
			b.WriteString(span)
			*code = append(*code, span...)
			*code = append(*code, '\n')
			s = s[i+n+j+n:]
		}
		b.WriteString(plainInline(s))
		return b.String()
	}
	return plainInline(s)
}

// inlineMarks are the bytes that plainInline may have to remove.
var inlineMarks = func() (t [256]bool) {
	for _, c := range []byte("<[!*_~\\&") {
		t[c] = true
	}
	return t
}()

func plainInline(s string) string {
	i := 0
	for i < len(s) && !inlineMarks[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = reAutoLink.ReplaceAllString(s, "")
		s = reHTMLTag.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "](") {
		s = links(s)
	}
	if strings.Contains(s, "][") {
		s = reRefLink.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "[^") {
		s = reFootRef.ReplaceAllString(s, "")
	}
	if strings.ContainsAny(s, "*_~\\") {
		s = emphasis(s)
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// emphasis removes the markers of emphasis and strikethrough: every '*',
// "~~", and '_' that does not stand between two letters or digits (so that
// snake_case stays); a backslash-escaped punctuation character stays as
// itself.
func emphasis(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i++
			continue
		case c == '*':
			continue
		case c == '~' && (i+1 < len(s) && s[i+1] == '~' || i > 0 && s[i-1] == '~'):
			continue
		case c == '_':
			j := i
			for j < len(s) && s[j] == '_' {
				j++
			}
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[j:])
			if i > 0 && j < len(s) && isAlnum(before) && isAlnum(after) {
				b.WriteString(s[i:j])
			}
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return '!' <= c && c <= '/' || ':' <= c && c <= '@' || '[' <= c && c <= '`' || '{' <= c && c <= '~'
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// spaced is text written with its white space collapsed, as
// strings.Join(strings.Fields(text), " ") would return it, without making
// the text first.
type spaced struct {
	b     []byte
	space bool // white space was written after the last non-space
}

func (s *spaced) reset() { s.b, s.space = s.b[:0], false }

// String returns the text written.
func (s *spaced) String() string { return string(s.b) }

// write writes t. As strings.Fields, it takes a byte that is not valid
// UTF-8 for a rune that is not a space; as t never ends inside a valid
// rune (see extract), the runes are those of the whole text.
func (s *spaced) write(t string) {
	for i := 0; i < len(t); {
		// The non-space run at i.
		j := i
		for j < len(t) {
			switch fieldByte[t[j]] {
			case 0:
				j++
				continue
			case 2:
				if r, n := utf8.DecodeRuneInString(t[j:]); !unicode.IsSpace(r) {
					j += n
					continue
				}
			}
			break
		}
		if j > i {
			if s.space && len(s.b) > 0 {
				s.b = append(s.b, ' ')
			}
			s.space = false
			s.b = append(s.b, t[i:j]...)
			i = j
			continue
		}
		// White space at i.
		n := 1
		if fieldByte[t[i]] == 2 {
			_, n = utf8.DecodeRuneInString(t[i:])
		}
		i += n
		s.space = true
	}
}

// fieldByte is 1 for the ASCII bytes that strings.Fields takes for white
// space, 2 for the bytes of runes beyond ASCII (to decode), 0 for the rest.
var fieldByte = func() (t [256]uint8) {
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = 2
	}
	for _, c := range []byte("\t\n\v\f\r ") {
		t[c] = 1
	}
	return t
}()

// fenceOpen returns the fence that line opens ("```", "~~~~"), or "".
func fenceOpen(line string) string {
	i := blockIndent(line)
	if i == len(line) || line[i] != '`' && line[i] != '~' {
		return ""
	}
	j := i
	for j < len(line) && line[j] == line[i] {
		j++
	}
	if j-i < 3 {
		return ""
	}
	return line[i:j]
}

// blockIndent is how many spaces a block's marker may follow on line:
// up to three; a fourth would make the line indented code.
func blockIndent(line string) int {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	return i
}

// isRESpace is whether c is white space as \s means it in a regular
// expression: space, \t, \n, \f or \r.
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// thematicBreak reports whether line is a thematic break: up to three
// spaces, then three or more of '-', '*' and '_', with white space
// between and after them.
func thematicBreak(line string) bool {
	i := blockIndent(line)
	marks := 0
	for ; i < len(line); i++ {
		switch c := line[i]; {
		case c == '-' || c == '*' || c == '_':
			marks++
		case marks > 0 && isRESpace(c):
		default:
			return false
		}
	}
	return marks >= 3
}

// tableRule reports whether line is the delimiter row of a table: cells
// of one or more '-', each with an optional ':' at either end, between
// '|'s, the first and last '|' optional, with white space around.
func tableRule(line string) bool {
	i := 0
	skip := func() {
		for i < len(line) && isRESpace(line[i]) {
			i++
		}
	}
	skip()
	if i < len(line) && line[i] == '|' {
		i++
	}
	for {
		skip()
		if i < len(line) && line[i] == ':' {
			i++
		}
		dashes := i
		for i < len(line) && line[i] == '-' {
			i++
		}
		if i == dashes {
			return false
		}
		if i < len(line) && line[i] == ':' {
			i++
		}
		skip()
		if i == len(line) {
			return true
		}
		if line[i] != '|' {
			return false
		}
		i++
		skip()
		if i == len(line) {
			return true
		}
	}
}

// setextUnderline returns '=' or '-' when line underlines a setext
// heading ("===", "  ---  "), or 0.
func setextUnderline(line string) byte {
	i := blockIndent(line)
	if i == len(line) || line[i] != '=' && line[i] != '-' {
		return 0
	}
	c := line[i]
	for i < len(line) && line[i] == c {
		i++
	}
	for ; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' {
			return 0
		}
	}
	return c
}

// firstNonSpace is the first byte of line that is not a space or tab, 0
// for a blank line.
func firstNonSpace(line string) byte {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != ' ' && c != '\t' && c != '\r' {
			return c
		}
	}
	return 0
}

// onlyRule reports whether line holds only the characters of a thematic
// break or a table's delimiter row.
func onlyRule(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '-', '*', '_', '|', ':', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// atxHeading reads "## Heading ##": its level and text.
func atxHeading(line string) (level int, text string, ok bool) {
	i := blockIndent(line)
	j := i
	for j < len(line) && line[j] == '#' {
		j++
	}
	level = j - i
	if level < 1 || level > 6 || j < len(line) && line[j] != ' ' && line[j] != '\t' {
		return 0, "", false
	}
	text = strings.TrimSpace(line[j:])
	// A closing sequence of #s after a space is not text.
	if k := strings.TrimRight(text, "#"); k != text && (k == "" || k[len(k)-1] == ' ' || k[len(k)-1] == '\t') {
		text = strings.TrimSpace(k)
	}
	return level, text, true
}

// listMarker removes the marker of a list item ("- ", "* ", "+ ", "1. ",
// "2) ") and of a task ("[ ] ", "[x] ").
func listMarker(l string) string {
	if l == "" {
		return l
	}
	i := 0
	switch {
	case l[0] == '-' || l[0] == '*' || l[0] == '+':
		i = 1
	case '0' <= l[0] && l[0] <= '9':
		for i < len(l) && i < 9 && '0' <= l[i] && l[i] <= '9' {
			i++
		}
		if i == len(l) || l[i] != '.' && l[i] != ')' {
			return l
		}
		i++
	default:
		return l
	}
	if i < len(l) && l[i] != ' ' && l[i] != '\t' {
		return l
	}
	rest := strings.TrimLeft(l[i:], " \t")
	if len(rest) >= 3 && rest[0] == '[' && rest[2] == ']' && (rest[1] == ' ' || rest[1] == 'x' || rest[1] == 'X') {
		rest = strings.TrimLeft(rest[3:], " \t")
	}
	return rest
}

// links replaces [text](dest) and ![alt](src) by their text.
func links(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		start := i
		if c == '!' && i+1 < len(s) && s[i+1] == '[' {
			start = i + 1
		} else if c != '[' {
			j := i + 1
			for j < len(s) && s[j] != '[' && s[j] != '!' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		close := strings.IndexByte(s[start+1:], ']')
		if close >= 0 {
			close += start + 1
			if close+1 < len(s) && s[close+1] == '(' {
				if end := strings.IndexByte(s[close+2:], ')'); end >= 0 {
					b.WriteString(s[start+1 : close])
					i = close + 2 + end + 1
					continue
				}
			}
		}
		b.WriteString(s[i : start+1])
		i = start + 1
	}
	return b.String()
}

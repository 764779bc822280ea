package search

import (
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
	reHTMLTag   = regexp.MustCompile(`</?[A-Za-z][^>]*>|<!--.*?-->`)
	reRefLink   = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	reFootRef   = regexp.MustCompile(`\[\^[^\]]+\]`)
	reAutoLink  = regexp.MustCompile(`<((?:https?|mailto|ftp):[^>\s]*)>`)
	reLinkDef   = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*\S+`)
	reFootDef   = regexp.MustCompile(`^\s{0,3}\[\^[^\]]+\]:\s*`)
	reSetext    = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	reFence     = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	reTableRule = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
	reThematic  = regexp.MustCompile(`^ {0,3}([-*_])(\s*[-*_]){2,}\s*$`)
)

// extract turns a markdown body into sections of plain text, one per entry
// of the document's table of contents (h2 to h4 at the top level, as the
// markdown stage collects them), matched in order by level. It reads the
// markdown, not the rendered HTML.
func extract(d *model.Doc) []section {
	secs := []section{{Heading: -1}}
	cur := &secs[0]
	var text, code, heads strings.Builder
	var para []string // lines of the current paragraph, for setext headings
	toc := 0
	first := true // no block seen yet: a first "# Title" is the title

	endSection := func() {
		cur.Text = clean(text.String())
		cur.Code = strings.TrimSpace(code.String())
		cur.Heads = clean(heads.String())
		text.Reset()
		code.Reset()
		heads.Reset()
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
		heads.WriteString(t)
		heads.WriteString(" \n")
	}
	flushPara := func() {
		for _, l := range para {
			text.WriteString(inline(l, &code))
			text.WriteByte('\n')
		}
		if len(para) > 0 {
			text.WriteByte('\n')
		}
		para = para[:0]
	}

	lines := strings.Split(strings.ReplaceAll(string(d.Body), "\r\n", "\n"), "\n")
	fence := ""
	for _, line := range lines {
		if fence != "" {
			t := strings.TrimLeft(line, " ")
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
				fence = ""
				code.WriteByte('\n')
				continue
			}
			code.WriteString(line)
			code.WriteByte('\n')
			continue
		}
		lead := firstNonSpace(line)
		if (lead == '`' || lead == '~') && reFence.MatchString(line) {
			flushPara()
			first = false
			fence = reFence.FindStringSubmatch(line)[1]
			continue
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
			if m := reSetext.FindStringSubmatch(line); m != nil {
				level := 2
				if m[1][0] == '=' {
					level = 1
				}
				raw := strings.Join(para, " ")
				para = para[:0]
				heading(level, raw)
				continue
			}
		}
		if onlyRule(line) && (reThematic.MatchString(line) || reTableRule.MatchString(line)) ||
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
func inline(s string, code *strings.Builder) string {
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
			code.WriteString(span)
			code.WriteByte('\n')
			s = s[i+n+j+n:]
		}
		b.WriteString(plainInline(s))
		return b.String()
	}
	return plainInline(s)
}

func plainInline(s string) string {
	if !strings.ContainsAny(s, "<[!*_~\\&") {
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

// clean collapses white space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

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
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
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
			b.WriteByte(c)
			i++
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

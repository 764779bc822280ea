package adr

import "strings"

// People splits a people field as written into names: "adh, jspring" →
// [adh jspring]; "Jane Doe and John Smith", "A; B", "A & B", one a line,
// and "A, B, and C" are lists too. Parentheses and brackets stay whole
// ("Ana Lopez (CMO, EMEA)"); markdown links give their text ("[Jane](https://…)"
// → "Jane"); list bullets and bold go; empty items are dropped. A template's
// placeholder ("[list everyone involved in the decision]") gives none.
func People(text string) []string {
	s := strings.TrimSpace(text)
	if s == "" || Placeholder(s) {
		return nil
	}
	var out []string
	var cur strings.Builder
	add := func() {
		name := cleanName(cur.String())
		if name != "" {
			out = append(out, name)
		}
		cur.Reset()
	}
	// Names are split only outside brackets and parentheses. A link that
	// does not close ends the look for links, so that the split stays
	// linear.
	brackets, parens, noLinks := 0, 0, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '[' && brackets == 0 && parens == 0 && !noLinks:
			// A markdown link: its text.
			txt, target, n, ok := mdLink(s[i:])
			if ok && target != "" {
				cur.WriteString(txt)
				i += n
				continue
			}
			noLinks = !ok
			brackets++
		case c == '[':
			brackets++
		case c == ']' && brackets > 0:
			brackets--
		case c == '(':
			parens++
		case c == ')' && parens > 0:
			parens--
		case brackets > 0 || parens > 0:
		case c == ',' || c == ';' || c == '\n':
			add()
			i++
			continue
		case c == ' ' || c == '\t':
			// " and ", " & "
			rest := s[i+1:]
			for _, w := range []string{"and ", "& ", "and\t"} {
				if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) {
					add()
					i += 1 + len(w)
					goto next
				}
			}
		}
		cur.WriteByte(c)
		i++
	next:
	}
	add()
	return out
}

// cleanName trims an item of spaces, a bullet, bold and a leading "and".
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	if _, n := bullet(s); n > 0 && n < len(s) {
		s = s[n:]
	}
	if len(s) > 4 && strings.EqualFold(s[:4], "and ") {
		s = s[4:]
	}
	if inner, shift := unwrapWhole(s); shift > 0 {
		s = inner
	}
	return strings.TrimSpace(s)
}

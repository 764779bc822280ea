package adr

import "strings"

// Placeholder reports a template's placeholder left in a value: MADR 3/4's
// "{YYYY-MM-DD when the decision was last updated}", "{list everyone
// involved in the decision}" and its unclosed "{proposed | rejected | … |
// superseded by ADR-0123"; MADR 2.x's and log4brains' "[name]" and
// "[proposed | … | superseded by [ADR-0005](0005-example.md)]"; "<date>";
// formats ("YYYY-MM-DD", "DD/MM/YYYY" and what follows them); a list of
// choices ("proposed | accepted"); adr-tools' "DATE", "STATUS", "TITLE";
// and "TBD", "TODO", "…", "...". A link ("[ADR-0005](0005-x.md)"), an
// autolink ("<https://…>") or an empty value is not.
func Placeholder(text string) bool {
	s := strings.TrimSpace(text)
	if s == "" {
		return false
	}
	if strings.Trim(s, ".…?") == "" {
		return true
	}
	switch strings.ToUpper(s) {
	case "TBD", "TBC", "TODO", "XXX":
		return true
	}
	switch s {
	case "DATE", "STATUS", "TITLE", "NUMBER", "NAME":
		return true
	}
	switch s[0] {
	case '{':
		return true
	case '[':
		// The whole value in brackets, not a link.
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return i == len(s)-1
				}
			}
		}
		return false
	case '<':
		if strings.HasSuffix(s, ">") && !strings.ContainsAny(s, ":@/.") {
			return true
		}
	}
	if strings.Contains(s, " | ") {
		return true
	}
	// A format: "YYYY-MM-DD", "DD.MM.YYYY when …".
	f := s
	if i := strings.IndexAny(f, " \t"); i >= 0 {
		f = f[:i]
	}
	return len(f) >= 4 && strings.Trim(f, "YMDymd-/.") == "" && strings.Count(strings.ToUpper(f), "YY") > 0
}

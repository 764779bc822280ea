package adr

import "strings"

// Link is a relation line of a record: adr-tools' "Supersedes [2. Use
// X](0002-use-x.md)", "Amended by [..](..)", log4brains' "- Supersedes
// [..](..)", or "Superseded by ADR-0007".
type Link struct {
	// Rel is the relation in lower case, one space between words, with
	// adr-tools' spelling "supercede" made "supersede": "supersedes",
	// "superseded by", "amends", "amended by", "clarified by".
	Rel string
	// Text is the link's text as written ("2. Use X"); "" for a bare ref.
	Text string
	// Target is the link's target without its #fragment ("0002-use-x.md"),
	// or the bare ref as written ("ADR-0007").
	Target string
}

// relations are the relations that may name their target without a link:
// "Superseded by ADR-0007".
var relations = map[string]bool{
	"supersedes": true, "superseded by": true, "amends": true, "amended by": true,
	"replaces": true, "replaced by": true, "clarifies": true, "clarified by": true,
	"refines": true, "refined by": true, "extends": true, "extended by": true,
	"relates to": true, "related to": true, "depends on": true,
}

// ParseLink reads a relation line: a phrase of one to five words, an
// optional colon, then a markdown link ("Amended by [9. Help
// scripts](0009-help-scripts.md)"); or a known relation and a ref
// ("Supersedes ADR-0003"). List bullets and bold around the phrase are
// allowed. It reports false for any other line.
func ParseLink(text string) (Link, bool) {
	t := strings.TrimSpace(text)
	if _, n := bullet(t); n > 0 {
		t = t[n:]
	}
	t = strings.TrimLeft(t, "*_ \t")
	// The phrase: up to five words; the longest that a link or a ref
	// follows.
	var ends []int
	for i := 0; len(ends) < 5; {
		j := i
		for j < len(t) && (isLetter(t[j]) || t[j] == '\'') {
			j++
		}
		if j == i {
			break
		}
		ends = append(ends, j)
		k := j
		for k < len(t) && (t[k] == ' ' || t[k] == '\t' || t[k] == '-') {
			k++
		}
		if k == len(t) || !isLetter(t[k]) {
			break
		}
		i = k
	}
	for k := len(ends); k > 0; k-- {
		i := ends[k-1]
		rest := strings.TrimLeft(t[i:], "*_")
		rest = strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(rest, " \t"), ":"), "*_")
		rest = strings.TrimLeft(rest, " \t")
		if len(rest) == len(t)-i {
			continue // the phrase must end at a space or a colon
		}
		rel := relName(t[:i])
		if strings.HasPrefix(rest, "[") {
			txt, target, _, ok := mdLink(rest)
			if !ok || target == "" {
				return Link{}, false
			}
			return Link{Rel: rel, Text: txt, Target: target}, true
		}
		if relations[rel] {
			if refs := refsAfter(rest); len(refs) > 0 {
				return Link{Rel: rel, Target: refs[0]}, true
			}
			return Link{}, false
		}
	}
	return Link{}, false
}

// relName lowers a relation and mends adr-tools' spelling.
func relName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "-", " ")), " "))
	s = strings.ReplaceAll(s, "supercede", "supersede")
	s = strings.ReplaceAll(s, "superseede", "supersede")
	return s
}

// mdLink reads "[text](target)" at the start of s, nested brackets
// allowed in the text: the text, the target without its #fragment and
// title, and the length read. A "[text]" without a target gives target "".
func mdLink(s string) (text, target string, n int, ok bool) {
	if !strings.HasPrefix(s, "[") {
		return "", "", 0, false
	}
	depth := 0
	i := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if i >= len(s) {
		return "", "", 0, false
	}
	text = s[1:i]
	i++
	if i >= len(s) || s[i] != '(' {
		return text, "", i, true
	}
	j := strings.IndexByte(s[i:], ')')
	if j < 0 {
		return "", "", 0, false
	}
	target = strings.TrimSpace(s[i+1 : i+j])
	if sp := strings.IndexAny(target, " \t"); sp >= 0 {
		target = target[:sp] // a title: (x.md "Title")
	}
	target = strings.TrimSuffix(strings.TrimPrefix(target, "<"), ">")
	if h := strings.IndexByte(target, '#'); h >= 0 {
		target = target[:h]
	}
	return text, target, i + j + 1, true
}

// refsAfter reads the refs that start s: links (their targets), ids and
// numbers ("ADR-0045", "ADR 45", "#45" → "45", "5"), joined by commas,
// "and" or "&". It stops at the first word that is none of these.
func refsAfter(s string) []string {
	var refs []string
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '&' || s[i] == '+') {
			i++
		}
		if i >= len(s) {
			break
		}
		if s[i] == '[' {
			txt, target, n, ok := mdLink(s[i:])
			if !ok {
				break
			}
			if target == "" {
				target = txt
			}
			if target != "" {
				refs = append(refs, target)
			}
			i += n
			continue
		}
		if s[i] == '<' {
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				break
			}
			refs = append(refs, s[i+1:i+j])
			i += j + 1
			continue
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != ',' && s[j] != ';' && s[j] != '(' && s[j] != ')' && s[j] != '[' {
			j++
		}
		w := strings.TrimRight(s[i:j], ".:!?*_~")
		w = strings.TrimLeft(w, "#*_~")
		switch {
		case strings.EqualFold(w, "and"):
		case hasDigit(w):
			refs = append(refs, w)
		case idWord(w):
			// "ADR 45": the number follows.
			k := j
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			e := k
			for e < len(s) && s[e] >= '0' && s[e] <= '9' {
				e++
			}
			if e == k {
				return refs
			}
			refs = append(refs, w+" "+s[k:e])
			j = e
		default:
			return refs
		}
		if j == i {
			break
		}
		i = j
	}
	return refs
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// idWord reports the words that stand before a record's number: "ADR",
// "DR", "RFC", or any short word in capitals.
func idWord(w string) bool {
	switch strings.ToLower(w) {
	case "adr", "dr", "rfc", "record", "decision":
		return true
	}
	if len(w) == 0 || len(w) > 5 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

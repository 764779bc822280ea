package adr

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"playbook/generator/model"
)

// Status is a status phrase understood.
type Status struct {
	State model.Status // the contract's state, or model.Unknown
	// Word is the status as written, for the page: the status words of a
	// known phrase ("In Review", "Partly superseded", "Superseded"),
	// or the whole text, trimmed of markup, when unknown.
	Word string
	// SupersededBy is the successor's ref as written: an id "ADR-0005", a
	// number "5", or a link target "0005-x.md".
	SupersededBy string
	// By is the ref after "by" in a phrase that is not a supersession:
	// "amended by X", "partly superseded by X".
	By string
	// Supersedes are the refs read out of "accepted; supersedes ADR-0045".
	Supersedes []string
	Known      bool
}

// Words maps lower-case status words real logs use onto the contract's
// states (words are separated by one space; "in-review", "in_review" and
// "In Review" are all "in review"). A phrase is matched on its longest
// known beginning, so "Accepted on 2016-02-12" and "Accepted." are
// accepted.
var Words = map[string]model.Status{
	// Decided and in force.
	"accepted": model.Accepted, "accept": model.Accepted, "approved": model.Accepted,
	"adopted": model.Accepted, "agreed": model.Accepted, "done": model.Accepted,
	"implemented": model.Accepted, "decided": model.Accepted, "active": model.Accepted,
	"final": model.Accepted, "ratified": model.Accepted, "complete": model.Accepted,
	"completed": model.Accepted, "in effect": model.Accepted, "in force": model.Accepted,
	// Still in force, in part changed by a later record.
	"amended": model.Accepted, "partly superseded": model.Accepted,
	"partially superseded": model.Accepted, "partly replaced": model.Accepted,
	"partially replaced": model.Accepted,
	// Not decided yet.
	"proposed": model.Proposed, "proposal": model.Proposed, "pending": model.Proposed,
	"draft": model.Proposed, "in review": model.Proposed, "under review": model.Proposed,
	"review": model.Proposed, "in progress": model.Proposed, "inprogress": model.Proposed,
	"work in progress": model.Proposed, "wip": model.Proposed, "open": model.Proposed,
	"rfc": model.Proposed, "request for comments": model.Proposed, "on hold": model.Proposed,
	"under discussion": model.Proposed, "in discussion": model.Proposed,
	"under consideration": model.Proposed, "suggested": model.Proposed,
	"requested": model.Proposed, "submitted": model.Proposed, "new": model.Proposed,
	// Handed up.
	"escalated": model.Escalated,
	// Decided against.
	"rejected": model.Rejected, "declined": model.Rejected, "refused": model.Rejected,
	"denied": model.Rejected, "not accepted": model.Rejected, "not approved": model.Rejected,
	"vetoed": model.Rejected,
	// Taken back before a decision.
	"withdrawn": model.Withdrawn, "cancelled": model.Withdrawn, "canceled": model.Withdrawn,
	"abandoned": model.Withdrawn, "dropped": model.Withdrawn, "retracted": model.Withdrawn,
	// No longer in force.
	"deprecated": model.Deprecated, "obsolete": model.Deprecated, "retired": model.Deprecated,
	"outdated": model.Deprecated, "sunset": model.Deprecated,
	// Replaced by a later record.
	"superseded": model.Superseded, "superceded": model.Superseded,
	"superseeded": model.Superseded, "replaced": model.Superseded,
}

// ParseStatus reads a status phrase as logs write it: "Accepted",
// "accepted.", "Accepted on 2016-02-12", "In Review", "superseded by
// [ADR-0005](0005-x.md)", "Superseded by [3. Use X](0003-use-x.md)",
// "accepted; supersedes ADR-0045", "~~Accepted~~ Superseded by ADR-0007"
// (struck-through text is a former status and is skipped). A template's
// placeholder ("[proposed | accepted | …]") is not a status. extra maps the
// site's own words (playbook.yaml; lower-case keys) and overrides Words.
// A phrase whose later part says "superseded by X" is superseded. An
// unknown phrase gives Known false, State model.Unknown and Word as
// written.
func ParseStatus(text string, extra map[string]model.Status) Status {
	s := unstrike(text)
	if strings.TrimSpace(s) == "" {
		s = strings.ReplaceAll(text, "~~", "")
	}
	s, _ = cutComment(s)
	s = strings.TrimSpace(s)
	var st Status
	if s == "" {
		return st
	}
	if Placeholder(s) {
		st.Word = s
		return st
	}
	words := leadWords(s)
	for n := len(words); n > 0 && !st.Known; n-- {
		phrase := joinWords(s, words[:n])
		state, ok := lookup(phrase, extra)
		if !ok {
			continue
		}
		st = Status{State: state, Word: s[words[0][0]:words[n-1][1]], Known: true}
		rest := s[words[n-1][1]:]
		if by, ok := cutWord(rest, "by"); ok {
			if refs := refsAfter(by); len(refs) > 0 {
				if state == model.Superseded {
					st.SupersededBy = refs[0]
				} else {
					st.By = refs[0]
				}
			}
		}
		st.scanRest(rest)
	}
	if !st.Known {
		st.Word = strings.Trim(s, "*_` \t")
	}
	return st
}

// scanRest reads what follows the status words: "supersedes X, Y" and
// "superseded by X" (not "partly superseded by X").
func (st *Status) scanRest(rest string) {
	prev, prevPrev := "", ""
	prevAt := [2]int{}
	sawSupersedes, sawBy := false, false
	i := 0
	for i < len(rest) {
		for i < len(rest) && !isLetter(rest[i]) {
			i++
		}
		j := i
		for j < len(rest) && isLetter(rest[j]) {
			j++
		}
		if j == i {
			break
		}
		w := strings.ToLower(rest[i:j])
		switch w {
		case "supersedes", "supercedes", "replaces":
			// Each is read once, so that reading stays linear.
			if !sawSupersedes {
				sawSupersedes = true
				st.Supersedes = append(st.Supersedes, refsAfter(rest[j:])...)
			}
		case "by":
			if !sawBy && (prev == "superseded" || prev == "superceded" || prev == "superseeded" || prev == "replaced") &&
				prevPrev != "partly" && prevPrev != "partially" && st.State != model.Superseded {
				sawBy = true
				if refs := refsAfter(rest[j:]); len(refs) > 0 {
					st.State, st.SupersededBy = model.Superseded, refs[0]
					st.Word = rest[prevAt[0]:prevAt[1]]
				}
			}
		}
		prevPrev, prev, prevAt = prev, w, [2]int{i, j}
		i = j
	}
}

// lookup finds a phrase in extra, then in Words.
func lookup(phrase string, extra map[string]model.Status) (model.Status, bool) {
	if st, ok := extra[phrase]; ok {
		return st, true
	}
	for k, st := range extra {
		if k != phrase && normalize(k) == phrase {
			return st, true
		}
	}
	st, ok := Words[phrase]
	return st, ok
}

// leadWords finds up to four words that begin the phrase, separated by
// spaces, hyphens or underscores only: letters, after any leading marks
// ("* ", "✅ ", "[") and a "Status:" label.
func leadWords(s string) [][2]int {
	i := skipNonLetters(s, 0)
	if j := wordEnd(s, i); strings.EqualFold(s[i:j], "status") {
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '*' || s[k] == '_') {
			k++
		}
		if k < len(s) && s[k] == ':' {
			i = skipNonLetters(s, k+1)
		}
	}
	var words [][2]int
	for len(words) < 4 && i < len(s) {
		j := wordEnd(s, i)
		if j == i {
			break
		}
		words = append(words, [2]int{i, j})
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '-' || s[k] == '_') {
			k++
		}
		if k == j {
			break
		}
		i = k
	}
	return words
}

func skipNonLetters(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) {
			break
		}
		i += w
	}
	return i
}

func wordEnd(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += w
	}
	return i
}

// joinWords lowers the words and joins them with one space.
func joinWords(s string, words [][2]int) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(s[w[0]:w[1]]))
	}
	return b.String()
}

// cutWord returns what follows word when s starts with it (after spaces).
func cutWord(s, word string) (string, bool) {
	t := strings.TrimLeft(s, " \t")
	if len(t) < len(word) || !strings.EqualFold(t[:len(word)], word) {
		return "", false
	}
	rest := t[len(word):]
	if rest != "" && (isLetter(rest[0]) || rest[0] >= '0' && rest[0] <= '9') {
		return "", false
	}
	return rest, true
}

// unstrike removes struck-through text: "~~Accepted~~ Superseded" →
// " Superseded".
func unstrike(s string) string {
	if !strings.Contains(s, "~~") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "~~")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "~~")
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+2+j+2:]
	}
	b.WriteString(s)
	return b.String()
}

package search

import (
	"slices"
	"strings"

	"playbook/generator/model"
)

// Names. Every platform and tool is found by its names: its title, its
// file name ("sprout-social") and the builtinAliases of those and of its
// title without a part in brackets ("twitter" for "X (Twitter)", by "X"). The index holds one name term per name: the stem of its first word,
// NameMark, and the stems of its other words joined by spaces
// ("sprout\x1fsocial", "tiktok\x1f"). Its postings are the page the name
// names, at level RelPage, and every decision record about it (written on
// either side), at a level that tells the record's status (RelAccepted,
// RelRejected, RelOther). A name term sorts right after the stem of its
// first word, so it stands in the chunk that a query for that word reads
// anyway: knowing the names costs no extra file.

// NameMark separates the first word of a name term from the others. No
// word holds it, so a name term never meets a query's terms.
const NameMark = "\x1f"

// Levels of the postings of a name term.
const (
	RelAccepted = 1  // an accepted decision record about the thing named
	RelRejected = 2  // a rejected one
	RelOther    = 3  // a record in any other state
	RelPage     = 15 // the platform or tool itself
)

// posting is a document and its level in a term's postings.
type posting struct{ doc, level int }

// nameWords returns the folded words of a name, without stop words, as a
// query reads them (no camelCase split: "LinkedIn" is one word).
func nameWords(s string) []string {
	var out []string
	words(decompose(s), false, func(w word) {
		for _, p := range w.parts {
			if !isStop(p) {
				out = append(out, p)
			}
		}
	})
	return out
}

// withoutBrackets removes the parts of a title in brackets.
func withoutBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nameTermsOf returns the name terms of a platform or tool, each once.
func nameTermsOf(title, slug string) []string {
	var seqs [][]string
	add := func(ws []string) {
		if len(ws) > 0 && !slices.ContainsFunc(seqs, func(s []string) bool { return slices.Equal(s, ws) }) {
			seqs = append(seqs, ws)
		}
	}
	// The title without its brackets is no name term of its own: the
	// first word of a longer name names it anyway (see findNames), and
	// "tiktok emea" should not name "TikTok (US)". It has aliases.
	short := nameWords(withoutBrackets(title))
	add(nameWords(title))
	add(nameWords(slug))
	for _, s := range append(slices.Clone(seqs), short) {
		for _, a := range builtinAliases[strings.Join(s, " ")] {
			add(nameWords(a))
		}
	}
	var out []string
	for _, s := range seqs {
		stems := make([]string, len(s))
		for i, w := range s {
			stems[i] = Stem(w)
		}
		t := stems[0] + NameMark + strings.Join(stems[1:], " ")
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// relLevel is the level of a decision record in a name term's postings.
func relLevel(s model.Status) int {
	switch s {
	case model.Accepted:
		return RelAccepted
	case model.Rejected:
		return RelRejected
	}
	return RelOther
}

// nameLists returns the postings of every name term of the site; number
// gives each document's number in the index by its path. Records are
// matched by path, not by pointer: serve indexes copies of the records,
// whose links still lead to the originals.
func nameLists(site *model.Site, number map[string]int) map[string][]posting {
	status := make(map[string]model.Status, len(site.Decisions))
	for _, d := range site.Decisions {
		status[d.Path] = d.Status
	}
	lists := map[string]map[int]int{}
	named := func(d *model.Doc, decisions []*model.Decision) {
		id, ok := number[d.Path]
		if !ok {
			return
		}
		for _, t := range nameTermsOf(d.Title, d.Slug) {
			ps := lists[t]
			if ps == nil {
				ps = map[int]int{}
				lists[t] = ps
			}
			ps[id] = RelPage
			for _, dr := range decisions {
				st, ok := status[dr.Path]
				if n, ok2 := number[dr.Path]; ok && ok2 && ps[n] != RelPage {
					ps[n] = relLevel(st)
				}
			}
		}
	}
	for _, p := range site.Platforms {
		named(&p.Doc, p.Decisions)
	}
	for _, t := range site.Tools {
		named(&t.Doc, t.Decisions)
	}
	out := make(map[string][]posting, len(lists))
	for t, ps := range lists {
		l := make([]posting, 0, len(ps))
		for d, lv := range ps {
			l = append(l, posting{d, lv})
		}
		slices.SortFunc(l, func(a, b posting) int { return a.doc - b.doc })
		out[t] = l
	}
	return out
}

// isNameTerm reports whether an index term is a name term.
func isNameTerm(t string) bool { return strings.Contains(t, NameMark) }

// builtinAliases are other names of well-known platforms and tools, by
// the folded words of the name a site gives them: a site with a platform
// titled "X (Twitter)", "X" or with the file name x.md finds it by
// "twitter" too, and one titled "Twitter" by "x". Only names that mean the
// product and nothing else are here ("snap" or "meta" are not).
var builtinAliases = map[string][]string{
	"x":                       {"twitter"},
	"twitter":                 {"x"},
	"facebook":                {"fb"},
	"instagram":               {"ig", "insta"},
	"youtube":                 {"yt"},
	"tiktok":                  {"tik tok"},
	"whatsapp":                {"whats app"},
	"google analytics":        {"ga4"},
	"google business profile": {"gmb", "google my business"},
	"bluesky":                 {"bsky"},
}

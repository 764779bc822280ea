package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"unicode"

	"playbook/generator/model"
)

// tag is a tag and the documents that carry it.
type tag struct {
	Name string // the spelling shown: the first in sort order among those used
	Slug string
	URL  string
	Docs []*model.Doc // in Site.Docs order, each once
}

// tagSlug is the URL segment of a tag: its letters and digits in lower
// case, every other run of characters a single hyphen ("Brand safety" →
// "brand-safety", "C++ / Go" → "c-go"). Letters of any script stay, so
// "Sécurité" keeps its accent; nothing that means something in a URL or a
// file name (slashes, quotes, angle brackets) can reach the path.
func tagSlug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		} else {
			hyphen = true
		}
	}
	return b.String()
}

// buildTags gathers every tag of every document.
func (v *viewer) buildTags() {
	v.tagBySlug = map[string]*tag{}
	for _, d := range v.site.Docs() {
		for _, name := range d.Tags {
			slug := tagSlug(name)
			if slug == "" {
				continue
			}
			t, ok := v.tagBySlug[slug]
			if !ok {
				t = &tag{Name: strings.TrimSpace(name), Slug: slug, URL: tagsURL + slug + "/"}
				v.tagBySlug[slug] = t
				v.tags = append(v.tags, t)
			}
			if n := strings.TrimSpace(name); n < t.Name {
				t.Name = n
			}
			if !slices.Contains(t.Docs, d) {
				t.Docs = append(t.Docs, d)
			}
		}
	}
	slices.SortFunc(v.tags, func(a, b *tag) int { return cmp.Compare(a.Slug, b.Slug) })
	for _, t := range v.tags {
		v.titles[t.URL] = t.Name
	}
}

// tagLinks are the links to the tag pages of a document's tags.
func (v *viewer) tagLinks(names []string) []tagLink {
	var out []tagLink
	seen := map[string]bool{}
	for _, name := range names {
		slug := tagSlug(name)
		t, ok := v.tagBySlug[slug]
		if !ok || seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, tagLink{Name: t.Name, URL: t.URL, Key: t.URL + "\x00" + t.Name})
	}
	return out
}

// tagItem is a tag in the tag index.
type tagItem struct {
	Name  string
	URL   string
	Count int
}

type tagListData struct {
	Intro template.HTML
	Tags  []tagItem
}

// tagList is the index of every tag with its count.
func (v *viewer) tagList() *page {
	intro, title, desc := v.intro(tagsURL, "Tags")
	pg := v.newPage("tag-list", tagsURL, title, orDefault(desc, "Every tag of the playbook and how many pages carry it."))
	data := &tagListData{Intro: intro}
	for _, t := range v.tags {
		data.Tags = append(data.Tags, tagItem{Name: t.Name, URL: t.URL, Count: len(t.Docs)})
	}
	pg.Data = data
	return pg
}

// taggedDoc is a document on a tag page.
type taggedDoc struct {
	Title  string
	URL    string
	Label  string // a decision ID
	Badges []badge
}

// kindGroup is the documents of one kind on a tag page.
type kindGroup struct {
	ID      string
	Heading string
	Docs    []taggedDoc
}

type tagData struct {
	Count   int
	Summary string // "3 pages carry this tag."
	Groups  []kindGroup
}

// tag is the page of one tag: its documents grouped by kind.
func (v *viewer) tag(t *tag) *page {
	pg := v.newPage("tag", t.URL, t.Name, "Everything tagged "+t.Name+": "+plural(len(t.Docs), "page")+".")
	groups := []kindGroup{
		{ID: "platforms", Heading: "Platforms"},
		{ID: "tools", Heading: "Tools"},
		{ID: "decisions", Heading: "Decisions"},
		{ID: "pages", Heading: "Pages"},
	}
	for _, d := range t.Docs {
		td := taggedDoc{Title: orDefault(d.Title, d.Slug), URL: d.URL}
		i := 3
		switch x := v.owners[d].(type) {
		case *model.Platform:
			i = 0
			td.Badges = []badge{approvalBadge(x.Status), riskBadge(x.Risk)}
		case *model.Tool:
			i = 1
			td.Badges = []badge{approvalBadge(x.Status), dataBadge(x.Data)}
		case *model.Decision:
			i = 2
			td.Label = x.ID
			td.Badges = []badge{statusBadge(x.Status)}
		}
		groups[i].Docs = append(groups[i].Docs, td)
	}
	data := &tagData{Count: len(t.Docs), Summary: plural(len(t.Docs), "page") + " carry this tag."}
	if len(t.Docs) == 1 {
		data.Summary = "1 page carries this tag."
	}
	for _, g := range groups {
		if len(g.Docs) > 0 {
			if g.ID == "pages" {
				slices.SortStableFunc(g.Docs, func(a, b taggedDoc) int { return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL)) })
			}
			data.Groups = append(data.Groups, g)
		}
	}
	pg.Data = data
	return pg
}

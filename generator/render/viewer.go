package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"

	"playbook/generator/model"
)

// The URLs of the lists the generator makes itself. An _index.md at one of
// them is the intro of that list, not a folder of plain pages.
const (
	homeURL      = "/"
	platformsURL = "/platforms/"
	toolsURL     = "/tools/"
	decisionsURL = "/decisions/"
	tagsURL      = "/tags/"
	pagesURL     = "/pages/"
	searchURL    = "/search/"
)

var builtinLists = map[string]string{
	homeURL:      "Home",
	platformsURL: "Platforms",
	toolsURL:     "Tools",
	decisionsURL: "Decisions",
	tagsURL:      "Tags",
}

// viewer builds the views of one site. It is built once, before rendering
// starts, and only read afterwards.
type viewer struct {
	site       *model.Site
	hostURL    bool                   // the base URL names a host: pages get a canonical link
	intros     map[string]*model.Page // list URL → its _index.md
	folders    map[string]*folder     // folder URL → folder of plain pages
	folderList []*folder              // by URL
	tags       []*tag                 // by slug
	tagBySlug  map[string]*tag
	titles     map[string]string  // URL → title, for breadcrumbs
	newest     []*model.Decision  // newest first
	owners     map[*model.Doc]any // a doc → its *Platform, *Tool, *Decision or *Page
	nav        []navItem
	siteView   siteView // the same on every page
	// items and entries are made once per render, on first use, and
	// shared by every page that lists the record: a decision shows on
	// the log, the audit page, its tags' pages and its platforms' and
	// tools' pages, a platform's entry on each of its decisions' pages.
	items   map[*model.Decision]*once[decisionItem]
	entries map[any]*once[entry] // *model.Platform or *model.Tool, without notes
}

// once is a value made once, by whichever page needs it first (not to be
// confused with Memo, which remembers pages between renders).
type once[T any] struct {
	once sync.Once
	v    T
}

func (m *once[T]) get(make func() T) T {
	m.once.Do(func() { m.v = make() })
	return m.v
}

// item is d in a list. The caller gets a copy and may set Current; the
// slices in it are shared and must not be changed.
func (v *viewer) item(d *model.Decision) decisionItem {
	m, ok := v.items[d]
	if !ok { // a record that is not in the site: not memoized
		return decisionItemOf(d)
	}
	return m.get(func() decisionItem { return decisionItemOf(d) })
}

// items is ds in a list.
func (v *viewer) itemsOf(ds []*model.Decision) []decisionItem {
	out := make([]decisionItem, 0, len(ds))
	for _, d := range ds {
		out = append(out, v.item(d))
	}
	return out
}

func newViewer(site *model.Site) *viewer {
	v := &viewer{
		site:    site,
		hostURL: strings.Contains(site.BaseURL, "://"),
		intros:  map[string]*model.Page{},
		titles:  map[string]string{},
	}
	v.owners = map[*model.Doc]any{}
	v.items = make(map[*model.Decision]*once[decisionItem], len(site.Decisions))
	v.entries = make(map[any]*once[entry], len(site.Platforms)+len(site.Tools))
	for _, p := range site.Platforms {
		v.owners[&p.Doc] = p
		v.entries[p] = &once[entry]{}
	}
	for _, t := range site.Tools {
		v.owners[&t.Doc] = t
		v.entries[t] = &once[entry]{}
	}
	for _, d := range site.Decisions {
		v.owners[&d.Doc] = d
		v.items[d] = &once[decisionItem]{}
	}
	for _, p := range site.Pages {
		v.owners[&p.Doc] = p
	}
	for u, t := range builtinLists {
		v.titles[u] = t
	}
	for _, p := range site.Pages {
		if _, ok := builtinLists[p.URL]; ok && p.IsIndex {
			v.intros[p.URL] = p
		}
	}
	v.buildFolders()
	v.buildTags()
	v.newest = newestFirst(site.Decisions)
	v.buildNav()
	v.siteView = siteView{Title: orDefault(site.Title, "Playbook"), Today: dateView(site.Today, model.Date{}, false), AsOf: site.AsOf}
	if site.AbsoluteBase() {
		v.siteView.Feed = feedURL
	}
	return v
}

// buildNav makes the main navigation: the built-in lists, then the plain
// page folders at the top level.
func (v *viewer) buildNav() {
	v.nav = []navItem{
		{Title: "Home", URL: homeURL},
		{Title: "Platforms", URL: platformsURL},
		{Title: "Tools", URL: toolsURL},
		{Title: "Decisions", URL: decisionsURL},
	}
	for _, f := range v.folderList {
		if f.Parent != "" {
			continue
		}
		title := f.Title
		if f.URL == pagesURL {
			title = "Pages"
		}
		v.nav = append(v.nav, navItem{Title: title, URL: f.URL})
	}
	v.nav = append(v.nav, navItem{Title: "Tags", URL: tagsURL})
}

// navFor marks the entry of the page's section.
func (v *viewer) navFor(url string) []navItem {
	out := make([]navItem, len(v.nav))
	copy(out, v.nav)
	for i := range out {
		switch {
		case out[i].URL == url:
			out[i].Current = "page"
		case out[i].URL != homeURL && strings.HasPrefix(url, out[i].URL):
			out[i].Current = "true"
		}
	}
	return out
}

// navKey names the state of a navigation: which entries are marked
// current, and how.
func navKey(nav []navItem) string {
	var b strings.Builder
	for i, n := range nav {
		if n.Current != "" {
			b.WriteString(strconv.Itoa(i) + "=" + n.Current + ";")
		}
	}
	return b.String()
}

// crumbsFor is the trail from home to the page: every ancestor URL that has
// a page, then the page itself.
func (v *viewer) crumbsFor(url, title string) []crumb {
	if url == homeURL {
		return nil
	}
	mk := func(title, url string, current bool) crumb {
		key := url + "\x00" + title
		if current {
			key += "\x00current"
		}
		return crumb{Title: title, URL: url, Current: current, Key: key}
	}
	out := []crumb{mk("Home", homeURL, false)}
	parts := strings.Split(trimSlashes(url), "/")
	for i := 1; i < len(parts); i++ {
		u := "/" + strings.Join(parts[:i], "/") + "/"
		if t, ok := v.titles[u]; ok {
			out = append(out, mk(t, u, false))
		}
	}
	return append(out, mk(title, url, true))
}

// newPage fills the parts every page shares.
func (v *viewer) newPage(kind, url, title, description string) *page {
	siteTitle := v.siteView.Title
	nav := v.navFor(url)
	p := &page{
		Site:        v.siteView,
		Kind:        kind,
		Title:       title,
		HeadTitle:   title + " · " + siteTitle,
		Description: description,
		URL:         url,
		Nav:         nav,
		NavKey:      navKey(nav),
		Crumbs:      v.crumbsFor(url, title),
	}
	if url == homeURL {
		p.HeadTitle = siteTitle
	}
	if v.hostURL {
		p.Canonical = v.site.AbsURL(url)
	}
	return p
}

// docPage fills the parts a page made from a content file shares.
func (v *viewer) docPage(kind string, d *model.Doc, description string) *page {
	title := orDefault(d.Title, d.Slug)
	p := v.newPage(kind, d.URL, title, orDefault(d.Description, description))
	p.Draft = d.Draft
	p.Tags = v.tagLinks(d.Tags)
	p.TOC = tocOf(d)
	p.Body = template.HTML(d.HTML)
	for _, c := range d.History {
		p.Changes = append(p.Changes, changeView{Date: dateView(c.Date, model.Date{}, false), Author: c.Author, Subject: c.Subject, Hash: c.Hash})
	}
	p.AllChanges = d.Kind == model.KindDecision
	if d.Kind == model.KindPlatform || d.Kind == model.KindTool {
		p.StatusHistory = v.statusHistory(d)
	}
	return p
}

// intro returns the body and title of the _index.md of a built-in list.
func (v *viewer) intro(url, title string) (template.HTML, string, string) {
	p, ok := v.intros[url]
	if !ok {
		return "", title, ""
	}
	return template.HTML(p.HTML), orDefault(p.Title, title), p.Description
}

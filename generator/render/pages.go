package render

import (
	"cmp"
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"

	"playbook/generator/model"
)

// folder is a folder of plain pages: it gets a list page at its URL.
type folder struct {
	URL    string
	Title  string
	Parent string        // URL of the enclosing folder of plain pages, "" at the top
	Index  *model.Page   // its _index.md, may be nil
	Pages  []*model.Page // its plain pages, in reading order
	Subs   []*folder     // folders inside it, in reading order
}

// parentURL is the URL one level up: "/pages/glossary/" → "/pages/".
func parentURL(u string) string {
	t := trimSlashes(u)
	if t == "" {
		return homeURL
	}
	dir := path.Dir(t)
	if dir == "." {
		return homeURL
	}
	return "/" + dir + "/"
}

// buildFolders finds every folder of plain pages and orders its contents.
func (v *viewer) buildFolders() {
	v.folders = map[string]*folder{}
	for _, p := range v.site.Pages {
		if p.IsIndex {
			if _, ok := builtinLists[p.URL]; !ok {
				v.folder(p.URL).Index = p
			}
			continue
		}
		if f := v.folder(parentURL(p.URL)); f != nil {
			f.Pages = append(f.Pages, p)
		}
	}
	for _, f := range v.folders {
		v.folderList = append(v.folderList, f)
	}
	slices.SortFunc(v.folderList, func(a, b *folder) int { return cmp.Compare(a.URL, b.URL) })
	for _, f := range v.folderList {
		if f.Index != nil {
			f.Title = orDefault(f.Index.Title, f.Title)
		}
		v.titles[f.URL] = f.Title
		slices.SortStableFunc(f.Pages, comparePages)
	}
	for _, f := range v.folderList {
		slices.SortStableFunc(f.Subs, func(a, b *folder) int {
			return cmp.Or(comparePages(a.Index, b.Index), cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL))
		})
	}
}

// folder returns the folder at url, making it and the folders above it;
// nil for the home page and the built-in lists, which are not folders of
// plain pages.
func (v *viewer) folder(url string) *folder {
	if _, ok := builtinLists[url]; ok {
		return nil
	}
	if f, ok := v.folders[url]; ok {
		return f
	}
	name := path.Base(trimSlashes(url))
	f := &folder{URL: url, Title: capital(strings.ReplaceAll(name, "-", " "))}
	v.folders[url] = f
	if up := v.folder(parentURL(url)); up != nil {
		f.Parent = up.URL
		up.Subs = append(up.Subs, f)
	}
	return f
}

// comparePages orders pages by weight (pages with a weight first, lowest
// first, as Hugo does), then title, then URL. A nil page has no weight.
func comparePages(a, b *model.Page) int {
	wa, wb := 0, 0
	var ta, tb, ua, ub string
	if a != nil {
		wa, ta, ua = a.Weight, a.Title, a.URL
	}
	if b != nil {
		wb, tb, ub = b.Weight, b.Title, b.URL
	}
	switch {
	case wa != wb && wa == 0:
		return 1
	case wa != wb && wb == 0:
		return -1
	}
	return cmp.Or(cmp.Compare(wa, wb), cmp.Compare(ta, tb), cmp.Compare(ua, ub))
}

// pageItem is a page or folder in a list.
type pageItem struct {
	Title       string
	URL         string
	Description string
	Current     bool
	Key         string // for the cached template: URL and Current
}

func pageItemOf(p *model.Page) pageItem {
	return pageItem{Title: orDefault(p.Title, p.Slug), URL: p.URL, Description: p.Description}
}

func folderItem(f *folder) pageItem {
	it := pageItem{Title: f.Title, URL: f.URL}
	if f.Index != nil {
		it.Description = f.Index.Description
	}
	return it
}

type sectionData struct {
	Intro   template.HTML
	Folders []pageItem
	Pages   []pageItem
}

// section is the list page of a folder of plain pages.
func (v *viewer) section(f *folder) *page {
	desc := "The pages of " + f.Title + "."
	var intro template.HTML
	var tags []string
	draft := false
	if f.Index != nil {
		desc = orDefault(f.Index.Description, desc)
		intro = template.HTML(f.Index.HTML)
		tags = f.Index.Tags
		draft = f.Index.Draft
	}
	pg := v.newPage("section", f.URL, f.Title, desc)
	pg.Tags = v.tagLinks(tags)
	pg.Draft = draft
	data := &sectionData{Intro: intro}
	for _, s := range f.Subs {
		data.Folders = append(data.Folders, folderItem(s))
	}
	for _, p := range f.Pages {
		data.Pages = append(data.Pages, pageItemOf(p))
	}
	pg.Data = data
	return pg
}

type pageData struct {
	Section  *link      // the folder the page is in, nil at the top level
	Siblings []pageItem // pages of that folder around this one, this one marked
	Before   string     // "12 earlier pages" when pages before Siblings are not shown
	After    string     // "40 more pages" when pages after Siblings are not shown
}

// siblingWindow is how many pages of its folder a plain page lists beside
// itself. A folder of that many pages or fewer is listed whole; in a larger
// one the page shows its neighbours and counts the rest, which the folder's
// own page lists. That keeps each page's size independent of its folder's,
// so a folder of n pages costs O(n) to build, not O(n²).
const siblingWindow = 31

// window returns the bounds [lo, hi) of the siblings shown beside the page
// at index i of n: all of them when n <= siblingWindow, else siblingWindow
// of them with i as close to the middle as the ends allow.
func window(i, n int) (lo, hi int) {
	if n <= siblingWindow {
		return 0, n
	}
	lo = max(0, i-siblingWindow/2)
	hi = min(n, lo+siblingWindow)
	return hi - siblingWindow, hi
}

// plainPage is a page of policy, process or glossary.
func (v *viewer) plainPage(p *model.Page) *page {
	pg := v.docPage("page", &p.Doc, "")
	if pg.Description == "" {
		pg.Description = pg.Title + ": " + orDefault(v.site.Title, "Playbook") + "."
	}
	data := &pageData{}
	if f, ok := v.folders[parentURL(p.URL)]; ok {
		data.Section = &link{Title: f.Title, URL: f.URL}
		i := slices.Index(f.Pages, p)
		lo, hi := window(i, len(f.Pages))
		for _, s := range f.Pages[lo:hi] {
			it := pageItemOf(s)
			it.Current = s == p
			it.Key = it.URL
			if it.Current {
				it.Key += "\x00current"
			}
			data.Siblings = append(data.Siblings, it)
		}
		data.Before = count(lo, "earlier page")
		data.After = count(len(f.Pages)-hi, "more page")
	}
	pg.Data = data
	return pg
}

// count is "1 more page", "12 more pages", or "" for none.
func count(n int, noun string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

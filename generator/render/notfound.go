package render

// sectionLink is a part of the site, for the 404 page.
type sectionLink struct {
	Title string
	URL   string
	About string
}

type notFoundData struct {
	Sections  []sectionLink
	Platforms []entry
	Tools     []entry
}

// notFound is the 404 page: where to go instead.
func (v *viewer) notFound() *page {
	pg := v.newPage("not-found", "/404.html", "Page not found", "This page does not exist. Find platforms, tools and decisions from here.")
	pg.Canonical = ""
	pg.Crumbs = nil
	for i := range pg.Nav {
		pg.Nav[i].Current = ""
	}
	data := &notFoundData{Sections: []sectionLink{
		{Title: "Home", URL: homeURL, About: "Can I use it? Every platform and tool by approval state."},
		{Title: "Platforms", URL: platformsURL, About: plural(len(v.site.Platforms), "platform guide") + "."},
		{Title: "Tools", URL: toolsURL, About: "The approved-tool list: " + plural(len(v.site.Tools), "tool") + "."},
		{Title: "Decisions", URL: decisionsURL, About: "The decision log: " + plural(len(v.site.Decisions), "record") + "."},
	}}
	for _, f := range v.folderList {
		if f.Parent == "" {
			data.Sections = append(data.Sections, sectionLink{Title: f.Title, URL: f.URL, About: plural(len(f.Pages), "page") + "."})
		}
	}
	data.Sections = append(data.Sections, sectionLink{Title: "Tags", URL: tagsURL, About: plural(len(v.tags), "tag") + "."})
	for _, p := range v.site.Platforms {
		data.Platforms = append(data.Platforms, v.platformEntry(p, false))
	}
	for _, t := range v.site.Tools {
		data.Tools = append(data.Tools, v.toolEntry(t, false))
	}
	pg.Data = data
	return pg
}

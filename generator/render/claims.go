package render

import (
	"errors"
	"io/fs"
	"strings"

	"playbook/generator/model"
)

// Claim is one file that Render writes, and what it is made from.
type Claim struct {
	Path   string // slash path in the output folder; a folder ("search/") claims all below it
	Source string // the content file it shows, "" when the generator makes it
	What   string // for messages: "the page /tools/x/", "the theme's static/css/site.css"
}

// SearchDir is the folder of the search index, which Render fills with
// files named by their content.
const SearchDir = "search/"

// Claims lists every file Render would write for site with theme, without
// rendering anything: each page, the sitemap, the theme's static files,
// the highlighting stylesheet and the search index's folder.
func Claims(site *model.Site, theme fs.FS) ([]Claim, error) {
	_, _, jobs := plan(site)
	out := make([]Claim, 0, len(jobs)+16)
	for _, j := range jobs {
		what := "the page " + j.url
		if j.rel == "404.html" {
			what = "the generated 404 page"
		}
		out = append(out, Claim{Path: j.rel, Source: j.src, What: what})
	}
	for _, p := range sitemapClaims(jobs) {
		out = append(out, Claim{Path: p, What: "the generated sitemap"})
	}
	out = append(out, Claim{Path: SearchDir, What: "the search index"})
	if !hasFile(theme, "static/css/chroma.css") {
		out = append(out, Claim{Path: "css/chroma.css", What: "the generated css/chroma.css"})
	}
	if _, err := fs.Stat(theme, "static"); errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	err := fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out = append(out, Claim{Path: strings.TrimPrefix(p, "static/"), What: "the theme's " + p})
		return nil
	})
	return out, err
}

package render

import (
	"cmp"
	"encoding/xml"
	"slices"

	"playbook/generator/model"
)

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	XMLNS   string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every HTML page but the 404 page, sorted by URL. A page's
// lastmod is its review date or decision date when it has one; never a file
// time or the clock, so two builds of the same content are identical.
func sitemap(site *model.Site, jobs []job) ([]byte, error) {
	lastmod := map[string]model.Date{}
	for _, p := range site.Platforms {
		lastmod[p.URL] = p.Reviewed
	}
	for _, t := range site.Tools {
		lastmod[t.URL] = t.Reviewed
	}
	for _, d := range site.Decisions {
		lastmod[d.URL] = d.Date
	}
	set := sitemapURLSet{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	var urls []string
	for _, j := range jobs {
		if j.rel != "404.html" {
			urls = append(urls, j.url)
		}
	}
	slices.SortFunc(urls, cmp.Compare)
	urls = slices.Compact(urls)
	for _, u := range urls {
		set.URLs = append(set.URLs, sitemapURL{Loc: site.AbsURL(u), LastMod: lastmod[u].String()})
	}
	out, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), out...), '\n'), nil
}

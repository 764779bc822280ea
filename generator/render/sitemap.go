package render

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"

	"playbook/generator/model"
	"playbook/generator/write"
)

// SitemapPath is where Render writes the sitemap (or, for more than
// MaxSitemapURLs pages, the sitemap index).
const SitemapPath = "sitemap.xml"

// MaxSitemapURLs is the most URLs one sitemap may list (sitemaps.org); a
// larger site gets an index at SitemapPath and its URLs in sitemap-1.xml,
// sitemap-2.xml and so on.
const MaxSitemapURLs = 50000

// SitemapNS is the sitemap protocol's XML namespace.
const SitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	XMLNS   string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	XMLNS    string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemapFile is one file of the sitemap.
type sitemapFile struct {
	rel  string
	data []byte
}

// sitemapURLs lists the site-relative URLs of every HTML page but the 404
// page, sorted, each once.
func sitemapURLs(jobs []job) []string {
	var urls []string
	for _, j := range jobs {
		if j.rel != "404.html" {
			urls = append(urls, j.url)
		}
	}
	slices.SortFunc(urls, cmp.Compare)
	return slices.Compact(urls)
}

// sitemapPaths are the output paths of the sitemap's files for n URLs:
// SitemapPath alone up to MaxSitemapURLs, else SitemapPath (the index)
// and one file per MaxSitemapURLs URLs.
func sitemapPaths(n int) []string {
	paths := []string{SitemapPath}
	if n > MaxSitemapURLs {
		for i := range (n + MaxSitemapURLs - 1) / MaxSitemapURLs {
			paths = append(paths, "sitemap-"+strconv.Itoa(i+1)+".xml")
		}
	}
	return paths
}

// sitemapClaims are the output paths of the sitemap for the pages of jobs
// (what Claims lists): SitemapPath, and its parts past MaxSitemapURLs
// pages. They are claimed even when the sitemap is left out for want of an
// absolute base_url, so that setting one later cannot make a file of the
// site collide with it.
func sitemapClaims(jobs []job) []string {
	return sitemapPaths(len(sitemapURLs(jobs)))
}

// sitemapFiles lists every HTML page but the 404 page, sorted by URL, with
// absolute addresses when the site has an absolute base_url (writeSitemaps
// writes nothing otherwise). A page's lastmod is its review date or
// decision date when it has one; never a file time or the clock, so two
// builds of the same content are identical. Past MaxSitemapURLs pages the
// first file is a sitemap index of the others.
func sitemapFiles(site *model.Site, jobs []job) ([]sitemapFile, error) {
	lastmod := lastmods(site)
	urls := sitemapURLs(jobs)
	paths := sitemapPaths(len(urls))
	var files []sitemapFile
	if len(paths) > 1 {
		index := sitemapIndex{XMLNS: SitemapNS}
		for _, p := range paths[1:] {
			index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: site.AbsURL("/" + p)})
		}
		data, err := marshalXML(index)
		if err != nil {
			return nil, err
		}
		files = append(files, sitemapFile{SitemapPath, data})
		paths = paths[1:]
	}
	for i, p := range paths {
		data, err := urlSet(site, urls[i*MaxSitemapURLs:min(len(urls), (i+1)*MaxSitemapURLs)], lastmod)
		if err != nil {
			return nil, err
		}
		files = append(files, sitemapFile{p, data})
	}
	return files, nil
}

// lastmods are the dates the sitemap gives pages: a platform's or tool's
// last review, a decision's date.
func lastmods(site *model.Site) map[string]model.Date {
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
	return lastmod
}

func urlSet(site *model.Site, urls []string, lastmod map[string]model.Date) ([]byte, error) {
	set := sitemapURLSet{XMLNS: SitemapNS, URLs: make([]sitemapURL, 0, len(urls))}
	for _, u := range urls {
		set.URLs = append(set.URLs, sitemapURL{Loc: site.AbsURL(u), LastMod: lastmod[u].String()})
	}
	return marshalXML(set)
}

func marshalXML(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), out...), '\n'), nil
}

// writeSitemaps writes the sitemap's files, or keeps the last ones when no
// page was added or removed and no list's inputs changed. Without an
// absolute base_url it writes nothing.
func writeSitemaps(site *model.Site, jobs []job, out write.Output, m *Memo) error {
	if !site.AbsoluteBase() {
		if m != nil {
			m.sitemap = 0
		}
		return nil
	}
	var fp uint64
	if m != nil {
		fp = mix(jobs[0].deps, uint64(len(jobs)))
		if k, ok := out.(write.Keeper); ok && m.prev != nil && m.sitemap == fp {
			for _, p := range sitemapClaims(jobs) {
				k.Keep(p)
			}
			return nil
		}
	}
	files, err := sitemapFiles(site, jobs)
	for _, f := range files {
		if err != nil {
			break
		}
		if err = out.WriteFile(f.rel, f.data); err != nil {
			err = fmt.Errorf("render: write %s: %w", f.rel, err)
		}
	}
	if err != nil {
		return fmt.Errorf("render: sitemap: %w", err)
	}
	if m != nil {
		m.sitemap = fp
	}
	return nil
}

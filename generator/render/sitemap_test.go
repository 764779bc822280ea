package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	theme "playbook/themes/default"
)

// w3cDate is the W3C Datetime a sitemap's lastmod takes: a date, or a date
// and time with an offset.
var w3cDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$`)

// validateSitemap checks a sitemap or sitemap index against the sitemap
// protocol's schema (sitemap.xsd, siteindex.xsd): the root element in the
// protocol's namespace, only <url> (or <sitemap>) children, each with
// exactly one <loc> first, then optional <lastmod>, <changefreq>,
// <priority> in that order; a loc is an absolute http(s) address of at
// most 2,048 characters; at most 50,000 entries and 50 MiB. It returns
// every problem found and the locs.
func validateSitemap(data []byte) (probs, locs []string) {
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if len(data) > 50<<20 {
		bad("%d bytes, more than 50 MiB", len(data))
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var path []xml.Name
	var root, entry string
	var fields []string
	var text strings.Builder
	entries := 0
	seen := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			bad("not well-formed XML: %v", err)
			return probs, locs
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != SitemapNS {
				bad("<%s> is in namespace %q, want %q", tok.Name.Local, tok.Name.Space, SitemapNS)
			}
			switch len(path) {
			case 0:
				root = tok.Name.Local
				switch root {
				case "urlset":
					entry = "url"
				case "sitemapindex":
					entry = "sitemap"
				default:
					bad("root element <%s>, want <urlset> or <sitemapindex>", root)
				}
			case 1:
				if tok.Name.Local != entry {
					bad("<%s> in <%s>, want <%s>", tok.Name.Local, root, entry)
				}
				entries++
				fields = nil
			case 2:
				fields = append(fields, tok.Name.Local)
				text.Reset()
			default:
				bad("<%s> nested too deep", tok.Name.Local)
			}
			path = append(path, tok.Name)
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			path = path[:len(path)-1]
			switch len(path) {
			case 1:
				order := []string{"loc", "lastmod", "changefreq", "priority"}
				if entry == "sitemap" {
					order = order[:2]
				}
				if len(fields) == 0 || fields[0] != "loc" {
					bad("entry %d: no <loc> first: %v", entries, fields)
				}
				last := -1
				for _, f := range fields {
					i := slices.Index(order, f)
					if i < 0 || i <= last {
						bad("entry %d: <%s> out of place in %v", entries, f, fields)
					}
					last = i
				}
			case 2:
				v := strings.TrimSpace(text.String())
				switch tok.Name.Local {
				case "loc":
					u, err := url.Parse(v)
					if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
						bad("loc %q is not an absolute http(s) address", v)
					}
					if len(v) < 12 || len(v) > 2048 {
						bad("loc %q is not 12 to 2,048 characters long", v)
					}
					if seen[v] {
						bad("loc %q is listed twice", v)
					}
					seen[v] = true
					locs = append(locs, v)
				case "lastmod":
					if !w3cDate.MatchString(v) {
						bad("lastmod %q is not a W3C date", v)
					}
				}
			}
		}
	}
	if entries == 0 {
		bad("no <%s> at all (the schema wants at least one)", entry)
	}
	if entries > MaxSitemapURLs {
		bad("%d entries, more than %d", entries, MaxSitemapURLs)
	}
	return probs, locs
}

func TestSitemapIsValid(t *testing.T) {
	t.Parallel()
	files, _ := render(t, testSite("https://example.com/playbook"), 0)
	probs, locs := validateSitemap(files[SitemapPath])
	if len(probs) > 0 {
		t.Errorf("sitemap.xml is not valid:\n%s", strings.Join(probs, "\n"))
	}
	if len(locs) != len(htmlFiles(files))-1 {
		t.Errorf("%d locs for %d pages and the 404 page", len(locs), len(htmlFiles(files)))
	}
}

// The validator finds what a search engine would reject.
func TestValidateSitemapFindsProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ doc, want string }{
		{`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/pages/glossary/</loc></url></urlset>`, `loc "/pages/glossary/" is not an absolute http(s) address`},
		{`<urlset><url><loc>https://example.com/</loc></url></urlset>`, `<urlset> is in namespace ""`},
		{`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>2026-01-01</lastmod><loc>https://example.com/</loc></url></urlset>`, "no <loc> first"},
		{`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/</loc><lastmod>1 May 2026</lastmod></url></urlset>`, `lastmod "1 May 2026" is not a W3C date`},
		{`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`, "no <url> at all"},
		{`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + strings.Repeat(`<url><loc>https://example.com/</loc></url>`, 2) + `</urlset>`, "listed twice"},
	} {
		if probs, _ := validateSitemap([]byte(tc.doc)); !strings.Contains(strings.Join(probs, "\n"), tc.want) {
			t.Errorf("%s: found %q, want %q", tc.doc, probs, tc.want)
		}
	}
	var many strings.Builder
	many.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range MaxSitemapURLs + 1 {
		fmt.Fprintf(&many, "<url><loc>https://example.com/%d/</loc></url>", i)
	}
	many.WriteString("</urlset>")
	if probs, _ := validateSitemap([]byte(many.String())); !slices.Contains(probs, "50001 entries, more than 50000") {
		t.Errorf("50,001 URLs: %q", probs)
	}
}

func TestAbsoluteBase(t *testing.T) {
	t.Parallel()
	for base, want := range map[string]bool{
		"": false, "/": false, "/playbook/": false, "//example.com/": false, "ftp://example.com/": false,
		"https://example.com": true, "https://example.com/playbook/": true, "http://intranet:8080/": true,
	} {
		if got := testSite(base).AbsoluteBase(); got != want {
			t.Errorf("AbsoluteBase(%q) = %v, want %v", base, got, want)
		}
	}
}

// Without an absolute base_url there is no sitemap: the protocol allows
// absolute addresses only. Its path stays claimed.
func TestSitemapLeftOutWithoutAbsoluteBase(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"", "/", "/playbook/"} {
		site := testSite(base)
		_, _, jobs := plan(site)
		out := &memOut{}
		if err := writeSitemaps(site, jobs, out, nil); err != nil {
			t.Fatal(err)
		}
		if len(out.files) != 0 {
			t.Errorf("base_url %q: wrote %v", base, slices.Collect(maps.Keys(out.files)))
		}
		if got := sitemapClaims(jobs); !slices.Equal(got, []string{SitemapPath}) {
			t.Errorf("base_url %q: claims %v", base, got)
		}
	}
	site := testSite("https://example.com/")
	_, _, jobs := plan(site)
	out := &memOut{}
	if err := writeSitemaps(site, jobs, out, nil); err != nil {
		t.Fatal(err)
	}
	if probs, _ := validateSitemap(out.files[SitemapPath]); len(out.files) != 1 || len(probs) > 0 {
		t.Errorf("with an absolute base_url: %d files, %v", len(out.files), probs)
	}
}

// A site of more than 50,000 pages gets a sitemap index and as many
// sitemaps as it needs, each valid, together listing every page once.
func TestSitemapIndexPastTheLimit(t *testing.T) {
	t.Parallel()
	site := testSite("https://example.com/playbook/")
	n := 2*MaxSitemapURLs + 1
	jobs := []job{{rel: "404.html", url: "/404.html"}}
	for i := range n {
		u := "/pages/p" + strconv.Itoa(i) + "/"
		jobs = append(jobs, job{rel: strings.TrimPrefix(u, "/") + "index.html", url: u})
	}
	files, err := sitemapFiles(site, jobs)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.rel)
	}
	if want := []string{"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"}; !slices.Equal(paths, want) || !slices.Equal(sitemapClaims(jobs), want) {
		t.Fatalf("files %v, claims %v, want %v", paths, sitemapClaims(jobs), want)
	}
	probs, index := validateSitemap(files[0].data)
	if !bytes.Contains(files[0].data, []byte("<sitemapindex")) || len(probs) > 0 ||
		!slices.Equal(index, []string{"https://example.com/playbook/sitemap-1.xml", "https://example.com/playbook/sitemap-2.xml", "https://example.com/playbook/sitemap-3.xml"}) {
		t.Errorf("index %v, problems %v", index, probs)
	}
	seen := map[string]bool{}
	for _, f := range files[1:] {
		probs, locs := validateSitemap(f.data)
		if len(probs) > 0 {
			t.Errorf("%s: %v", f.rel, probs[:min(3, len(probs))])
		}
		for _, l := range locs {
			seen[l] = true
		}
	}
	if len(seen) != n {
		t.Errorf("%d pages listed, want %d", len(seen), n)
	}
}

// Render leaves the sitemap out without an absolute base_url, and Claims
// still claims its path; with one, it writes it.
func TestRenderLeavesSitemapOutWithoutAbsoluteBase(t *testing.T) {
	t.Parallel()
	for base, want := range map[string]bool{"": false, "/": false, "/playbook/": false, "https://example.com/playbook/": true} {
		files, _ := render(t, testSite(base), 0)
		if _, ok := files[SitemapPath]; ok != want {
			t.Errorf("base_url %q: sitemap.xml written: %v, want %v", base, ok, want)
		}
		claims, err := Claims(testSite(base), theme.FS)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(claims, func(c Claim) bool { return c.Path == SitemapPath }) {
			t.Errorf("base_url %q: sitemap.xml is not claimed", base)
		}
	}
}

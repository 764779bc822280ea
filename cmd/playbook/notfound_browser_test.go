package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"playbook/internal/browsertest"
	"playbook/internal/testsite"
)

// buildFixture builds the generator's fixture site with the CLI and
// returns the output folder.
func buildFixture(t *testing.T, baseURL string) string {
	t.Helper()
	src := testsite.Copy(t, filepath.Join("..", "..", "generator", "testdata", "site"))
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "-source", src, "-out", out}
	if baseURL != "" {
		args = append(args, "-base-url", baseURL)
	}
	if code := run(args, io.Discard, io.Discard); code != 0 {
		t.Fatalf("build exited with status %d", code)
	}
	return out
}

// The 404 page lists the sections under the names, and in the order, of
// the main navigation (the fixture's pages/ folder is "Pages" there,
// though its _index.md is titled "Guidance").
func TestNotFoundNamesSectionsAsNav(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(buildFixture(t, ""), "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	links := func(from, to string) []string {
		i := strings.Index(page, from)
		j := strings.Index(page[i:], to)
		if i < 0 || j < 0 {
			t.Fatalf("no %q … %q in the 404 page", from, to)
		}
		var out []string
		for _, m := range regexp.MustCompile(`<a href="([^"]*)"[^>]*>([^<]*)</a>`).FindAllStringSubmatch(page[i:i+j], -1) {
			out = append(out, m[1]+" "+m[2])
		}
		return out
	}
	nav := links(`<nav class="site-nav"`, `</nav>`)
	sections := links(`<h2 id="nf-sections">`, `</section>`)
	if len(nav) < 6 || !slices.Equal(nav, sections) {
		t.Errorf("navigation:\n  %s\n404 sections:\n  %s", strings.Join(nav, "\n  "), strings.Join(sections, "\n  "))
	}
	if !slices.Contains(sections, "/pages/ Pages") {
		t.Errorf("the pages folder is not named Pages: %q", sections)
	}
}

// /decisions/DR-0001/, the way records are named, reaches the record
// /decisions/dr-0001/ from the 404 page, under the site's CSP, as do other
// near misses; an address near no page gets no suggestion.
func TestNotFoundSuggestsThePage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	cases := []struct {
		base, path, want, text string
	}{
		{"", "/decisions/DR-0001/", "/decisions/dr-0001/", "DR-0001"},
		{"", "/decisions/DR-0001", "/decisions/dr-0001/", "DR-0001"},
		{"", "/content/tools/Hootsuite.md", "/tools/hootsuite/", "Hootsuite"},
		{"/playbook", "/playbook/Decisions/DR-0002/", "/playbook/decisions/dr-0002/", "DR-0002"},
		{"", "/decisions/DR-0999/", "", ""},
		{"", "/nowhere/", "", ""},
	}
	ctx := browsertest.New(t)
	servers := map[string]string{}
	for _, c := range cases {
		if _, ok := servers[c.base]; !ok {
			servers[c.base] = serveWith404(t, buildFixture(t, c.base), c.base+"/")
		}
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			url := servers[c.base]
			tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx,
				chromedp.Navigate(url+c.path),
				chromedp.WaitReady(`[data-notfound-suggest][data-checked]`),
			); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tctx, chromedp.Evaluate[[]any](`(() => {
				const box = document.querySelector('[data-notfound-suggest]');
				const a = box.querySelector('a');
				return [box.hidden, new URL(a.href).pathname, a.textContent];
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			hidden, _ := got[0].(bool)
			href, _ := got[1].(string)
			text, _ := got[2].(string)
			if c.want == "" {
				if !hidden {
					t.Errorf("suggests %s (%q); want no suggestion", href, text)
				}
				return
			}
			if hidden || href != c.want || !strings.Contains(text, c.text) {
				t.Errorf("suggestion hidden=%v %s %q; want %s with %q", hidden, href, text, c.want, c.text)
			}
		})
	}
}

// serveWith404 serves a built site as a static host does: a missing page
// gets 404.html with status 404, and every answer carries the site's
// Content-Security-Policy as a header too.
func serveWith404(t *testing.T, dir, base string) string {
	t.Helper()
	notFound, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")
		rel := strings.TrimPrefix(r.URL.Path, base)
		if !strings.HasPrefix(r.URL.Path, base) {
			rel = "\x00"
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if fi, err := os.Stat(p); err != nil || (fi.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(notFound)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

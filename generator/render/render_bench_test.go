package render_test

import (
	"sync"
	"testing"
	"time"

	"playbook/bench/gen"
	"playbook/generator"
	"playbook/generator/model"
	"playbook/generator/render"
	"playbook/generator/search"
)

// countOut is a render.Output that keeps nothing and counts what it gets.
type countOut struct {
	mu           sync.Mutex
	files, bytes int
}

func (c *countOut) WriteFile(_ string, data []byte) error {
	c.mu.Lock()
	c.files++
	c.bytes += len(data)
	c.mu.Unlock()
	return nil
}

// loadSite generates a site of n documents in a temporary folder and loads
// and checks it as a build does.
func loadSite(b *testing.B, n int) (*model.Site, string) {
	b.Helper()
	src := b.TempDir()
	if err := gen.Write(src, n); err != nil {
		b.Fatal(err)
	}
	site, _, probs, err := generator.Load(generator.Options{Source: src, NoHistory: true, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	if probs.HasErrors() {
		b.Fatal(probs)
	}
	return site, src
}

// BenchmarkRender renders every page of a loaded 2,000-document site (the
// templates, the view data, the sitemap, the theme's static files) into an
// Output that only counts, so no disk is involved: without the search index
// (pages) and with it made beside the pages (pages+index), as a build
// does. No Memo: every page is
// rendered each time. It reports pages/s and the MB and files written.
//
//	go test ./generator/render -run '^$' -bench Render -benchtime 1x
func BenchmarkRender(b *testing.B) {
	site, src := loadSite(b, 2000)
	theme := generator.Theme(src)
	for _, bc := range []struct {
		name     string
		noSearch bool
	}{{"pages", true}, {"pages+index", false}} {
		b.Run(bc.name, func(b *testing.B) {
			var out *countOut
			var pages int
			for b.Loop() {
				out = &countOut{}
				indexed := make(chan error, 1)
				go func() {
					if bc.noSearch {
						indexed <- nil
						return
					}
					indexed <- search.Write(site, out, search.Options{})
				}()
				n, err := render.Render(site, out, render.Options{Theme: theme})
				if serr := <-indexed; err == nil {
					err = serr
				}
				if err != nil {
					b.Fatal(err)
				}
				pages = n
			}
			b.ReportMetric(float64(pages), "pages/op")
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(out.files), "files/op")
			b.ReportMetric(float64(out.bytes)/1e6, "MB/op")
		})
	}
}

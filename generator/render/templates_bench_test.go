package render

import (
	"bytes"
	"testing"
	"time"

	"playbook/bench/gen"
	"playbook/generator/check"
	"playbook/generator/config"
	linker "playbook/generator/link"
	"playbook/generator/load"
	"playbook/generator/model"
	theme "playbook/themes/default"
)

// BenchmarkTemplates executes the default theme's page templates alone,
// with every view built beforehand, for each kind of page of a generated
// 2,000-document site, on one goroutine. It reports µs/page: the share of
// a build that html/template takes, and what the cached fragments save.
//
//	go test ./generator/render -run '^$' -bench Templates -benchtime 3x -cpu 1
func BenchmarkTemplates(b *testing.B) {
	src := b.TempDir()
	if err := gen.Write(src, 2000); err != nil {
		b.Fatal(err)
	}
	cfg, probs := config.Load(src)
	today := model.DateOf(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	site, lp := load.Site(load.Options{Source: src, Config: cfg, Today: today})
	probs.Add(lp)
	linker.Site(site)
	probs.Add(check.Site(site))
	if probs.HasErrors() {
		b.Fatal(probs)
	}
	_, _, jobs := plan(site)
	for _, name := range []string{"decision.html", "page.html", "tool.html", "platform.html", "decisions.html"} {
		var js []job
		var views []*page
		for _, j := range jobs {
			if j.tmpl == name {
				js = append(js, j)
				views = append(views, j.view())
			}
		}
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				// New templates each time: the cached fragments are made
				// once per build, as in a build.
				t, err := parseTheme(theme.FS, site)
				if err != nil {
					b.Fatal(err)
				}
				for i, j := range js {
					buf.Reset()
					if err := t.execute(&buf, j.tmpl, views[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(js)), "µs/page")
			b.ReportMetric(0, "ns/op")
		})
	}
}

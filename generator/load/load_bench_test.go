package load_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"playbook/bench/gen"
	"playbook/generator/config"
	"playbook/generator/load"
	"playbook/generator/model"
)

// benchDocs is the size of the generated site of the load benchmarks.
const benchDocs = 2000

// BenchmarkLoad reads a generated 2,000-document site as a build does
// (config.Load, then load.Site; see generator.loadWith):
//
//   - cold: no cache, as `playbook build` runs it: walk, read and decode
//     every front matter, render every body to HTML;
//   - cached: with a load.Cache warmed by a first load and no file changed,
//     as `playbook serve` runs it on each save: walk and stat, copy the
//     cached records, reuse the cached HTML.
//
// It reports docs/s and, through SetBytes, MB/s of markdown read.
//
//	go test ./generator/load -run '^$' -bench Load -benchtime 1x
func BenchmarkLoad(b *testing.B) {
	src := b.TempDir()
	if err := gen.Write(src, benchDocs); err != nil {
		b.Fatal(err)
	}
	cfg, probs := config.Load(src)
	if probs.HasErrors() {
		b.Fatal(probs)
	}
	// NoCache: "cold" means cold, not read back from the body cache on disk.
	opts := load.Options{Source: src, Config: cfg, Today: model.DateOf(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)), NoCache: true}
	mdBytes := markdownBytes(b, src)

	run := func(b *testing.B, opts load.Options) {
		b.SetBytes(mdBytes)
		var site *model.Site
		for b.Loop() {
			s, probs := load.Site(opts)
			if probs.HasErrors() {
				b.Fatal(probs)
			}
			site = s
		}
		docs := len(site.Docs())
		b.ReportMetric(float64(docs), "docs/op")
		b.ReportMetric(float64(docs*b.N)/b.Elapsed().Seconds(), "docs/s")
	}
	b.Run("cold", func(b *testing.B) { run(b, opts) })
	b.Run("cached", func(b *testing.B) {
		warm := opts
		warm.Cache = load.NewCache()
		if _, probs := load.Site(warm); probs.HasErrors() {
			b.Fatal(probs)
		}
		run(b, warm)
	})
}

// markdownBytes is the size of the markdown files under src/content.
func markdownBytes(b *testing.B, src string) int64 {
	var n int64
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"playbook/bench/gen"
)

// BenchmarkBuild is a whole build of a generated 2,000-document site
// (bench/gen), without git history:
//
//   - disk: generator.Build into an output folder removed (untimed) before
//     each build, as `playbook build` on a fresh checkout and as
//     bench/run.sh runs it;
//   - memory: the first Rebuild of a new Rebuilder, the same stages with the
//     files kept in memory instead of written (what serve does on start);
//     the difference to disk is what writing the files costs.
//
// It reports docs/s, the pages rendered and the files and MB of output.
//
//	go test ./generator -run '^$' -bench '^BenchmarkBuild$' -benchtime 1x
func BenchmarkBuild(b *testing.B) {
	const docs = 2000
	src := b.TempDir()
	if err := gen.Write(src, docs); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	report := func(b *testing.B, pages, files int, bytes int64) {
		b.ReportMetric(float64(docs*b.N)/b.Elapsed().Seconds(), "docs/s")
		b.ReportMetric(float64(pages), "pages/op")
		b.ReportMetric(float64(files), "files/op")
		b.ReportMetric(float64(bytes)/1e6, "MB/op")
	}
	b.Run("disk", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "public")
		var res Result
		for b.Loop() {
			b.StopTimer()
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			r, err := Build(Options{Source: src, Out: out, Now: now, NoHistory: true, NoCache: true})
			if err != nil {
				b.Fatal(err)
			}
			res = r
		}
		var files int
		var bytes int64
		err := filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			fi, err := d.Info()
			if err == nil {
				files++
				bytes += fi.Size()
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		report(b, res.Pages, files, bytes)
	})
	b.Run("memory", func(b *testing.B) {
		var u Update
		for b.Loop() {
			var err error
			u, err = NewRebuilder(Options{Source: src, Now: now, NoHistory: true}).Rebuild()
			if err != nil {
				b.Fatal(err)
			}
		}
		var bytes int64
		for _, data := range u.Snapshot.Files {
			bytes += int64(len(data))
		}
		report(b, u.Result.Pages, len(u.Snapshot.Files), bytes)
	})
}

package generator

import (
	"path/filepath"
	"testing"
	"time"

	"playbook/bench/gen"
)

// BenchmarkBuildUnchanged is the second build of an unchanged generated
// 500-document site (bench/gen) into the output folder of the first,
// without git history: every input is hashed and the output folder is
// compared with the state of the first build, which it keeps. The first
// build is made once, untimed; "first-s" is how long it took and
// "times-faster" how many times faster the second one is.
//
//	go test ./generator -run '^$' -bench '^BenchmarkBuildUnchanged$' -benchtime 1x
func BenchmarkBuildUnchanged(b *testing.B) {
	const docs = 500
	src := b.TempDir()
	if err := gen.Write(src, docs); err != nil {
		b.Fatal(err)
	}
	opts := Options{Source: src, Out: filepath.Join(b.TempDir(), "public"), Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), NoHistory: true}
	start := time.Now()
	if _, err := Build(opts); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	for b.Loop() {
		r, err := Build(opts)
		if err != nil {
			b.Fatal(err)
		}
		if !wasKept(r) {
			b.Fatalf("the second build ran in full: notes %q", r.Notes)
		}
	}
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(first.Seconds(), "first-s")
	b.ReportMetric(first.Seconds()/perOp.Seconds(), "times-faster")
}

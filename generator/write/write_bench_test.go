package write_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"playbook/bench/gen"
	"playbook/generator"
	"playbook/generator/render"
	"playbook/generator/write"
)

// file is one output file held in memory.
type file struct {
	rel  string
	data []byte
}

// memOut is a render.Output that keeps the files in memory.
type memOut struct {
	mu    sync.Mutex
	files []file
}

func (m *memOut) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	m.files = append(m.files, file{rel, bytes.Clone(data)})
	m.mu.Unlock()
	return nil
}

// siteFiles renders a generated site of n documents into memory, search
// index included, and returns its files in path order and their total size.
func siteFiles(b *testing.B, n int) ([]file, int64) {
	b.Helper()
	src := b.TempDir()
	if err := gen.Write(src, n); err != nil {
		b.Fatal(err)
	}
	site, _, probs, err := generator.Load(generator.Options{Source: src, NoHistory: true, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || probs.HasErrors() {
		b.Fatal(err, probs)
	}
	out := &memOut{}
	if _, err := render.Render(site, out, render.Options{Theme: generator.Theme(src)}); err != nil {
		b.Fatal(err)
	}
	slices.SortFunc(out.files, func(a, b file) int {
		if a.rel < b.rel {
			return -1
		}
		if a.rel > b.rel {
			return 1
		}
		return 0
	})
	var total int64
	for _, f := range out.files {
		total += int64(len(f.data))
	}
	return out.files, total
}

// BenchmarkWrite puts the rendered files of a 1,500-document site (about
// 2,000 files, ~20 MB: pages, search index, static files) on disk as a build
// does: write.Begin, Stage.WriteFile from GOMAXPROCS goroutines (render
// writes from its workers), Stage.Commit.
//
//   - new: the output folder does not exist (it is removed, untimed, before
//     each build), as in bench/run.sh;
//   - replace: the previous build's output is there, and Commit swaps it out
//     and removes it, as in a second `playbook build`.
//
// It reports files/s and, through SetBytes, MB/s written.
//
//	go test ./generator/write -run '^$' -bench Write -benchtime 1x
func BenchmarkWrite(b *testing.B) {
	files, total := siteFiles(b, 1500)
	build := func(b *testing.B, out string) {
		stage, err := write.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		var next atomic.Int64
		errs := make([]error, runtime.GOMAXPROCS(0))
		var wg sync.WaitGroup
		for w := range errs {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < len(files) && errs[w] == nil; i = int(next.Add(1)) - 1 {
					errs[w] = stage.WriteFile(files[i].rel, files[i].data)
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			stage.Abort()
			b.Fatal(err)
		}
		if err := stage.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(len(files)), "files/op")
		b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
	}
	b.Run("new", func(b *testing.B) {
		b.SetBytes(total)
		out := filepath.Join(b.TempDir(), "public")
		for b.Loop() {
			b.StopTimer()
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			build(b, out)
		}
		report(b)
	})
	b.Run("replace", func(b *testing.B) {
		b.SetBytes(total)
		out := filepath.Join(b.TempDir(), "public")
		build(b, out)
		for b.Loop() {
			build(b, out)
		}
		report(b)
	})
}

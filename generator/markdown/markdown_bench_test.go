package markdown

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"playbook/bench/gen"
)

// siteBody is the markdown body of one generated file.
type siteBody struct {
	src        []byte
	lineOffset int // lines of the file before the body
}

// siteBodies generates a site of n documents and returns the bodies of its
// markdown files, front matter cut off, and their total size.
func siteBodies(b *testing.B, n int) ([]siteBody, int64) {
	b.Helper()
	dir := b.TempDir()
	if err := gen.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	var bodies []siteBody
	var total int64
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		off := 0
		if bytes.HasPrefix(data, []byte("---\n")) {
			end := bytes.Index(data[4:], []byte("\n---\n"))
			if end < 0 {
				b.Fatalf("%s: front matter without an end", p)
			}
			off = 4 + end + len("\n---\n")
		}
		bodies = append(bodies, siteBody{src: data[off:], lineOffset: bytes.Count(data[:off], []byte("\n"))})
		total += int64(len(data) - off)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return bodies, total
}

// benchResolve stands in for the site's resolver: every relative link
// exists, "x.md#y" becomes "/x/#y".
func benchResolve(dest string) (string, bool) {
	path, frag, _ := strings.Cut(dest, "#")
	u := "/" + strings.TrimSuffix(strings.TrimLeft(path, "./"), ".md") + "/"
	if frag != "" {
		u += "#" + frag
	}
	return u, true
}

// BenchmarkConvertSite converts the bodies of a generated 2,000-document
// site (bench/gen: headings, lists, tables, fenced code, relative links),
// one after the other (serial) and on GOMAXPROCS goroutines sharing one
// Converter, as load.Site does (parallel). It reports docs/s and, through
// SetBytes, MB/s of markdown.
//
//	go test ./generator/markdown -run '^$' -bench ConvertSite -benchtime 1x
func BenchmarkConvertSite(b *testing.B) {
	bodies, total := siteBodies(b, 2000)
	c := New(Options{})
	report := func(b *testing.B) {
		b.ReportMetric(float64(len(bodies)), "docs/op")
		b.ReportMetric(float64(len(bodies)*b.N)/b.Elapsed().Seconds(), "docs/s")
	}
	b.Run("serial", func(b *testing.B) {
		b.SetBytes(total)
		var html int
		for b.Loop() {
			html = 0
			for _, d := range bodies {
				res, err := c.Convert(d.src, d.lineOffset, benchResolve)
				if err != nil {
					b.Fatal(err)
				}
				html += len(res.HTML)
			}
		}
		report(b)
		b.ReportMetric(float64(html)/1e6, "MB-html/op")
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			var next atomic.Int64
			errs := make([]error, runtime.GOMAXPROCS(0))
			var wg sync.WaitGroup
			for w := range errs {
				wg.Go(func() {
					for i := int(next.Add(1)) - 1; i < len(bodies) && errs[w] == nil; i = int(next.Add(1)) - 1 {
						_, errs[w] = c.Convert(bodies[i].src, bodies[i].lineOffset, benchResolve)
					}
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
}

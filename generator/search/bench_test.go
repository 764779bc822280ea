package search_test

// Benchmarks of search on a generated 10,000-page site (bench/gen), and of
// document analysis alone on a 2,000-page one. Run:
//
//	go test ./generator/search -run '^$' -bench . -benchtime 1x -timeout 30m
//
// They report, besides time per operation:
//
//   - index-B/page: bytes of term chunks per document;
//   - first-gz-B, first-raw-B: what a first query downloads in the header
//     box (search.js, the manifest, its chunks and the fragment files of the
//     5 results shown), gzipped file by file as a server sends them, and
//     raw; the median and the largest of a set of queries;
//   - ms/results: time from the input event to the results on screen in
//     Chromium, once the query's index files have arrived;
//   - the log of BenchmarkBuild10k: what indexing adds to the wall time of
//     a whole build (it runs beside the rendering of the pages);
//   - ns/doc, allocs/doc, B/doc: what BenchmarkAnalyze spends on each
//     document.

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"playbook/bench/gen"
	"playbook/generator"
	"playbook/generator/export"
	"playbook/generator/model"
	"playbook/generator/render"
	"playbook/generator/search"
	"playbook/generator/write"
)

const benchDocs = 10000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchSite writes the generated site once per test binary.
func benchSite(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "playbook-search-bench-*")
		if err != nil {
			benchErr = err
			return
		}
		tempDirs = append(tempDirs, dir)
		benchDir = filepath.Join(dir, "site")
		benchErr = gen.Write(benchDir, benchDocs)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func loadBench(b *testing.B) *model.Site {
	b.Helper()
	site, _, probs, err := generator.Load(generator.Options{Source: benchSite(b), Now: fixtureNow, NoHistory: true})
	if err != nil || probs.HasErrors() {
		b.Fatalf("load: %v %v", err, probs)
	}
	return site
}

// analyzeDocs is the size of the site of BenchmarkAnalyze.
const analyzeDocs = 2000

var (
	analyzeOnce sync.Once
	analyzeSite *model.Site
	analyzeErr  error
)

// BenchmarkAnalyze is the analysis of each document alone (reading the
// markdown into sections, tokenizing, stemming, counting terms, encoding
// the fragment), on one worker, over a generated 2,000-document site. It
// reports the time and allocations per document.
func BenchmarkAnalyze(b *testing.B) {
	analyzeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "playbook-search-analyze-*")
		if err != nil {
			analyzeErr = err
			return
		}
		tempDirs = append(tempDirs, dir)
		src := filepath.Join(dir, "site")
		if analyzeErr = gen.Write(src, analyzeDocs); analyzeErr != nil {
			return
		}
		site, _, probs, err := generator.Load(generator.Options{Source: src, Now: fixtureNow, NoHistory: true})
		if err == nil && probs.HasErrors() {
			err = fmt.Errorf("%v", probs)
		}
		analyzeSite, analyzeErr = site, err
	})
	if analyzeErr != nil {
		b.Fatal(analyzeErr)
	}
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		n += search.AnalyzeSite(analyzeSite)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/doc")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(n), "allocs/doc")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n), "B/doc")
}

// discard is a render.Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkIndex10k is the time of building the whole index of 10,000
// documents from scratch, and its size.
func BenchmarkIndex10k(b *testing.B) {
	site := loadBench(b)
	var files map[string][]byte
	for b.Loop() {
		files = search.Build(site, search.Options{})
	}
	var chunks, frags, other int
	for p, data := range files {
		switch {
		case strings.HasPrefix(p, "search/t/"):
			chunks += len(data)
		case strings.HasPrefix(p, "search/f/"):
			frags += len(data)
		default:
			other += len(data)
		}
	}
	n := float64(len(site.Docs()))
	b.ReportMetric(float64(chunks)/n, "index-B/page")
	b.ReportMetric(float64(frags)/n, "fragment-B/page")
	b.ReportMetric(float64(len(files[search.ManifestPath])), "manifest-B")
	b.ReportMetric(float64(len(files)), "files")
}

// renderAndIndex renders the pages and, when index is set, writes the
// search index beside them, as the build's pipeline does.
func renderAndIndex(site *model.Site, out write.Output, theme fs.FS, index bool) error {
	indexed := make(chan error, 1)
	go func() {
		if !index {
			indexed <- nil
			return
		}
		indexed <- search.Write(site, out, search.Options{})
	}()
	_, err := render.Render(site, out, render.Options{Theme: theme})
	if serr := <-indexed; err == nil {
		err = serr
	}
	return err
}

// BenchmarkRender10k renders the 10,000 pages with and without the index:
// the difference is what indexing adds to the wall time of a build (it runs
// beside the pages).
func BenchmarkRender10k(b *testing.B) {
	site := loadBench(b)
	theme := generator.Theme(benchSite(b))
	times := map[bool]time.Duration{}
	for _, noSearch := range []bool{true, false} {
		name := "with-index"
		if noSearch {
			name = "without-index"
		}
		b.Run(name, func(b *testing.B) {
			start := time.Now()
			n := 0
			for b.Loop() {
				if err := renderAndIndex(site, discard{}, theme, !noSearch); err != nil {
					b.Fatal(err)
				}
				n++
			}
			times[noSearch] = time.Since(start) / time.Duration(n)
		})
	}
	if times[true] > 0 && times[false] > 0 {
		b.Logf("render without index %v, with index %v: indexing adds %.1f%%", times[true], times[false],
			100*float64(times[false]-times[true])/float64(times[true]))
	}
}

// BenchmarkBuild10k is the build of the 10,000 pages, from reading the
// files to the swap of the output folder, with and without the index (the
// steps of generator.Build, without search.Write for the first),
// and generator.Build itself for reference. It logs what indexing adds.
func BenchmarkBuild10k(b *testing.B) {
	src := benchSite(b)
	theme := generator.Theme(src)
	build := func(b *testing.B, noSearch bool) {
		out := filepath.Join(b.TempDir(), "public")
		for b.Loop() {
			site, _, probs, err := generator.Load(generator.Options{Source: src, Now: fixtureNow, NoHistory: true})
			if err != nil || probs.HasErrors() {
				b.Fatal(err, probs)
			}
			stage, err := write.Begin(out)
			if err != nil {
				b.Fatal(err)
			}
			if err := renderAndIndex(site, stage, theme, !noSearch); err != nil {
				b.Fatal(err)
			}
			if err := export.Write(site, stage); err != nil {
				b.Fatal(err)
			}
			if err := stage.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	times := map[string]time.Duration{}
	timed := func(name string, f func(b *testing.B)) {
		b.Run(name, func(b *testing.B) {
			start := time.Now()
			f(b)
			times[name] = time.Since(start) / time.Duration(max(b.N, 1))
		})
	}
	timed("without-index", func(b *testing.B) { build(b, true) })
	timed("with-index", func(b *testing.B) { build(b, false) })
	timed("playbook-build", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "public")
		for b.Loop() {
			if _, err := generator.Build(generator.Options{Source: src, Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	if w, wo := times["with-index"], times["without-index"]; w > 0 && wo > 0 {
		b.Logf("build without index %v, with index %v: indexing adds %v, %.1f%% of the build", wo, w, w-wo, 100*float64(w-wo)/float64(w))
	}
}

func gz(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// benchQueries are typical first queries: a platform, a tool with a
// condition, a status, a phrase, a misspelling, a prefix being typed.
var benchQueries = []string{"pinterest", "paypal conditions", "escalated", "hootsuite sso", `"shared login"`, "tiktok", "mfa hardware key", "pintrest", "instag"}

// BenchmarkFirstQuery10k counts the bytes a first query downloads in the
// header box (5 results shown): search.js, the manifest, the chunks of its
// terms and the fragment files of the results.
func BenchmarkFirstQuery10k(b *testing.B) {
	site := loadBench(b)
	files := search.Build(site, search.Options{})
	js, err := os.ReadFile(search.SearchJS)
	if err != nil {
		b.Fatal(err)
	}
	var raws, gzs []int
	for b.Loop() {
		raws, gzs = raws[:0], gzs[:0]
		for _, q := range benchQueries {
			e := open(b, files)
			if _, err := e.Search(search.Request{Query: q, Limit: 5}); err != nil {
				b.Fatal(err)
			}
			raw, z := len(js), gz(js)
			var parts []string
			for _, p := range e.Loaded() {
				raw += len(files[p])
				z += gz(files[p])
				parts = append(parts, fmt.Sprintf("%s %d/%d", p[len("search/"):], len(files[p]), gz(files[p])))
			}
			raws, gzs = append(raws, raw), append(gzs, z)
			if len(raws) <= len(benchQueries) {
				b.Logf("%-22q %7d B raw %6d B gzipped: search.js %d/%d, %s", q, raw, z, len(js), gz(js), strings.Join(parts, ", "))
			}
		}
	}
	slices.Sort(raws)
	slices.Sort(gzs)
	b.ReportMetric(float64(gzs[len(gzs)/2]), "first-gz-B")
	b.ReportMetric(float64(gzs[len(gzs)-1]), "first-gz-max-B")
	b.ReportMetric(float64(raws[len(raws)/2]), "first-raw-B")
	b.ReportMetric(float64(raws[len(raws)-1]), "first-raw-max-B")
	b.ReportMetric(float64(len(js)), "js-B")
	b.ReportMetric(float64(gz(js)), "js-gz-B")
}

// BenchmarkBrowserResults10k measures, in headless Chromium, the time from
// the input event of the header box to the results on screen, once the
// query's index files have arrived: each query runs once to fetch its
// files, then again and again.
func BenchmarkBrowserResults10k(b *testing.B) {
	src := benchSite(b)
	out := filepath.Join(b.TempDir(), "public")
	if _, err := generator.Build(generator.Options{Source: src, Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
		b.Fatal(err)
	}
	base := serve(b, out, "/")
	br := newBrowser(b)
	br.do(b, chromedp.Navigate(base+"tools/"))
	br.wait(b, `document.getElementById('search-q').getAttribute('role') === 'combobox'`, "search.js")
	run := func(q string) float64 {
		// The time is taken in the page: from the dispatch of the input
		// event to the listbox holding the new results. The files stay
		// loaded; everything computed from them (decoded postings, stems)
		// is forgotten, so that each run decodes, ranks, makes excerpts and
		// lays out as the first query of a page does.
		ms := eval[float64](b, br, fmt.Sprintf(`new Promise(resolve => {
			const form = document.querySelector('form[data-search-base]');
			form.searchIndex.forget();
			const before = form.getAttribute('data-search-done');
			const i = document.getElementById('search-q');
			i.focus();
			i.value = %q;
			const t0 = performance.now();
			i.dispatchEvent(new Event('input'));
			const check = () => {
				if (form.getAttribute('data-search-done') !== before) {
					resolve(performance.now() - t0);
				} else {
					setTimeout(check, 0);
				}
			};
			check();
		})`, q))
		return ms
	}
	var all []float64
	for b.Loop() {
		all = all[:0]
		for _, q := range benchQueries {
			run(q) // fetches the files
			var ts []float64
			for range 5 {
				ts = append(ts, run(q))
			}
			sort.Float64s(ts)
			all = append(all, ts[len(ts)/2])
			b.Logf("%-22q median %.1f ms (runs %v)", q, ts[len(ts)/2], ts)
		}
	}
	sort.Float64s(all)
	b.ReportMetric(all[len(all)/2], "ms/results")
	b.ReportMetric(all[len(all)-1], "max-ms/results")
}

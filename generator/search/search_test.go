package search_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/generator"
	"playbook/generator/search"
	"playbook/internal/testsite"
)

// fixtureNow is the clock of the fixture builds (as in package generator).
var fixtureNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// built is a site built by `playbook build` into a folder.
type built struct {
	out   string            // the output folder
	files map[string][]byte // the index files: "search/..." → bytes
}

// siteBuild is one build of a site, made once for every test that asks.
type siteBuild struct {
	once sync.Once
	b    *built
	err  error
}

var (
	buildsMu sync.Mutex
	builds   = map[string]*siteBuild{} // by source and base URL
	tempDirs []string                  // removed when the tests end
)

// TestMain keeps the body cache on disk in a temporary folder, and with
// -short the temporary folders in memory.
func TestMain(m *testing.M) {
	code := testsite.RunWithTempCache(m)
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// buildSite builds the site in src with generator.Build (the whole
// pipeline, render included) once per test binary and reads back the
// index files it wrote.
func buildSite(t testing.TB, src string) *built {
	t.Helper()
	return buildSiteAt(t, src, "")
}

// buildSiteAt builds with a base URL ("" keeps the site's own). Tests
// running in parallel that ask for the same build wait for the first.
func buildSiteAt(t testing.TB, src, baseURL string) *built {
	t.Helper()
	key := src + "\x00" + baseURL
	buildsMu.Lock()
	sb := builds[key]
	if sb == nil {
		sb = &siteBuild{}
		builds[key] = sb
	}
	buildsMu.Unlock()
	sb.once.Do(func() { sb.b, sb.err = build(src, baseURL) })
	if sb.err != nil {
		t.Fatal(sb.err)
	}
	return sb.b
}

func build(src, baseURL string) (*built, error) {
	dir, err := os.MkdirTemp("", "playbook-search-*")
	if err != nil {
		return nil, err
	}
	buildsMu.Lock()
	tempDirs = append(tempDirs, dir)
	buildsMu.Unlock()
	out := filepath.Join(dir, "public")
	if _, err := generator.Build(generator.Options{Source: src, Out: out, Now: fixtureNow, NoHistory: true, BaseURL: baseURL}); err != nil {
		return nil, fmt.Errorf("build %s: %v", src, err)
	}
	b := &built{out: out, files: map[string][]byte{}}
	err = filepath.WalkDir(filepath.Join(out, "search"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel == "search/index.html" {
			return nil
		}
		data, err := os.ReadFile(p)
		b.files[rel] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

const (
	fixtureSite = "../testdata/site"
	sampleSite  = "../.." // the repository's own content/
)

func open(t testing.TB, files map[string][]byte) *search.Engine {
	t.Helper()
	e, err := search.Open(func(p string) ([]byte, error) {
		b, ok := files[p]
		if !ok {
			return nil, fmt.Errorf("%s: no such index file", p)
		}
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func urls(hits []search.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

// TestRankingOnFixture runs a dozen queries through the reference engine
// over the index files `playbook build` wrote for the fixture site, and
// checks the exact top results.
func TestRankingOnFixture(t *testing.T) {
	t.Parallel()
	b := buildSite(t, fixtureSite)
	cases := []struct {
		query string
		top   []string // the first results, in order
		total int
		fixed string // the word a typo was corrected to
	}{
		{"pinterest", []string{"/platforms/pinterest/", "/decisions/dr-0002/", "/tools/hootsuite/"}, 3, ""},
		{"paypal", []string{"/tools/paypal/"}, 1, ""},
		{"escalated", []string{"/decisions/dr-0005/"}, 1, ""},
		// The tool's own page first, then its decisions (ties by URL).
		{"hootsuite", []string{"/tools/hootsuite/", "/decisions/dr-0003/", "/decisions/dr-0004/", "/platforms/pinterest/"}, 4, ""},
		// Both words in the title beat both words in the text.
		{"shared login", []string{"/decisions/dr-0003/", "/decisions/dr-0004/", "/tools/hootsuite/"}, 3, ""},
		{`"shared login"`, []string{"/decisions/dr-0003/", "/decisions/dr-0004/", "/tools/hootsuite/"}, 3, ""},
		// A phrase in the wrong order matches nothing.
		{`"login shared"`, nil, 0, ""},
		// Typos: a missing letter, two swapped letters.
		{"pinterst", []string{"/platforms/pinterest/", "/decisions/dr-0002/"}, 3, "pinterest"},
		{"hootsiute", []string{"/tools/hootsuite/"}, 4, "hootsuite"},
		// Below five letters no typo is fixed.
		{"paypl", []string{"/tools/paypal/"}, 1, "paypal"},
		{"ppal", nil, 0, ""},
		{"DR-0004", []string{"/decisions/dr-0004/", "/decisions/dr-0003/"}, 2, ""},
		// A word stem: "payments" finds the category "Payments" and "Payment links".
		{"payments", []string{"/tools/paypal/"}, 1, ""},
		{"recruiting", []string{"/platforms/linkedin/"}, 1, ""},
		// The last word is a prefix while it is typed.
		{"pint", []string{"/platforms/pinterest/", "/decisions/dr-0002/"}, 3, ""},
		{"youth camp", []string{"/decisions/dr-0005/"}, 1, ""},
		// ...but not once a space follows it.
		{"pint ", nil, 0, ""},
		// All words before any word: the glossary has the heading.
		{"accepted risk", []string{"/pages/glossary/", "/decisions/dr-0002/", "/decisions/dr-0001/"}, 5, ""},
		{"not-approved", []string{"/tools/paypal/"}, 1, ""},
		// Code is indexed, at a low weight.
		{"main", []string{"/pages/glossary/"}, 1, ""},
		{"hardware key", []string{"/decisions/dr-0002/", "/platforms/pinterest/"}, 2, ""},
	}
	for _, c := range cases {
		r, err := open(t, b.files).Search(search.Request{Query: c.query})
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		got := urls(r.Hits)
		if len(got) > len(c.top) {
			got = got[:len(c.top)]
		}
		if !slices.Equal(got, c.top) {
			t.Errorf("%q: top results %v, want %v", c.query, urls(r.Hits), c.top)
		}
		if r.Total != c.total {
			t.Errorf("%q: %d results, want %d", c.query, r.Total, c.total)
		}
		if r.Fixed[search.Fold(c.query)] != c.fixed && !(c.fixed == "" && len(r.Fixed) == 0) {
			t.Errorf("%q: corrected %v, want %q", c.query, r.Fixed, c.fixed)
		}
	}
}

// TestAllWordsFirst: documents with every word rank above documents with
// some, whatever their scores (in a query that names no platform or tool:
// what a query names comes first, see TestQuestionsRankTheAnswerFirst).
func TestAllWordsFirst(t *testing.T) {
	t.Parallel()
	b := buildSite(t, sampleSite)
	r, err := open(t, b.files).Search(search.Request{Query: "giveaway conditions", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if r.All == 0 || r.All == r.Total {
		t.Fatalf("all=%d of %d: the query should match some documents fully and some partly", r.All, r.Total)
	}
	if got := r.Hits[0].URL; got != "/decisions/dr-0006/" {
		t.Errorf("first result %s, want /decisions/dr-0006/", got)
	}
	e := open(t, b.files)
	for i, h := range r.Hits {
		full, _ := e.Search(search.Request{Query: "giveaway ", Limit: 100})
		has := slices.Contains(urls(full.Hits), h.URL)
		cond, _ := e.Search(search.Request{Query: "conditions ", Limit: 100})
		both := has && slices.Contains(urls(cond.Hits), h.URL)
		if (i < r.All) != both {
			t.Errorf("result %d (%s): in the all-words part %v, has both words %v", i, h.URL, i < r.All, both)
		}
	}
}

// TestFiltersAndCounts: filters narrow the results; each facet counts the
// results that pass the other facets' filters.
func TestFiltersAndCounts(t *testing.T) {
	t.Parallel()
	b := buildSite(t, fixtureSite)
	e := open(t, b.files)
	r, err := e.Search(search.Request{Query: "risk", Filters: map[string][]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total < 4 {
		t.Fatalf("%d results for risk", r.Total)
	}
	if r.Counts["kind"]["decision"] == 0 || r.Counts["kind"]["decision"] == r.Total {
		t.Errorf("kind counts %v", r.Counts["kind"])
	}
	d, _ := e.Search(search.Request{Query: "risk", Filters: map[string][]string{"kind": {"decision"}}})
	if d.Total != r.Counts["kind"]["decision"] {
		t.Errorf("kind=decision: %d results, the count said %d", d.Total, r.Counts["kind"]["decision"])
	}
	for _, h := range d.Hits {
		if h.Kind != "decision" {
			t.Errorf("kind=decision let %s (%s) through", h.URL, h.Kind)
		}
	}
	// The kind facet still counts every kind; the status facet counts
	// decisions only.
	if !maps2Equal(d.Counts["kind"], r.Counts["kind"]) {
		t.Errorf("kind counts changed by a kind filter: %v, before %v", d.Counts["kind"], r.Counts["kind"])
	}
	sum := 0
	for _, n := range d.Counts["status"] {
		sum += n
	}
	if sum != d.Total {
		t.Errorf("status counts %v add up to %d, want %d", d.Counts["status"], sum, d.Total)
	}
	// Two values of one facet: either; two facets: both.
	hi, _ := e.Search(search.Request{Query: "risk", Filters: map[string][]string{"kind": {"decision"}, "risk": {"high", "low"}}})
	if want := d.Counts["risk"]["high"] + d.Counts["risk"]["low"]; hi.Total != want || want == 0 {
		t.Errorf("kind=decision risk=high|low: %d results, want %d", hi.Total, want)
	}
	tag, _ := e.Search(search.Request{Query: "pinterest", Filters: map[string][]string{"tag": {"visual"}}})
	if got := urls(tag.Hits); !slices.Equal(got, []string{"/platforms/pinterest/", "/decisions/dr-0002/"}) {
		t.Errorf("tag=visual: %v", got)
	}
	// Newest first.
	byDate, _ := e.Search(search.Request{Query: "hootsuite", ByDate: true})
	if got := urls(byDate.Hits); got[0] != "/tools/hootsuite/" || got[1] != "/platforms/pinterest/" || got[2] != "/decisions/dr-0004/" {
		t.Errorf("by date: %v", got)
	}
}

func maps2Equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestQueryReadsOnlyWhatItNeeds: a query reads the manifest, the chunks of
// its terms and the fragment files of the results it shows. Filter files
// are read for filters, vocabularies for typos, and nothing else.
func TestQueryReadsOnlyWhatItNeeds(t *testing.T) {
	t.Parallel()
	b := buildSite(t, sampleSite)
	kinds := func(paths []string) string {
		var k []string
		for _, p := range paths {
			switch {
			case p == search.ManifestPath:
				k = append(k, "manifest")
			case strings.HasPrefix(p, "search/t/"):
				k = append(k, "chunk")
			case strings.HasPrefix(p, "search/f/"):
				k = append(k, "fragment")
			case strings.HasPrefix(p, "search/x/"):
				k = append(k, "filter")
			case strings.HasPrefix(p, "search/v/"):
				k = append(k, "vocab")
			default:
				k = append(k, p)
			}
		}
		slices.Sort(k)
		return strings.Join(slices.Compact(k), " ")
	}
	for _, c := range []struct {
		req  search.Request
		want string
	}{
		{search.Request{Query: "pinterest", Limit: 5}, "chunk fragment manifest"},
		{search.Request{Query: "pinterst", Limit: 5}, "chunk fragment manifest vocab"},
		{search.Request{Query: "pinterest", Limit: 5, Filters: map[string][]string{"kind": {"tool"}}}, "chunk filter fragment manifest"},
		// Nothing matches: the typo vocabulary is read, and nothing else.
		{search.Request{Query: "zzzzzz qqqqqqq"}, "chunk manifest vocab"},
		{search.Request{Query: "zzz"}, "chunk manifest"},
	} {
		e := open(t, b.files)
		if _, err := e.Search(c.req); err != nil {
			t.Fatal(err)
		}
		loaded := e.Loaded()
		if got := kinds(loaded); got != c.want {
			t.Errorf("%+v read %s (%v), want %s", c.req, got, loaded, c.want)
		}
		seen := map[string]bool{}
		for _, p := range loaded {
			if seen[p] {
				t.Errorf("%q read %s twice", c.req.Query, p)
			}
			seen[p] = true
		}
	}
	// The fragments of 5 results, no more files than results.
	e := open(t, b.files)
	r, _ := e.Search(search.Request{Query: "account", Limit: 5})
	frags := 0
	for _, p := range e.Loaded() {
		if strings.HasPrefix(p, "search/f/") {
			frags++
		}
	}
	if len(r.Hits) != 5 || frags == 0 || frags > 5 {
		t.Errorf("5 results read %d fragment files", frags)
	}
}

// TestShardBounds checks the sizes of the index files and that the
// manifest names exactly the files written.
func TestShardBounds(t *testing.T) {
	t.Parallel()
	for _, src := range []string{fixtureSite, sampleSite} {
		b := buildSite(t, src)
		e := open(t, b.files)
		m := e.Manifest()
		named := map[string]bool{search.ManifestPath: true}
		for i := range m.Chunks {
			p := "search/t/" + m.ChunkHash[8*i:8*i+8] + ".bin"
			named[p] = true
			if n := len(b.files[p]); n == 0 || n > search.MaxChunk {
				t.Errorf("%s: chunk %s is %d bytes, want 1..%d", src, p, n, search.MaxChunk)
			}
		}
		docs := 0
		for g := range len(m.FragCounts) {
			blk := g / search.FragBlock
			p := fmt.Sprintf("search/f/%s-%d.json", m.FragHash[8*blk:8*blk+8], g)
			named[p] = true
			n := strings.IndexByte("0123456789abcdefghijklmnopqrstuvwxyz", m.FragCounts[g])
			docs += n
			if size := len(b.files[p]); size == 0 || size > search.MaxFragments+64 && n > 1 {
				t.Errorf("%s: fragment file %s is %d bytes with %d documents", src, p, size, n)
			}
		}
		if docs != m.Docs {
			t.Errorf("%s: fragment files hold %d documents, manifest says %d", src, docs, m.Docs)
		}
		for name, h := range m.Filters {
			named["search/x/"+name+"."+h+".bin"] = true
		}
		for _, h := range m.Vocab {
			named["search/v/"+h+".txt"] = true
		}
		for p := range b.files {
			if !named[p] {
				t.Errorf("%s: %s is written but not in the manifest", src, p)
			}
		}
		for p := range named {
			if _, ok := b.files[p]; !ok {
				t.Errorf("%s: the manifest names %s, which is not written", src, p)
			}
		}
		if n := len(b.files[search.ManifestPath]); n > 4<<10 {
			t.Errorf("%s: manifest is %d bytes", src, n)
		}
	}
}

// TestIndexIsDeterministic: the same content gives the same bytes,
// whatever the number of workers, with or without a cache.
func TestIndexIsDeterministic(t *testing.T) {
	t.Parallel()
	site, _, _, err := generator.Load(generator.Options{Source: sampleSite, Now: fixtureNow, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	a := search.Build(site, search.Options{Workers: 1})
	c := search.NewCache()
	search.Build(site, search.Options{Workers: 8, Cache: c})
	b := search.Build(site, search.Options{Workers: 8, Cache: c})
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, data := range a {
		if string(b[p]) != string(data) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestIndexOfCopiedRecords: serve indexes copies of the site's records,
// whose links (a platform's decisions) still lead to the originals; the
// index, names included, is the same as the original site's.
func TestIndexOfCopiedRecords(t *testing.T) {
	t.Parallel()
	site, _, _, err := generator.Load(generator.Options{Source: sampleSite, Now: fixtureNow, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	s := *site
	s.Platforms, s.Tools, s.Decisions, s.Pages = nil, nil, nil, nil
	for _, p := range site.Platforms {
		c := *p
		s.Platforms = append(s.Platforms, &c)
	}
	for _, x := range site.Tools {
		c := *x
		s.Tools = append(s.Tools, &c)
	}
	for _, d := range site.Decisions {
		c := *d
		s.Decisions = append(s.Decisions, &c)
	}
	for _, p := range site.Pages {
		c := *p
		s.Pages = append(s.Pages, &c)
	}
	a, b := search.Build(site, search.Options{}), search.Build(&s, search.Options{})
	if len(a) != len(b) {
		t.Fatalf("%d files, from copies %d", len(a), len(b))
	}
	for p, data := range a {
		if string(b[p]) != string(data) {
			t.Errorf("%s differs when indexing copies of the records", p)
		}
	}
}

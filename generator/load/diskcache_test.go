package load

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"playbook/generator/config"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/internal/testsite"
)

const cacheBody = "# Title\n\nSee [the tool](../tools/t.md#sso), [missing](gone.md) and [again](../tools/t.md#sso).\n\n## Setup\n\n```yaml\nkey: value\n```\n\n![img](pic.png)\n"

// resolverOf answers from a map; a destination not in it does not exist.
func resolverOf(m map[string]string) markdown.Resolver {
	return func(dest string) (string, bool) {
		u, ok := m[dest]
		return u, ok
	}
}

var cacheLinks = map[string]string{"../tools/t.md#sso": "/tools/t/#sso", "pic.png": "/x/pic.png"}

// convertThrough converts body through the disk cache c as a load does,
// and reports whether the result came from the cache.
func convertThrough(t *testing.T, c *diskCache, conv *markdown.Converter, body string, line int, resolve markdown.Resolver) (markdown.Result, bool) {
	t.Helper()
	k := c.key([]byte(body), line)
	if res, ok := c.get(k, resolve); ok {
		return res, true
	}
	rec := &recorder{resolve: resolve}
	res, err := conv.Convert([]byte(body), line, rec.ask)
	if err != nil {
		t.Fatal(err)
	}
	c.put(k, res, rec.list)
	return res, false
}

func TestDiskCacheHitAndMiss(t *testing.T) {
	c := openDiskCacheAt(t.TempDir(), "test", false)
	conv := markdown.New(markdown.Options{})
	want, err := conv.Convert([]byte(cacheBody), 4, resolverOf(cacheLinks))
	if err != nil {
		t.Fatal(err)
	}
	got, hit := convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks))
	if hit {
		t.Fatal("hit in an empty cache")
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("first conversion differs")
	}
	got, hit = convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks))
	if !hit {
		t.Fatal("miss after a put")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cached result differs:\n got %+v\nwant %+v", got, want)
	}
	// Another body, another line offset: misses.
	if _, hit := convertThrough(t, c, conv, cacheBody+"x\n", 4, resolverOf(cacheLinks)); hit {
		t.Error("hit for other bytes")
	}
	if _, hit := convertThrough(t, c, conv, cacheBody, 5, resolverOf(cacheLinks)); hit {
		t.Error("hit for another line offset (link positions would be wrong)")
	}
}

func TestDiskCacheKeyCoversEveryInput(t *testing.T) {
	dir := t.TempDir()
	base := openDiskCacheAt(dir, "r1", false).key([]byte("x"), 1)
	for name, k := range map[string][32]byte{
		"unsafe":   openDiskCacheAt(dir, "r1", true).key([]byte("x"), 1),
		"renderer": openDiskCacheAt(dir, "r2", false).key([]byte("x"), 1),
		"body":     openDiskCacheAt(dir, "r1", false).key([]byte("y"), 1),
		"line":     openDiskCacheAt(dir, "r1", false).key([]byte("x"), 2),
	} {
		if k == base {
			t.Errorf("the key does not change with %s", name)
		}
	}
	if !strings.Contains(rendererID(), "goldmark ") || !strings.Contains(rendererID(), "chroma ") {
		t.Errorf("rendererID() = %q", rendererID())
	}
}

func TestDiskCacheStaleResolution(t *testing.T) {
	c := openDiskCacheAt(t.TempDir(), "test", false)
	conv := markdown.New(markdown.Options{})
	convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks))
	for name, m := range map[string]map[string]string{
		"another URL":       {"../tools/t.md#sso": "/tools/t2/#sso", "pic.png": "/x/pic.png"},
		"a target gone":     {"pic.png": "/x/pic.png"},
		"a missing now met": {"../tools/t.md#sso": "/tools/t/#sso", "pic.png": "/x/pic.png", "gone.md": "/gone/"},
	} {
		if _, hit := convertThrough(t, c, conv, cacheBody, 4, resolverOf(m)); hit {
			t.Errorf("%s: the entry was used", name)
		}
		// The entry was rewritten for these answers; restore the first.
		convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks))
	}
	// Answers for destinations the body does not hold do not matter.
	more := map[string]string{"other.md": "/other/"}
	for k, v := range cacheLinks {
		more[k] = v
	}
	if _, hit := convertThrough(t, c, conv, cacheBody, 4, resolverOf(more)); !hit {
		t.Error("a change elsewhere in the site missed")
	}
}

func TestDiskCacheCorruptOrForeignEntry(t *testing.T) {
	conv := markdown.New(markdown.Options{})
	want, _ := conv.Convert([]byte(cacheBody), 4, resolverOf(cacheLinks))
	other := openDiskCacheAt(t.TempDir(), "test", false)
	otherKey := other.key([]byte("other body"), 1)
	for name, spoil := range map[string]func(data []byte, k [32]byte) []byte{
		"flipped payload byte": func(d []byte, _ [32]byte) []byte { d[len(d)-3] ^= 1; return d },
		"flipped checksum":     func(d []byte, _ [32]byte) []byte { d[headerSize-1] ^= 1; return d },
		"truncated":            func(d []byte, _ [32]byte) []byte { return d[:len(d)-10] },
		"header only":          func(d []byte, _ [32]byte) []byte { return d[:headerSize] },
		"empty":                func(d []byte, _ [32]byte) []byte { return nil },
		"longer":               func(d []byte, _ [32]byte) []byte { return append(d, 0) },
		"other magic":          func(d []byte, _ [32]byte) []byte { d[0] = 'P'; return d },
		"other format":         func(d []byte, _ [32]byte) []byte { d[len(cacheMagic)]++; return d },
		"another key's entry": func(d []byte, _ [32]byte) []byte {
			return encodeEntry(otherKey, markdown.Result{HTML: []byte("<p>other</p>\n")}, nil)
		},
		"not an entry": func(d []byte, _ [32]byte) []byte { return []byte("<html>hello</html>") },
	} {
		c := openDiskCacheAt(t.TempDir(), "test", false)
		k := c.key([]byte(cacheBody), 4)
		convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks))
		data, err := os.ReadFile(c.path(k))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(c.path(k), spoil(data, k), 0o644); err != nil {
			t.Fatal(err)
		}
		got, hit := convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks))
		if hit {
			t.Errorf("%s: the entry was trusted", name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the result differs", name)
		}
		if got, hit := convertThrough(t, c, conv, cacheBody, 4, resolverOf(cacheLinks)); !hit || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the entry was not written again (hit %v)", name, hit)
		}
	}
}

func TestDiskCacheDecodeNeverPanics(t *testing.T) {
	k := [32]byte{1}
	data := encodeEntry(k, markdown.Result{HTML: []byte("<p>x</p>"), Title: "T", TOC: []markdown.Heading{{Level: 2, ID: "a", Text: "A"}},
		Links: []markdown.Link{{Dest: "a.md", Line: 3, Col: 1, OK: true}}}, []resolution{{"a.md", "/a/", true}})
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		d := append([]byte(nil), data...)
		for range 1 + r.IntN(4) {
			d[r.IntN(len(d))] = byte(r.Uint32())
		}
		if r.IntN(4) == 0 {
			d = d[:r.IntN(len(d))]
		}
		decodeEntry(d, k)
		// A payload that checks out but is garbage must not panic either.
		p := d[min(headerSize, len(d)):]
		decoder := decoder{b: p}
		decoder.bytes()
		decoder.count()
	}
}

func TestDiskCacheUnwritable(t *testing.T) {
	// A file where the cache folder should be: nothing is cached and the
	// load goes on.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", blocker)
	if c := openDiskCache(false); c != nil {
		t.Fatalf("opened a cache under a file: %s", c.dir)
	}
	a, _ := loadFixture(t, "../testdata/site", false)
	b, _ := loadFixture(t, "../testdata/site", true)
	sameBodies(t, a, b)

	// A shard folder that cannot be made: puts fail, once.
	dir := t.TempDir()
	c := openDiskCacheAt(dir, "test", false)
	k := c.key([]byte("x"), 0)
	name := c.path(k)
	if err := os.WriteFile(filepath.Dir(name), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c.put(k, markdown.Result{HTML: []byte("x")}, nil)
	if !c.broken.Load() {
		t.Error("a failed write did not stop the cache writing")
	}
}

func TestDiskCachePrune(t *testing.T) {
	dir := t.TempDir()
	c := openDiskCacheAt(dir, "test", false)
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	put := func(body string, age time.Duration) string {
		k := c.key([]byte(body), 0)
		c.put(k, markdown.Result{HTML: []byte(body)}, nil)
		if err := os.Chtimes(c.path(k), now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return c.path(k)
	}
	fresh := put("fresh", time.Hour)
	old := put("old", 31*24*time.Hour)
	used := put("used", 29*24*time.Hour)
	tmp := filepath.Join(filepath.Dir(fresh), ".tmp-123")
	os.WriteFile(tmp, nil, 0o644)
	os.Chtimes(tmp, now.Add(-2*time.Hour), now.Add(-2*time.Hour))

	// Using an entry renews its time.
	if _, ok := c.get(c.key([]byte("used"), 0), nil); !ok {
		t.Fatal("miss")
	}
	now = now.Add(2 * 24 * time.Hour)
	c.prune()
	for p, want := range map[string]bool{fresh: true, old: false, used: true, tmp: false} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: kept %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
	// Not again within a day.
	old = put("old", 31*24*time.Hour)
	now = now.Add(time.Hour)
	c.prune()
	if _, err := os.Stat(old); err != nil {
		t.Error("pruned twice in a day")
	}
}

// loadFixture loads the site folder src with the disk cache on or off.
func loadFixture(t *testing.T, src string, noCache bool) (*model.Site, diag.List) {
	t.Helper()
	cfg, probs := config.Load(src)
	s, lp := Site(Options{Source: src, Config: cfg, Today: model.Date{Year: 2026, Month: 6, Day: 1}, NoCache: noCache})
	probs.Add(lp)
	return s, probs.Sort()
}

// sameBodies fails unless both sites hold the same documents with the same
// rendered bodies.
func sameBodies(t *testing.T, a, b *model.Site) {
	t.Helper()
	da, db := a.Docs(), b.Docs()
	if len(da) != len(db) {
		t.Fatalf("%d documents against %d", len(da), len(db))
	}
	for i := range da {
		x, y := da[i], db[i]
		if x.Path != y.Path || string(x.HTML) != string(y.HTML) || x.Title != y.Title ||
			!reflect.DeepEqual(x.TOC, y.TOC) || !reflect.DeepEqual(x.Links, y.Links) {
			t.Errorf("%s: cached and uncached bodies differ:\n%s\n---\n%s", x.Path, x.HTML, y.HTML)
		}
	}
}

func TestSiteTwiceWithDiskCacheSameAsWithout(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	plain, pp := loadFixture(t, "../testdata/site", true)
	if n := countEntries(t); n != 0 {
		t.Fatalf("-no-cache wrote %d entries", n)
	}
	first, p1 := loadFixture(t, "../testdata/site", false)
	if countEntries(t) == 0 {
		t.Fatal("nothing was cached")
	}
	second, p2 := loadFixture(t, "../testdata/site", false)
	sameBodies(t, plain, first)
	sameBodies(t, plain, second)
	if fmt.Sprint(pp) != fmt.Sprint(p1) || fmt.Sprint(pp) != fmt.Sprint(p2) {
		t.Errorf("problems differ:\n%v\n%v\n%v", pp, p1, p2)
	}
}

func countEntries(t *testing.T) int {
	t.Helper()
	n := 0
	filepath.WalkDir(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "playbook", "bodies"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "last-prune" {
			n++
		}
		return nil
	})
	return n
}

// TestDiskCacheRandomEdits edits a copy of the fixture at random (text,
// links to pages that exist or not, code blocks, files renamed, added and
// removed, so that links resolve differently) and loads it after each edit
// through the disk cache and without: the bodies must be the same.
func TestDiskCacheRandomEdits(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	src := testsite.Copy(t, "../testdata/site")
	r := rand.New(rand.NewPCG(16, 2))
	steps := 40
	if testing.Short() {
		steps = 12
	}
	pages := filepath.Join(src, "content", "pages")
	snippets := []string{
		"\nSee [the glossary](glossary.md#terms).\n",
		"\nSee [a new page](new.md) and [request](request.md).\n",
		"\n```go\nfunc main() {}\n```\n",
		"\n```yaml\nkey: value\n```\n",
		"\n```sh\ncurl -s https://example.com\n```\n",
		"\n## Another heading\n\nText.\n",
		"\n![matrix](../decisions/risk-matrix.svg)\n",
		"\nSee [LinkedIn](../platforms/linkedin.md) and [tools](../tools/).\n",
	}
	for i := range steps {
		switch r.IntN(4) {
		case 0, 1: // append to a page
			names, _ := filepath.Glob(filepath.Join(src, "content", "*", "*.md"))
			p := names[r.IntN(len(names))]
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(snippets[r.IntN(len(snippets))])
			f.Close()
		case 2: // make or remove the page new.md links point at
			p := filepath.Join(pages, "new.md")
			if _, err := os.Stat(p); err == nil {
				os.Remove(p)
			} else {
				os.WriteFile(p, []byte("---\ntitle: New\n---\nBack to [the glossary](glossary.md).\n"), 0o644)
			}
		case 3: // move the glossary, so links to it break or mend
			a, b := filepath.Join(pages, "glossary.md"), filepath.Join(pages, "glossary2.md")
			if _, err := os.Stat(a); err != nil {
				a, b = b, a
			}
			os.Rename(a, b)
		}
		cached, pc := loadFixture(t, src, false)
		plain, pp := loadFixture(t, src, true)
		sameBodies(t, plain, cached)
		if fmt.Sprint(pc) != fmt.Sprint(pp) {
			t.Errorf("step %d: problems differ:\n%v\n%v", i, pc, pp)
		}
		if t.Failed() {
			t.Fatalf("step %d", i)
		}
	}
}

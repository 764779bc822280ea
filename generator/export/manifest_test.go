package export_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"playbook/generator/export"
	"playbook/generator/model"
)

func manifestSite() *model.Site {
	return &model.Site{Title: "Fixture Playbook", BaseURL: "https://playbook.example.com/", Today: model.Date{Year: 2026, Month: 6, Day: 1},
		Commit: "0123456789abcdef0123456789abcdef01234567"}
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// reversed yields the files of m in reverse sorted order, to show that the
// order files come in does not matter.
func reversed(m map[string][]byte) iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		keys := slices.Sorted(maps.Keys(m))
		slices.Reverse(keys)
		for _, k := range keys {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

// An auditor checks the page they cite against the manifest: its SHA-256
// is listed under its path, beside the commit and date of the build.
func TestManifest(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{
		"index.html":                     []byte("<p>home</p>"),
		"decisions/dr-0004/index.html":   []byte("<p>DR-0004</p>"),
		"exports/decisions.csv":          []byte("id\nDR-0004\n"),
		"empty.txt":                      {},
		"odd \"names\" <&> ü\u2028.html": []byte("odd"),
		export.ManifestJSON:              []byte("an old manifest"),
	}
	data, err := manifestOf(manifestSite(), maps.All(files))
	if err != nil {
		t.Fatal(err)
	}
	var doc export.ManifestDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("manifest.json is not JSON: %v", err)
	}
	if doc.Commit != "0123456789abcdef0123456789abcdef01234567" || doc.Date != "2026-06-01" || doc.Algorithm != "sha256" || doc.Site != "Fixture Playbook" {
		t.Errorf("manifest = %+v", doc)
	}
	if len(doc.Files) != 5 {
		t.Errorf("%d files, want 5 (the manifest leaves itself out): %v", len(doc.Files), doc.Files)
	}
	for name, b := range files {
		if name == export.ManifestJSON {
			continue
		}
		if doc.Files[name] != sum(b) {
			t.Errorf("%s: %q, want %q", name, doc.Files[name], sum(b))
		}
	}
	// The paths are sorted in the file itself, for a reader diffing two
	// manifests line by line.
	block := string(data[bytes.Index(data, []byte(`"files": {`)):])
	var order []string
	for _, l := range strings.Split(block, "\n")[1:] {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, `"`) {
			order = append(order, l[:strings.Index(l, `":`)+1])
		}
	}
	if !slices.IsSorted(order) || len(order) != 5 {
		t.Errorf("file lines not sorted:\n%s", strings.Join(order, "\n"))
	}
	// The bytes are what encoding/json writes for the document.
	var std bytes.Buffer
	enc := json.NewEncoder(&std)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil || !bytes.Equal(std.Bytes(), data) {
		t.Errorf("manifest.json:\n%s\nencoding/json writes:\n%s", data, std.Bytes())
	}
	// Same input, same bytes, whatever the order.
	again, err := manifestOf(manifestSite(), reversed(files))
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("a second manifest of the same files differs (%v):\n%s\n%s", err, data, again)
	}
	// Outside git there is no commit, and it says so with "".
	s := manifestSite()
	s.Commit = ""
	data, _ = manifestOf(s, maps.All(files))
	if !bytes.Contains(data, []byte(`"commit": ""`)) {
		t.Errorf("without history: %s", data)
	}
}

func TestManifestRefusesBadPaths(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"", "/etc/passwd", "../x", "a/../b", "./a", "a//b", `a\b`, "dir/", "."} {
		_, err := manifestOf(manifestSite(), maps.All(map[string][]byte{p: nil}))
		if err == nil || !strings.Contains(err.Error(), "is not a path inside the output folder") {
			t.Errorf("path %q: %v", p, err)
		}
	}
	twice := func(yield func(string, []byte) bool) {
		if yield("a.html", nil) {
			yield("a.html", nil)
		}
	}
	if _, err := manifestOf(manifestSite(), twice); err == nil || !strings.Contains(err.Error(), "a.html is given twice") {
		t.Errorf("a path given twice: %v", err)
	}
}

// A build's manifest is made from the hashes it works out as it writes
// each file; serve's from its snapshot in memory: the same files give the
// same manifest, and a path that is not inside the output is refused.
func TestManifestSumsMatchesManifest(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{"index.html": []byte("home"), "css/site.css": []byte("body{}"), "exports/reviews.ics": []byte("BEGIN:VCALENDAR\r\n"), export.ManifestJSON: []byte("{}")}
	sums := map[string][sha256.Size]byte{}
	for name, b := range files {
		sums[name] = sha256.Sum256(b)
	}
	fromSums, err := export.ManifestSums(manifestSite(), sums)
	if err != nil {
		t.Fatal(err)
	}
	fromMem, err := manifestOf(manifestSite(), maps.All(files))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromSums, fromMem) {
		t.Errorf("from the sums:\n%s\nfrom memory:\n%s", fromSums, fromMem)
	}
	if bytes.Contains(fromSums, []byte(export.ManifestJSON)) {
		t.Errorf("the manifest lists itself:\n%s", fromSums)
	}
	sums["../etc/passwd"] = sha256.Sum256(nil)
	if _, err := export.ManifestSums(manifestSite(), sums); err == nil || !strings.Contains(err.Error(), `"../etc/passwd" is not a path inside the output folder`) {
		t.Errorf("a path out of the output: %v", err)
	}
}

// serve makes a manifest on every rebuild: the cache hashes again only the
// files whose bytes changed, and its manifest is always the true one.
func TestManifestCache(t *testing.T) {
	t.Parallel()
	var c export.ManifestCache
	files := map[string][]byte{"index.html": []byte("home"), "a.html": []byte("a")}
	first, err := c.Manifest(manifestSite(), maps.All(files))
	if err != nil {
		t.Fatal(err)
	}
	// A new slice for a.html, with new bytes; index.html keeps its slice.
	files["a.html"] = []byte("A")
	second, err := c.Manifest(manifestSite(), maps.All(files))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := manifestOf(manifestSite(), maps.All(files))
	if !bytes.Equal(second, want) || bytes.Equal(first, second) {
		t.Errorf("after a change the cache gave:\n%s\nwant:\n%s", second, want)
	}
	// A file removed is gone from the manifest.
	delete(files, "a.html")
	third, _ := c.Manifest(manifestSite(), maps.All(files))
	if want, _ := manifestOf(manifestSite(), maps.All(files)); !bytes.Equal(third, want) {
		t.Errorf("after a removal the cache gave:\n%s\nwant:\n%s", third, want)
	}
}

// The manifest a real build writes lists every file of the output folder
// but the marker and the manifest itself, each with the SHA-256 of its
// bytes on disk (assets included).
func TestManifestOfABuild(t *testing.T) {
	t.Parallel()
	out := build(t, nil)
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(export.ManifestJSON)))
	if err != nil {
		t.Fatal(err)
	}
	var doc export.ManifestDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(out, p)
		if err != nil || d.IsDir() || rel == ".playbook-output" || filepath.ToSlash(rel) == export.ManifestJSON {
			return err
		}
		b, _ := os.ReadFile(p)
		if got := doc.Files[filepath.ToSlash(rel)]; got != sum(b) {
			t.Errorf("%s: %q, want %q", rel, got, sum(b))
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(doc.Files) || n < 10 {
		t.Errorf("%d files in the output, %d in the manifest", n, len(doc.Files))
	}
	for _, want := range []string{"index.html", "sitemap.xml", export.Feed, export.ReviewsICS, export.ConditionsCSV} {
		if doc.Files[want] == "" {
			t.Errorf("the manifest lacks %s", want)
		}
	}
}

// manifestOf is the manifest of files made by a new cache, as a first
// build makes it.
func manifestOf(site *model.Site, files iter.Seq2[string, []byte]) ([]byte, error) {
	var c export.ManifestCache
	return c.Manifest(site, files)
}

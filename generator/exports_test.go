package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"playbook/generator/export"
	"playbook/generator/write"
	"playbook/internal/testsite"
)

// manifestOf reads exports/manifest.json of an output folder.
func manifestOf(t *testing.T, out string) export.ManifestDoc {
	t.Helper()
	var doc export.ManifestDoc
	data, err := os.ReadFile(filepath.Join(out, export.ManifestJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return doc
}

// An auditor shows that the page they cite is the page that was
// published: its SHA-256 is in the manifest, as is every other published
// file's, and two builds of the same content on the same day
// (SOURCE_DATE_EPOCH) give the same manifest.
func TestBuildWritesManifest(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	outA, outB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{outA, outB} {
		if _, err := Build(Options{Source: src, Out: out, Now: fixtureNow}); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.ReadFile(filepath.Join(outA, export.ManifestJSON))
	b, _ := os.ReadFile(filepath.Join(outB, export.ManifestJSON))
	if !bytes.Equal(a, b) {
		t.Errorf("two builds of the same content on the same day give different manifests")
	}
	doc := manifestOf(t, outA)
	if doc.Date != "2026-06-01" || doc.Commit != "" {
		t.Errorf("date %q, commit %q; want the build's date and no commit outside git", doc.Date, doc.Commit)
	}
	files := tree(t, outA)
	delete(files, write.Marker)
	delete(files, export.ManifestJSON)
	if len(doc.Files) != len(files) {
		t.Errorf("the manifest lists %d files, the output holds %d", len(doc.Files), len(files))
	}
	for rel := range files {
		data, _ := os.ReadFile(filepath.Join(outA, filepath.FromSlash(rel)))
		sum := sha256.Sum256(data)
		if doc.Files[rel] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: the manifest says %q", rel, doc.Files[rel])
		}
	}
	if doc.Files["decisions/dr-0002/index.html"] == "" || doc.Files[export.ReviewsICS] == "" || doc.Files["decisions/risk-matrix.svg"] == "" {
		t.Errorf("the manifest lacks a page, an export or an asset: %v", doc.Files)
	}
}

// In a git repository the manifest names the commit the site was built
// from.
func TestManifestNamesTheCommit(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	src := t.TempDir()
	testsite.CopyTree(t, "testdata/site", src)
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=Kim Cho", "-c", "user.email=kim@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = src
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "playbook")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Out: out, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	if got, want := manifestOf(t, out).Commit, git("rev-parse", "HEAD"); got != want {
		t.Errorf("commit %q, want %q", got, want)
	}
}

// Without an absolute base_url, build says once that the sitemap and the
// feed are left out, and leaves them out, in build and serve alike.
func TestBuildWithoutBaseURL(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	cfg, _ := os.ReadFile(filepath.Join(src, "playbook.yaml"))
	var keep []string
	for l := range strings.Lines(string(cfg)) {
		if !strings.HasPrefix(l, "base_url:") {
			keep = append(keep, l)
		}
	}
	writeFile(t, src, "playbook.yaml", []byte(strings.Join(keep, "")))
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: src, Out: out, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, note := range res.Notes {
		if strings.Contains(note, "base_url") {
			n++
			if !strings.Contains(note, "sitemap.xml") || !strings.Contains(note, "decisions/feed.xml") {
				t.Errorf("the note does not say what is left out: %q", note)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d notes about base_url, want 1: %q", n, res.Notes)
	}
	for _, gone := range []string{"sitemap.xml", export.Feed} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s is written without an absolute base_url", gone)
		}
	}
	if doc := manifestOf(t, out); doc.Files["sitemap.xml"] != "" || doc.Files[export.Feed] != "" || doc.Files[export.ReviewsICS] == "" {
		t.Errorf("manifest without base_url: %v", doc.Files)
	}

	// serve: a first build, then one with nothing changed, which keeps the
	// exports and the sitemap it had (none).
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rebuild(t, rb)
	u := rebuild(t, rb)
	for _, gone := range []string{"sitemap.xml", export.Feed} {
		if _, ok := u.Snapshot.Files[gone]; ok {
			t.Errorf("serve holds %s without an absolute base_url", gone)
		}
	}
	sameAsFullBuild(t, src, u.Snapshot)
}

// A file of the site at the path of an export that this build does not
// write (the feed without base_url, the manifest) is refused all the
// same, so that setting base_url later cannot break the build.
func TestExportPathsAreClaimed(t *testing.T) {
	t.Parallel()
	for _, rel := range []string{export.ManifestJSON, export.ReviewsICS, export.ConditionsCSV} {
		src := copyFixture(t)
		writeFile(t, src, "content/"+rel, []byte("x"))
		_, err := Build(Options{Source: src, Out: filepath.Join(t.TempDir(), "public"), Now: fixtureNow})
		if err == nil || !strings.Contains(err.Error(), "published at /"+rel) {
			t.Errorf("an asset at %s: %v", rel, err)
		}
	}
}

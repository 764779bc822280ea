package generator

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"playbook/generator/export"
)

// rebuild runs one in-memory rebuild and fails the test on any error.
func rebuild(t *testing.T, rb *Rebuilder, dirty ...string) Update {
	t.Helper()
	u, err := rb.Rebuild(dirty...)
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	return u
}

// sameAsFullBuild asserts that the in-memory snapshot holds exactly what a
// fresh `playbook build` of the same folder writes.
func sameAsFullBuild(t *testing.T, src string, snap *Snapshot) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Out: out, Now: fixtureNow}); err != nil {
		t.Fatalf("full build: %v", err)
	}
	want := tree(t, out)
	delete(want, ".playbook-output")
	got := map[string]string{}
	for rel, b := range snap.Files {
		got[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	for rel := range want {
		if got[rel] != want[rel] {
			t.Errorf("%s: the incremental build differs from a full build", rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: left in the incremental build, not in a full build", rel)
		}
	}
}

func change(t *testing.T, src, file, old, new string) {
	t.Helper()
	apply(t, src, []edit{{file, old, new}})
}

func TestRebuildRendersOnlyWhatAChangeTouches(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	first := rebuild(t, rb)
	if len(first.Rendered) != first.Result.Pages {
		t.Fatalf("first build rendered %d of %d pages", len(first.Rendered), first.Result.Pages)
	}
	if u := rebuild(t, rb); len(u.Rendered) != 0 || len(u.Changed) != 0 {
		t.Errorf("a rebuild with no change rendered %v and changed %v", u.Rendered, u.Changed)
	}

	// An edit of a tool's body: its page and nothing else, since lists and
	// the pages of related records show only front matter.
	change(t, src, "content/tools/hootsuite.md", "## Conditions", "## Conditions of use")
	u := rebuild(t, rb, "content/tools/hootsuite.md")
	if !slices.Equal(u.Rendered, []string{"tools/hootsuite/index.html"}) {
		t.Errorf("an edit of hootsuite.md's body rendered %v, want only its page", u.Rendered)
	}
	sameAsFullBuild(t, src, u.Snapshot)

	// An edit of its front matter: its page, the pages that show it and
	// the lists, nothing else.
	change(t, src, "content/tools/hootsuite.md", "title: Hootsuite", "title: Hootsuite Enterprise")
	u = rebuild(t, rb, "content/tools/hootsuite.md")
	for _, want := range []string{"tools/hootsuite/index.html", "platforms/pinterest/index.html", "decisions/dr-0003/index.html", "tools/index.html", "index.html", "tags/scheduling/index.html"} {
		if !slices.Contains(u.Rendered, want) {
			t.Errorf("%s was not rendered after an edit of hootsuite.md's title; rendered %v", want, u.Rendered)
		}
	}
	for _, not := range []string{"pages/glossary/index.html", "decisions/dr-0001/index.html", "tools/paypal/index.html", "tags/process/index.html"} {
		if slices.Contains(u.Rendered, not) {
			t.Errorf("%s was rendered, but does not show hootsuite.md", not)
		}
	}
	if !slices.Contains(u.Changed, "tools/hootsuite/index.html") || slices.Contains(u.Changed, "tools/paypal/index.html") {
		t.Errorf("changed files %v", u.Changed)
	}
	sameAsFullBuild(t, src, u.Snapshot)

	// A decision's new title shows on the pages of its tools and platforms.
	change(t, src, "content/decisions/0004-hootsuite-sso.md", "title: Hootsuite only with SSO", "title: Hootsuite behind Okta SSO")
	u = rebuild(t, rb)
	if b := string(u.Snapshot.Files["tools/hootsuite/index.html"]); !strings.Contains(b, "Hootsuite behind Okta SSO") {
		t.Errorf("the tool page does not show its decision's new title")
	}
	sameAsFullBuild(t, src, u.Snapshot)

	// A new sibling page's title shows in the list beside every page of
	// its folder.
	change(t, src, "content/pages/request.md", "title: Request a new platform", "title: Ask for a platform")
	u = rebuild(t, rb)
	if !strings.Contains(string(u.Snapshot.Files["pages/glossary/index.html"]), "Ask for a platform") {
		t.Errorf("the glossary's list of pages beside it does not show the sibling's new title")
	}
	sameAsFullBuild(t, src, u.Snapshot)
}

func TestRebuildTemplateAndStyleChanges(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rebuild(t, rb)

	// A page template in the theme override: only the pages that use it.
	tdir := filepath.Join(src, "themes/default/templates")
	os.MkdirAll(tdir, 0o755)
	embedded, err := os.ReadFile("../themes/default/templates/tool.html")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tdir, "tool.html"), append(embedded, []byte("\n<!-- override -->")...), 0o644)
	u := rebuild(t, rb)
	slices.Sort(u.Rendered)
	if want := []string{"tools/hootsuite/index.html", "tools/paypal/index.html"}; !slices.Equal(u.Rendered, want) {
		t.Errorf("a change of tool.html rendered %v, want %v", u.Rendered, want)
	}

	// A stylesheet: no page is rendered, only the file changes.
	sdir := filepath.Join(src, "themes/default/static/css")
	os.MkdirAll(sdir, 0o755)
	css, _ := os.ReadFile("../themes/default/static/css/site.css")
	os.WriteFile(filepath.Join(sdir, "site.css"), append(css, []byte("\nbody{background:#fff}\n")...), 0o644)
	u = rebuild(t, rb)
	if want := []string{"css/site.css", export.ManifestJSON}; len(u.Rendered) != 0 || !slices.Equal(u.Changed, want) {
		t.Errorf("a CSS change rendered %v and changed %v, want nothing and %v", u.Rendered, u.Changed, want)
	}
	sameAsFullBuild(t, src, u.Snapshot)
}

func TestRebuildAddRemoveAndErrors(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	first := rebuild(t, rb)

	// A broken save: an error, and the last snapshot stays current.
	change(t, src, "content/platforms/pinterest.md", "risk: medium", "risk: mediun")
	if _, err := rb.Rebuild("content/platforms/pinterest.md"); err == nil || !strings.Contains(err.Error(), `pinterest.md:4:7: field "risk" is "mediun"`) {
		t.Fatalf("broken save: %v", err)
	}
	if rb.last != first.Snapshot {
		t.Errorf("a failed rebuild replaced the last good snapshot")
	}
	change(t, src, "content/platforms/pinterest.md", "risk: mediun", "risk: medium")

	// A new page and a new asset appear; a removed page disappears.
	os.WriteFile(filepath.Join(src, "content/pages/escalation.md"), []byte("---\ntitle: Escalation\n---\nSee the [glossary](glossary.md).\n"), 0o644)
	os.WriteFile(filepath.Join(src, "content/pages/flow.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	u := rebuild(t, rb)
	for _, want := range []string{"pages/escalation/index.html", "pages/flow.svg"} {
		if _, ok := u.Snapshot.Files[want]; !ok {
			t.Errorf("%s missing after it was added", want)
		}
	}
	sameAsFullBuild(t, src, u.Snapshot)
	os.Remove(filepath.Join(src, "content/pages/escalation.md"))
	os.Remove(filepath.Join(src, "content/pages/flow.svg"))
	u = rebuild(t, rb)
	for _, gone := range []string{"pages/escalation/index.html", "pages/flow.svg"} {
		if _, ok := u.Snapshot.Files[gone]; ok {
			t.Errorf("%s still served after it was removed", gone)
		}
		if !slices.Contains(u.Changed, gone) {
			t.Errorf("%s not reported as changed when removed", gone)
		}
	}
	sameAsFullBuild(t, src, u.Snapshot)
}

// An edit that keeps the file's size and time (a fast editor on a coarse
// clock) is still seen when the watcher names the file.
func TestRebuildDirtyFileSameSizeAndTime(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rebuild(t, rb)
	p := filepath.Join(src, "content/pages/glossary.md")
	fi, _ := os.Stat(p)
	data, _ := os.ReadFile(p)
	i := strings.Index(string(data), "both sides")
	if i < 0 {
		t.Fatal("glossary.md changed: no \"both sides\"")
	}
	copy(data[i:], "XYZ")
	os.WriteFile(p, data, 0o644)
	os.Chtimes(p, fi.ModTime(), fi.ModTime())
	u := rebuild(t, rb, "content/pages/glossary.md")
	if !strings.Contains(string(u.Snapshot.Files["pages/glossary/index.html"]), "XYZ") {
		t.Errorf("the edit was not seen")
	}
}

// deferredRebuilder is serve's Rebuilder (DeferSearch) on a copy of the
// fixture, after its first build and search index.
func deferredRebuilder(t *testing.T) (string, *Rebuilder) {
	t.Helper()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rb.DeferSearch = true
	rebuild(t, rb)
	if _, err := rb.RebuildSearch(); err != nil {
		t.Fatal(err)
	}
	return src, rb
}

// With the index written after the pages (serve), the two steps together
// still give exactly what a full build writes.
func TestRebuildDeferredSearch(t *testing.T) {
	t.Parallel()
	src, rb := deferredRebuilder(t)
	change(t, src, "content/tools/hootsuite.md", "## Conditions", "## Conditions for zebra accounts")
	u := rebuild(t, rb, "content/tools/hootsuite.md")
	for _, rel := range u.Changed {
		if isSearchIndex(rel) {
			t.Errorf("the deferred rebuild changed the index file %s", rel)
		}
	}
	su, err := rb.RebuildSearch()
	if err != nil {
		t.Fatal(err)
	}
	if len(su.Changed) == 0 {
		t.Errorf("the new word did not change the index")
	}
	for _, rel := range su.Changed {
		if !isSearchIndex(rel) && rel != export.ManifestJSON {
			t.Errorf("the index step changed %s", rel)
		}
	}
	sameAsFullBuild(t, src, su.Snapshot)
}

func TestRebuildBodyEditsKeepTheSite(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	first := rebuild(t, rb)
	if len(first.Result.Problems) == 0 {
		t.Fatal("the fixture should have a warning")
	}

	// Two bodies at once: their two pages, and the same bytes as a full
	// build, search index included.
	change(t, src, "content/pages/glossary.md", "A risk both sides agreed to carry", "A risk both sides agreed to accept")
	apply(t, src, []edit{{"content/decisions/0002-pinterest.md", "## Risk assessment", "## Risk assessment\n\nReviewed again with the brand team."}})
	u := rebuild(t, rb, "content/pages/glossary.md", "content/decisions/0002-pinterest.md")
	if !u.BodiesOnly {
		t.Errorf("two body edits took the full rebuild")
	}
	if want := []string{"pages/glossary/index.html", "decisions/dr-0002/index.html"}; !slices.Equal(slices.Sorted(slices.Values(u.Rendered)), slices.Sorted(slices.Values(want))) {
		t.Errorf("rendered %v, want %v", u.Rendered, want)
	}
	if !slices.ContainsFunc(u.Changed, isSearchIndex) {
		t.Errorf("the search index did not change with the bodies; changed %v", u.Changed)
	}
	if !slices.Equal(u.Result.Problems, first.Result.Problems) {
		t.Errorf("the kept site lost its warnings: %v", u.Result.Problems)
	}
	sameAsFullBuild(t, src, u.Snapshot)

	// A file with a warning, a front matter edit, a deleted file and a new
	// file each take the full rebuild.
	for _, c := range []struct {
		name string
		edit edit
		rel  string
	}{
		{"file with a warning", edit{"content/platforms/linkedin.md", "Company page only.", "The company page only."}, "content/platforms/linkedin.md"},
		{"front matter", edit{"content/pages/glossary.md", "title: Glossary", "title: Words we use"}, "content/pages/glossary.md"},
		{"new file", edit{"content/pages/faq.md", "", "---\ntitle: FAQ\n---\nAsk us.\n"}, "content/pages/faq.md"},
		{"folder intro", edit{"content/pages/_index.md", "", "---\ntitle: Guidance\n---\nRead these first.\n"}, "content/pages/_index.md"},
	} {
		apply(t, src, []edit{c.edit})
		u := rebuild(t, rb, c.rel)
		if u.BodiesOnly {
			t.Errorf("%s: took the body-only path", c.name)
		}
		sameAsFullBuild(t, src, u.Snapshot)
	}
	if err := os.Remove(filepath.Join(src, "content/pages/faq.md")); err != nil {
		t.Fatal(err)
	}
	if u := rebuild(t, rb, "content/pages/faq.md"); u.BodiesOnly || u.Snapshot.Files["pages/faq/index.html"] != nil {
		t.Errorf("a deleted page took the body-only path or is still published")
	}
}

func TestRebuildBodyEditWithAProblem(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rebuild(t, rb)

	// A broken link in a body is an error at its line, as in a full build.
	change(t, src, "content/pages/glossary.md", "[with conditions](request.md)", "[with conditions](requests.md)")
	_, err := rb.Rebuild("content/pages/glossary.md")
	if err == nil || !strings.Contains(err.Error(), "content/pages/glossary.md:8:") || !strings.Contains(err.Error(), `broken link "requests.md"`) {
		t.Fatalf("a broken link in a body gave %v", err)
	}
	// While it is broken, a good body edit elsewhere must not hide it.
	change(t, src, "content/tools/hootsuite.md", "## Conditions", "## Conditions of use")
	if _, err := rb.Rebuild("content/tools/hootsuite.md"); err == nil || !strings.Contains(err.Error(), "glossary.md:8:") {
		t.Fatalf("after an edit of another file the broken link gave %v", err)
	}
	change(t, src, "content/pages/glossary.md", "(requests.md)", "(request.md)")
	u := rebuild(t, rb, "content/pages/glossary.md")
	sameAsFullBuild(t, src, u.Snapshot)
	// And the next body edit is quick again.
	change(t, src, "content/pages/glossary.md", "often [with", "usually [with")
	if u := rebuild(t, rb, "content/pages/glossary.md"); !u.BodiesOnly {
		t.Errorf("a body edit after the fix took the full rebuild")
	} else {
		sameAsFullBuild(t, src, u.Snapshot)
	}
}

// An editor's save also reports its swap, backup and temporary files; they
// do not stop the body-only path. A removed asset does.
func TestRebuildBodyEditAmongEditorFiles(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rebuild(t, rb)

	change(t, src, "content/pages/glossary.md", "A risk both sides agreed to carry", "A risk both sides agreed to accept")
	apply(t, src, []edit{{"content/pages/.glossary.md.swp", "", "vim swap"}})
	u := rebuild(t, rb, "content/pages/.glossary.md.swp", "content/pages/4913", "content/pages/glossary.md", "content/pages/glossary.md~")
	if !u.BodiesOnly || !slices.Equal(u.Rendered, []string{"pages/glossary/index.html"}) {
		t.Errorf("a save among editor files: body-only %v, rendered %v", u.BodiesOnly, u.Rendered)
	}
	sameAsFullBuild(t, src, u.Snapshot)

	if err := os.Remove(filepath.Join(src, "content/decisions/risk-matrix.svg")); err != nil {
		t.Fatal(err)
	}
	_, err := rb.Rebuild("content/decisions/risk-matrix.svg")
	if err == nil || !strings.Contains(err.Error(), `broken image "risk-matrix.svg"`) {
		t.Errorf("removing an image a page shows gave %v", err)
	}
}

// A day of writing in fast motion: random saves of every kind, each
// followed by an incremental rebuild that must give exactly what a fresh
// build of the same folder gives, whichever path the rebuild took. With
// -short, the first 14 saves of the 40: they hold every kind (a body edit
// with and without editor files, a title edit, a new page, a removal).
func TestRebuildRandomEditsMatchFullBuild(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	rb := NewRebuilder(Options{Source: src, Now: fixtureNow})
	rebuild(t, rb)
	rng := rand.New(rand.NewPCG(6, 29))
	pages := []string{"content/pages/glossary.md", "content/pages/request.md", "content/tools/hootsuite.md",
		"content/platforms/pinterest.md", "content/decisions/0002-pinterest.md"}
	var added []string
	fast, configs := 0, 0
	steps := 40
	if testing.Short() {
		steps = 14
	}
	for step := range steps {
		var dirty []string
		switch k := rng.IntN(7); {
		case k <= 2: // a body edit, sometimes among an editor's files
			p := pages[rng.IntN(len(pages))]
			apply(t, src, []edit{{p, "", string(read(t, src, p)) + fmt.Sprintf("\nStep %d added this line.\n", step)}})
			dirty = []string{p}
			if rng.IntN(2) == 0 {
				dirty = append(dirty, p+"~", filepath.Dir(p)+"/4913")
			}
		case k == 3: // a title edit
			p := "content/pages/glossary.md"
			apply(t, src, []edit{{p, "", strings.Replace(string(read(t, src, p)), "title: ", fmt.Sprintf("title: S%d ", step), 1)}})
			dirty = []string{p}
		case k == 4: // a new page
			p := fmt.Sprintf("content/pages/note-%d.md", step)
			apply(t, src, []edit{{p, "", fmt.Sprintf("---\ntitle: Note %d\n---\nSee the [glossary](glossary.md).\n", step)}})
			added, dirty = append(added, p), []string{p}
		case k == 6: // a setting of playbook.yaml that pages, exports and the index may show
			p := "playbook.yaml"
			cfg := string(read(t, src, p))
			for _, key := range []string{"description:", "statuses:", "unsafe_html:"} {
				if i := strings.Index(cfg, "\n"+key); i >= 0 {
					j := strings.Index(cfg[i+1:], "\n")
					cfg = cfg[:i+1] + cfg[i+1+j+1:]
				}
			}
			settings := []string{"statuses: [on-hold]\n", fmt.Sprintf("description: Step %d.\n", step), "unsafe_html: true\n"}
			set := settings[configs%len(settings)]
			configs++
			apply(t, src, []edit{{p, "", cfg + set}})
			dirty = []string{p}
		default: // a page removed
			if len(added) == 0 {
				continue
			}
			p := added[0]
			added = added[1:]
			if err := os.Remove(filepath.Join(src, filepath.FromSlash(p))); err != nil {
				t.Fatal(err)
			}
			dirty = []string{p}
		}
		u := rebuild(t, rb, dirty...)
		if u.BodiesOnly {
			fast++
		}
		sameAsFullBuild(t, src, u.Snapshot)
		if t.Failed() {
			t.Fatalf("step %d (dirty %v, body-only %v) differs from a full build", step, dirty, u.BodiesOnly)
		}
	}
	if fast == 0 {
		t.Error("no save took the body-only path")
	}
	if configs == 0 {
		t.Error("no save changed a setting")
	}
}

func read(t *testing.T, src, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serve builds the search index on a goroutine of its own while saves go
// on: an index made from a site that a save changed meanwhile is dropped,
// and the next one is the index a fresh build writes.
func TestSearchJobBesideRebuilds(t *testing.T) {
	t.Parallel()
	src, rb := deferredRebuilder(t)

	change(t, src, "content/pages/glossary.md", "A risk both sides agreed to carry", "A risk both sides agreed to bear")
	rebuild(t, rb, "content/pages/glossary.md")
	job := rb.StartSearch()
	done := make(chan struct{})
	go func() {
		job.Run()
		close(done)
	}()
	// A save while the index is being built: it must not wait, and it
	// makes that index out of date.
	change(t, src, "content/tools/hootsuite.md", "## Conditions", "## Conditions of use")
	if u := rebuild(t, rb, "content/tools/hootsuite.md"); !u.BodiesOnly {
		t.Errorf("the save beside the index build took the full rebuild")
	}
	<-done
	if _, ok, err := rb.FinishSearch(job); err != nil || ok {
		t.Errorf("an index made before the last save was published (ok %v, err %v)", ok, err)
	}

	job = rb.StartSearch()
	job.Run()
	u, ok, err := rb.FinishSearch(job)
	if err != nil || !ok {
		t.Fatalf("the index after the last save was not published (ok %v, err %v)", ok, err)
	}
	if !slices.ContainsFunc(u.Changed, isSearchIndex) {
		t.Errorf("the new index changed no file: %v", u.Changed)
	}
	sameAsFullBuild(t, src, u.Snapshot)
}

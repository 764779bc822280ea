package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// draft: true keeps a file out of build (pages, lists, search, exports,
// sitemap) with a count in the build line; -drafts keeps it in.
func TestDrafts(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	writeFile(t, src, "content/pages/secret-plan.md", []byte("---\ntitle: Secret plan\ndraft: true\n---\nZebracorn launch notes.\n"))
	writeFile(t, src, "content/decisions/0009-zebracorn.md", []byte("---\nid: DR-0009\ntitle: Zebracorn ads\ndate: 2026-05-01\nstatus: proposed\nrequested_by: Ana Lopez\nassessed_by: Kim Cho\nrisk: low\ndraft: true\n---\nZebracorn.\n"))
	res, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.DraftsNote(); got != "; left out 2 drafts (build with -drafts to include them)" {
		t.Errorf("drafts note %q", got)
	}
	pub := filepath.Join(src, "public")
	for _, p := range []string{"pages/secret-plan/index.html", "decisions/dr-0009/index.html"} {
		if _, err := os.Stat(filepath.Join(pub, p)); err == nil {
			t.Errorf("%s published", p)
		}
	}
	filepath.WalkDir(pub, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(strings.ToLower(string(b)), "zebracorn") {
				t.Errorf("%s mentions a draft", p)
			}
		}
		return nil
	})
	res, err = Build(Options{Source: src, Now: fixtureNow, NoHistory: true, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.DraftsNote() != "" {
		t.Errorf("-drafts still leaves out %v", res.Drafts)
	}
	b, err := os.ReadFile(filepath.Join(pub, "pages/secret-plan/index.html"))
	if err != nil || !strings.Contains(string(b), "<strong>Draft.</strong>") {
		t.Errorf("with -drafts the draft is not published with its banner: %v", err)
	}
}

// slug, permalink and aliases are honoured as Hugo honours them, or
// refused with the reason; never silently ignored.
func TestAddressKeys(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	writeFile(t, src, "content/pages/glossary.md", []byte("---\ntitle: Glossary\npermalink: /terms/\naliases: [/pages/words/, /old-glossary]\n---\nWords.\n"))
	writeFile(t, src, "content/tools/paypal.md", mustRead(t, filepath.Join(src, "content/tools/paypal.md"), "title: PayPal", "title: PayPal\nslug: paypal-business"))
	if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(src, "public")
	for _, p := range []string{"terms/index.html", "tools/paypal-business/index.html"} {
		if _, err := os.Stat(filepath.Join(pub, p)); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	for _, p := range []string{"pages/words/index.html", "old-glossary/index.html"} {
		b, err := os.ReadFile(filepath.Join(pub, p))
		if err != nil || !strings.Contains(string(b), `<meta http-equiv="refresh" content="0; url=/terms/">`) {
			t.Errorf("alias %s does not redirect to /terms/: %v", p, err)
		}
	}
	writeFile(t, src, "content/decisions/0001-review-process.md", mustRead(t, filepath.Join(src, "content/decisions/0001-review-process.md"), "id: DR-0001", "id: DR-0001\nslug: review\npermalink: /review/"))
	writeFile(t, src, "content/pages/request.md", mustRead(t, filepath.Join(src, "content/pages/request.md"), "weight: 1", "weight: 1\naliases: [/terms/]"))
	build, check := problemsOf(t, src, Options{})
	want := []string{
		`content/decisions/0001-review-process.md:3:7: field "slug" is not used for a decision record: its address is /decisions/<id in lower case>/ whatever its file is called; expected no slug (aliases keep an old address working)`,
		`content/decisions/0001-review-process.md:4:12: field "permalink" is not used for a decision record: its address is made from its id; expected no permalink (aliases keep an old address working)`,
		`content/pages/request.md:1:1: published at /terms/index.html, where content/pages/glossary.md (the page /terms/) is published too; expected one file per address (rename or move one of them)`,
	}
	if strings.Join(build, "\n") != strings.Join(want, "\n") || strings.Join(check, "\n") != strings.Join(build, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(build, "\n"), strings.Join(want, "\n"))
	}
}

func mustRead(t *testing.T, p, old, new string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q: %v", p, old, err)
	}
	return []byte(strings.Replace(string(b), old, new, 1))
}

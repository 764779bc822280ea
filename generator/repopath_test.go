package generator

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With repo_url, a record read through a linked folder (content/decisions
// -> ../docs/adr) is edited where it really is in the repository, not at
// the link, and the request form opens its new file in that folder too.
func TestRepoLinksFollowALinkedLog(t *testing.T) {
	t.Parallel()
	src := copyFixtureOf(t, "testdata/importlog")
	if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(src, "public", filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return html.UnescapeString(string(b))
	}
	page := read("decisions/dr-0001/index.html")
	for _, want := range []string{
		`href="https://git.example.com/acme/platform/edit/main/docs/adr/0001-keep-a-decision-log.md"`,
		`href="https://git.example.com/acme/platform/commits/main/docs/adr/0001-keep-a-decision-log.md"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("dr-0001's page lacks %s", want)
		}
	}
	if strings.Contains(page, "main/content/decisions/0001") {
		t.Errorf("dr-0001's page links to the link content/decisions on the web host, not to the file")
	}
	if form := read("request/index.html"); !strings.Contains(form, `"repoDir":"docs/adr/"`) {
		t.Errorf("the request form does not open its new file in docs/adr/:\n%s", between(form, "data-request"))
	}
}

// between is up to 300 bytes of s from the first occurrence of mark.
func between(s, mark string) string {
	i := strings.Index(s, mark)
	if i < 0 {
		return "(no " + mark + ")"
	}
	return s[i:min(len(s), i+300)]
}

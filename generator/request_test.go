package generator

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"playbook/generator/model"
	"playbook/generator/scaffold"
	"playbook/internal/testsite"
)

// The request form gives a new record the id and file number `playbook new
// decision` gives it, on the fixture site, on an imported decision log and
// on the sample playbook.
func TestRequestFormNumbersAsPlaybookNew(t *testing.T) {
	t.Parallel()
	attr := regexp.MustCompile(`data-request="([^"]*)"`)
	for _, dir := range []string{filepath.Join("testdata", "site"), filepath.Join("testdata", "importlog"), ""} {
		var src string
		if dir == "" { // the sample: its content and config only
			src = t.TempDir()
			testsite.CopyTree(t, filepath.Join("..", "content"), filepath.Join(src, "content"))
			cfg, err := os.ReadFile(filepath.Join("..", "playbook.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, "playbook.yaml"), cfg, 0o644); err != nil {
				t.Fatal(err)
			}
			dir = "the sample"
		} else {
			src = testsite.Copy(t, dir)
		}
		out := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		page, err := os.ReadFile(filepath.Join(out, "request", "index.html"))
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		m := attr.FindSubmatch(page)
		if m == nil {
			t.Fatalf("%s: the request page has no form", dir)
		}
		var form struct{ ID, Number, Dir string }
		if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &form); err != nil {
			t.Fatal(err)
		}
		r, err := scaffold.New(scaffold.Options{Source: src, Kind: "decision", Title: "Threads", Today: model.DateOf(fixtureNow)})
		if err != nil {
			t.Fatalf("%s: playbook new decision: %v", dir, err)
		}
		if got := form.Dir + form.Number + "-threads.md"; form.ID != r.ID || got != r.Path {
			t.Errorf("%s: the form writes %s as %s; playbook new decision writes %s as %s", dir, form.ID, got, r.ID, r.Path)
		}
		if !strings.HasPrefix(form.ID, "DR-") {
			t.Errorf("%s: id %q", dir, form.ID)
		}
	}
}

package generator

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A build into the folder the last build left as it was keeps the pages
// whose inputs did not change (linked from that folder, not rendered
// again) and renders the rest: through random edits of every kind, each
// such build gives exactly the files a build from nothing gives.
func TestBuildKeepsUnchangedPagesAndMatchesAFreshBuild(t *testing.T) {
	t.Parallel()
	s := newUTSite(t, "testdata/site")
	s.build()
	sentinel := filepath.Join(s.out, "platforms", "pinterest", "index.html")
	rng := rand.New(rand.NewPCG(11, 29))
	bodies := []string{"content/pages/glossary.md", "content/tools/hootsuite.md", "content/decisions/0005-tiktok.md", "content/platforms/linkedin.md"}
	var added []string
	kept := 0
	seen := map[string]bool{}
	steps := 30
	if testing.Short() {
		steps = 10
	}
	for step := range steps {
		before, err := os.Stat(sentinel)
		if err != nil {
			t.Fatal(err)
		}
		what := ""
		switch k := rng.IntN(10); {
		case k == 9: // a page template of the theme, laid over the embedded one
			dir := filepath.Join(s.src, "themes", "default", "templates")
			embedded, err := os.ReadFile("../themes/default/templates/tool.html")
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "tool.html"), append(embedded, fmt.Sprintf("\n<!-- step %d -->\n", step)...), 0o644)
			what = "template tool.html"
		case k <= 2: // a body edit, of a page that is not the sentinel
			p := bodies[rng.IntN(len(bodies))]
			apply(t, s.src, []edit{{p, "", string(read(t, s.src, p)) + fmt.Sprintf("\nStep %d added this line.\n", step)}})
			what = "body of " + p
		case k == 3: // a title, which lists and links show
			p := "content/pages/glossary.md"
			apply(t, s.src, []edit{{p, "", strings.Replace(string(read(t, s.src, p)), "title: ", fmt.Sprintf("title: S%d ", step), 1)}})
			what = "title of " + p
		case k == 4: // a new page
			p := fmt.Sprintf("content/pages/note-%d.md", step)
			apply(t, s.src, []edit{{p, "", fmt.Sprintf("---\ntitle: Note %d\n---\nSee the [glossary](glossary.md).\n", step)}})
			added, what = append(added, p), "new "+p
		case k == 5: // a page removed
			if len(added) == 0 {
				continue
			}
			p := added[0]
			added = added[1:]
			if err := os.Remove(filepath.Join(s.src, filepath.FromSlash(p))); err != nil {
				t.Fatal(err)
			}
			what = "removed " + p
		case k >= 7: // another setting of playbook.yaml, whatever pages show it
			p := "playbook.yaml"
			settings := []string{
				fmt.Sprintf("description: Step %d's description.\n", step),
				fmt.Sprintf("stale_after_days: %d\n", 1+step),
				"unsafe_html: true\n",
				"statuses: [on-hold]\n",
			}
			cfg := string(read(t, s.src, p))
			for _, line := range strings.SplitAfter(cfg, "\n") {
				for _, set := range settings {
					if key := strings.SplitN(set, ":", 2)[0] + ":"; strings.HasPrefix(line, key) {
						cfg = strings.Replace(cfg, line, "", 1)
					}
				}
			}
			set := settings[rng.IntN(len(settings))]
			apply(t, s.src, []edit{{p, "", cfg + set}})
			what = "setting " + strings.TrimSpace(set)
		default: // the site's title, which every page shows
			p := "playbook.yaml"
			apply(t, s.src, []edit{{p, "", strings.Replace(string(read(t, s.src, p)), "title: ", fmt.Sprintf("title: T%d ", step), 1)}})
			what = "site title"
		}
		seen[strings.Fields(what)[0]] = true
		r := s.build()
		if wasKept(r) {
			t.Fatalf("step %d (%s): the output folder was kept whole", step, what)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if _, err := Build(Options{Source: s.src, Out: fresh, Now: fixtureNow, NoCache: true}); err != nil {
			t.Fatal(err)
		}
		got, want := tree(t, s.out), tree(t, fresh)
		for p, h := range want {
			if got[p] != h {
				t.Errorf("step %d (%s): %s differs from a build from nothing", step, what, p)
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("step %d (%s): %s is left over", step, what, p)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		after, err := os.Stat(sentinel)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(what, "body of ") {
			if !os.SameFile(before, after) {
				t.Errorf("step %d (%s): the page of another file was written again, not kept", step, what)
			}
			kept++
		}
		if what == "site title" && os.SameFile(before, after) {
			t.Errorf("step %d: a new site title kept a page that shows it", step)
		}
	}
	if kept == 0 {
		t.Error("no step edited a body alone")
	}
	if !testing.Short() {
		for _, kind := range []string{"body", "title", "new", "removed", "setting", "site", "template"} {
			if !seen[kind] {
				t.Errorf("no step of kind %q", kind)
			}
		}
	}
}

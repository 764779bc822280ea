package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"playbook/generator/diag"
	"playbook/internal/testsite"
	theme "playbook/themes/default"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// fixtureNow is the clock of every fixture build: LinkedIn's review
// (2026-05-01) is past due on it, every other date is not.
var fixtureNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// copyFixture copies testdata/site into a fresh folder and returns it.
func copyFixture(t *testing.T) string { return testsite.Copy(t, "testdata/site") }

// copyFixtureOf copies another fixture site for the test to change.
func copyFixtureOf(t *testing.T, dir string) string { return testsite.Copy(t, dir) }

// tree returns every file under dir with a hash of its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildFixtureGolden(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	os.Unsetenv("SOURCE_DATE_EPOCH")
	src := copyFixture(t)
	res, err := Build(Options{Source: src, Now: fixtureNow})
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if res.Platforms != 2 || res.Tools != 2 || res.Decisions != 5 || res.Assets != 1 {
		t.Errorf("counts = %+v", res)
	}
	if got := res.Summary(); !strings.HasPrefix(got, fmt.Sprintf("built %d pages (2 platforms, 2 tools, 5 decisions) in ", res.Pages)) {
		t.Errorf("summary = %q", got)
	}
	wantWarn := "content/platforms/linkedin.md:7:14: warning: the review of platform LinkedIn was due on 2026-05-01 (31 days ago); expected a review and a new \"next_review\" date"
	if len(res.Problems) != 1 || res.Problems[0].String() != wantWarn {
		t.Errorf("problems = %v\nwant %s", res.Problems, wantWarn)
	}
	out := filepath.Join(src, "public")
	// The theme's static files (search.js, site.css, filter.js, ...) are
	// published as they are: they are compared with the theme, not kept a
	// second time in the golden folder.
	static := map[string]bool{}
	fs.WalkDir(theme.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel := strings.TrimPrefix(p, "static/")
			static[rel] = true
			b, _ := fs.ReadFile(theme.FS, p)
			if g, err := os.ReadFile(filepath.Join(out, rel)); err != nil || string(g) != string(b) {
				t.Errorf("%s is not published as the theme holds it: %v", rel, err)
			}
		}
		return nil
	})
	golden := "testdata/golden"
	if *update {
		os.RemoveAll(golden)
		if err := os.CopyFS(golden, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		for rel := range static {
			os.Remove(filepath.Join(golden, rel))
		}
	}
	got, want := tree(t, out), tree(t, golden)
	for rel := range static {
		delete(got, rel)
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		switch {
		case want[n] == "":
			t.Errorf("unexpected output file %s (run go test ./generator -update and review the diff)", n)
		case got[n] == "":
			t.Errorf("missing output file %s", n)
		case got[n] != want[n]:
			g, _ := os.ReadFile(filepath.Join(out, n))
			w, _ := os.ReadFile(filepath.Join(golden, n))
			t.Errorf("%s differs from the golden file:\n%s", n, firstDiff(string(w), string(g)))
		}
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d\nwant: %s\n got: %s", i+1, w, g)
		}
	}
	return "(same lines)"
}

func TestBuildIsReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1780000000")
	src := copyFixture(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		if _, err := Build(Options{Source: src, Out: out}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) == 0 || fmt.Sprint(ta) != fmt.Sprint(tb) {
		t.Errorf("two builds of the same content differ")
	}
}

// edit is a change made to a copy of the fixture site.
type edit struct {
	file     string // relative to the site folder
	old, new string // replace old by new; old "" means write new as the whole file
}

func apply(t *testing.T, src string, edits []edit) {
	t.Helper()
	for _, e := range edits {
		p := filepath.Join(src, filepath.FromSlash(e.file))
		if e.old == "" {
			if err := os.WriteFile(p, []byte(e.new), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(e.old)) {
			t.Fatalf("%s does not contain %q", e.file, e.old)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(e.old), []byte(e.new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A build that fails on a content error leaves the previous output as it
// was and no staging folder behind. (The errors themselves, one small site
// a case, are checked by playbook check in
// cmd/playbook/testdata/script/check_*.txtar.)
func TestFailedBuildKeepsOutput(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	if _, err := Build(Options{Source: src, Now: fixtureNow}); err != nil {
		t.Fatalf("the fixture does not build: %v", err)
	}
	out := filepath.Join(src, "public")
	before := tree(t, out)
	apply(t, src, []edit{{"content/platforms/pinterest.md", "owner:", "ownr:"}})
	_, err := Build(Options{Source: src, Now: fixtureNow})
	var de *diag.Errors
	if !errors.As(err, &de) || !strings.Contains(err.Error(), `content/platforms/pinterest.md:5:1: unknown field "ownr" in a platform`) {
		t.Fatalf("build error = %v, want the unknown field", err)
	}
	if after := tree(t, out); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a failed build changed the previous output")
	}
	assertNoLeftovers(t, src)
}

func assertNoLeftovers(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}
}

func TestStrictTurnsWarningsIntoErrors(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	_, err := Build(Options{Source: src, Now: fixtureNow, Strict: true})
	var de *diag.Errors
	if !errors.As(err, &de) || len(de.List) != 1 || !strings.Contains(de.List[0].String(), "linkedin.md:7:14: the review of platform LinkedIn was due") {
		t.Fatalf("strict build: %v", err)
	}
	if _, err := os.Stat(filepath.Join(src, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed strict build wrote output")
	}
}

func TestCheckWritesNothing(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	res, err := Check(Options{Source: src, Now: fixtureNow})
	if err != nil || len(res.Problems) != 1 {
		t.Fatalf("check: %v %v", err, res.Problems)
	}
	if entries, _ := os.ReadDir(src); len(entries) != 2 {
		t.Errorf("check wrote into the site folder: %v", entries)
	}
}

func TestSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	d, err := Today(time.Time{})
	if err != nil || d.String() != "2026-01-01" {
		t.Errorf("Today = %v, %v", d, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "soon")
	if _, err := Today(time.Time{}); err == nil || err.Error() != `SOURCE_DATE_EPOCH is "soon"; expected a number of seconds since 1970-01-01` {
		t.Errorf("bad SOURCE_DATE_EPOCH: %v", err)
	}
}

// TestConsistency breaks the log's agreement with itself one way at a time:
// each is a warning in build and an error under -strict.
func TestConsistency(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edits []edit
		want  string
	}{
		{"status contradicts a rejection", []edit{{"content/decisions/0004-hootsuite-sso.md", "status: accepted", "status: rejected"}},
			`content/tools/hootsuite.md:5:9: tool Hootsuite is conditional, but its latest decision DR-0004 (2025-09-01) rejected it; expected status not-approved, or a newer accepted decision`},
		{"approved despite conditions", []edit{{"content/tools/hootsuite.md", "status: conditional", "status: approved"}},
			`content/tools/hootsuite.md:5:9: tool Hootsuite is approved, but its latest decision DR-0004 (2025-09-01) accepted it only with conditions; expected status conditional`},
		{"not-approved despite acceptance", []edit{{"content/platforms/pinterest.md", "status: conditional", "status: not-approved"}},
			`content/platforms/pinterest.md:3:9: platform Pinterest is not-approved, but its latest decision DR-0002 (2025-06-01) accepted it; expected status conditional, or a newer rejected decision`},
		{"supersession on one side", []edit{{"content/decisions/0004-hootsuite-sso.md", "supersedes: DR-0003\n", ""}},
			`content/decisions/0003-hootsuite-shared.md:10:16: DR-0003 is superseded by DR-0004, but DR-0004 does not list it; expected "supersedes: [DR-0003]" in content/decisions/0004-hootsuite-sso.md`},
		{"successor dated earlier", []edit{{"content/decisions/0004-hootsuite-sso.md", "date: 2025-09-01", "date: 2025-03-01"}},
			`content/decisions/0003-hootsuite-shared.md:10:16: DR-0003 (2025-04-01) is superseded by DR-0004, which is dated earlier (2025-03-01); expected a successor dated on or after the record it replaces`},
		{"accepted risk past its review", []edit{{"content/decisions/0004-hootsuite-sso.md", "conditions: [Per-user seats]", "conditions: [Per-user seats]\nreview_by: 2026-03-01"}},
			`content/decisions/0004-hootsuite-sso.md:11:12: the review of the risk accepted in DR-0004 was due on 2026-03-01 (92 days ago); expected a review and a new "review_by" date`},
		{"escalated too long", []edit{{"playbook.yaml", "stale_after_days: 120", "stale_after_days: 30"}},
			`content/decisions/0005-tiktok.md:5:9: DR-0005 has been escalated for 92 days (since 2026-03-01); expected a decision within 30 days (stale_after_days in playbook.yaml)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := copyFixture(t)
			apply(t, src, c.edits)
			res, err := Check(Options{Source: src, Now: fixtureNow})
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			var got []string
			for _, d := range res.Problems {
				if !strings.Contains(d.File, "linkedin") { // LinkedIn's review is due in the fixture
					got = append(got, d.String())
				}
			}
			if len(got) != 1 || got[0] != strings.Replace(c.want, ": ", ": warning: ", 1) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
			_, err = Check(Options{Source: src, Now: fixtureNow, Strict: true})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("check -strict: %v\nwant the error %s", err, c.want)
			}
		})
	}
}

// MADR writes "superseded by X" as the status; the config may add statuses;
// any other status is an error naming the value and what is allowed.
func TestDecisionStatuses(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	apply(t, src, []edit{{"content/decisions/0003-hootsuite-shared.md", "status: superseded\n", "status: superseded by DR-0004\n"},
		{"content/decisions/0003-hootsuite-shared.md", "superseded_by: DR-0004\n", ""}})
	site, _, probs, err := Load(Options{Source: src, Now: fixtureNow})
	if err != nil || probs.HasErrors() {
		t.Fatalf("load: %v %v", err, probs)
	}
	if d := site.DecisionByID["DR-0003"]; d.Status != "superseded" || d.Successor == nil || d.Successor.ID != "DR-0004" {
		t.Errorf("DR-0003: status %q, successor %v", d.Status, d.Successor)
	}

	apply(t, src, []edit{{"content/decisions/0005-tiktok.md", "status: escalated", "status: on-hold"}})
	_, err = Check(Options{Source: src, Now: fixtureNow})
	want := `content/decisions/0005-tiktok.md:5:9: field "status" is "on-hold"; expected one of proposed, escalated, accepted, rejected, withdrawn, deprecated, superseded (or "superseded by" and the successor's id)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("unknown status: %v\nwant %s", err, want)
	}
	apply(t, src, []edit{{"playbook.yaml", "stale_after_days: 120", "stale_after_days: 120\nstatuses: [on-hold]"}})
	if _, err := Check(Options{Source: src, Now: fixtureNow}); err != nil {
		t.Errorf("a status the config adds: %v", err)
	}
}

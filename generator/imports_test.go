package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A decision log kept elsewhere in the repository, in every common shape
// (adr-tools, MADR 2.x lists, MADR 3 front matter after a markdownlint
// comment, log4brains' dated names, a table, a subfolder, folder files
// and a template), linked in exactly as the README says (`ln -s
// ../docs/adr content/decisions`, nothing edited), publishes with every
// record read right on the first build.
func TestImportedLogThroughSymlink(t *testing.T) {
	t.Parallel()
	src := copyFixtureOf(t, "testdata/importlog")
	if fi, err := os.Lstat(filepath.Join(src, "content/decisions")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the fixture's content/decisions is not a symbolic link: %v", err)
	}
	res, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	var probs []string
	for _, d := range res.Problems {
		probs = append(probs, d.String())
	}
	wantProbs := []string{
		`content/decisions/0008_parked_idea.md:5:7: warning: decision record DR-0008: date "2024-13-10" has no month 13; expected YYYY-MM-DD; it is shown as "date unknown"`,
		`content/decisions/ADR-0007-paid-boosts.md:1:1: warning: DR-0007 has been proposed for 740 days (since 2024-05-22); expected a decision within 30 days (stale_after_days in playbook.yaml)`,
		`content/decisions/adr-006-review-board.md:1:1: warning: DR-0006 has been proposed for 700 days (since 2024-07-01); expected a decision within 30 days (stale_after_days in playbook.yaml)`,
	}
	if strings.Join(probs, "\n") != strings.Join(wantProbs, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(wantProbs, "\n"))
	}
	if got := res.SkippedNote(); got != "; skipped 3 files that are not records (content/decisions/README.md, content/decisions/index.md, content/decisions/template.md)" {
		t.Errorf("skipped note %q", got)
	}
	var exp struct {
		Decisions []struct {
			ID, Title, Status, Date string
			DecidedBy               []string `json:"decided_by"`
			SupersededBy            string   `json:"superseded_by"`
			Supersedes              []string
		}
	}
	data, err := os.ReadFile(filepath.Join(src, "public/exports/decisions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range exp.Decisions {
		got = append(got, strings.Join([]string{d.ID, d.Title, d.Status, d.Date, strings.Join(d.DecidedBy, "+"), d.SupersededBy, strings.Join(d.Supersedes, "+")}, " | "))
	}
	want := []string{
		"DR-0001 | Keep a decision log | accepted | 2023-04-02 |  |  | ",
		"DR-0002 | Shared login for the scheduler | superseded | 2023-05-10 |  | DR-0005 | ",
		"DR-0003 | Write records in markdown | accepted | 2023-02-21 | adh+jspring |  | ",
		"DR-0004 | Require MFA on every social account | accepted | 2024-05-22 | Priya Raman+Tom Okafor |  | ",
		"DR-0005 | Single sign-on for the scheduler | accepted | 2024-05-22 | Priya Raman |  | DR-0002",
		"DR-0006 | A review board for new platforms | proposed | 2024-07-01 |  |  | ",
		"DR-0007 | Paid boosts on short video | proposed | 2024-05-22 |  |  | ",
		"DR-0008 | Parked: a bot for replies | withdrawn |  |  |  | ",
		"DR-0009 | A queue for scheduled posts | accepted | 2024-09-09 |  |  | ",
		"DR-2025010801 | Use Log4brains to manage the records | accepted | 2025-01-08 | Priya Raman |  | DR-2025010802",
		// A link to a record named by date finds it by its file.
		"DR-2025010802 | Use markdown records | superseded | 2025-01-08 |  | DR-2025010801 | ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	page := func(id string) string {
		b, err := os.ReadFile(filepath.Join(src, "public/decisions", id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for id, wants := range map[string][]string{
		// The word as written beside the contract's state.
		"dr-0006": {"In Review (Proposed)"},
		"dr-0007": {"On hold (Proposed)"},
		"dr-0008": {"Parked (Withdrawn)"},
		// A link to a file beside the log, not content: on the web host.
		"dr-0001": {`href="https://git.example.com/acme/platform/blob/main/docs/diagrams/flow.svg"`},
		// Supersession read from an adr-tools link, with the link working.
		"dr-0002": {`href="/decisions/dr-0005/"`},
		// A record in a subfolder, with the folder as its category.
		"dr-0009": {"Category", "backend"},
	} {
		p := page(id)
		for _, w := range wants {
			if !strings.Contains(p, w) {
				t.Errorf("%s's page lacks %s", id, w)
			}
		}
	}
}

// Without repo_url a link to a repository file that is not content is a
// warning, not an error; a link to nothing anywhere stays an error.
func TestImportedLogLinksOutsideContent(t *testing.T) {
	t.Parallel()
	src := copyFixtureOf(t, "testdata/importlog")
	writeFile(t, src, "playbook.yaml", []byte("title: Imported log\nstatus_map: {parked: withdrawn}\n"))
	writeFile(t, src, "docs/adr/0010-missing-link.md", []byte("# 10. A missing link\n\nDate: 2025-02-02\n\n## Status\n\nAccepted\n\n## Context\n\nSee [nothing](../nowhere/gone.md).\n"))
	build, check := problemsOf(t, src, Options{})
	want := []string{`content/decisions/0010-missing-link.md:11:5: broken link "../nowhere/gone.md": no file content/nowhere/gone.md; expected a path relative to this file`}
	if strings.Join(build, "\n") != strings.Join(want, "\n") || strings.Join(check, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\ncheck:\n%s\nwant:\n%s", strings.Join(build, "\n"), strings.Join(check, "\n"), strings.Join(want, "\n"))
	}
	os.Remove(filepath.Join(src, "docs/adr/0010-missing-link.md"))
	res, err := Check(Options{Source: src, Now: fixtureNow, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range res.Problems {
		if d.String() == `content/decisions/0001-keep-a-decision-log.md:19:17: warning: link "../diagrams/flow.svg" leads to docs/diagrams/flow.svg, a file of the site folder that is not content, so it is not published; expected a link to content, or repo_url in playbook.yaml to link to it on the repository's web host` {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for the link to a repository file:\n%v", res.Problems)
	}
}

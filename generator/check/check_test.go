package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"playbook/generator/check"
	"playbook/generator/config"
	"playbook/generator/link"
	"playbook/generator/load"
	"playbook/generator/model"
	"playbook/generator/scaffold"
)

var today = model.Date{Year: 2026, Month: 6, Day: 1}

// problems loads a site made of files and returns what the loader and
// check report, one line each, sorted.
func problems(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, probs := config.Load(dir)
	site, lp := load.Site(load.Options{Source: dir, Config: cfg, Today: today})
	probs.Add(lp)
	link.Site(site)
	probs.Add(check.Site(site))
	var out []string
	for _, d := range probs.Sort() {
		out = append(out, d.String())
	}
	return out
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// record is a native decision record with the given status line and body;
// its front matter takes 12 lines, so the body starts on line 13.
func record(status, body string) string {
	return `---
id: DR-0009
title: TikTok on a dedicated device
date: 2026-05-20
` + status + `
requested_by: Dana Whitfield
assessed_by: Kim Cho
risk: medium
decided_by: [Ana Lopez]
escalated_to: Elena Novak
tags: []
---
` + body
}

const filled = `## Business need

Marketing wants short videos for the autumn launch.

## Risk assessment

The app collects device data; a dedicated phone keeps it away from work data.

## Decision

Accepted on a dedicated device.
`

// An accepted, rejected or escalated record that still reads like the
// template, or leaves a required section empty, is a warning at the line
// to fix; a record still proposed is left alone.
func TestUnfinished(t *testing.T) {
	const file = "content/decisions/0009-tiktok.md"
	cases := []struct {
		name   string
		status string
		body   string
		want   []string
	}{
		{"finished", "status: accepted", filled, nil},
		{"proposed with the template's text", "status: proposed", "## Business need\n\nWhat marketing wants to do, for whom, and why now.\n\n## Decision\n", nil},
		{"the template's business need", "status: accepted", strings.Replace(filled, "Marketing wants short videos for the autumn launch.", "What marketing wants to do, for whom, and why now.", 1), []string{
			file + `:15:1: warning: DR-0009 is accepted but still holds the template's placeholder "What marketing wants to do, for whom, and why now."; expected the business need in your own words`,
		}},
		{"the template's risk assessment, rejected", "status: rejected", strings.Replace(filled, "The app collects device data; a dedicated phone keeps it away from work data.", "What security found: data involved, account security, vendor, legal.", 1), []string{
			file + `:19:1: warning: DR-0009 is rejected but still holds the template's placeholder "What security found: data involved, account security, vendor, legal."; expected the risk assessment in your own words`,
		}},
		{"an empty risk assessment", "status: accepted", strings.Replace(filled, "The app collects device data; a dedicated phone keeps it away from work data.\n", "", 1), []string{
			file + `:17:1: warning: DR-0009 is accepted but its "Risk assessment" section is empty; expected what security found: data involved, account security, vendor, legal`,
		}},
		{"an empty decision at the end", "status: accepted", strings.Replace(filled, "Accepted on a dedicated device.\n", "", 1), []string{
			file + `:21:1: warning: DR-0009 is accepted but its "Decision" section is empty; expected what was decided, and on what terms`,
		}},
		{"an empty decision when escalated", "status: escalated", strings.Replace(filled, "Accepted on a dedicated device.\n", "<!-- to be written by the COO -->\n", 1), []string{
			file + `:21:1: warning: DR-0009 is escalated but its "Decision" section is empty; expected why it was escalated and what the senior decision-maker is asked to decide`,
		}},
		{"only a subheading and a comment under the business need", "status: accepted", strings.Replace(filled, "Marketing wants short videos for the autumn launch.", "### Audience\n\n<!--\nfill in\n-->", 1), []string{
			file + `:13:1: warning: DR-0009 is accepted but its "Business need" section is empty; expected what marketing wants to do, for whom, and why now`,
		}},
		{"text under a subheading fills the section", "status: accepted", strings.Replace(filled, "Accepted on a dedicated device.", "### Terms\n\nA dedicated phone.", 1), nil},
		{"a code block fills the section", "status: accepted", strings.Replace(filled, "Accepted on a dedicated device.", "```\nallow tiktok on device-17\n```", 1), nil},
		{"a placeholder in a code block is code", "status: accepted", filled + "\n## Notes\n\n```md\nWhat marketing wants to do, for whom, and why now.\nTODO\n```\n", nil},
		{"a heading at the same level ends the section", "status: accepted", strings.Replace(filled, "## Decision\n\nAccepted on a dedicated device.\n", "## Decision\n## Conditions\n\nA dedicated phone.\n", 1), []string{
			file + `:21:1: warning: DR-0009 is accepted but its "Decision" section is empty; expected what was decided, and on what terms`,
		}},
		{"setext and closed headings", "status: accepted", "Business need\n-------------\n\nShort videos.\n\n## Risk assessment: ##\n\nLow.\n\nDecision\n========\n", []string{
			file + `:22:1: warning: DR-0009 is accepted but its "Decision" section is empty; expected what was decided, and on what terms`,
		}},
		{"TODO and a MADR placeholder", "status: accepted", filled + "\n## Consequences\n\n- TODO: ask legal\n- {describe the consequences}\n**TBD**\n", []string{
			file + `:27:3: warning: DR-0009 is accepted but still holds the template's placeholder "TODO: ask legal"; expected the finished text`,
			file + `:28:3: warning: DR-0009 is accepted but still holds the template's placeholder "{describe the consequences}"; expected the finished text`,
			file + `:29:1: warning: DR-0009 is accepted but still holds the template's placeholder "**TBD**"; expected the finished text`,
		}},
		{"empty options", "status: accepted", filled + "\n## Options\n\n1. \n2.\n", []string{
			file + `:27:1: warning: DR-0009 is accepted but still holds the template's placeholder "1."; expected the item's text, or no item`,
			file + `:28:1: warning: DR-0009 is accepted but still holds the template's placeholder "2."; expected the item's text, or no item`,
		}},
		{"words that only look like markers", "status: accepted", filled + "\nTodos are tracked in the ticket. The {brand} kit and the 2026. plan stay.\n", nil},
		{"withdrawn and superseded are not checked", "status: withdrawn", "## Decision\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problems(t, map[string]string{file: record(c.status, c.body)})
			sameLines(t, got, c.want)
		})
	}
}

// A conditional platform or tool whose latest accepted decision states no
// conditions is a warning at its status: nobody can tell what they are.
func TestConditionsStated(t *testing.T) {
	platform := func(status string) string {
		return "---\ntitle: TikTok\nstatus: " + status + "\nrisk: medium\nowner: Dana\nreviewed: 2026-01-10\nnext_review: 2027-01-10\ndecisions: [DR-0009]\n---\nBody.\n"
	}
	tool := "---\ntitle: Buffer\nvendor: Buffer Inc.\ncategory: Scheduling\nstatus: conditional\ndata: internal\nsso: enforced\nmfa: enforced\nowner: Kim\nreviewed: 2026-01-10\nnext_review: 2027-01-10\nconditions: [Per-user seats]\ndecisions: [DR-0009]\n---\nBody.\n"
	decision := func(status, conditions, body string) string {
		return "---\nid: DR-0009\ntitle: TikTok\ndate: 2026-05-20\nstatus: " + status + "\nrequested_by: Dana\nassessed_by: Kim\nrisk: medium\ndecided_by: Ana\n" + conditions + "---\n" + filled + body
	}
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"platform without conditions", map[string]string{
			"content/platforms/tiktok.md":      platform("conditional"),
			"content/decisions/0009-tiktok.md": decision("accepted", "", ""),
		}, []string{
			`content/platforms/tiktok.md:3:9: warning: platform TikTok is conditional, but its latest accepted decision DR-0009 (2026-05-20) states no conditions; expected a "conditions" list in content/decisions/0009-tiktok.md saying what users must do, or status approved`,
		}},
		{"tool without conditions", map[string]string{
			"content/tools/buffer.md":          tool,
			"content/decisions/0009-tiktok.md": decision("accepted", "conditions: []\n", ""),
		}, []string{
			`content/tools/buffer.md:5:9: warning: tool Buffer is conditional, but its latest accepted decision DR-0009 (2026-05-20) states no conditions; expected a "conditions" list in content/decisions/0009-tiktok.md saying what users must do, or status approved`,
		}},
		{"conditions in front matter", map[string]string{
			"content/platforms/tiktok.md":      platform("conditional"),
			"content/decisions/0009-tiktok.md": decision("accepted", "conditions: [A dedicated phone]\n", ""),
		}, nil},
		{"a Conditions section", map[string]string{
			"content/platforms/tiktok.md":      platform("conditional"),
			"content/decisions/0009-tiktok.md": decision("accepted", "", "\n## Conditions\n\nA dedicated phone.\n"),
		}, nil},
		{"an empty Conditions section", map[string]string{
			"content/platforms/tiktok.md":      platform("conditional"),
			"content/decisions/0009-tiktok.md": decision("accepted", "", "\n## Conditions\n\n## Consequences\n\nNone.\n"),
		}, []string{
			`content/platforms/tiktok.md:3:9: warning: platform TikTok is conditional, but its latest accepted decision DR-0009 (2026-05-20) states no conditions; expected a "conditions" list in content/decisions/0009-tiktok.md saying what users must do, or status approved`,
		}},
		{"approved", map[string]string{
			"content/platforms/tiktok.md":      platform("approved"),
			"content/decisions/0009-tiktok.md": decision("accepted", "", ""),
		}, nil},
		{"still proposed", map[string]string{
			"content/platforms/tiktok.md":      platform("conditional"),
			"content/decisions/0009-tiktok.md": decision("proposed", "", ""),
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sameLines(t, problems(t, c.files), c.want)
		})
	}
}

// A broken link to a file whose name is nearly right says which file was
// meant, as the link should be written.
func TestBrokenLinkSuggestion(t *testing.T) {
	page := func(link string) map[string]string {
		return map[string]string{
			"content/pages/how.md":         "---\ntitle: How\n---\nUse " + link + ".\n",
			"content/tools/hootsuite.md":   "---\ntitle: Hootsuite\nvendor: H\ncategory: C\nstatus: approved\ndata: internal\nsso: enforced\nmfa: enforced\nowner: Kim\nreviewed: 2026-01-10\nnext_review: 2027-01-10\n---\nBody.\n",
			"content/pages/matrix.svg":     "<svg/>",
			"content/pages/0005-tiktok.md": "---\ntitle: TikTok notes\n---\nNotes.\n",
		}
	}
	cases := []struct{ link, want string }{
		{"[Hootsuite](../tools/hootsuit.md)", `content/pages/how.md:4:5: broken link "../tools/hootsuit.md": no file content/tools/hootsuit.md; did you mean "../tools/hootsuite.md"?`},
		{"[SSO](../tools/hootsuit.md#sso)", `content/pages/how.md:4:5: broken link "../tools/hootsuit.md#sso": no file content/tools/hootsuit.md; did you mean "../tools/hootsuite.md#sso"?`},
		{"[Hootsuite](../tool/hootsuite.md)", `content/pages/how.md:4:5: broken link "../tool/hootsuite.md": no file content/tool/hootsuite.md; did you mean "../tools/hootsuite.md"?`},
		{"![matrix](matrx.svg)", `content/pages/how.md:4:5: broken image "matrx.svg": no file content/pages/matrx.svg; did you mean "matrix.svg"?`},
		{"[Buffer](../tools/buffer.md)", `content/pages/how.md:4:5: broken link "../tools/buffer.md": no file content/tools/buffer.md; expected a path relative to this file`},
		{"[Old](0099-missing.md)", `content/pages/how.md:4:5: broken link "0099-missing.md": no file content/pages/0099-missing.md; expected a path relative to this file`},
		{"[Hoot](../tools/hoot.md)", `content/pages/how.md:4:5: broken link "../tools/hoot.md": no file content/tools/hoot.md; expected a path relative to this file`},
	}
	for _, c := range cases {
		t.Run(c.link, func(t *testing.T) {
			sameLines(t, problems(t, page(c.link)), []string{c.want})
		})
	}
}

// A record written by `playbook new decision` and marked accepted without
// a word of its body changed warns at every placeholder the scaffold
// writes and at the empty Decision section; this keeps the placeholders
// check knows in step with generator/scaffold.
func TestScaffoldPlaceholders(t *testing.T) {
	dir := t.TempDir()
	res, err := scaffold.New(scaffold.Options{Source: dir, Kind: "decision", Title: "TikTok on a dedicated device", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(res.Path)))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for field, value := range map[string]string{
		"status": "accepted", "requested_by": "Dana Whitfield", "assessed_by": "Kim Cho",
		"risk": "medium", "decided_by": "[Ana Lopez]",
	} {
		text = regexp.MustCompile(`(?m)^`+field+`:.*$`).ReplaceAllString(text, field+": "+value)
	}
	lineOf := func(s string) int {
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("the scaffold no longer writes %q:\n%s", s, text)
		}
		return 1 + strings.Count(text[:i], "\n")
	}
	file := res.Path
	want := []string{
		fmt.Sprintf(`%s:%d:1: warning: DR-0001 is accepted but still holds the template's placeholder "What marketing wants to do, for whom, and why now."; expected the business need in your own words`, file, lineOf("What marketing wants")),
		fmt.Sprintf(`%s:%d:1: warning: DR-0001 is accepted but still holds the template's placeholder "What security found: data involved, account security, vendor, legal."; expected the risk assessment in your own words`, file, lineOf("What security found")),
		fmt.Sprintf(`%s:%d:1: warning: DR-0001 is accepted but still holds the template's placeholder "1."; expected the item's text, or no item`, file, lineOf("1. ")),
		fmt.Sprintf(`%s:%d:1: warning: DR-0001 is accepted but still holds the template's placeholder "2."; expected the item's text, or no item`, file, lineOf("2. ")),
		fmt.Sprintf(`%s:%d:1: warning: DR-0001 is accepted but its "Decision" section is empty; expected what was decided, and on what terms`, file, lineOf("## Decision")),
	}
	sameLines(t, problems(t, map[string]string{file: text}), want)
}

// BodyProblems says what of a checked site depends on one record's body,
// so that serve's fast path can tell when a saved body changes it: the
// record's own placeholders, and the conditional platform it leaves
// without conditions.
func TestBodyProblems(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"content/platforms/tiktok.md":      "---\ntitle: TikTok\nstatus: conditional\nrisk: medium\nowner: Dana\nreviewed: 2026-01-10\nnext_review: 2027-01-10\ndecisions: [DR-0009]\n---\nBody.\n",
		"content/decisions/0009-tiktok.md": record("status: accepted", strings.Replace(filled, "Accepted on a dedicated device.\n", "", 1)),
		"content/decisions/0010-other.md":  strings.Replace(record("status: proposed", filled), "DR-0009", "DR-0010", 1),
		"content/pages/notes.md":           "---\ntitle: Notes\n---\nNotes.\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _ := config.Load(dir)
	site, _ := load.Site(load.Options{Source: dir, Config: cfg, Today: today})
	link.Site(site)
	all := check.Site(site)
	var got []string
	for _, d := range check.BodyProblems(site, "content/decisions/0009-tiktok.md") {
		got = append(got, d.String())
	}
	sameLines(t, got, []string{
		`content/decisions/0009-tiktok.md:21:1: warning: DR-0009 is accepted but its "Decision" section is empty; expected what was decided, and on what terms`,
		`content/platforms/tiktok.md:3:9: warning: platform TikTok is conditional, but its latest accepted decision DR-0009 (2026-05-20) states no conditions; expected a "conditions" list in content/decisions/0009-tiktok.md saying what users must do, or status approved`,
	})
	for _, d := range check.BodyProblems(site, "content/decisions/0009-tiktok.md") {
		if !slices.Contains(all, d) {
			t.Errorf("%s is not among the site's problems", d)
		}
	}
	for _, other := range []string{"content/decisions/0010-other.md", "content/pages/notes.md", "content/nothing.md"} {
		if got := check.BodyProblems(site, other); len(got) > 0 {
			t.Errorf("%s: %v", other, got)
		}
	}
}

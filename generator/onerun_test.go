package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"playbook/generator/diag"
)

// Every problem of a run is reported in one sorted list, errors and
// warnings both: a bad status does not hide the same file's broken link,
// a duplicate id shows beside other errors, and a review past due is
// still reported when there are errors.
func TestEveryProblemInOneRun(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	writeFile(t, src, "content/decisions/0006-bad.md", []byte(`---
id: DR-0006
title: Bad status
date: 2025-05-01
status: acepted
requested_by: Ana Lopez
assessed_by: Kim Cho
risk: low
decided_by: Kim Cho
---
See [the missing record](0099-missing.md).
`))
	writeFile(t, src, "content/decisions/0007-dup.md", []byte(`---
id: DR-0002
title: Duplicate
date: 2025-05-02
status: proposed
requested_by: Ana Lopez
assessed_by: Kim Cho
risk: low
---
Body.
`))
	writeFile(t, src, "content/tools/buffer.md", []byte(`---
title: Buffer
vendor: Buffer Inc.
category: scheduling
status: approved
data: internal
sso: supported
mfa: enforced
owner: Kim Cho
reviewed: 2024-01-01
next_review: 2024-06-01
---
Body.
`))
	want := []string{
		`content/decisions/0006-bad.md:5:9: field "status" is "acepted"; expected one of proposed, escalated, accepted, rejected, withdrawn, deprecated, superseded (or "superseded by" and the successor's id); did you mean "accepted"?`,
		`content/decisions/0006-bad.md:11:5: broken link "0099-missing.md": no file content/decisions/0099-missing.md; expected a path relative to this file`,
		`content/decisions/0007-dup.md:2:5: duplicate decision id "DR-0002": already used by content/decisions/0002-pinterest.md:2:1; expected each record to have its own id`,
		`content/decisions/0007-dup.md:5:9: warning: DR-0002 has been proposed for 395 days (since 2025-05-02); expected a decision within 120 days (stale_after_days in playbook.yaml)`,
		`content/platforms/linkedin.md:7:14: warning: the review of platform LinkedIn was due on 2026-05-01 (31 days ago); expected a review and a new "next_review" date`,
		`content/tools/buffer.md:11:14: warning: the review of tool Buffer was due on 2024-06-01 (730 days ago); expected a review and a new "next_review" date`,
	}
	for _, run := range []func(Options) (Result, error){Build, Check} {
		_, err := run(Options{Source: src, Now: fixtureNow, NoHistory: true})
		var de *diag.Errors
		if !errors.As(err, &de) {
			t.Fatalf("want content errors, got %v", err)
		}
		var got []string
		for _, d := range de.List {
			got = append(got, d.String())
		}
		if len(got) != len(want) {
			t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("problem %d:\n%s\nwant:\n%s", i, got[i], want[i])
			}
		}
	}
}

// request_page names a content page, checked like a link.
func TestRequestPage(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	cfg, _ := os.ReadFile(filepath.Join(src, "playbook.yaml"))
	writeFile(t, src, "playbook.yaml", append(cfg, "request_page: pages/requst.md\n"...))
	build, _ := problemsOf(t, src, Options{})
	want := "playbook.yaml:6:1: request_page names pages/requst.md, but there is no file content/pages/requst.md; expected the content path of the page that says how to request a platform or tool, such as pages/request.md"
	if strings.Join(build, "\n") != want {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(build, "\n"), want)
	}
	writeFile(t, src, "playbook.yaml", append(cfg, "request_page: pages/request.md\n"...))
	site, _, probs, err := Load(Options{Source: src, Now: fixtureNow})
	if err != nil || probs.HasErrors() || site.RequestURL != "/pages/request/" {
		t.Errorf("request page %q, %v %v", site.RequestURL, err, probs)
	}
}

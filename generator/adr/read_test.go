package adr

import (
	"reflect"
	"strings"
	"testing"
)

// f builds an expected field.
func f(text string, line, col int) Field { return Field{Text: text, Line: line, Col: col} }

// The fixtures below are written for these tests in the shapes real logs
// use; none is copied from a project.
func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want Meta
	}{
		{
			name: "MADR 2.x list with asterisks",
			body: "# Keep audit logs for every posting tool\n" +
				"\n" +
				"* Status: accepted\n" +
				"* Deciders: Priya Natarajan, Tom Okafor\n" +
				"* Date: 2022-03-14\n" +
				"\n" +
				"Technical Story: SEC-481 <!-- optional -->\n" +
				"\n" +
				"## Context and Problem Statement\n" +
				"\n" +
				"Nobody knows the status: of the API.\n" +
				"Status: this line is prose, not metadata\n" +
				"Date: 1999-01-01\n",
			want: Meta{
				Title:    f("Keep audit logs for every posting tool", 1, 3),
				Status:   f("accepted", 3, 11),
				Deciders: f("Priya Natarajan, Tom Okafor", 4, 13),
				Date:     f("2022-03-14", 5, 9),
				Story:    f("SEC-481", 7, 18),
			},
		},
		{
			name: "MADR 2.x list with dashes, bold and odd spacing",
			body: "# Use one link shortener\n\n" +
				"- **Status**: Proposed\n" +
				"- **Deciders:** Jane Doe and John Smith\n" +
				"- date : 2020-06-01\n" +
				"- Consulted: Legal\n" +
				"- INFORMED: Support desk\n\n" +
				"## Context\n\nText.\n",
			want: Meta{
				Title:     f("Use one link shortener", 1, 3),
				Status:    f("Proposed", 3, 15),
				Deciders:  f("Jane Doe and John Smith", 4, 17),
				Date:      f("2020-06-01", 5, 10),
				Consulted: f("Legal", 6, 14),
				Informed:  f("Support desk", 7, 13),
			},
		},
		{
			name: "MADR 3/4: metadata in front matter, the body gives the title",
			body: "<!-- the site shows another first heading, so the rule is off -->\n" +
				"<!-- markdownlint-disable-next-line MD025 -->\n" +
				"# Require hardware keys for brand accounts\n" +
				"\n" +
				"## Context and Problem Statement\n" +
				"\n" +
				"Status: of the keys is unknown.\n" +
				"\n" +
				"## Decision Outcome\n" +
				"\n" +
				"Chosen option: \"Keys\".\n",
			want: Meta{Title: f("Require hardware keys for brand accounts", 3, 3)},
		},
		{
			name: "MADR 3/4 body after a leading front matter block",
			body: "---\nstatus: accepted\ndate: 2024-01-02\n---\n\n# Pin every OAuth app\n\n## Context and Problem Statement\n",
			want: Meta{Title: f("Pin every OAuth app", 6, 3)},
		},
		{
			name: "adr-tools superseded and amended",
			body: "# 12. Route posts through the scheduler\n" +
				"\n" +
				"Date: 2019-08-02\n" +
				"\n" +
				"## Status\n" +
				"\n" +
				"Superceded by [14. Use one scheduler](0014-use-one-scheduler.md)\n" +
				"\n" +
				"Amended by [13. Add approvals](0013-add-approvals.md)\n" +
				"\n" +
				"## Context\n" +
				"\n" +
				"We post by hand.\n",
			want: Meta{
				Title:  f("Route posts through the scheduler", 1, 7),
				Date:   f("2019-08-02", 3, 7),
				Status: f("Superceded by [14. Use one scheduler](0014-use-one-scheduler.md)", 7, 1),
				Links: []Field{
					f("Superceded by [14. Use one scheduler](0014-use-one-scheduler.md)", 7, 1),
					f("Amended by [13. Add approvals](0013-add-approvals.md)", 9, 1),
				},
			},
		},
		{
			name: "adr-tools superseder with several links",
			body: "# 14. Use one scheduler\n\nDate: 2019-09-10\n\n## Status\n\nAccepted\n\n" +
				"Supercedes [12. Route posts through the scheduler](0012-route-posts-through-the-scheduler.md)\n\n" +
				"Amends [13. Add approvals](0013-add-approvals.md)\n\n" +
				"Clarifies [3. Name accounts](0003-name-accounts.md)\n\n## Context\n\nSupersedes [1. X](0001-x.md)\n",
			want: Meta{
				Title:  f("Use one scheduler", 1, 7),
				Date:   f("2019-09-10", 3, 7),
				Status: f("Accepted", 7, 1),
				Links: []Field{
					f("Supercedes [12. Route posts through the scheduler](0012-route-posts-through-the-scheduler.md)", 9, 1),
					f("Amends [13. Add approvals](0013-add-approvals.md)", 11, 1),
					f("Clarifies [3. Name accounts](0003-name-accounts.md)", 13, 1),
				},
			},
		},
		{
			name: "log4brains list with tags and a links section",
			body: "# Post from shared inboxes only\n" +
				"\n" +
				"- Status: superseded by [20230412-post-from-delegated-accounts](20230412-post-from-delegated-accounts.md)\n" +
				"- Deciders: Marta Kowalski, Lee Chen\n" +
				"- Date: 2023-01-09\n" +
				"- Tags: brand, access\n" +
				"\n" +
				"## Context and Problem Statement\n" +
				"\n" +
				"Status: prose.\n" +
				"\n" +
				"## Links\n" +
				"\n" +
				"- Refined by [20230301-name-inboxes](20230301-name-inboxes.md)\n" +
				"- [Some page](https://example.org/)\n",
			want: Meta{
				Title:    f("Post from shared inboxes only", 1, 3),
				Status:   f("superseded by [20230412-post-from-delegated-accounts](20230412-post-from-delegated-accounts.md)", 3, 11),
				Deciders: f("Marta Kowalski, Lee Chen", 4, 13),
				Date:     f("2023-01-09", 5, 9),
				Tags:     f("brand, access", 6, 9),
				Links:    []Field{f("Refined by [20230301-name-inboxes](20230301-name-inboxes.md)", 14, 3)},
			},
		},
		{
			name: "log4brains with an intro paragraph before the list",
			body: "# Rotate the agency's passwords\n\nThe agency asked us first.\n\n- Status: draft\n- Date: 2024-02-29\n\n## Context and Problem Statement\n",
			want: Meta{
				Title:  f("Rotate the agency's passwords", 1, 3),
				Status: f("draft", 5, 11),
				Date:   f("2024-02-29", 6, 9),
			},
		},
		{
			name: "a table, one field a row",
			body: "# Archive direct messages after 90 days\n\n" +
				"| Status | Accepted |\n" +
				"|---|---|\n" +
				"| **Date** | 2021-11-02 |\n" +
				"| Deciders: | Ana Lopez (CMO) |\n\n" +
				"## Context\n\n| Status | Nonsense |\n",
			want: Meta{
				Title:    f("Archive direct messages after 90 days", 1, 3),
				Status:   f("Accepted", 3, 12),
				Date:     f("2021-11-02", 5, 14),
				Deciders: f("Ana Lopez (CMO)", 6, 15),
			},
		},
		{
			name: "a table with a header of fields: the latest row wins",
			body: "# Use the vendor's SSO\n\n" +
				"| Date | Status | Note |\n" +
				"| ---- | ------ | ---- |\n" +
				"| 2022-05-02 | Accepted | board |\n" +
				"| 2022-04-01 | Proposed | draft |\n\n" +
				"## Context\n",
			want: Meta{
				Title:  f("Use the vendor's SSO", 1, 3),
				Date:   f("2022-05-02", 5, 3),
				Status: f("Accepted", 5, 16),
			},
		},
		{
			name: "a status line in a table cell, and after comments",
			body: "<!--\n  imported from the wiki\n-->\n# Imported\n\n| Status: Proposed |\n\n<!-- set by the board --> Date: 2018-07-01\n<!-- the deciders -->\nDeciders: Board\n\n## Context\n",
			want: Meta{
				Title:    f("Imported", 4, 3),
				Status:   f("Proposed", 6, 11),
				Date:     f("2018-07-01", 8, 33),
				Deciders: f("Board", 10, 11),
			},
		},
		{
			name: "status headings of any level and the shapes of their first line",
			body: "# Title\n\n# Status\n\n* **Accepted** on 2016-02-12 <!-- by the CISO -->\n\n### Date\n\n21 May 2016\n\n# Context\n",
			want: Meta{
				Title:  f("Title", 1, 3),
				Status: f("Accepted on 2016-02-12", 5, 5),
				Date:   f("21 May 2016", 9, 1),
			},
		},
		{
			name: "a status section after the decision (Nygard's order)",
			body: "# 3. Ban personal accounts for brand posts\n\n## Context\n\nWe saw leaks.\n\n## Decision\n\nWe ban them.\n\n### Status\n\n**Rejected**\n\n## Consequences\n\nStatus: prose again.\n",
			want: Meta{
				Title:  f("Ban personal accounts for brand posts", 1, 6),
				Status: f("Rejected", 13, 3),
			},
		},
		{
			name: "a status heading that holds the value, a struck former status",
			body: "# T\n\n## Status: Deprecated\n\n## Date\n\n~~2020-01-01~~\n\n## Context\n",
			want: Meta{
				Title:  f("T", 1, 3),
				Status: f("Deprecated", 3, 12),
				Date:   f("~~2020-01-01~~", 7, 1),
			},
		},
		{
			name: "a struck status line is a former status",
			body: "# T\n\n## Status\n\n~~Proposed~~\n\nAccepted\n",
			want: Meta{
				Title:  f("T", 1, 3),
				Status: f("Accepted", 7, 1),
			},
		},
		{
			name: "a key with its value below, and a bold pseudo-heading",
			body: "# T\n\nStatus:\n\n- Accepted\n\n**Deciders**\n\n* Jane Doe\n* John Smith\n\nThey met twice.\n\n**Context**\n\nDate: 2001-01-01\n",
			want: Meta{
				Title:    f("T", 1, 3),
				Status:   f("Accepted", 5, 3),
				Deciders: f("Jane Doe, John Smith", 9, 3),
			},
		},
		{
			name: "a people section",
			body: "# T\n\n## Decision Makers\n\n- Ana Lopez (CMO)\n- [Jane](https://example.org/jane)\n\n## Informed\n\nEveryone in marketing\n\n## Context\n",
			want: Meta{
				Title:    f("T", 1, 3),
				Deciders: f("Ana Lopez (CMO), [Jane](https://example.org/jane)", 5, 3),
				Informed: f("Everyone in marketing", 10, 1),
			},
		},
		{
			name: "Date wins over Decided, which wins over Last updated",
			body: "# T\n\n* Status: accepted\n* Last updated: 2021-08-01\n* Decided: 2021-07-01\n* Raised: 2021-06-22\n* Date: 2021-07-02\n\n## Context\n",
			want: Meta{
				Title:  f("T", 1, 3),
				Status: f("accepted", 3, 11),
				Date:   f("2021-07-02", 7, 9),
			},
		},
		{
			name: "Decided stands in for a missing Date",
			body: "# T\n\n* Status: accepted\n* Raised: 2021-06-22\n* Decided: 2021-07-01\n\n## Context\n",
			want: Meta{
				Title:  f("T", 1, 3),
				Status: f("accepted", 3, 11),
				Date:   f("2021-07-01", 5, 12),
			},
		},
		{
			name: "fenced code is skipped",
			body: "```markdown\n# Not the title\n## Status\nAccepted\n```\n\n# Real title\n\n~~~\nStatus: no\n~~~\n\nStatus: Proposed\n",
			want: Meta{
				Title:  f("Real title", 7, 3),
				Status: f("Proposed", 13, 9),
			},
		},
		{
			name: "a setext title and section, CRLF line ends",
			body: "Use passkeys\r\n============\r\n\r\nStatus\r\n------\r\n\r\nAccepted\r\n\r\nContext\r\n-------\r\n\r\nStatus: prose\r\n",
			want: Meta{
				Title:  f("Use passkeys", 1, 1),
				Status: f("Accepted", 7, 1),
			},
		},
		{
			name: "titles with an id before them",
			body: "# ADR-0012: Use X\n",
			want: Meta{Title: f("Use X", 1, 13)},
		},
		{
			name: "a number that is part of the title stays",
			body: "# 2.5 release plan\n\n## Context\n",
			want: Meta{Title: f("2.5 release plan", 1, 3)},
		},
		{
			name: "Technical Story as the first line of the context (MADR's own records)",
			body: "# Add status field\n\n## Context and Problem Statement\n\nTechnical Story: <https://example.org/issues/2>\n\nTechnical Story: not this one\n",
			want: Meta{
				Title: f("Add status field", 1, 3),
				Story: f("<https://example.org/issues/2>", 5, 18),
			},
		},
		{
			name: "relation items in the metadata list",
			body: "# T\n\n* Status: accepted\n* Supersedes: [ADR-0003](0003-x.md)\n\n## Context\n",
			want: Meta{
				Title:  f("T", 1, 3),
				Status: f("accepted", 3, 11),
				Links:  []Field{f("Supersedes: [ADR-0003](0003-x.md)", 4, 3)},
			},
		},
		{
			name: "no title, a status heading first",
			body: "## Status\n\nAccepted\n",
			want: Meta{Status: f("Accepted", 3, 1)},
		},
		{
			name: "template placeholders are read as written",
			body: "# [short title of solved problem and solution]\n\n* Status: [proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)] <!-- optional -->\n* Date: [YYYY-MM-DD when the decision was last updated] <!-- optional -->\n",
			want: Meta{
				Title:  f("[short title of solved problem and solution]", 1, 3),
				Status: f("[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]", 3, 11),
				Date:   f("[YYYY-MM-DD when the decision was last updated]", 4, 9),
			},
		},
		{
			name: "bold keys without bullets, a task list under Status",
			body: "# ADR-014: Keep a second admin on every account\n\n**Status:** Proposed\n**Creation Date:** 2023-03-01\n**Deciders:** Security team\n\n## Status\n\n- [ ] Proposed\n- [x] Accepted\n",
			want: Meta{
				Title:    f("Keep a second admin on every account", 1, 12),
				Status:   f("Proposed", 3, 13),
				Date:     f("2023-03-01", 4, 20),
				Deciders: f("Security team", 5, 15),
			},
		},
		{
			name: "a task list under Status",
			body: "# T\n\n## Status\n\n- [ ] Proposed\n- [X] Rejected\n- [ ] Accepted\n",
			want: Meta{
				Title:  f("T", 1, 3),
				Status: f("Rejected", 6, 7),
			},
		},
		{
			name: "empty",
			body: "",
			want: Meta{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Read([]byte(tc.body))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Read:\n got %+v\nwant %+v", got, tc.want)
			}
			checkPlaces(t, tc.body, got)
		})
	}
}

// checkPlaces checks that each field stands where it says: its line holds
// its first word at its column.
func checkPlaces(t *testing.T, body string, m Meta) {
	t.Helper()
	lines := strings.Split(body, "\n")
	fields := append([]Field{m.Title, m.Status, m.Date, m.Deciders, m.Consulted, m.Informed, m.Story, m.Tags}, m.Links...)
	for _, fl := range fields {
		if !fl.Given() {
			if fl != (Field{}) {
				t.Errorf("a field not given has a place: %+v", fl)
			}
			continue
		}
		if fl.Line < 1 || fl.Line > len(lines) {
			t.Errorf("field %q: line %d is outside the body", fl.Text, fl.Line)
			continue
		}
		l := lines[fl.Line-1]
		if fl.Col < 1 || fl.Col > len(l) {
			t.Errorf("field %q: column %d is outside line %q", fl.Text, fl.Col, l)
			continue
		}
		first := fl.Text
		if i := strings.IndexAny(first, " ,"); i > 0 {
			first = first[:i]
		}
		if !strings.HasPrefix(l[fl.Col-1:], first) {
			t.Errorf("field %q at %d:%d: the line there reads %q", fl.Text, fl.Line, fl.Col, l[fl.Col-1:])
		}
	}
}

func TestReadPlainAdrToolsRecord(t *testing.T) {
	// adr-tools' own shape after `adr new`, with the spaces some editors
	// leave on blank lines.
	body := "# 2. Host the scheduler ourselves\n \nDate: 2017-06-30\n \n## Status\n \nPartly superseded\n \n## Context\n \nText.\n"
	m := Read([]byte(body))
	if m.Title.Text != "Host the scheduler ourselves" || m.Date.Text != "2017-06-30" || m.Status.Text != "Partly superseded" {
		t.Errorf("Read = %+v", m)
	}
}

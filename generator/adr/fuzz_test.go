package adr

import (
	"strings"
	"testing"
	"time"

	"playbook/generator/model"
)

// FuzzRead reads any body: no panic, every field given stands where it
// says (its first byte at its line and column), a field not given has no
// place; the other readers (ParseStatus, ParseDate, People, ParseLink,
// Placeholder, ParseFileID, IsFolderFile) take the fields and the body
// itself without a panic, and a date read is one the contract takes.
// TestReadLinear checks the time.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"# 12. Route posts\n\nDate: 2019-08-02\n\n## Status\n\nSuperceded by [14. One](0014-one.md)\n\nAmended by [13. X](0013-x.md)\n\n## Context\n\nStatus: prose\n",
		"# T\n\n* Status: accepted\n* Deciders: Jane Doe, John Smith\n* Date: 2022-03-14\n\nTechnical Story: SEC-1\n\n## Context and Problem Statement\n",
		"# T\n\n- Status: superseded by [x](20230412-x.md)\n- Deciders: A\n- Date: 2023-01-09\n- Tags: a, b\n\n## Links\n\n- Refined by [y](y.md)\n",
		"<!-- a -->\n<!-- markdownlint-disable-next-line MD025 -->\n# T\n\n| Status | Accepted |\n|---|---|\n| Date | 2021-11-02 |\n",
		"# T\n\n| Date | Status |\n|--|--|\n| 2022-05-02 | Accepted |\n| 2022-04-01 | Proposed |\n",
		"---\nstatus: x\n---\nTitle\n=====\n\nStatus\n------\n\n**Accepted** on 2016-02-12\n",
		"\ufeff# T\r\n\r\n### Status\r\n\r\n~~Proposed~~\r\n\r\nAccepted\r\n",
		"Status:\n\n- Accepted\n\n**Deciders**\n\n* Jane\n* John\n\n```\n## Status\n```\n<!--\n",
		"# [|]\n|\n|-|\n|**Status:**|\n> * <!-- --> **Date** : `2020-01-01` <!--",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		m := Read([]byte(body))
		lines := strings.Split(body, "\n")
		fields := append([]Field{m.Title, m.Status, m.Date, m.Deciders, m.Consulted, m.Informed, m.Story, m.Tags}, m.Links...)
		for _, fl := range fields {
			if !fl.Given() {
				if fl != (Field{}) {
					t.Fatalf("a field not given has a place: %+v", fl)
				}
				continue
			}
			if strings.ContainsAny(fl.Text, "\n") {
				t.Fatalf("field %q spans lines", fl.Text)
			}
			if fl.Line < 1 || fl.Line > len(lines) {
				t.Fatalf("field %q: line %d outside the body's %d", fl.Text, fl.Line, len(lines))
			}
			l := lines[fl.Line-1]
			if fl.Col < 1 || fl.Col > len(l) {
				t.Fatalf("field %q: column %d outside line %q", fl.Text, fl.Col, l)
			}
			if l[fl.Col-1] != fl.Text[0] {
				t.Fatalf("field %q at %d:%d: the line there reads %q", fl.Text, fl.Line, fl.Col, l[fl.Col-1:])
			}
			ParseStatus(fl.Text, map[string]model.Status{"in-legal": "in-legal"})
			People(fl.Text)
			ParseLink(fl.Text)
			Placeholder(fl.Text)
			if d, problem, ok := ParseDate(fl.Text); ok {
				if back, err := model.ParseDate(d.String()); err != nil || back != d {
					t.Fatalf("ParseDate(%q) = %v, which the contract reads as %v, %v", fl.Text, d, back, err)
				}
			} else if problem == "" {
				t.Fatalf("ParseDate(%q) refused without a problem", fl.Text)
			}
		}
		// The readers of fields take any text too.
		ParseStatus(body, nil)
		People(body)
		ParseLink(body)
		Placeholder(body)
		if d, problem, ok := ParseDate(body); ok {
			if back, err := model.ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %v, which the contract reads as %v, %v", body, d, back, err)
			}
		} else if problem == "" {
			t.Fatalf("ParseDate(%q) refused without a problem", body)
		}
		name := body
		if len(name) > 80 {
			name = name[:80]
		}
		if id, ok := ParseFileID(name); ok && id.Number < 0 {
			t.Fatalf("ParseFileID(%q) = %+v", name, id)
		}
		IsFolderFile(name)
	})
}

// TestReadLinear checks that the time to read grows with the size of the
// body, not its square, on shapes that would trip a careless reader: many
// comments, brackets, pipes, emphasis markers and keys on one line, and
// many lines of metadata, struck text and relations.
func TestReadLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	shapes := map[string]string{
		"comments":      "<!-- a --><!-- b ",
		"brackets":      "[[[[(((( ",
		"open links":    "Supersedes [a]( ",
		"pipes":         "| Status | ",
		"emphasis":      "**__*_ ",
		"struck":        "~~a ",
		"keys":          "Status: Date: ",
		"people":        "A and (B, [C ",
		"lines":         "* Status: accepted\n",
		"status lines":  "## Status\n\n~~Proposed~~ supersedes [1](",
		"tables":        "| Date | Status |\n|--|--|\n| 2020-01-01 | Accepted |\n",
		"comment lines": "<!--\n-->\n",
		"by":            "superseded by superseded by [ ",
		"people lines":  "## Deciders\n- Jane Doe\n",
		"pseudo keys":   "Status:\n**Date**\n",
		"headings":      "## Status: Accepted\n# T\n",
		"setext":        "Title\n=====\n",
	}
	for name, unit := range shapes {
		// The bodies differ 32 times in size: a linear reader takes about
		// 32 times as long, a square one about 1,024 times. The bound sits
		// between them with room for a machine busy with other tests (CI
		// once saw 71 times for 16 on a linear reader), so only a change
		// of order fails it, not a slow moment.
		small := strings.Repeat(unit, 1000)
		large := strings.Repeat(unit, 32000)
		ts, tl := best(small), best(large)
		if tl > 256*ts && tl > 100*time.Millisecond {
			t.Errorf("%s: %v for %d bytes but %v for %d bytes: not linear", name, ts, len(small), tl, len(large))
		}
	}
}

// best is the shortest of a few times to read body and parse its fields.
func best(body string) time.Duration {
	var min time.Duration
	for range 3 {
		start := time.Now()
		m := Read([]byte(body))
		ParseStatus(body, nil)
		People(body)
		ParseLink(body)
		ParseDate(body)
		Placeholder(body)
		ParseStatus(m.Status.Text, nil)
		if d := time.Since(start); min == 0 || d < min {
			min = d
		}
	}
	return min
}

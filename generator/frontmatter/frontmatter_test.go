package frontmatter

import (
	"strings"
	"testing"

	"playbook/generator/model"
)

var testSchema = &Schema{
	Kind: "tool",
	Fields: []Field{
		{Name: "title", Type: String},
		{Name: "owner", Type: People},
		{Name: "status", Type: Enum, Enum: []string{"approved", "conditional", "retired"}},
		{Name: "reviewed", Type: Date},
		{Name: "tags", Type: StringList},
		{Name: "weight", Type: Int},
		{Name: "draft", Type: Bool},
		{Name: "decided_by", Type: People},
	},
	Aliases: map[string]string{"decision-makers": "decided_by"},
	Ignored: []string{"layout"},
}

func TestSplit(t *testing.T) {
	b, err := Split([]byte("---\ntitle: A\nowner: B\n---\n# Body\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Present || string(b.YAML) != "title: A\nowner: B\n" || string(b.Body) != "# Body\n" || b.BodyLine != 4 {
		t.Errorf("got %+v", b)
	}
	b, err = Split([]byte("# No front matter\n"))
	if err != nil || b.Present || string(b.Body) != "# No front matter\n" {
		t.Errorf("got %+v, %v", b, err)
	}
	if _, err := Split([]byte("---\ntitle: A\n# never closed\n")); err != ErrUnclosed {
		t.Errorf("unclosed: got %v", err)
	}
}

func TestDecode(t *testing.T) {
	src := "---\ntitle: Hootsuite\nowner: [Ann, Bob]\nstatus: approved\nreviewed: 2025-03-01\ntags:\n  - social\n  - scheduling\nweight: 3\ndraft: false\nlayout: x\ndecision-makers: Cy\n---\n"
	b, _ := Split([]byte(src))
	v, probs := Decode("t.md", b, testSchema)
	if len(probs) != 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	if v.Str("title") != "Hootsuite" || strings.Join(v.List("owner"), "|") != "Ann|Bob" ||
		v["reviewed"].Date.String() != "2025-03-01" || strings.Join(v.List("tags"), "|") != "social|scheduling" ||
		v["weight"].Int != 3 || v.List("decided_by")[0] != "Cy" || v.Has("layout") {
		t.Errorf("got %+v", v)
	}
	if p := v["status"].Pos; p.Line != 4 || p.Col != 1 {
		t.Errorf("status pos = %+v, want 4:1", p)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown field", "title: A\nownr: B\n", "t.md:3:1: unknown field \"ownr\" in a tool; did you mean \"owner\"?"},
		{"enum", "status: aproved\n", "t.md:2:9: field \"status\" is \"aproved\"; expected one of approved, conditional, retired (did you mean \"approved\"?)"},
		{"date", "reviewed: 2025-02-30\n", "t.md:2:11: field \"reviewed\" is \"2025-02-30\"; expected a date YYYY-MM-DD"},
		{"date form", "reviewed: 1 March 2025\n", "t.md:2:11: field \"reviewed\" is \"1 March 2025\"; expected a date YYYY-MM-DD"},
		{"type list", "title:\n  - a\n", "t.md:3:3: field \"title\" must be text, got a list"},
		{"type mapping", "tags:\n  a: b\n", "t.md:3:3: field \"tags\" must be a list of text items, got a mapping"},
		{"int", "weight: heavy\n", "t.md:2:9: field \"weight\" must be a whole number, got \"heavy\""},
		{"duplicate", "title: A\ntitle: B\n", "t.md:3:1: field \"title\" is given twice (first on line 2)"},
		{"not a mapping", "- a\n- b\n", "t.md:2:1: front matter must be a mapping of field: value lines, got a list"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, _ := Split([]byte("---\n" + c.yaml + "---\n"))
			_, probs := Decode("t.md", b, testSchema)
			if len(probs) != 1 || probs[0].String() != c.want {
				t.Errorf("got %v\nwant %s", probs, c.want)
			}
		})
	}
}

func TestDecodeSyntaxError(t *testing.T) {
	b, _ := Split([]byte("---\ntitle: A\nowner: [B\n---\n"))
	_, probs := Decode("t.md", b, testSchema)
	if len(probs) != 1 || !strings.HasPrefix(probs[0].String(), "t.md:3:") || !strings.Contains(probs[0].Msg, "not valid YAML") {
		t.Errorf("got %v", probs)
	}
}

func TestSuggest(t *testing.T) {
	fields := []string{"owner", "next_review", "reviewed", "status"}
	for in, want := range map[string]string{"ownr": "owner", "next-review": "next_review", "nextreview": "next_review", "statsu": "status", "zzz": ""} {
		if got := Suggest(in, fields); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

// The quick parser takes the plain front matter nearly every file has, and
// leaves everything else to goccy/go-yaml (FuzzQuickMatchesParser checks
// that what it takes decodes the same).
func TestQuickTakesOnlyPlainYAML(t *testing.T) {
	for _, s := range []string{
		"title: T\ntags: [a, b]\ndate: 2026-01-02\n",
		"title: Café (Agency workspace 2)\nowner: [Ana López, Tom Reyes]\nweight: 3\ndraft: true\n",
		"owner:\n  - Ana\n  - Tom\nstatus: c\n",
		"owner:\n- Ana\n- Tom\ntags:\n",
		"title: a:b\nurl: https://example.com/x\n",
		"title: Seats, not logins\nconditions:\n  - Per-user seats, no shared logins\n  - Winners' addresses by message only\n",
		"title: \"Quoted\"\n",
		"title: \"2FA required: yes\"\nowner: ['Ana', \"Tom O'Brien\"]\nconditions:\n  - \"90-day retention\"\n",
	} {
		if _, ok := quick([]byte(s)); !ok {
			t.Errorf("quick refuses simple front matter %q", s)
		}
	}
	for _, s := range []string{
		"title: \"a \\\"quoted\\\" word\"\n",
		"title: \"two\\nlines\"\n",
		"title: \"a \\\\ backslash\"\n",
		"title: \"unclosed\n",
		"title: \"two\n  lines\"\n",
		"title: \"a\" b\n",
		"title: \"a\" # a comment\n",
		"title: \"a\" \n",
		"title: 'it''s'\n",
		"\"title\": T\n",
		"owner:\n  - \"a\" b\n",
		"tags: [\"a, b\"]\n",
		"tags: [\"a: b\"]\n",
		"tags: [\"[a]\"]\n",
		"title: T # a comment\n",
		"# a comment\ntitle: T\n",
		"title: &a T\nowner: *a\n",
		"title: !!str 1\n",
		"description: |\n  two\n  lines\n",
		"title: T \n",
		"title:\tT\n",
		"owner: null\n",
		"owner: ~\n",
		"review:\n  by: 2026-01-01\n",
		"title: T\n  continued\n",
		"tags: [a, [b]]\n",
		"tags: []\n",
		"title: a: b\n",
		"- a\n- b\n",
		"title: T\r\n",
	} {
		if _, ok := quick([]byte(s)); ok {
			t.Errorf("quick takes %q, which goccy/go-yaml should read", s)
		}
	}
}

// A decision as the generated benchmark sites write it, with one quoted
// condition, goes through the quick parser, into the parser's very nodes.
func TestQuickTakesQuotedItems(t *testing.T) {
	y := "id: DR-0035\ntitle: Descript (Americas team) with SSO\ndate: 2018-01-17\nstatus: accepted\n" +
		"decided_by: [Ana Lopez (CMO), Kim Cho (CISO)]\nconditions:\n  - SSO enforced through Okta\n" +
		"  - \"90-day retention for direct messages\"\ntools: [descript-americas-team, calendly-emea-team-2]\n"
	if _, ok := quick([]byte(y)); !ok {
		t.Fatal("quick refuses a decision with a quoted condition")
	}
	schema := &Schema{Kind: "decision", Fields: []Field{{Name: "id"}, {Name: "title"}, {Name: "date", Type: Date},
		{Name: "status"}, {Name: "decided_by", Type: People}, {Name: "conditions", Type: StringList}, {Name: "tools", Type: StringList}}}
	v, probs := Decode("d.md", Block{Present: true, YAML: []byte(y), YAMLLine: 2}, schema)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	c := v["conditions"]
	if strings.Join(c.List, "|") != "SSO enforced through Okta|90-day retention for direct messages" || c.Items[1] != (model.Pos{Line: 9, Col: 5}) {
		t.Errorf("conditions = %+v", c)
	}
	if d := diffQuick([]byte(y)); d != "" {
		t.Error(d)
	}
}

// quick builds each quoted scalar's node as the parser does: same token
// type, value, origin, line, column, offset and indents.
func TestQuickQuotedNodes(t *testing.T) {
	for _, y := range []string{
		"title: \"a: b\"\nstatus: \"#x\"\nowner: \" lead\"\ntags: \"trail \"\nweight: \"1.5\"\ndraft: \"yes\"\nx: \"null\"\n",
		"title:   \"\"\nowner:\n  - \"90-day\"\n  -   'q'\ntags: [a, \"b c\" , \"\",'d',  \"e\"]\n",
		"title: 'Café'\nowner:\n- \"Ana López\"\n- '日本 🙂'\ntags: [\"ü\"]\nx: \"«y»\"\n",
		"a:\n    - \"deep\"\nb: \"after\"\nc:\n  - x\n\n  - \"after a blank line\"\nd: \"level\"\n",
		"a:\n  - x\n   \n  - \"after spaces\"\n    \nb: \"y\"\n\n\nc: ['z']\n",
		"title: 'a \\ backslash, no escape'\n",
	} {
		if _, ok := quick([]byte(y)); !ok {
			t.Errorf("quick refuses %q", y)
			continue
		}
		if d := diffQuick([]byte(y)); d != "" {
			t.Errorf("%q: %s", y, d)
		}
	}
}

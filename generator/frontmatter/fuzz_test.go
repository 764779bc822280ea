package frontmatter

import (
	"reflect"
	"testing"
)

var fuzzSchema = &Schema{
	Kind: "fuzz",
	Fields: []Field{
		{Name: "title", Type: String},
		{Name: "tags", Type: StringList},
		{Name: "owner", Type: People},
		{Name: "date", Type: Date},
		{Name: "status", Type: Enum, Enum: []string{"a", "b"}},
		{Name: "weight", Type: Int},
		{Name: "draft", Type: Bool},
	},
	Aliases: map[string]string{"when": "date"},
	Ignored: []string{"layout"},
}

// FuzzDecode feeds any bytes to the front-matter splitter and decoder: they
// may report problems, never panic or hang, and every problem has a file
// and a line.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ntags: [a, b]\ndate: 2026-01-02\n---\nbody",
		"---\ntitle: [unclosed\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntitle: &a x\nowner: *a\n---\n",
		"---\r\ntitle: T\r\n---\r\n",
		"---\ntitle: T\n",
		"---\n? complex\n: key\n---\n",
		"---\ntitle: !!binary aGVsbG8=\nweight: 0x10\ndraft: yes\n---\n",
		"---\nwhen: 2026-02-30\nstatus: c\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Split(data)
		if err != nil {
			return
		}
		_, probs := Decode("x.md", b, fuzzSchema)
		for _, p := range probs {
			if p.File != "x.md" || p.Msg == "" {
				t.Errorf("problem without a file or a message: %+v", p)
			}
		}
	})
}

// FuzzQuickMatchesParser: whenever the quick parser accepts front matter,
// decoding it gives exactly what goccy/go-yaml's parser gives: the same
// values, positions and problems.
func FuzzQuickMatchesParser(f *testing.F) {
	for _, s := range []string{
		"title: T\ntags: [a, b]\ndate: 2026-01-02\n",
		"title: Café (Agency workspace 2)\nowner: [Ana López, Tom Reyes]\nweight: 3\ndraft: true\n",
		"owner:\n  - Ana\n  - Tom\nstatus: c\n",
		"owner:\n- Ana\n- Tom\ntags:\n",
		"title: T\ntitle: U\nlayout: x\nnope: 1\nwhen: 2026-02-30\n",
		"weight: 1.5\ndraft: yes\ntags: [1, true, x]\nstatus: 12\n",
		"title: a:b\nowner: [x,y , z]\n\n\ntags:   [ a ,b]\n",
		"weight: 0x10\ntitle: 1e3\ndate: 2026-01-02 \n",
		"title: Seats, not logins\nowner:\n  - Ana, CMO\n  - Tom\ntags: [a,b]\n",
		"title: The team's phone\nowner: [O'Brien, Ana \"A\" Lopez]\nconditions:\n  - Winners' \"addresses\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, ok := quick(data); !ok {
			return
		}
		b := Block{Present: true, YAML: data, YAMLLine: 2}
		got, gotProbs := Decode("x.md", b, fuzzSchema)
		want, wantProbs := decodeYAML("x.md", b, fuzzSchema)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotProbs, wantProbs) {
			t.Errorf("front matter %q:\nquick:  %+v %v\nparser: %+v %v", data, got, gotProbs, want, wantProbs)
		}
	})
}

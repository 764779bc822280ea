package frontmatter

import (
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

package frontmatter

import (
	"testing"

	"playbook/generator/diag"
)

// BenchmarkDecode decodes a tool entry's front matter as the generated
// benchmark sites write it, through the quick parser (what Decode does for
// such plain YAML) and through goccy/go-yaml's parser (what it does for any
// other YAML).
//
//	go test ./generator/frontmatter -run '^$' -bench Decode
func BenchmarkDecode(b *testing.B) {
	src := []byte("---\ntitle: Adobe Express (Agency workspace 2)\nvendor: Adobe Inc.\ncategory: Design\nstatus: a\n" +
		"owner: [Ana Lopez (CMO), Tom Reyes (Controller)]\ndate: 2024-06-29\nweight: 3\ndraft: false\n" +
		"tags:\n  - scheduling\n  - analytics\nlayout: wide\n---\nBody.\n")
	blk, err := Split(src)
	if err != nil {
		b.Fatal(err)
	}
	if _, ok := quick(blk.YAML); !ok {
		b.Fatal("the quick parser refuses the benchmark's front matter")
	}
	schema := &Schema{Kind: "tool", Fields: append([]Field{{Name: "vendor"}, {Name: "category"}}, fuzzSchema.Fields...),
		Aliases: fuzzSchema.Aliases, Ignored: fuzzSchema.Ignored}
	for _, c := range []struct {
		name   string
		decode func(string, Block, *Schema) (Values, diag.List)
	}{{"quick", Decode}, {"parser", decodeYAML}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(blk.YAML)))
			for b.Loop() {
				if _, probs := c.decode("x.md", blk, schema); len(probs) > 0 {
					b.Fatal(probs)
				}
			}
		})
	}
}

package frontmatter

import (
	"testing"

	"playbook/generator/diag"
)

// BenchmarkDecode decodes a tool entry's front matter as the generated
// benchmark sites write it, through the quick parser (what Decode does for
// such plain YAML) and through goccy/go-yaml's parser (what it does for any
// other YAML); and, as quoted, a decision's front matter with a quoted
// condition, which Decode too reads with the quick parser.
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
	decision, err := Split([]byte("---\nid: DR-0035\ntitle: Descript (Americas team) with SSO\ndate: 2018-01-17\n" +
		"status: accepted\nrequested_by: Dana Whitfield (Head of Social Media)\n" +
		"assessed_by: [Kim Cho (CISO), Aisha Karim (Security Architect)]\nrisk: critical\n" +
		"decided_by: [Ana Lopez (CMO), Kim Cho (CISO)]\nconditions:\n  - SSO enforced through Okta\n" +
		"  - \"90-day retention for direct messages\"\ntools: [descript-americas-team, calendly-emea-team-2]\n" +
		"tags: [campaign]\n---\nBody.\n"))
	if err != nil {
		b.Fatal(err)
	}
	if _, ok := quick(decision.YAML); !ok {
		b.Fatal("the quick parser refuses the benchmark's decision")
	}
	decisionSchema := &Schema{Kind: "decision", Fields: []Field{{Name: "id"}, {Name: "title"}, {Name: "date", Type: Date},
		{Name: "status"}, {Name: "requested_by", Type: People}, {Name: "assessed_by", Type: People}, {Name: "risk"},
		{Name: "decided_by", Type: People}, {Name: "conditions", Type: StringList}, {Name: "tools", Type: StringList},
		{Name: "tags", Type: StringList}}}
	for _, c := range []struct {
		name   string
		decode func(string, Block, *Schema) (Values, diag.List)
		blk    Block
		schema *Schema
	}{{"quick", Decode, blk, schema}, {"parser", decodeYAML, blk, schema}, {"quoted", Decode, decision, decisionSchema}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.blk.YAML)))
			for b.Loop() {
				if _, probs := c.decode("x.md", c.blk, c.schema); len(probs) > 0 {
					b.Fatal(probs)
				}
			}
		})
	}
}

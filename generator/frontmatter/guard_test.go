package frontmatter

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// yamlShape is what goccy/go-yaml's parser makes of y: how deeply its
// collections nest, the most entries one of them holds, and how many
// documents it has. ok is false when the parser refuses y.
func yamlShape(y []byte) (depth, entries, docs int, ok bool) {
	f, err := parser.ParseBytes(y, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return 0, 0, 0, false
	}
	var walk func(n ast.Node) int
	walk = func(n ast.Node) int {
		switch t := n.(type) {
		case *ast.DocumentNode:
			return walk(t.Body)
		case *ast.MappingNode:
			entries = max(entries, len(t.Values))
			d := 0
			for _, v := range t.Values {
				d = max(d, walk(v.Key), walk(v.Value))
			}
			return 1 + d
		case *ast.MappingValueNode:
			entries = max(entries, 1)
			return 1 + max(walk(t.Key), walk(t.Value))
		case *ast.SequenceNode:
			entries = max(entries, len(t.Values))
			d := 0
			for _, v := range t.Values {
				d = max(d, walk(v))
			}
			return 1 + d
		case *ast.TagNode:
			return walk(t.Value)
		case *ast.AnchorNode:
			return walk(t.Value)
		case *ast.MappingKeyNode:
			return walk(t.Value)
		}
		return 0
	}
	for _, d := range f.Docs {
		depth = max(depth, walk(d))
	}
	return depth, entries, len(f.Docs), true
}

// guardShape is what the guard's scan makes of y, with no limits: the
// depth, entries and documents it counts, and whether it stopped because
// the parser's scanner would fail.
func guardShape(y []byte) (depth, entries, docs int, stopped bool) {
	var s gscan
	s.init(y, limits{1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30}, nil)
	s.run()
	return s.deepest, s.most, max(s.docs, 1), s.stop
}

// guardSeeds are YAML of every construct the guard's scan follows.
var guardSeeds = []string{
	"title: T\ntags: [a, b]\ndate: 2026-01-02\n",
	"owner:\n  - Ana\n  - Tom\nstatus: c\n",
	"owner:\n- Ana\n- Tom\ntags:\n",
	"tags: [[[[x]]]]\n",
	"tags: {a: {b: {c: d}}}\n",
	"a:\n  b:\n    c:\n      d: 1\n",
	"a:\n - - - - x\n",
	"- - - a\n- b: c\n  d: [e, {f: g}]\n",
	"a: [b: c, d: [e: f]]\n",
	"a: [? b : c, - d]\n",
	"? a\n: b\n? - c\n  - d\n: e\n",
	"&x a: b\nc: *x\n!t d: e\n&y !t f: g\n!!str h: i\n!!foo j: k\n",
	"a: &x [b, *x]\nb: !t [c]\n",
	"a: |\n  [[[[\n  ]]\nb: >-\n  {{{\nc: |2\n    x\n",
	"a: 'it''s [not'\nb: \"[\\\"{\\u0041\\x41\\\n  x\"\nc: \"a\tb\" \nd: [\"\t\"]\n",
	"a: b # [[[[\n# {{{\nc: d#[[\n",
	"a: b\n  -c [[\nd: e\n",
	"a:\tb\nc:\t[d]\n",
	"<<: {a: b}\nc: d\n",
	"--- a\n--- [b, [c]]\n...\n--- {d: e}\n",
	"%YAML 1.2\n---\na: b\n",
	"a: b\n  c\n  [d\ne: f\n",
	"\"a\": b\n'c': [d]\n\"e\":\n  - f\n",
	"a:\r\n  - b\r\n  - [c]\r\n",
	"a: b: c\n",
	"a: [b, c,]\nd: {e: f,}\n",
	"a: {b, c: d}\n",
	"- a\n  - b\n- - c\n",
	"key with spaces: value\n\"quoted key\": [x]\n",
	"a: Café [«ü»]\nb: 日本: x\n",
	"a: &x\nb: c\n- &y\n- d\n",
	"a: &x !t\n  [b]\nc: !!seq\nd: !!map\n  e: f\n",
	"- &a !!str b\n- *a\n- !t &c d\n",
	"? - a\n  - b\n: - c\n",
	"0:\n0 \n:\n",
	"a:\n  b\n  -c\n: d\n",
	"!!merge <<: {a: b}\n<<: [*x]\n",
	"a: \"b\tc\"]\nd: [\"e\t\"]\n",
	"%TAG ! tag:x,2000:\n--- !a\nb: c\n",
	"a: >2\n   b\n  c\nd: |+\n\ne: f\n",
	"- a\n -b\n- c: d\n  e:\n  - f\n",
}

// FuzzDepthGuard: for any input, the guard's scan never panics, and
// whenever goccy/go-yaml's parser reads the input, the scan counts at
// least the nesting depth, the entries of the largest collection and the
// documents the parser makes of it, and does not take it for input the
// parser refuses; so the guard lets nothing through that nests deeper or
// holds more than its limits. The scan is linear by construction (every
// step moves on), which BenchmarkGuard shows on the worst input.
func FuzzDepthGuard(f *testing.F) {
	for _, s := range guardSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, y []byte) {
		checkLimits(y)
		if len(y) > 4096 {
			return
		}
		depth, entries, docs, ok := yamlShape(y)
		if !ok {
			return
		}
		gd, ge, gdocs, stopped := guardShape(y)
		if stopped {
			t.Fatalf("%q: the scan stops as if the parser refused it, but the parser reads it (depth %d)", y, depth)
		}
		if gd < depth || ge < entries || gdocs < docs {
			t.Fatalf("%q: the scan counts depth %d, %d entries, %d documents; the parser makes depth %d, %d entries, %d documents",
				y, gd, ge, gdocs, depth, entries, docs)
		}
		if depth > 1 {
			if _, _, msg := guard(y, limits{depth - 1, 1 << 30, 1 << 30, 1 << 30, 1 << 30}); msg == "" {
				t.Fatalf("%q: nested %d deep, but the guard with limit %d lets it through", y, depth, depth-1)
			}
		}
	})
}

// TestLimits: Decode refuses front matter beyond a limit with one error at
// the place where the limit is crossed, before any parser reads it, and
// reads front matter just within the limits.
func TestLimits(t *testing.T) {
	schema := &Schema{Kind: "page", Fields: []Field{{Name: "title"}, {Name: "tags", Type: StringList}},
		Ignored: []string{"layout"}}
	list := func(n int, item string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(item+", ", n), ", ") + "]"
	}
	const deep = "front matter nested more than 32 levels deep; expected flat fields and lists"
	cases := []struct {
		name, yaml, want string // want "" when the front matter is read
	}{
		{"flow lists", "tags: " + strings.Repeat("[", 30000) + strings.Repeat("]", 30000) + "\n", "x.md:2:38: " + deep},
		{"flow mappings", "tags: " + strings.Repeat("{", 30000) + strings.Repeat("}", 30000) + "\n", "x.md:2:38: " + deep},
		{"flow mappings of lists", "tags: " + strings.Repeat("{a: [", 100) + "\n", "x.md:2:86: " + deep},
		{"flow lists of pairs", "tags: " + strings.Repeat("[a: ", 100) + "\n", "x.md:2:68: " + deep},
		{"flow lists within", "layout: " + strings.Repeat("[", 31) + strings.Repeat("]", 31) + "\n", ""},
		{"compact lists", "layout:\n" + strings.Repeat("- ", 100) + "\n", "x.md:3:63: " + deep},
		{"compact lists within", "layout:\n" + strings.Repeat("- ", 31) + "x\n", ""},
		{"indented mappings", "layout:\n" + indented(100, 1, "a:"), "x.md:34:33: " + deep},
		{"indented lists", "layout:\n" + indented(100, 1, "-"), "x.md:34:33: " + deep},
		{"indented mappings within", "layout:\n" + indented(31, 1, "a:"), ""},
		{"lists under keys in one column", "layout:\n" + indented(40, 2, "- a:"), "x.md:18:35: " + deep},
		{"a list of 1,001", "title: T\ntags: " + list(1001, "x") + "\n", `x.md:3:3008: field "tags" lists more than 1000 items; expected at most 1000 items in one list`},
		{"a block list of 1,001", "tags:\n" + strings.Repeat("- x\n", 1001), `x.md:1003:1: field "tags" lists more than 1000 items; expected at most 1000 items in one list`},
		{"a list of 1,000", "tags: " + list(1000, "x") + "\n", ""},
		{"a nested list of 1,001", "layout: [" + list(1001, "x") + "]\n", "x.md:2:3011: a list in front matter holds more than 1000 items; expected at most 1000 items in one list"},
		{"1,001 fields", strings.Repeat("layout: x\n", 1001), "x.md:1002:1: front matter holds more than 1000 fields; expected at most 1000"},
		{"1,001 keys", "layout:\n" + strings.Repeat("  a: x\n", 1001), "x.md:1003:3: a mapping in front matter holds more than 1000 keys; expected at most 1000 keys in one mapping"},
		{"1,001 keys in flow", "layout: {" + strings.Repeat("a: x, ", 1001) + "}\n", "x.md:2:6010: a mapping in front matter holds more than 1000 keys; expected at most 1000 keys in one mapping"},
		{"1,001 documents", strings.Repeat("--- x\n", 1001), "x.md:1002:1: front matter holds more than 1000 YAML documents; expected one"},
		{"70,000 bytes", "title: " + strings.Repeat("é", 35000) + "\n", "x.md:2:32772: front matter longer than 64 KiB; expected at most 65536 bytes between the --- lines"},
		{"65,536 bytes", "title: " + strings.Repeat("a", MaxBytes-8) + "\n", ""},
		{"17 < in a row", "title: a" + strings.Repeat("<", 17) + "\n", `x.md:2:9: "<" repeated more than 16 times in a row in front matter; expected at most 16`},
		{"16 < in a row", "title: a" + strings.Repeat("<", 16) + "\n", ""},
		{"17 tabs in a quoted line", "title: \"" + strings.Repeat("a\t", 17) + "\"\n", `x.md:2:42: more than 16 tabs in a line of a double-quoted value in front matter; expected at most 16 (or \t)`},
		{"16 tabs in a quoted line", "title: \"" + strings.Repeat("a\t", 16) + "\"\n", ""},
		{"17 blank lines ending a block scalar", "layout: |\n  x\n" + strings.Repeat("\n", 17) + "title: T\n", "x.md:20:1: more than 16 blank lines at the end of a block scalar (| or >) in front matter; expected at most 16"},
		{"16 blank lines ending a block scalar", "layout: |\n  x\n" + strings.Repeat("\n", 16) + "title: T\n", ""},
		{"blank lines ending a block scalar stripped", "layout: |-\n  x\n" + strings.Repeat("\n", 5000) + "title: T\n", ""},
		{"a long key over many values", strings.Repeat("k", 5000) + ": " + list(1000, "x") + "\n", "x.md:2:7509: front matter keys too long for the values under them; expected shorter keys"},
		{"brackets in text", "title: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\nlayout: |\n  {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\ntags: a [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Decode("x.md", Block{Present: true, YAML: []byte(c.yaml), YAMLLine: 2}, schema)
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			if c.want == "" && len(got) > 0 || c.want != "" && (len(got) != 1 || got[0] != c.want) {
				t.Errorf("problems %q, want %q", got, c.want)
			}
		})
	}
}

// indented is n-1 lines of text, the ith indented by step·i spaces.
func indented(n, step int, text string) string {
	var b strings.Builder
	for i := 1; i < n; i++ {
		b.WriteString(strings.Repeat(" ", step*i) + text + "\n")
	}
	return b.String()
}

// TestGuardAgrees: on the YAML of every construct, the scan counts exactly
// the depth, the entries and the documents the parser makes of it.
func TestGuardAgrees(t *testing.T) {
	for _, y := range guardSeeds {
		depth, entries, docs, ok := yamlShape([]byte(y))
		if !ok {
			continue
		}
		gd, ge, gdocs, stopped := guardShape([]byte(y))
		if stopped || gd != depth || ge != entries || gdocs != docs {
			t.Errorf("%q: the scan counts depth %d, %d entries, %d documents (stopped %v); the parser depth %d, %d entries, %d documents",
				y, gd, ge, gdocs, stopped, depth, entries, docs)
		}
	}
}

// hostile are the worst front matter of about 60 KB: refused, and just
// within the limits.
func hostile() []struct{ name, yaml string } {
	list := func(n int, item string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(item+", ", n), ", ") + "]"
	}
	var keys, lists, fields strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&keys, "  k%d: x\n", i)
	}
	lists.WriteString("layout:\n")
	for lists.Len() < 60000 {
		lists.WriteString("  - [" + strings.Repeat("x,", 499) + "x]\n")
	}
	for i := 0; fields.Len() < 60000; i++ {
		fmt.Fprintf(&fields, "f%d: [%sx]\n", i, strings.Repeat("x, ", 999))
	}
	return []struct{ name, yaml string }{
		{"brackets", "tags: " + strings.Repeat("[", 30000) + strings.Repeat("]", 30000) + "\n"},
		{"braces", "tags: " + strings.Repeat("{", 30000) + strings.Repeat("}", 30000) + "\n"},
		{"dashes", "tags:\n" + strings.Repeat("- ", 30000) + "x\n"},
		{"indented", "layout:\n" + indented(340, 1, "a:")},
		{"documents", strings.Repeat("--- x\n", 10000)},
		{"keys", strings.Repeat("a: b\n", 12000)},
		{"items", "tags: [" + strings.Repeat("x,", 30000) + "x]\n"},
		{"1,000 keys", "layout:\n" + keys.String()},
		{"lists of 500", lists.String()},
		{"31 deep", "layout:\n" + strings.Repeat("  - "+strings.Repeat("[", 30)+strings.Repeat("]", 30)+"\n", 900)},
		{"less-thans", "title: " + strings.Repeat("<", 60000) + "\n"},
		{"tabs", "title: \"" + strings.Repeat("\t", 30000) + strings.Repeat("x", 30000) + "\"\n"},
		{"blank lines", "layout: |\n  x\n" + strings.Repeat("\n", 60000) + "title: T\n"},
		{"long keys", strings.Repeat("k", 60000) + ": " + list(1000, "x") + "\n"},
		{"lists of 1,000", fields.String()},
		{"lists of 1,000 and a comment", "# c\n" + fields.String()},
	}
}

// limitSchema reads the fields hostile front matter writes.
func limitSchema() *Schema {
	s := &Schema{Kind: "page", Fields: []Field{{Name: "title"}, {Name: "tags", Type: StringList}}, Ignored: []string{"layout"}}
	for i := range 60 {
		s.Fields = append(s.Fields, Field{Name: fmt.Sprintf("f%d", i), Type: StringList})
	}
	return s
}

// TestLimitMemory: refusing the worst front matter of 60 KB allocates a few
// kilobytes, whatever its size (30,000 brackets once took 1.4 GB, 60,000
// blank lines 9 GB). Bytes allocated, not time, so the test does not depend
// on the machine.
func TestLimitMemory(t *testing.T) {
	schema := limitSchema()
	for _, h := range hostile() {
		b := Block{Present: true, YAML: []byte(h.yaml), YAMLLine: 2}
		if _, probs := Decode("x.md", b, schema); len(probs) != 1 || !strings.Contains(probs[0].Msg, "expected") || strings.Contains(probs[0].Msg, "valid YAML") {
			continue // read: its cost is the parser's, BenchmarkDecodeHostile
		}
		const runs = 10
		Decode("x.md", b, schema) // the first call's allocations once for all
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			Decode("x.md", b, schema)
		}
		runtime.ReadMemStats(&after)
		if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 16<<10 {
			t.Errorf("%s: refusing %d bytes allocates %d bytes", h.name, len(h.yaml), per)
		}
	}
}

// BenchmarkDecodeHostile decodes the worst front matter of about 60 KB:
// the refused (brackets, braces, dashes, indented, documents, keys, items)
// cost a pass over their bytes; the rest, within the limits, are what the
// parser costs at worst (about a kilobyte per value). B/byte is the bytes
// allocated per byte of front matter.
//
//	go test ./generator/frontmatter -run '^$' -bench DecodeHostile
func BenchmarkDecodeHostile(b *testing.B) {
	schema := limitSchema()
	for _, h := range hostile() {
		b.Run(h.name, func(b *testing.B) {
			blk := Block{Present: true, YAML: []byte(h.yaml), YAMLLine: 2}
			b.ReportAllocs()
			b.SetBytes(int64(len(h.yaml)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				Decode("x.md", blk, schema)
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(h.yaml)), "B/byte")
		})
	}
}

// BenchmarkGuard is the scan of a tool entry's front matter, which Decode
// makes before reading any.
func BenchmarkGuard(b *testing.B) {
	y := []byte("title: Adobe Express (Agency workspace 2)\nvendor: Adobe Inc.\ncategory: Design\nstatus: a\n" +
		"owner: [Ana Lopez (CMO), Tom Reyes (Controller)]\ndate: 2024-06-29\nweight: 3\ndraft: false\n" +
		"tags:\n  - scheduling\n  - analytics\nlayout: wide\n")
	b.ReportAllocs()
	b.SetBytes(int64(len(y)))
	for b.Loop() {
		if _, _, msg := checkLimits(y); msg != "" {
			b.Fatal(msg)
		}
	}
}

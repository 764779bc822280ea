package frontmatter

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
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
		"---\ntags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n---\n",
		"---\ntitle: |\n  x\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nowner: <<<<<<<<<<<<<<<<<<<<\n---\n",
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
		// Quoted values and items, which quick takes in their simplest form.
		"title: \"\"\nowner:\n  - \"90-day retention for direct messages\"\n  - SSO\ntags: [a, \"b c\" , \"\"]\n",
		"title: \"a: b\"\nstatus: \"#x\"\nowner: \" lead\"\ntags: \"trail \"\nlayout: \"90-day\"\n",
		"draft: \"yes\"\nowner: \"null\"\nweight: \"1.5\"\ndate: \"2026-01-02\"\nstatus: \"a\"\ntitle: \"~\"\n",
		"title: \"Café — «ü» 日本\"\nowner: [\"Ana López\", 'Tom O''Brien', '']\ntags:\n- \"🙂\"\n- 'x \\ y'\n",
		"title: 'single: quoted'\nowner:\n  -   'a \"b\"'\n  - \"c 'd'\"\nweight: '3'\ndraft: 'true'\n",
		"title: \"a\" b\n",
		"title: \"a\" # c\n",
		"title: \"a\"# c\n",
		"title: \"a\"  \n",
		"owner:\n  - \"a\" b\n  - \"c\" # d\n",
		"title: \"unclosed\ntags: [x]\n",
		"title: \"unclosed\n  still\"\n",
		"owner:\n  - \"unclosed\n",
		"tags: [\"a, b\", \"c]\", \"d\" e]\n",
		"title: pla\"in\" value\nowner: a \"b\" c\n",
		"title: \"a\\\"b\"\nowner: \"a\\nb\"\n",
		"title: \"a\":\n\"owner\": b\n",
		"title: \"a\"\n  - b\n",
		"tags: [\"a\":b, \"[c]\", \"{d}\", \"e?\", \"#f\"]\n",
		"title: \"x\"\"y\"\nowner: 'x''y'\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, ok := quick(data); !ok {
			return
		}
		b := Block{Present: true, YAML: data, YAMLLine: 2}
		got, gotProbs := Decode("x.md", b, fuzzSchema)
		if line, col, msg := checkLimits(data); msg != "" {
			// Past a limit Decode refuses the input before either parser
			// reads it (FuzzDepthGuard holds the limits to goccy).
			if got != nil || len(gotProbs) != 1 || gotProbs[0].Line != line+1 || gotProbs[0].Col != col || gotProbs[0].Msg != msg {
				t.Errorf("front matter %q past a limit: %+v %v; want only %d:%d: %s", data, got, gotProbs, line+1, col, msg)
			}
			return
		}
		want, wantProbs := decodeYAML("x.md", b, fuzzSchema)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotProbs, wantProbs) {
			t.Errorf("front matter %q:\nquick:  %+v %v\nparser: %+v %v", data, got, gotProbs, want, wantProbs)
		}
		if d := diffQuick(data); d != "" {
			t.Errorf("front matter %q: %s", data, d)
		}
	})
}

// diffQuick says how the pairs quick makes of y differ from the parser's:
// in the kinds of node, in the type, value, line and column of each
// scalar's token and, for quoted scalars, in all the rest of the token but
// its links to its neighbours. It says "" when they agree or quick refuses.
func diffQuick(y []byte) string {
	q, ok := quick(y)
	if !ok {
		return ""
	}
	f, err := parser.ParseBytes(y, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return fmt.Sprintf("quick accepts what the parser refuses: %v", err)
	}
	var p []*ast.MappingValueNode
	switch n := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		p = n.Values
	case *ast.MappingValueNode:
		p = []*ast.MappingValueNode{n}
	default:
		return fmt.Sprintf("the parser makes a %T", n)
	}
	if len(q) != len(p) {
		return fmt.Sprintf("quick makes %d pairs, the parser %d", len(q), len(p))
	}
	for i := range q {
		if d := diffNode(q[i].Key, p[i].Key); d != "" {
			return d
		}
		if d := diffNode(q[i].Value, p[i].Value); d != "" {
			return d
		}
	}
	return ""
}

func diffNode(q, p ast.Node) string {
	if reflect.TypeOf(q) != reflect.TypeOf(p) {
		return fmt.Sprintf("quick makes a %T, the parser a %T", q, p)
	}
	switch qn := q.(type) {
	case *ast.NullNode:
		return "" // quick places it where no token is
	case *ast.SequenceNode:
		pn := p.(*ast.SequenceNode)
		if qn.IsFlowStyle != pn.IsFlowStyle || len(qn.Values) != len(pn.Values) {
			return fmt.Sprintf("quick makes a list of %d (flow %v), the parser of %d (flow %v)",
				len(qn.Values), qn.IsFlowStyle, len(pn.Values), pn.IsFlowStyle)
		}
		for i := range qn.Values {
			if d := diffNode(qn.Values[i], pn.Values[i]); d != "" {
				return d
			}
		}
		return ""
	case *ast.StringNode:
		if pv := p.(*ast.StringNode).Value; qn.Value != pv {
			return fmt.Sprintf("quick reads %q, the parser %q", qn.Value, pv)
		}
	}
	qt, pt := *q.GetToken(), *p.GetToken()
	if qt.Type != token.SingleQuoteType && qt.Type != token.DoubleQuoteType {
		qt = token.Token{Type: qt.Type, Value: qt.Value, Position: &token.Position{Line: qt.Position.Line, Column: qt.Position.Column}}
		pt = token.Token{Type: pt.Type, Value: pt.Value, Position: &token.Position{Line: pt.Position.Line, Column: pt.Position.Column}}
	}
	qt.Prev, qt.Next, pt.Prev, pt.Next = nil, nil, nil, nil
	if !reflect.DeepEqual(qt, pt) {
		return fmt.Sprintf("quick makes the token %+v %+v, the parser %+v %+v", qt, *qt.Position, pt, *pt.Position)
	}
	return ""
}

// Package frontmatter is the room where the YAML between the `---` lines of a
// content file is split from the markdown and decoded against a schema, with
// the line and column of every field kept. It reports problems through diag
// and may import model (for dates), diag, goccy/go-yaml and the standard
// library; it knows nothing of platforms, tools or decisions beyond the schema
// it is given. Front matter beyond the limits in guard.go (MaxDepth,
// MaxItems, MaxBytes, MaxRepeat, MaxPathBytes) is refused, after a scan of
// its bytes, before any parser reads it.
package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"playbook/generator/diag"
	"playbook/generator/model"
)

// Block is a content file cut in two.
type Block struct {
	Present   bool   // the file opens with a `---` line
	YAML      []byte // the text between the `---` lines
	YAMLLine  int    // file line of the first YAML line (2 when present)
	Body      []byte // the markdown after the closing `---`
	BodyLine  int    // number of file lines before Body
	CloseLine int    // file line of the closing `---`
	// Name is what messages call the YAML: "" is "front matter"; a whole
	// YAML file (playbook.yaml) gives its name.
	Name string
}

// name is what messages call b's YAML.
func (b Block) name() string {
	if b.Name == "" {
		return "front matter"
	}
	return b.Name
}

// ErrUnclosed is returned by Split when the opening `---` has no closing line.
var ErrUnclosed = errors.New("front matter opened with --- on line 1 is never closed; expected a line holding only ---")

// Split separates the front matter from the body. A file that does not open
// with `---` has no front matter: all of it is body.
func Split(src []byte) (Block, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, ok := cutLine(src)
	if !ok && len(src) == 0 || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return Block{Body: src}, nil
	}
	if !ok {
		return Block{}, ErrUnclosed
	}
	line := 2
	start := len(src) - len(rest)
	off := start
	for len(rest) > 0 {
		l, r, _ := cutLine(rest)
		if t := bytes.TrimRight(l, " \t\r"); string(t) == "---" || string(t) == "..." {
			return Block{
				Present:   true,
				YAML:      src[start:off],
				YAMLLine:  2,
				Body:      r,
				BodyLine:  line,
				CloseLine: line,
			}, nil
		}
		off += len(rest) - len(r)
		rest = r
		line++
	}
	return Block{}, ErrUnclosed
}

func cutLine(b []byte) (line, rest []byte, found bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

// Type is the shape a field's value must have.
type Type int

const (
	String     Type = iota // any scalar, read as text
	StringList             // a list of scalars, or one scalar
	People                 // a name or a list of names
	Date                   // YYYY-MM-DD
	Enum                   // one of Field.Enum
	Int                    // a whole number
	Bool                   // true or false
)

// Field describes one front-matter key.
type Field struct {
	Name string
	Type Type
	Enum []string
}

// Schema is what a kind of content file may hold.
type Schema struct {
	Kind    string            // "platform", "tool", ... for messages
	Fields  []Field           // the fields of the contract
	Aliases map[string]string // other spellings: "decision-makers" → "decided_by"
	Ignored []string          // accepted silently and dropped
}

func (s *Schema) field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Value is a decoded field.
type Value struct {
	Pos   model.Pos // where the key stands
	At    model.Pos // where the value starts
	Str   string
	List  []string
	Items []model.Pos // where each list item starts
	Date  model.Date
	Int   int
	Bool  bool

	Invalid bool // given, but with a value that was reported as wrong, or empty
	Null    bool // the key is there with no value ("owner:")
}

// Values holds the decoded fields by their canonical names.
type Values map[string]Value

// Str returns the text of a field, "" when absent.
func (v Values) Str(name string) string { return v[name].Str }

// List returns the list of a field, nil when absent.
func (v Values) List(name string) []string { return v[name].List }

// Has reports whether the field was given a valid value.
func (v Values) Has(name string) bool { f, ok := v[name]; return ok && !f.Invalid }

// Given reports whether the field was written, valid or not.
func (v Values) Given(name string) bool { _, ok := v[name]; return ok }

// Decode reads the YAML of b against schema. Fields with a null value are
// kept with Null (and Invalid) set: Has reports them absent, Given present. Problems are reported against file. The Values
// are nil when the YAML could not be read as a mapping at all, or crosses
// a limit of front matter (MaxDepth, MaxItems, MaxBytes, MaxRepeat,
// MaxPathBytes), which no parser is handed. A field whose value is wrong is
// kept with Invalid set, so that it is not also reported as missing.
func Decode(file string, b Block, schema *Schema) (Values, diag.List) {
	if !b.Present || len(bytes.TrimSpace(b.YAML)) == 0 {
		return Values{}, nil
	}
	if line, col, msg := checkLimits(b.YAML); msg != "" {
		if b.Name != "" {
			// The limits' messages speak of front matter; a whole file
			// has no --- lines.
			msg = strings.ReplaceAll(strings.Replace(msg, " between the --- lines", "", 1), "front matter", b.Name)
		}
		var probs diag.List
		probs.Errorf(file, line+b.YAMLLine-1, col, "%s", msg)
		return nil, probs
	}
	if pairs, ok := quick(b.YAML); ok {
		var probs diag.List
		d := decoder{file: file, lineOff: b.YAMLLine - 1, schema: schema, probs: &probs}
		return d.fields(pairs), probs
	}
	return decodeYAML(file, b, schema)
}

// decodeYAML is Decode through goccy/go-yaml's parser, for any YAML.
func decodeYAML(file string, b Block, schema *Schema) (Values, diag.List) {
	var probs diag.List
	f, err := parser.ParseBytes(b.YAML, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		line, col, msg := 0, 0, err.Error()
		var ye yaml.Error
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				line, col = tk.Position.Line, tk.Position.Column
			}
		}
		probs.Errorf(file, line+b.YAMLLine-1, col, "%s is not valid YAML: %s", b.name(), msg)
		return nil, probs
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return Values{}, nil
	}
	d := decoder{file: file, lineOff: b.YAMLLine - 1, schema: schema, probs: &probs}
	var pairs []*ast.MappingValueNode
	switch n := unwrap(f.Docs[0].Body).(type) {
	case *ast.MappingNode:
		pairs = n.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{n}
	case *ast.NullNode, *ast.CommentGroupNode:
		return Values{}, nil
	default:
		p := d.pos(n)
		probs.Errorf(file, p.Line, p.Col, "%s must be a mapping of field: value lines, got %s", b.name(), describe(n))
		return nil, probs
	}
	return d.fields(pairs), probs
}

// fields decodes the key: value pairs of a mapping.
func (d *decoder) fields(pairs []*ast.MappingValueNode) Values {
	vals := Values{}
	seen := map[string]model.Pos{}
	for _, kv := range pairs {
		d.pair(kv, vals, seen)
	}
	return vals
}

type decoder struct {
	file    string
	lineOff int
	schema  *Schema
	probs   *diag.List
}

func (d *decoder) pos(n ast.Node) model.Pos {
	switch m := n.(type) {
	case *ast.MappingNode:
		if m.IsFlowStyle && m.Start != nil && m.Start.Position != nil {
			return model.Pos{Line: m.Start.Position.Line + d.lineOff, Col: m.Start.Position.Column}
		}
		if len(m.Values) > 0 {
			n = m.Values[0].Key
		}
	case *ast.MappingValueNode:
		n = m.Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return model.Pos{Line: d.lineOff + 1, Col: 1}
	}
	return model.Pos{Line: tk.Position.Line + d.lineOff, Col: tk.Position.Column}
}

func (d *decoder) errf(p model.Pos, format string, args ...any) {
	d.probs.Errorf(d.file, p.Line, p.Col, format, args...)
}

func (d *decoder) pair(kv *ast.MappingValueNode, vals Values, seen map[string]model.Pos) {
	kp := d.pos(kv.Key)
	key, ok := scalar(kv.Key)
	if !ok {
		d.errf(kp, "a front matter key must be a plain name")
		return
	}
	name := key
	if canon, ok := d.schema.Aliases[key]; ok {
		name = canon
	}
	if prev, dup := seen[name]; dup {
		d.errf(kp, "field %q is given twice (first on line %d)", key, prev.Line)
		return
	}
	seen[name] = kp
	fld, known := d.schema.field(name)
	if !known {
		if slices.Contains(d.schema.Ignored, key) {
			return
		}
		msg := fmt.Sprintf("unknown field %q in a %s", key, d.schema.Kind)
		if s := Suggest(key, d.names()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else {
			msg += "; expected one of " + strings.Join(d.names(), ", ")
		}
		d.errf(kp, "%s", msg)
		return
	}
	n := unwrap(kv.Value)
	if _, null := n.(*ast.NullNode); null || n == nil {
		vals[name] = Value{Pos: kp, At: kp, Invalid: true, Null: true}
		return
	}
	vp := d.pos(n)
	v := Value{Pos: kp, At: vp}
	switch fld.Type {
	case String:
		s, ok := scalar(n)
		if !ok {
			d.errf(vp, "field %q must be text, got %s", key, describe(n))
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		v.Str = s
	case Enum:
		s, ok := scalar(n)
		if !ok {
			d.errf(vp, "field %q must be one of %s, got %s", key, strings.Join(fld.Enum, ", "), describe(n))
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		if !slices.Contains(fld.Enum, s) {
			msg := fmt.Sprintf("field %q is %q; expected one of %s", key, s, strings.Join(fld.Enum, ", "))
			if sug := Suggest(s, fld.Enum); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			}
			d.errf(vp, "%s", msg)
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		v.Str = s
	case Date:
		s, ok := scalar(n)
		if !ok {
			d.errf(vp, "field %q must be a date YYYY-MM-DD, got %s", key, describe(n))
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		dt, err := model.ParseDate(s)
		if err != nil {
			d.errf(vp, "field %q is %q; expected a date YYYY-MM-DD", key, s)
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		v.Date, v.Str = dt, s
	case Int:
		s, ok := scalar(n)
		i, err := strconv.Atoi(s)
		if !ok || err != nil {
			d.errf(vp, "field %q must be a whole number, got %s", key, describe(n))
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		v.Int = i
	case Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.errf(vp, "field %q must be true or false, got %s", key, describe(n))
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		v.Bool = b.Value
	case StringList, People:
		what := "a list of text items"
		if fld.Type == People {
			what = "a name or a list of names"
		}
		if s, ok := scalar(n); ok {
			v.List, v.Items = []string{s}, []model.Pos{vp}
			break
		}
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.errf(vp, "field %q must be %s, got %s", key, what, describe(n))
			vals[name] = Value{Pos: kp, At: vp, Invalid: true}
			return
		}
		for _, item := range seq.Values {
			item = unwrap(item)
			s, ok := scalar(item)
			if !ok {
				d.errf(d.pos(item), "each item of %q must be text, got %s", key, describe(item))
				vals[name] = Value{Pos: kp, At: vp, Invalid: true}
				return
			}
			v.List = append(v.List, s)
			v.Items = append(v.Items, d.pos(item))
		}
	}
	vals[name] = v
}

func (d *decoder) names() []string {
	out := make([]string, 0, len(d.schema.Fields))
	for _, f := range d.schema.Fields {
		out = append(out, f.Name)
	}
	return out
}

// unwrap looks through anchors and tags to the value.
func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.AnchorNode:
			n = t.Value
		default:
			return n
		}
	}
}

// scalar returns the text of a scalar node.
func scalar(n ast.Node) (string, bool) {
	switch t := n.(type) {
	case *ast.StringNode:
		return t.Value, true
	case *ast.LiteralNode:
		return strings.TrimRight(t.Value.Value, "\n"), true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return t.GetToken().Value, true
	case *ast.MappingKeyNode:
		return scalar(t.Value)
	}
	return "", false
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.AliasNode:
		return "an alias"
	}
	if s, ok := scalar(n); ok {
		return fmt.Sprintf("%q", s)
	}
	return "a " + strings.ToLower(n.Type().String())
}

// Suggest returns the candidate closest to word, when it is close enough to
// be the word that was meant.
func Suggest(word string, candidates []string) string {
	best, bestD := "", 1<<30
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := distance(lw, c)
		if strings.ReplaceAll(lw, "-", "_") == c || strings.ReplaceAll(lw, "_", "-") == c {
			d = 0
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len(word)/3)
	if bestD <= limit {
		return best
	}
	return ""
}

// distance is the Damerau–Levenshtein (optimal string alignment) distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

package frontmatter

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// quick parses front matter written only in the plainest YAML, which is
// what almost every content file uses:
//
//	key: plain value
//	key: [plain, values]
//	key:
//	  - plain value
//	key:
//
// into the key: value pairs of the syntax tree that goccy/go-yaml's parser
// makes of it, about three times faster. It says ok=false for anything else
// (quoted values, comments, anchors, tags, block scalars, nesting, tabs, a
// plain value that YAML might read as more than text), and Decode then lets
// the full parser read the YAML. FuzzQuickMatchesParser checks that both
// give the same result whenever quick accepts.
func quick(y []byte) ([]*ast.MappingValueNode, bool) {
	if !utf8.Valid(y) || bytes.ContainsFunc(y, odd) {
		return nil, false
	}
	var (
		pairs []*ast.MappingValueNode
		open  *ast.MappingValueNode // the last key, while its value is still open
		seq   *ast.SequenceNode     // the block list under it, once one started
	)
	closeOpen := func(line int) {
		if open != nil && seq == nil {
			open.Value = ast.Null(token.New("null", "", &token.Position{Line: line, Column: 1}))
		}
		open, seq = nil, nil
	}
	lines := bytes.Split(y, []byte{'\n'})
	for i, raw := range lines {
		line := i + 1
		text := strings.TrimRight(string(raw), " ")
		if text == "" {
			continue
		}
		if len(text) != len(raw) {
			// Trailing spaces shift some of the parser's columns.
			return nil, false
		}
		indent := len(text) - len(strings.TrimLeft(text, " "))
		rest := text[indent:]
		if rest[0] == '#' {
			return nil, false
		}
		if strings.HasPrefix(rest, "- ") && open != nil {
			// An item of the list under the open key.
			if seq == nil {
				seq = ast.Sequence(tok("-", line, indent+1), false)
				open.Value = seq
			} else if seq.Start.Position.Column != indent+1 {
				return nil, false
			}
			item := strings.TrimLeft(rest[2:], " ")
			n, ok := plain(item, line, indent+len(rest)-len(item)+1)
			if !ok {
				return nil, false
			}
			seq.Values = append(seq.Values, n)
			continue
		}
		if indent > 0 {
			return nil, false
		}
		closeOpen(line)
		colon := strings.IndexByte(text, ':')
		if colon <= 0 || !isKey(text[:colon]) {
			return nil, false
		}
		key := text[:colon]
		ktk := scalarToken(key, line, 1)
		if ktk.Type != token.StringType {
			return nil, false
		}
		after := text[colon+1:]
		if after != "" && after[0] != ' ' {
			return nil, false
		}
		value := strings.TrimLeft(after, " ")
		col := colon + 2 + len(after) - len(value)
		kv := ast.MappingValue(tok(":", line, colon+1), ast.String(ktk), nil)
		pairs = append(pairs, kv)
		switch {
		case value == "":
			open = kv
		case value[0] == '[':
			n, ok := flow(value, line, col)
			if !ok {
				return nil, false
			}
			kv.Value = n
		default:
			n, ok := plain(value, line, col)
			if !ok {
				return nil, false
			}
			kv.Value = n
		}
	}
	closeOpen(len(lines) + 1)
	if len(pairs) == 0 {
		return nil, false
	}
	return pairs, true
}

// odd reports the characters quick leaves to the parser: tabs, carriage
// returns and other control characters, and Unicode spaces and line
// separators, which YAML treats now as white space, now as text, now as line
// breaks.
func odd(r rune) bool {
	if r == '\n' {
		return false
	}
	return r < 0x20 || r == 0x7f || r > 0x7f && (unicode.IsSpace(r) || unicode.IsControl(r) || r == 0xfeff || r == 0x2028 || r == 0x2029)
}

// flow reads "[a, b, c]" at column col. Columns count characters, as the
// parser's do.
func flow(s string, line, col int) (ast.Node, bool) {
	if s[len(s)-1] != ']' {
		return nil, false
	}
	seq := ast.Sequence(tok("[", line, col), true)
	inner := s[1 : len(s)-1]
	if strings.Trim(inner, " ") == "" {
		return nil, false
	}
	off := 1
	for part := range strings.SplitSeq(inner, ",") {
		item := strings.Trim(part, " ")
		if strings.ContainsAny(item, ":#?") {
			return nil, false
		}
		lead := len(part) - len(strings.TrimLeft(part, " "))
		n, ok := plain(item, line, col+off+lead)
		if !ok {
			return nil, false
		}
		seq.Values = append(seq.Values, n)
		off += utf8.RuneCountInString(part) + 1
	}
	return seq, true
}

// plain makes the node of a plain scalar at column col, when it is one that
// cannot mean anything but its own text, number or truth value. Quotes are
// text after the first character ("Winners' addresses"); commas are text
// outside a flow list, and inside one flow has split on them already.
func plain(s string, line, col int) (ast.Node, bool) {
	if s == "" || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`~") ||
		strings.ContainsAny(s, "[]{}") || strings.Contains(s, ": ") ||
		strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return nil, false
	}
	tk := scalarToken(s, line, col)
	switch tk.Type {
	case token.StringType:
		return ast.String(tk), true
	case token.BoolType:
		return ast.Bool(tk), true
	case token.IntegerType:
		return ast.Integer(tk), true
	case token.FloatType:
		return ast.Float(tk), true
	}
	return nil, false
}

// scalarToken types a plain scalar as the parser does (token.New), but
// without token.New's attempts to read a number when the text cannot be one:
// it starts with a letter, and no keyword (null, true, false and their
// capitalised forms) starts with that letter or has a space.
func scalarToken(s string, line, col int) *token.Token {
	pos := &token.Position{Line: line, Column: col}
	c := s[0]
	if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && (!strings.ContainsRune("nNtTfF", rune(c)) || strings.IndexByte(s, ' ') >= 0) {
		return token.String(s, s, pos)
	}
	return token.New(s, s, pos)
}

// isKey reports whether k is a plain field name.
func isKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return false
		}
	}
	return true
}

func tok(v string, line, col int) *token.Token {
	return &token.Token{Value: v, Origin: v, Position: &token.Position{Line: line, Column: col}}
}

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
//	key: "quoted value"
//	key: [plain, values, "or quoted"]
//	key:
//	  - plain value
//	  - "quoted value"
//	key:
//
// into the key: value pairs of the syntax tree that goccy/go-yaml's parser
// makes of it, about three times faster. A quoted value ('single' quotes
// too) must close at the end of its line and hold no quote of its kind,
// and in double quotes no backslash; in a flow list it holds none of
// ,:#?[]{} either. quick says ok=false for anything else (escapes, quoted
// keys, comments, anchors, tags, block scalars, nesting, tabs, trailing
// spaces, a plain value that YAML might read as more than text), and
// Decode then lets the full parser read the YAML. FuzzQuickMatchesParser
// checks that both give the same result whenever quick accepts.
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
	var (
		next       int // where the next line starts in y
		level      int // the parser's indent level
		lastIndent int // the indent of the line above, blank or not
	)
	for i, raw := range lines {
		line := i + 1
		above := y[:next]
		next += len(raw) + 1
		text := strings.TrimRight(string(raw), " ")
		if text == "" {
			lastIndent = len(raw)
			continue
		}
		if len(text) != len(raw) {
			// Trailing spaces shift some of the parser's columns.
			return nil, false
		}
		indent := len(text) - len(strings.TrimLeft(text, " "))
		// The parser's scanner steps its indent level up or down by one
		// on each line indented more or less than the line above it.
		if indent > lastIndent {
			level++
		} else if indent < lastIndent && level > 0 {
			level--
		}
		lastIndent = indent
		at := where{line: line, indent: indent, level: level, above: above}
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
			at.col = indent + len(rest) - len(item) + 1
			n, ok := scalarNode(item, rest[1:], at)
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
		at.col = colon + 2 + len(after) - len(value)
		kv := ast.MappingValue(tok(":", line, colon+1), ast.String(ktk), nil)
		pairs = append(pairs, kv)
		switch {
		case value == "":
			open = kv
		case value[0] == '[':
			n, ok := flow(value, at)
			if !ok {
				return nil, false
			}
			kv.Value = n
		default:
			n, ok := scalarNode(value, after, at)
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

// where is where a scalar starts, as the parser counts: its line and its
// column (columns count characters, as the parser's do), the indent of the
// line and the parser's indent level there, and the text above the line.
type where struct {
	line, col, indent, level int
	above                    []byte
}

// flow reads "[a, b, c]" at at.
func flow(s string, at where) (ast.Node, bool) {
	if s[len(s)-1] != ']' {
		return nil, false
	}
	seq := ast.Sequence(tok("[", at.line, at.col), true)
	inner := s[1 : len(s)-1]
	if strings.Trim(inner, " ") == "" {
		return nil, false
	}
	col := at.col + 1
	for part := range strings.SplitSeq(inner, ",") {
		item := strings.Trim(part, " ")
		if strings.ContainsAny(item, ":#?") || item != "" && isQuote(item[0]) && strings.ContainsAny(item, "[]{}") {
			return nil, false
		}
		lead := len(part) - len(strings.TrimLeft(part, " "))
		it := at
		it.col = col + lead
		n, ok := scalarNode(item, strings.TrimRight(part, " "), it)
		if !ok {
			return nil, false
		}
		seq.Values = append(seq.Values, n)
		col += utf8.RuneCountInString(part) + 1
	}
	return seq, true
}

// scalarNode makes the node of the quoted or plain scalar s at at, written
// as origin: s with the spaces before it.
func scalarNode(s, origin string, at where) (ast.Node, bool) {
	if s != "" && isQuote(s[0]) {
		return quoted(s, origin, at)
	}
	return plain(s, at.line, at.col)
}

func isQuote(c byte) bool { return c == '"' || c == '\'' }

// quoted makes the node of s when it is a quoted scalar that means its own
// text, "text" or 'text', the quote closing it ending s: no quote of its
// kind inside, and in double quotes no backslash (odd has ruled out control
// characters already). Its token is the parser's, down to Origin and
// Position: Offset counts characters from 1.
func quoted(s, origin string, at where) (ast.Node, bool) {
	q := s[0]
	if len(s) < 2 || s[len(s)-1] != q {
		return nil, false
	}
	v := s[1 : len(s)-1]
	if strings.IndexByte(v, q) >= 0 || q == '"' && strings.IndexByte(v, '\\') >= 0 {
		return nil, false
	}
	pos := &token.Position{Line: at.line, Column: at.col, Offset: utf8.RuneCount(at.above) + at.col,
		IndentNum: at.indent, IndentLevel: at.level}
	if q == '"' {
		return ast.String(token.DoubleQuote(v, origin, pos)), true
	}
	return ast.String(token.SingleQuote(v, origin, pos)), true
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

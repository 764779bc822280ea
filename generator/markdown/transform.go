package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// playbookExtension wires this package's parser options, AST transformer and
// node renderers into a goldmark instance.
type playbookExtension struct {
	unsafe bool
}

func (e *playbookExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithAutoHeadingID(),
		// Order against other transformers does not matter: links are
		// sorted by source offset at the end of Convert.
		parser.WithASTTransformers(util.Prioritized(bodyTransformer{}, 2000)),
	)
	m.Renderer().AddOptions(
		// Lower number wins over goldmark's html renderer (1000).
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{unsafe: e.unsafe}, 100)),
	)
}

// stateKey holds the *convState of one Convert call in the parser context,
// so that the shared transformer keeps no state of its own.
var stateKey = parser.NewContextKey()

// convState is everything one Convert call reads and collects.
type convState struct {
	resolve    Resolver
	lineOffset int
	lineStarts []int

	title string
	toc   []Heading
	links []foundLink
}

// foundLink is a Link with the byte offset it was found at, for sorting.
type foundLink struct {
	Link
	off int
}

// bodyTransformer extracts the title, collects the TOC, and resolves and
// records relative link and image destinations.
type bodyTransformer struct{}

func (bodyTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*convState)
	if st == nil {
		return
	}
	source := reader.Source()

	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		st.title = plainText(h, source)
		doc.RemoveChild(doc, h)
	}

	ids := map[string]bool{}
	var tasks []*extast.TaskCheckBox
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			text := plainText(n, source)
			id := uniqueID(ids, slug(text))
			n.SetAttributeString("id", []byte(id))
			if n.Level >= 2 && n.Level <= 4 && n.Parent() == doc {
				st.toc = append(st.toc, Heading{Level: n.Level, ID: id, Text: text})
			}
		case *ast.Link:
			st.link(n, &n.Destination, false, source)
		case *ast.Image:
			st.link(n, &n.Destination, true, source)
		case *ast.AutoLink:
			// CommonMark autolinks always carry a scheme (or are e-mail
			// addresses), so they are never relative; nothing to resolve.
		case *extast.TaskCheckBox:
			tasks = append(tasks, n)
		}
		return ast.WalkContinue, nil
	})
	// The tree changes only once the walk is over.
	for _, box := range tasks {
		labelTask(box, source)
	}
}

// taskLabel is a <label> around a task-list checkbox and the text of its
// item ("- [ ] Roles set"), which gives the checkbox its accessible name:
// <label class="task-label"><input disabled="" type="checkbox"> Roles set</label>.
type taskLabel struct {
	ast.BaseInline
}

var kindTaskLabel = ast.NewNodeKind("TaskLabel")

func (n *taskLabel) Kind() ast.NodeKind { return kindTaskLabel }

func (n *taskLabel) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// labelTask puts a task-list checkbox and the rest of the line it starts
// into a taskLabel, and marks its list item (class "task"). An item with no
// text names its checkbox "Empty task".
func labelTask(box *extast.TaskCheckBox, source []byte) {
	block := box.Parent()
	if block == nil {
		return
	}
	if li, ok := block.Parent().(*ast.ListItem); ok {
		li.SetAttributeString("class", []byte("task"))
	}
	if blankAfter(box, source) {
		box.SetAttributeString("aria-label", []byte("Empty task"))
		return
	}
	label := &taskLabel{}
	block.InsertBefore(block, box, label)
	for c := ast.Node(box); c != nil; {
		next := c.NextSibling()
		label.AppendChild(label, c)
		c = next
	}
}

// link resolves one link or image destination if it is relative, and
// records it.
func (st *convState) link(n ast.Node, dest *[]byte, image bool, source []byte) {
	d := string(*dest)
	if !isRelative(d) {
		return
	}
	url, ok := d, true
	if st.resolve != nil {
		url, ok = st.resolve(d)
	}
	if ok && url != d {
		// Never write into the old slice: it may point into the source.
		*dest = []byte(url)
	}
	off := linkOffset(n, image, source)
	line, col := st.position(off)
	st.links = append(st.links, foundLink{
		Link: Link{Dest: d, Line: line, Col: col, Image: image, OK: ok},
		off:  off,
	})
}

// linkOffset finds the byte offset of the '[' (or "![") that opens a link or
// image. goldmark records it as the node's position; when it is missing the
// source is scanned back from the first text inside the link.
func linkOffset(n ast.Node, image bool, source []byte) int {
	if p := n.Pos(); p >= 0 && p < len(source) {
		return p
	}
	start := firstTextStart(n)
	if start < 0 {
		if p := n.Parent(); p != nil && p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
		return 0
	}
	lineStart := bytes.LastIndexByte(source[:start], '\n') + 1
	i := bytes.LastIndexByte(source[lineStart:start], '[')
	if i < 0 {
		return start
	}
	i += lineStart
	if image && i > 0 && source[i-1] == '!' {
		i--
	}
	return i
}

// firstTextStart returns the source offset of the first text segment under
// n, or -1.
func firstTextStart(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if s := firstTextStart(c); s >= 0 {
			return s
		}
	}
	return -1
}

// isRelative reports whether dest is a relative reference the site must
// resolve: not empty, no URL scheme, and not starting with '/', '#' or '?'.
func isRelative(dest string) bool {
	if dest == "" {
		return false
	}
	switch dest[0] {
	case '/', '#', '?':
		return false
	}
	return !hasScheme(dest)
}

// hasScheme reports whether s starts with an RFC 3986 scheme followed by ':'.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// slug turns heading text into an anchor id the way GitHub does: lower
// case, letters, digits, '-' and '_' kept, spaces turned into '-', anything
// else dropped. goldmark's own ids work on the raw source line (so link
// destinations leak in) and drop non-ASCII letters; these work on the text
// a reader sees.
func slug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// uniqueID returns base, or base-1, base-2, ... whichever is not yet in
// used, and marks it used.
func uniqueID(used map[string]bool, base string) string {
	id := base
	for i := 1; used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	used[id] = true
	return id
}

// headingID returns the id attribute goldmark gave a heading.
func headingID(n ast.Node) string {
	v, ok := n.AttributeString("id")
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// blankAfter reports whether nothing but white space follows n in its
// block.
func blankAfter(n ast.Node, source []byte) bool {
	for c := n.NextSibling(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(source))) > 0 {
			return false
		}
	}
	return true
}

// plainText returns the text a reader sees in an inline container, without
// markup, with line breaks as spaces.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	writePlain(&b, n, source)
	return strings.Join(strings.Fields(b.String()), " ")
}

func writePlain(b *strings.Builder, n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(source)
			if !c.IsRaw() {
				v = util.UnescapePunctuations(v)
				v = util.ResolveNumericReferences(v)
				v = util.ResolveEntityNames(v)
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(source))
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(source))
		case *ast.RawHTML:
			// markup, not text
		default:
			writePlain(b, c, source)
		}
	}
}

// Package markdown turns the markdown body of one content file into HTML with
// goldmark: CommonMark plus GFM tables, task lists, strikethrough and
// autolinks, footnotes, heading ids with anchor links, a table of contents,
// code highlighting with chroma CSS classes, escaped raw HTML, and relative
// links rewritten to site URLs with their file positions recorded.
//
// It knows nothing about the site: links are resolved through a callback. It
// may import goldmark, chroma and the standard library.
package markdown

import (
	"bufio"
	"bytes"
	"sort"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
)

// Options configures a Converter.
type Options struct {
	// Unsafe passes raw HTML (blocks and inline) through as-is. By default
	// raw HTML is escaped and shown as text, not dropped.
	Unsafe bool
}

// Heading is one entry of the table of contents.
type Heading struct {
	Level int    // 2..4 only are collected for the TOC
	ID    string // the anchor id
	Text  string // plain text
}

// Link is one relative link or image destination found in the body.
type Link struct {
	Dest  string // destination exactly as written in the source, e.g. "../tools/hootsuite.md#sso"
	Line  int    // 1-based line in the file (body line + Convert's lineOffset)
	Col   int    // 1-based byte column of the '[' or '!' that opens the link or image ('<' for autolinks)
	Image bool
	OK    bool // what the resolver said
}

// Result is what Convert makes of one body.
type Result struct {
	HTML  []byte
	Title string    // plain text of the first block if it is a level-1 heading (removed from HTML); "" otherwise
	TOC   []Heading // h2..h4 in document order
	Links []Link    // every relative link and image destination, in document order
}

// Resolver maps a relative destination to the URL to write in the HTML.
// ok=false means the target does not exist; the link is then left as written.
type Resolver func(dest string) (url string, ok bool)

// Converter renders markdown bodies. It holds one goldmark instance and is
// safe for concurrent use by many goroutines.
type Converter struct {
	md goldmark.Markdown
}

// New builds a Converter with the given options.
func New(opts Options) *Converter {
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			&playbookExtension{unsafe: opts.Unsafe},
		),
		goldmark.WithRendererOptions(htmlOpts...),
	)
	return &Converter{md: md}
}

// Convert renders src, the body of one content file. lineOffset is the number
// of file lines before the body, so that positions in Result.Links are file
// positions. resolve may be nil: every relative link is then OK and kept.
func (c *Converter) Convert(src []byte, lineOffset int, resolve Resolver) (Result, error) {
	st := &convState{
		resolve:    resolve,
		lineOffset: lineOffset,
		lineStarts: lineStarts(src),
	}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	// goldmark would make a 4 KB bufio.Writer for every body; a pooled one
	// is reused (it flushes it at the end of rendering).
	bw := writers.Get().(*bufio.Writer)
	bw.Reset(&buf)
	err := c.md.Convert(src, bw, parser.WithContext(pc))
	bw.Reset(nil)
	writers.Put(bw)
	if err != nil {
		return Result{}, err
	}
	sort.SliceStable(st.links, func(i, j int) bool { return st.links[i].off < st.links[j].off })
	res := Result{HTML: buf.Bytes(), Title: st.title, TOC: st.toc}
	if len(st.links) > 0 {
		res.Links = make([]Link, len(st.links))
		for i, l := range st.links {
			res.Links[i] = l.Link
		}
	}
	return res, nil
}

// writers are the buffered writers goldmark renders into.
var writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// lineStarts returns the byte offset at which each line of src starts.
func lineStarts(src []byte) []int {
	starts := make([]int, 1, 64)
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position converts a byte offset in the body to a 1-based file line and a
// 1-based byte column.
func (st *convState) position(off int) (line, col int) {
	i := sort.Search(len(st.lineStarts), func(i int) bool { return st.lineStarts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1 + st.lineOffset, off - st.lineStarts[i] + 1
}

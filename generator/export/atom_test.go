package export_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"playbook/generator/export"
	"playbook/generator/model"
)

const atomNS = "http://www.w3.org/2005/Atom"

// node is an XML element as the validators read it.
type node struct {
	name  xml.Name
	attrs map[string]string // by local name, attributes without a namespace
	kids  []*node
	text  string
}

// parseXML reads a whole document into nodes, refusing anything that is
// not well-formed XML or holds more than one root element.
func parseXML(data []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var root *node
	var stack []*node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				if a.Name.Space == "" {
					n.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("a second root element <%s>", tok.Name.Local)
				}
				root = n
			} else {
				top := stack[len(stack)-1]
				top.kids = append(top.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			} else if strings.TrimSpace(string(tok)) != "" {
				return nil, fmt.Errorf("text outside the root element")
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

func (n *node) all(local string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name.Local == local {
			out = append(out, k)
		}
	}
	return out
}

// rfc3339 is RFC 3339's date-time, which Atom's dates must be (RFC 4287
// 3.3): upper-case T and Z, seconds, an offset.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

// validateAtom checks a feed against RFC 4287 (what its RELAX NG schema
// and its prose require of the elements the feed uses) and the site's own
// rule that every address is absolute. It returns every problem found.
func validateAtom(data []byte) []string {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	root, err := parseXML(data)
	if err != nil {
		return []string{"not well-formed XML: " + err.Error()}
	}
	if root.name != (xml.Name{Space: atomNS, Local: "feed"}) {
		return []string{fmt.Sprintf("root element is {%s}%s, want {%s}feed", root.name.Space, root.name.Local, atomNS)}
	}
	absolute := func(where, u string) {
		p, err := url.Parse(u)
		if err != nil || !p.IsAbs() || p.Host == "" {
			bad("%s: %q is not an absolute address", where, u)
		}
	}
	date := func(where string, n *node) {
		if !rfc3339.MatchString(n.text) {
			bad("%s: %q is not an RFC 3339 date-time", where, n.text)
		} else if _, err := time.Parse(time.RFC3339, n.text); err != nil {
			bad("%s: %q: %v", where, n.text, err)
		}
	}
	text := func(where string, n *node) {
		if t, ok := n.attrs["type"]; ok && t != "text" && t != "html" && t != "xhtml" {
			bad("%s: type %q", where, t)
		}
	}
	person := func(where string, n *node) {
		if names := n.all("name"); len(names) != 1 || strings.TrimSpace(names[0].text) == "" {
			bad("%s: %d names, want exactly one, not empty", where, len(names))
		}
		for _, k := range n.kids {
			if k.name.Space == atomNS && k.name.Local != "name" && k.name.Local != "uri" && k.name.Local != "email" {
				bad("%s: unexpected <%s>", where, k.name.Local)
			}
		}
	}
	// container checks what feed and entry have in common: children in the
	// Atom namespace from the allowed set, exactly one id, title and
	// updated, at most one of the singular ones, and well-formed links,
	// people and categories. It returns whether there is an author.
	container := func(where string, n *node, allowed, once []string) (authors int) {
		for _, k := range n.kids {
			if k.name.Space != atomNS {
				continue // foreign markup is allowed
			}
			if !slices.Contains(allowed, k.name.Local) {
				bad("%s: unexpected <%s>", where, k.name.Local)
			}
		}
		for _, name := range []string{"id", "title", "updated"} {
			if c := len(n.all(name)); c != 1 {
				bad("%s: %d <%s>, want exactly one", where, c, name)
			}
		}
		for _, name := range once {
			if c := len(n.all(name)); c > 1 {
				bad("%s: %d <%s>, want at most one", where, c, name)
			}
		}
		for _, id := range n.all("id") {
			absolute(where+" id", id.text)
		}
		for _, u := range n.all("updated") {
			date(where+" updated", u)
		}
		for _, name := range []string{"title", "summary", "rights", "subtitle"} {
			for _, t := range n.all(name) {
				text(where+" "+name, t)
			}
		}
		alternates := map[string]bool{}
		for _, l := range n.all("link") {
			href, ok := l.attrs["href"]
			if !ok {
				bad("%s: a link without href", where)
			}
			absolute(where+" link", href)
			if rel := l.attrs["rel"]; rel == "" || rel == "alternate" {
				key := l.attrs["type"] + " " + l.attrs["hreflang"]
				if alternates[key] {
					bad("%s: two alternate links of type %q", where, l.attrs["type"])
				}
				alternates[key] = true
			}
		}
		for _, c := range n.all("category") {
			if c.attrs["term"] == "" {
				bad("%s: a category without term", where)
			}
		}
		for _, a := range n.all("author") {
			person(where+" author", a)
		}
		return len(n.all("author"))
	}
	feedAuthors := container("feed", root,
		[]string{"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated", "entry"},
		[]string{"generator", "icon", "logo", "rights", "subtitle"})
	self := false
	for _, l := range root.all("link") {
		self = self || l.attrs["rel"] == "self"
	}
	if !self {
		bad("feed: no link rel=\"self\"")
	}
	ids := map[string]bool{}
	for i, e := range root.all("entry") {
		where := fmt.Sprintf("entry %d", i+1)
		authors := container(where, e,
			[]string{"author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary", "title", "updated"},
			[]string{"content", "published", "rights", "source", "summary"})
		if authors == 0 && feedAuthors == 0 {
			bad("%s: no author, and the feed has none", where)
		}
		hasAlternate := len(e.all("content")) > 0
		for _, l := range e.all("link") {
			hasAlternate = hasAlternate || l.attrs["rel"] == "" || l.attrs["rel"] == "alternate"
		}
		if !hasAlternate {
			bad("%s: neither content nor an alternate link", where)
		}
		for _, id := range e.all("id") {
			if ids[id.text] {
				bad("%s: id %q is not unique", where, id.text)
			}
			ids[id.text] = true
		}
		for _, p := range e.all("published") {
			date(where+" published", p)
		}
	}
	return probs
}

func TestAtomFeedIsValid(t *testing.T) {
	t.Parallel()
	out := build(t, map[string]string{"content/decisions/0006-formula.md": formulaRecord})
	if probs := validateAtom(read(t, out, export.Feed)); len(probs) > 0 {
		t.Errorf("the feed is not valid Atom:\n%s", strings.Join(probs, "\n"))
	}
}

// The validator finds what a feed reader would reject.
func TestValidateAtomFindsProblems(t *testing.T) {
	t.Parallel()
	feed := `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>x</title><id>/decisions/</id><updated>2026-06-01</updated>
  <entry><title>a</title><id>https://x.example/a</id><updated>2026-06-01T00:00:00Z</updated></entry>
</feed>`
	probs := strings.Join(validateAtom([]byte(feed)), "\n")
	for _, want := range []string{
		`feed id: "/decisions/" is not an absolute address`,
		`feed updated: "2026-06-01" is not an RFC 3339 date-time`,
		`feed: no link rel="self"`,
		`entry 1: no author, and the feed has none`,
		`entry 1: neither content nor an alternate link`,
	} {
		if !strings.Contains(probs, want) {
			t.Errorf("the validator missed %q; it found:\n%s", want, probs)
		}
	}
}

// withBase is the fixture's playbook.yaml with another base_url (none when
// base is "").
func withBase(t *testing.T, base string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "site", "playbook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for l := range strings.Lines(string(data)) {
		if !strings.HasPrefix(l, "base_url:") {
			lines = append(lines, l)
		}
	}
	if base != "" {
		lines = append(lines, "base_url: "+base+"\n")
	}
	return map[string]string{"playbook.yaml": strings.Join(lines, "")}
}

// Without an absolute base_url, the feed is left out (Atom allows absolute
// addresses only), NeedsBaseURL says so, and the exports give each page's
// address as the site's links do.
func TestExportsWithoutAbsoluteBaseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ base, url, warning string }{
		{"", "/decisions/dr-0002/", "no base_url is set"},
		{"/playbook/", "/playbook/decisions/dr-0002/", `base_url "/playbook/" is a path, not an address`},
		{"https://intranet.example.com/playbook/", "https://intranet.example.com/playbook/decisions/dr-0002/", ""},
	} {
		t.Run(tc.base, func(t *testing.T) {
			t.Parallel()
			out := build(t, withBase(t, tc.base))
			_, err := os.Stat(filepath.Join(out, export.Feed))
			if hasFeed := err == nil; hasFeed != (tc.warning == "") {
				t.Errorf("feed written: %v, want %v", hasFeed, tc.warning == "")
			}
			base := tc.base
			if base == "" {
				base = "/" // the default
			}
			w := export.NeedsBaseURL(&model.Site{BaseURL: base})
			if (w == "") != (tc.warning == "") || !strings.HasPrefix(w, tc.warning) {
				t.Errorf("NeedsBaseURL = %q, want it to start with %q", w, tc.warning)
			}
			if w != "" && (!strings.Contains(w, "sitemap.xml") || !strings.Contains(w, "decisions/feed.xml") || !strings.Contains(w, "base_url in playbook.yaml (or -base-url)")) {
				t.Errorf("NeedsBaseURL = %q: it does not name what is left out and what to set", w)
			}
			var doc struct{ Decisions []export.Decision }
			if err := json.Unmarshal(read(t, out, export.DecisionsJSON), &doc); err != nil {
				t.Fatal(err)
			}
			if got := doc.Decisions[1].URL; got != tc.url {
				t.Errorf("decisions.json url = %q, want %q", got, tc.url)
			}
			_, rows := readCSV(t, read(t, out, export.DecisionsCSV))
			if got := rows[1]["url"]; got != tc.url {
				t.Errorf("decisions.csv url = %q, want %q", got, tc.url)
			}
			var ps struct{ Platforms []export.Entry }
			if err := json.Unmarshal(read(t, out, export.PlatformsJSON), &ps); err != nil {
				t.Fatal(err)
			}
			if got, want := ps.Platforms[0].URL, strings.Replace(tc.url, "decisions/dr-0002", "platforms/linkedin", 1); got != want {
				t.Errorf("platforms.json url = %q, want %q", got, want)
			}
		})
	}
}

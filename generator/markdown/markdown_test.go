package markdown

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// siteResolver is a stand-in for the site: a few known targets, the rest
// broken.
func siteResolver(dest string) (string, bool) {
	known := map[string]string{
		"../tools/hootsuite.md#sso": "/tools/hootsuite/#sso",
		"../tools/hootsuite.md":     "/tools/hootsuite/",
		"img/pic.png":               "/pages/img/pic.png",
		"other.md":                  "/pages/other/",
	}
	u, ok := known[dest]
	return u, ok
}

func convert(t *testing.T, opts Options, src string, lineOffset int, resolve Resolver) Result {
	t.Helper()
	res, err := New(opts).Convert([]byte(src), lineOffset, resolve)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return res
}

func TestRender(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		src     string
		want    []string // substrings that must appear in the HTML
		notWant []string // substrings that must not appear
	}{
		{
			name: "gfm table",
			src:  "| a | b |\n|---|--:|\n| 1 | 2 |\n",
			want: []string{"<table>", "<th>a</th>", `<td style="text-align:right">2</td>`, "</table>"},
		},
		{
			name: "task list",
			src:  "- [ ] todo\n- [x] done\n",
			want: []string{`<li class="task"><label class="task-label"><input disabled="" type="checkbox"> todo</label></li>`, `<li class="task"><label class="task-label"><input checked="" disabled="" type="checkbox"> done</label></li>`},
		},
		{
			name: "strikethrough",
			src:  "this is ~~gone~~ now\n",
			want: []string{"<del>gone</del>"},
		},
		{
			name: "linkify",
			src:  "see https://example.com/x for more\n",
			want: []string{`<a href="https://example.com/x">https://example.com/x</a>`},
		},
		{
			name: "footnote",
			src:  "Claim.[^1]\n\n[^1]: The source.\n",
			want: []string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`, `<li id="fn:1">`, "The source."},
		},
		{
			name:    "no typographer",
			src:     "\"quoted\" -- dash...\n",
			want:    []string{"&quot;quoted&quot; -- dash..."},
			notWant: []string{"&ldquo;", "&ndash;", "&hellip;"},
		},
		{
			name: "heading anchors",
			src:  "## Getting started\n\n### Step one\n\n#### Detail\n\n##### Deep\n",
			want: []string{
				`<h2 id="getting-started">Getting started <a class="anchor" href="#getting-started" aria-label="Link to this section">#</a></h2>`,
				`<h3 id="step-one">Step one <a class="anchor" href="#step-one" aria-label="Link to this section">#</a></h3>`,
				`<h4 id="detail">Detail <a class="anchor" href="#detail" aria-label="Link to this section">#</a></h4>`,
				`<h5 id="deep">Deep</h5>`,
			},
		},
		{
			name: "go code highlighted with classes",
			src:  "```go\nfunc main() {}\n```\n",
			want: []string{
				`<pre class="chroma"><code class="language-go"><span class="kd">func</span><span class="w"> </span><span class="nf">main</span><span class="p">()</span>`,
				"</code></pre>",
			},
			notWant: []string{"style="},
		},
		{
			name:    "unknown language is escaped text",
			src:     "```nosuchlang\nif a < b && c > d {}\n```\n",
			want:    []string{"<pre class=\"chroma\"><code class=\"language-nosuchlang\">if a &lt; b &amp;&amp; c &gt; d {}\n</code></pre>"},
			notWant: []string{"<span"},
		},
		{
			name: "no language is escaped text",
			src:  "```\n<tag>\n```\n",
			want: []string{"<pre class=\"chroma\"><code>&lt;tag&gt;\n</code></pre>"},
		},
		{
			name: "indented code block is plain",
			src:  "para\n\n    x := <1>\n",
			want: []string{"<pre><code>x := &lt;1&gt;\n</code></pre>"},
		},
		{
			name:    "script block escaped",
			src:     "<script>alert(1)</script>\n",
			want:    []string{"&lt;script&gt;alert(1)&lt;/script&gt;"},
			notWant: []string{"<script", "raw HTML omitted"},
		},
		{
			name:    "inline html escaped",
			src:     "Click <b onclick=x>here</b> now.\n",
			want:    []string{"Click &lt;b onclick=x&gt;here&lt;/b&gt; now."},
			notWant: []string{"<b", "raw HTML omitted"},
		},
		{
			name:    "multi-line html block escaped",
			src:     "<div class=\"note\">\n<p>hi</p>\n</div>\n",
			want:    []string{"&lt;div class=&quot;note&quot;&gt;\n&lt;p&gt;hi&lt;/p&gt;\n&lt;/div&gt;"},
			notWant: []string{"<div"},
		},
		{
			name: "unsafe passes html through",
			opts: Options{Unsafe: true},
			src:  "<script>alert(1)</script>\n\nClick <b onclick=x>here</b>.\n",
			want: []string{"<script>alert(1)</script>", "Click <b onclick=x>here</b>."},
		},
		{
			name:    "dangerous url dropped",
			src:     "[x](javascript:alert(1))\n",
			want:    []string{`<a href="">x</a>`},
			notWant: []string{"javascript:"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, tc.opts, tc.src, 0, nil)
			got := string(res.HTML)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML lacks %q\ngot:\n%s", w, got)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(got, w) {
					t.Errorf("HTML has %q\ngot:\n%s", w, got)
				}
			}
		})
	}
}

func TestTOC(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Heading
	}{
		{
			name: "levels and order",
			src:  "## Alpha\n\ntext\n\n### Beta `code` *em*\n\n#### Gamma\n\n##### Too deep\n\n## Alpha\n",
			want: []Heading{
				{Level: 2, ID: "alpha", Text: "Alpha"},
				{Level: 3, ID: "beta-code-em", Text: "Beta code em"},
				{Level: 4, ID: "gamma", Text: "Gamma"},
				{Level: 2, ID: "alpha-1", Text: "Alpha"},
			},
		},
		{
			name: "link text not destination",
			src:  "## See [Hootsuite](../tools/hootsuite.md) setup\n",
			want: []Heading{{Level: 2, ID: "see-hootsuite-setup", Text: "See Hootsuite setup"}},
		},
		{
			name: "non-ascii kept",
			src:  "## Über uns\n",
			want: []Heading{{Level: 2, ID: "über-uns", Text: "Über uns"}},
		},
		{
			name: "setext h2",
			src:  "Overview\n--------\n",
			want: []Heading{{Level: 2, ID: "overview", Text: "Overview"}},
		},
		{
			name: "h1 title not in toc",
			src:  "# Title\n\n## Title\n",
			want: []Heading{{Level: 2, ID: "title", Text: "Title"}},
		},
		{
			name: "none",
			src:  "just text\n",
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, Options{}, tc.src, 0, nil)
			if !reflect.DeepEqual(res.TOC, tc.want) {
				t.Errorf("TOC = %+v, want %+v", res.TOC, tc.want)
			}
			for _, h := range tc.want {
				anchor := fmt.Sprintf(`id="%s"`, h.ID)
				if !strings.Contains(string(res.HTML), anchor) {
					t.Errorf("HTML lacks %s:\n%s", anchor, res.HTML)
				}
			}
		})
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		title     string
		wantH1    bool
		wantInDoc string
	}{
		{name: "atx h1 first", src: "# Hello *World*\n\nBody.\n", title: "Hello World", wantInDoc: "<p>Body.</p>"},
		{name: "setext h1 first", src: "Hello\n=====\n\nBody.\n", title: "Hello", wantInDoc: "<p>Body.</p>"},
		{name: "no h1", src: "Body.\n\n## Sub\n", title: "", wantInDoc: "<p>Body.</p>"},
		{name: "h1 not first", src: "Intro.\n\n# Late\n", title: "", wantH1: true, wantInDoc: `<h1 id="late">Late</h1>`},
		{name: "h2 first", src: "## Sub\n\nBody.\n", title: ""},
		{name: "empty", src: "", title: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, Options{}, tc.src, 0, nil)
			if res.Title != tc.title {
				t.Errorf("Title = %q, want %q", res.Title, tc.title)
			}
			if has := bytes.Contains(res.HTML, []byte("<h1")); has != tc.wantH1 {
				t.Errorf("<h1 present = %v, want %v:\n%s", has, tc.wantH1, res.HTML)
			}
			if tc.wantInDoc != "" && !bytes.Contains(res.HTML, []byte(tc.wantInDoc)) {
				t.Errorf("HTML lacks %q:\n%s", tc.wantInDoc, res.HTML)
			}
		})
	}
}

func TestLinkRewriting(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		resolve Resolver
		want    []string
		links   []Link
	}{
		{
			name:    "resolved",
			src:     "See [Hootsuite](../tools/hootsuite.md#sso).\n",
			resolve: siteResolver,
			want:    []string{`<a href="/tools/hootsuite/#sso">Hootsuite</a>`},
			links:   []Link{{Dest: "../tools/hootsuite.md#sso", Line: 1, Col: 5, OK: true}},
		},
		{
			name:    "broken left as written",
			src:     "See [gone](../tools/gone.md).\n",
			resolve: siteResolver,
			want:    []string{`<a href="../tools/gone.md">gone</a>`},
			links:   []Link{{Dest: "../tools/gone.md", Line: 1, Col: 5, OK: false}},
		},
		{
			name:    "image resolved",
			src:     "![A picture](img/pic.png \"Title\")\n",
			resolve: siteResolver,
			want:    []string{`<img src="/pages/img/pic.png" alt="A picture" title="Title">`},
			links:   []Link{{Dest: "img/pic.png", Line: 1, Col: 1, Image: true, OK: true}},
		},
		{
			name:    "reference link resolved",
			src:     "Read [this][o].\n\n[o]: other.md\n",
			resolve: siteResolver,
			want:    []string{`<a href="/pages/other/">this</a>`},
			links:   []Link{{Dest: "other.md", Line: 1, Col: 6, OK: true}},
		},
		{
			name:    "non-relative untouched and not collected",
			src:     "[a](https://x.y/z) [b](mailto:a@b.c) [c](/abs/) [d](//cdn.x/y) [e](#frag) [f](?q=1) [g]() <https://auto.link>\n",
			resolve: func(string) (string, bool) { panic("resolver called") },
			want:    []string{`href="https://x.y/z"`, `href="mailto:a@b.c"`, `href="/abs/"`, `href="//cdn.x/y"`, `href="#frag"`, `href="?q=1"`, `<a href="">g</a>`},
			links:   nil,
		},
		{
			name:  "nil resolver keeps links",
			src:   "[a](a.md) ![b](b.png)\n",
			want:  []string{`<a href="a.md">a</a>`, `<img src="b.png" alt="b">`},
			links: []Link{{Dest: "a.md", Line: 1, Col: 1, OK: true}, {Dest: "b.png", Line: 1, Col: 11, Image: true, OK: true}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, Options{}, tc.src, 0, tc.resolve)
			for _, w := range tc.want {
				if !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q:\n%s", w, res.HTML)
				}
			}
			if !reflect.DeepEqual(res.Links, tc.links) {
				t.Errorf("Links =\n%+v\nwant\n%+v", res.Links, tc.links)
			}
		})
	}
}

func TestLinkPositions(t *testing.T) {
	// The body starts after 4 lines of front matter.
	const lineOffset = 4
	src := strings.Join([]string{
		"Intro [one](one.md) and ![pic](img/pic.png).", // 1
		"",                             // 2
		"- item [two](../two.md#x)",    // 3
		"  - nested [three](three.md)", // 4
		"",                             // 5
		"| a | b |",                    // 6
		"|---|---|",                    // 7
		"| x | see [four](four.md) |",  // 8
		"",                             // 9
		"> quoted [five](five.md)",     // 10
		"",                             // 11
		"## Head [six](six.md)",        // 12
		"",                             // 13
		"Ünïcode [seven][r] and [abs](https://x.y) and [multi", // 14
		"line](eight.md) then [![badge](badge.svg)](nine.md)",  // 15
		"",                               // 16
		"[r]: seven.md",                  // 17
		"",                               // 18
		"1. first",                       // 19
		"2. second\t[ten](ten.md)",       // 20
		"",                               // 21
		"Note.[^n]",                      // 22
		"",                               // 23
		"[^n]: See [eleven](eleven.md).", // 24
		"",                               // 25
		"```md",                          // 26
		"[not](a-link.md)",               // 27
		"```",                            // 28
	}, "\n") + "\n"

	res := convert(t, Options{}, src, lineOffset, func(dest string) (string, bool) {
		return "/r/" + dest, dest != "three.md"
	})
	want := []Link{
		{Dest: "one.md", Line: 5, Col: 7, OK: true},
		{Dest: "img/pic.png", Line: 5, Col: 25, Image: true, OK: true},
		{Dest: "../two.md#x", Line: 7, Col: 8, OK: true},
		{Dest: "three.md", Line: 8, Col: 12, OK: false},
		{Dest: "four.md", Line: 12, Col: 11, OK: true},
		{Dest: "five.md", Line: 14, Col: 10, OK: true},
		{Dest: "six.md", Line: 16, Col: 9, OK: true},
		{Dest: "seven.md", Line: 18, Col: 11, OK: true},
		{Dest: "eight.md", Line: 18, Col: 49, OK: true},
		{Dest: "nine.md", Line: 19, Col: 22, OK: true},
		{Dest: "badge.svg", Line: 19, Col: 23, Image: true, OK: true},
		{Dest: "ten.md", Line: 24, Col: 11, OK: true},
		{Dest: "eleven.md", Line: 28, Col: 11, OK: true},
	}
	if len(res.Links) != len(want) {
		t.Fatalf("got %d links, want %d:\n%+v", len(res.Links), len(want), res.Links)
	}
	for i := range want {
		if res.Links[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, res.Links[i], want[i])
		}
	}
	// Every reported column points at the '[' or '!' that opens the link.
	lines := strings.Split(src, "\n")
	for _, l := range res.Links {
		line := lines[l.Line-lineOffset-1]
		c := line[l.Col-1]
		if (l.Image && c != '!') || (!l.Image && c != '[') {
			t.Errorf("%+v: column points at %q in %q", l, c, line)
		}
	}
}

func TestConcurrentConvert(t *testing.T) {
	c := New(Options{})
	src := []byte(benchDoc())
	resolve := func(dest string) (string, bool) { return "/x/" + dest, !strings.HasPrefix(dest, "missing") }
	ref, err := c.Convert(src, 3, resolve)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				res, err := c.Convert(src, 3, resolve)
				if err != nil {
					errs <- err
					return
				}
				if !reflect.DeepEqual(res, ref) {
					errs <- fmt.Errorf("goroutine result differs from serial result")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestStyleCSS(t *testing.T) {
	css := string(StyleCSS())
	for _, w := range []string{".chroma {", ".chroma .k {", "@media (prefers-color-scheme: dark) {"} {
		if !strings.Contains(css, w) {
			t.Errorf("StyleCSS lacks %q", w)
		}
	}
	for _, line := range strings.Split(css, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "}" || strings.HasPrefix(line, "/*") || strings.HasPrefix(line, "@media") {
			continue
		}
		if !strings.HasPrefix(line, ".chroma") {
			t.Errorf("rule not scoped under .chroma: %q", line)
		}
	}
	// A light colour for a class must not survive into dark mode.
	_, dark, _ := strings.Cut(css, "@media (prefers-color-scheme: dark)")
	if !strings.Contains(dark, ".chroma .nx {") {
		t.Errorf("dark block does not override .chroma .nx:\n%s", dark)
	}
	// The result is a copy.
	StyleCSS()[0] = 'X'
	if StyleCSS()[0] == 'X' {
		t.Error("StyleCSS returns shared memory")
	}
}

// benchDoc is a realistic ~200-line playbook page.
func benchDoc() string {
	var b strings.Builder
	b.WriteString("# Social media playbook\n\n")
	b.WriteString("This page explains how the team publishes to social media. Read the [tool guide](../tools/hootsuite.md#sso) first.\n\n")
	for s := 1; s <= 6; s++ {
		fmt.Fprintf(&b, "## Section %d: publishing step\n\n", s)
		b.WriteString("Before you post, check the *brand voice* and the **approval** status. ")
		fmt.Fprintf(&b, "See [the checklist](checklist-%d.md) and the [policy](https://example.com/policy) for details.\n", s)
		b.WriteString("Long paragraphs wrap across lines so the parser sees soft breaks,\nand `inline code` shows up from time to time.\n\n")
		fmt.Fprintf(&b, "### Steps for %d\n\n", s)
		b.WriteString("1. Draft the post in the shared calendar.\n")
		fmt.Fprintf(&b, "2. Ask a reviewer ([who?](../people/reviewers.md)).\n")
		b.WriteString("3. Schedule it.\n   - [x] image attached\n   - [ ] link shortened\n\n")
		b.WriteString("| Channel | Owner | Notes |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| Twitter | [Ana](../people/ana.md) | daily |\n| LinkedIn | [Bo](missing-%d.md) | weekly ~~maybe~~ |\n\n", s)
		b.WriteString("```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```\n\n")
		b.WriteString("> **Note:** never post credentials. ![diagram](img/flow.png)\n\n")
		fmt.Fprintf(&b, "#### Edge cases %d\n\nSome text with a footnote.[^%d]\n\n[^%d]: Footnote text.\n\n", s, s, s)
		b.WriteString("```yaml\nkey: value\nlist:\n  - a\n  - b\n```\n\n")
	}
	return b.String()
}

func BenchmarkConvert(b *testing.B) {
	c := New(Options{})
	src := []byte(benchDoc())
	resolve := func(dest string) (string, bool) { return "/x/" + dest, true }
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(src, 5, resolve); err != nil {
			b.Fatal(err)
		}
	}
}

// A task-list checkbox is named by the text of its item: the checkbox and
// the text are wrapped in a <label>, in tight and loose lists, with links,
// and in nested lists (the sublist stays out of the label). An item with
// no text names its checkbox "Empty task". Links inside the label are still
// resolved and placed.
func TestTaskListCheckboxesAreNamed(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "link in the item",
			src:  "- [ ] Team trained on the [runbook](../tools/hootsuite.md)\n",
			want: []string{`<li class="task"><label class="task-label"><input disabled="" type="checkbox"> Team trained on the <a href="/tools/hootsuite/">runbook</a></label></li>`},
		},
		{
			name: "loose list",
			src:  "- [x] one\n\n- [ ] two\n",
			want: []string{
				"<li class=\"task\">\n<p><label class=\"task-label\"><input checked=\"\" disabled=\"\" type=\"checkbox\"> one</label></p>\n</li>",
				"<li class=\"task\">\n<p><label class=\"task-label\"><input disabled=\"\" type=\"checkbox\"> two</label></p>\n</li>",
			},
		},
		{
			name: "nested",
			src:  "- [ ] parent\n  on two lines\n  - [x] child\n",
			want: []string{
				"<li class=\"task\"><label class=\"task-label\"><input disabled=\"\" type=\"checkbox\"> parent\non two lines</label>\n<ul>\n",
				`<li class="task"><label class="task-label"><input checked="" disabled="" type="checkbox"> child</label></li>`,
			},
		},
		{
			name: "escaped text",
			src:  "- [ ] <b onclick=x>bold</b> & \"q\"\n",
			want: []string{`<label class="task-label"><input disabled="" type="checkbox"> &lt;b onclick=x&gt;bold&lt;/b&gt; &amp; &quot;q&quot;</label>`},
		},
		{
			name: "empty item",
			src:  "- [ ] \n- [ ] x\n",
			want: []string{`<li class="task"><input disabled="" type="checkbox" aria-label="Empty task"> </li>`},
		},
		{
			name: "not a task",
			src:  "- plain [ ] item\n\n[ ] no list\n",
			want: []string{"<li>plain [ ] item</li>", "<p>[ ] no list</p>"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(convert(t, Options{}, tc.src, 0, siteResolver).HTML)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML lacks %q\ngot:\n%s", w, got)
				}
			}
			if n, m := strings.Count(got, `type="checkbox"`), strings.Count(got, `<label class="task-label"><input`)+strings.Count(got, `aria-label="Empty task"`); n != m {
				t.Errorf("%d checkboxes, %d of them named\n%s", n, m, got)
			}
		})
	}
	res := convert(t, Options{}, "Intro.\n\n- [ ] See [it](other.md) now\n", 5, siteResolver)
	if want := []Link{{Dest: "other.md", Line: 8, Col: 11, OK: true}}; !reflect.DeepEqual(res.Links, want) {
		t.Errorf("links in a task item: %+v, want %+v", res.Links, want)
	}
}

package search

import (
	"strings"
	"testing"

	"playbook/generator/model"
)

// extract extracts one document with fresh buffers.
func extract(d *model.Doc) []section {
	var x extractor
	return x.extract(d)
}

func TestExtract(t *testing.T) {
	t.Parallel()
	d := &model.Doc{Title: "Guide", Body: []byte(strings.Join([]string{
		"# Guide",
		"",
		"Intro with **bold**, _emphasis_, ~~gone~~, a [link](../x.md#y) and ![an image](i.png).",
		"Keep snake_case and `inline_code()` <span class=\"x\">inside</span> &amp; \\*escaped\\*.",
		"",
		"## First section",
		"",
		"- item one",
		"- [ ] task two",
		"1. numbered",
		"",
		"> quoted text",
		"",
		"| Risk | Control |",
		"|---|:--:|",
		"| Leaks | Embargo |",
		"",
		"```go",
		"func main() { fmt.Println(\"hi\") }",
		"```",
		"",
		"Second section",
		"--------------",
		"",
		"Text[^1] after <https://example.com>.",
		"",
		"[^1]: The footnote.",
		"[ref]: https://example.com/ref",
		"",
		"##### Deep heading",
		"",
		"***",
		"",
		"Last words.",
	}, "\n")),
		TOC: []model.Heading{{Level: 2, ID: "first-section", Text: "First section"}, {Level: 2, ID: "second-section", Text: "Second section"}}}
	secs := extract(d)
	if len(secs) != 3 {
		t.Fatalf("%d sections, want 3: %+v", len(secs), secs)
	}
	want := []section{
		{Heading: -1, Text: "Intro with bold, emphasis, gone, a link and an image. Keep snake_case and inline_code() inside & *escaped*."},
		{Heading: 0, Text: "item one task two numbered quoted text Risk · Control Leaks · Embargo"},
		{Heading: 1, Text: "Text after . The footnote. Last words.", Heads: "Deep heading"},
	}
	for i, w := range want {
		g := secs[i]
		if g.Heading != w.Heading || g.Text != w.Text || g.Heads != w.Heads {
			t.Errorf("section %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if secs[0].Code != "inline_code()" || !strings.Contains(secs[1].Code, `fmt.Println("hi")`) {
		t.Errorf("code: %q, %q", secs[0].Code, secs[1].Code)
	}
}

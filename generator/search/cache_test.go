package search

import (
	"maps"
	"testing"

	"playbook/generator/model"
)

func cacheSite(body string, rev uint64) *model.Site {
	p := &model.Platform{Doc: model.Doc{Kind: model.KindPlatform, Path: "content/platforms/pinterest.md", URL: "/platforms/pinterest/",
		Title: "Pinterest", Rev: 1, Body: []byte("## Pins\n\nProduct pins only.\n"),
		TOC: []model.Heading{{Level: 2, ID: "pins", Text: "Pins"}}}, Status: model.Conditional, Risk: "medium"}
	tl := &model.Tool{Doc: model.Doc{Kind: model.KindTool, Path: "content/tools/paypal.md", URL: "/tools/paypal/",
		Title: "PayPal", Rev: rev, Body: []byte(body)}, Status: model.NotApproved}
	pg := &model.Page{Doc: model.Doc{Kind: model.KindPage, Path: "content/pages/glossary.md", URL: "/pages/glossary/",
		Title: "Glossary", Body: []byte("Accepted risk: a risk both sides carry.\n")}}
	return &model.Site{Platforms: []*model.Platform{p}, Tools: []*model.Tool{tl}, Pages: []*model.Page{pg}}
}

// TestCacheKeepsUnchangedDocuments: a rebuild analyzes only the documents
// whose Rev changed, and gives the bytes a fresh build gives.
func TestCacheKeepsUnchangedDocuments(t *testing.T) {
	t.Parallel()
	c := NewCache()
	Build(cacheSite("Payouts only.\n", 7), Options{Cache: c})
	first := maps.Clone(c.docs)
	if len(first) != 2 {
		t.Fatalf("cached %d documents, want 2 (a document without a Rev is never cached)", len(first))
	}
	Build(cacheSite("Payouts only.\n", 7), Options{Cache: c})
	for p, e := range c.docs {
		if first[p] != e {
			t.Errorf("%s was analyzed again though its Rev did not change", p)
		}
	}
	got := Build(cacheSite("Payouts and refunds.\n", 8), Options{Cache: c})
	if c.docs["content/platforms/pinterest.md"] != first["content/platforms/pinterest.md"] {
		t.Errorf("an unchanged document was analyzed again")
	}
	if c.docs["content/tools/paypal.md"] == first["content/tools/paypal.md"] {
		t.Errorf("a changed document was not analyzed again")
	}
	want := Build(cacheSite("Payouts and refunds.\n", 8), Options{})
	if !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("a build from the cache differs from a fresh build")
	}
}

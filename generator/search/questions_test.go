package search_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"playbook/generator/search"
)

// Relevance of questions as readers type them, judged on the sample
// playbook and on a second site written for this test
// (testdata/questions: a coffee roaster's playbook with other platforms,
// tools, aliases and decisions), through the Go engine and through
// search.js in node. Each question names the page that answers it: it
// must come first, or within the first three results where a reader
// would scan the short list.

const questionsSite = "testdata/questions"

// question is a query and the result that answers it.
type question struct {
	query   string
	want    string // the URL of the answer
	within  int    // 1: first; 3: among the first three
	section string // the anchor the result must link to, "" for none
}

var sampleQuestions = []question{
	{"can I use tiktok", "/platforms/tiktok/", 1, ""},
	{"is hootsuite allowed", "/tools/hootsuite/", 1, ""},
	{"tiktok allowed", "/platforms/tiktok/", 1, ""},
	{"can I use instagram for ads", "/platforms/instagram/", 1, ""},
	{"who approved tiktok", "/decisions/dr-0009/", 1, ""},
	{"can we use twitter", "/platforms/x-twitter/", 1, ""},
	{"is x still allowed", "/platforms/x-twitter/", 1, ""},
	{"are we allowed to post on linkedin", "/platforms/linkedin/", 1, ""},
	{"can I use canva", "/tools/canva/", 1, ""},
	{"is paypal ok for giveaways", "/tools/paypal/", 1, ""},
	{"who decided on sprout social", "/decisions/dr-0013/", 3, ""},
	{"hootsuite conditions", "/tools/hootsuite/", 1, "sec-conditions"},
	{"what are the rules for tiktok", "/platforms/tiktok/", 1, "sec-controls"},
	{"instagram requirements", "/platforms/instagram/", 1, "sec-controls"},
	{"can I use bitly", "/tools/bitly/", 1, ""},
	{"is youtube approved", "/platforms/youtube/", 1, ""},
	{"who approved hootsuite sso", "/decisions/dr-0004/", 1, ""},
	{"why was tiktok rejected", "/decisions/dr-0005/", 1, ""},
	{"can we use quickbooks with paypal", "/tools/quickbooks/", 1, ""},
	{"can we connect quickbooks to paypal", "/decisions/dr-0007/", 3, ""},
	{"pinterest allowed", "/platforms/pinterest/", 1, ""},
	{"can marketing use facebook", "/platforms/facebook/", 1, ""},
	{"fb ads allowed", "/platforms/facebook/", 1, ""},
	{"is insta ok", "/platforms/instagram/", 1, ""},
	{"can I schedule posts with hootsuite", "/tools/hootsuite/", 1, ""},
	{"tiktok on my work phone", "/platforms/tiktok/", 1, ""},
	{"tiktok on my work phone", "/decisions/dr-0005/", 3, ""},
	{"who signed off on instagram shopping", "/decisions/dr-0010/", 1, ""},
	{"what do I do if our account is taken over", "/pages/account-takeover-response/", 3, ""},
	{"how do I request a new platform", "/pages/request-a-new-platform/", 3, ""},
	{"black friday ads on x", "/decisions/dr-0011/", 3, ""},
	{"is sprout social approved", "/tools/sprout-social/", 1, ""},
	{"youtube conditions", "/platforms/youtube/", 1, "sec-controls"},
	{"who approved paypal giveaways", "/decisions/dr-0006/", 1, ""},
	{"can I use the tiktok app on my laptop", "/platforms/tiktok/", 1, ""},
}

var fixtureQuestions = []question{
	{"can we use reddit", "/platforms/reddit/", 1, ""},
	{"is reddit allowed for customer support", "/platforms/reddit/", 1, ""},
	{"why was reddit rejected", "/decisions/dr-0004/", 1, ""},
	{"whatsapp on my personal phone", "/platforms/whatsapp/", 1, ""},
	{"whatsapp on my personal phone", "/decisions/dr-0002/", 3, ""},
	{"who approved whatsapp", "/decisions/dr-0005/", 1, ""},
	{"can I use twitter", "/platforms/x/", 1, ""},
	{"is mailchimp ok", "/tools/mailchimp/", 1, ""},
	{"google analytics allowed", "/tools/google-analytics/", 1, ""},
	{"can we use ga4", "/tools/google-analytics/", 3, ""},
	{"analytics conditions", "/tools/google-analytics/", 1, ""},
	{"what are the requirements for buffer", "/tools/buffer/", 1, "sec-conditions"},
	{"who decided on buffer", "/decisions/dr-0010/", 1, ""},
	{"buffer shared login", "/decisions/dr-0001/", 3, ""},
	{"is threads approved", "/platforms/threads/", 1, ""},
	{"can I post on facebook", "/platforms/facebook/", 1, ""},
	{"facebook ads with the company card", "/decisions/dr-0003/", 3, ""},
	{"linktree in our bio", "/tools/linktree/", 1, ""},
	{"who rejected linktree", "/decisions/dr-0009/", 1, ""},
	{"can I use mailchimp for the newsletter", "/tools/mailchimp/", 1, ""},
	{"x promoted posts", "/decisions/dr-0006/", 3, ""},
	{"how do I ask for a new tool", "/pages/request/", 3, ""},
	{"can we use the shop tablet for whatsapp orders", "/platforms/whatsapp/", 1, ""},
	{"threads decision", "/decisions/dr-0008/", 3, ""},
	{"is whatsapp business ok", "/platforms/whatsapp/", 1, ""},
	{"customer data in mailchimp", "/tools/mailchimp/", 1, ""},
	{"fb", "/platforms/facebook/", 1, ""},
	{"who approved google analytics", "/decisions/dr-0007/", 1, ""},
	{"can I use buffer on facebook", "/tools/buffer/", 1, ""},
	{"are staff allowed on reddit", "/platforms/reddit/", 1, ""},
	{"facebook rules", "/platforms/facebook/", 1, "sec-controls"},
}

// answer is what an engine showed for a question: the URLs of the first
// five results (as the header box shows) and the anchor of each.
type answer struct {
	urls     []string
	sections []string
}

// questionsScript runs queries through search.js over files on disk.
const questionsScript = `
const api = require(process.argv[2]);
const fs = require("fs");
const path = require("path");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  const idx = new api.Index("search/", u => {
    const data = fs.readFileSync(path.join(input.root, u));
    return Promise.resolve({
      ok: true,
      json: () => Promise.resolve(JSON.parse(data.toString("utf8"))),
      text: () => Promise.resolve(data.toString("utf8")),
      arrayBuffer: () => Promise.resolve(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)),
    });
  });
  const out = [];
  for (const q of input.queries) {
    const res = await idx.search({query: q, limit: 5});
    out.push({urls: res.hits.map(h => h.frag.u), sections: res.hits.map(h => h.section || ""), notListed: res.notListed || ""});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e.stack); process.exit(1); });
`

type jsAnswer struct {
	URLs      []string `json:"urls"`
	Sections  []string `json:"sections"`
	NotListed string   `json:"notListed"`
}

// goAnswers and jsAnswers run queries through each engine.
func goAnswers(t *testing.T, b *built, queries []string) []answer {
	var out []answer
	e := open(t, b.files)
	for _, q := range queries {
		r, err := e.Search(search.Request{Query: q, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		var a answer
		for _, h := range r.Hits {
			a.urls = append(a.urls, h.URL)
			a.sections = append(a.sections, h.Section)
		}
		out = append(out, a)
	}
	return out
}

func jsAnswers(t *testing.T, b *built, queries []string) []answer {
	var got []jsAnswer
	search.RunNode(t, questionsScript, map[string]any{"root": b.out, "queries": queries}, &got)
	if len(got) != len(queries) {
		t.Fatalf("node answered %d queries of %d", len(got), len(queries))
	}
	out := make([]answer, len(got))
	for i, g := range got {
		out[i] = answer{g.URLs, g.Sections}
	}
	return out
}

// TestQuestionsRankTheAnswerFirst runs every question through both
// engines, reports the top-1 and top-3 hit rates, and fails on every
// question whose answer is not where it must be.
func TestQuestionsRankTheAnswerFirst(t *testing.T) {
	t.Parallel()
	for _, site := range []struct {
		name, src string
		qs        []question
	}{{"sample", sampleSite, sampleQuestions}, {"questions fixture", questionsSite, fixtureQuestions}} {
		b := buildSite(t, site.src)
		var queries []string
		for _, q := range site.qs {
			queries = append(queries, q.query)
		}
		for _, eng := range []struct {
			name string
			run  func(*testing.T, *built, []string) []answer
		}{{"Go", goAnswers}, {"JS", jsAnswers}} {
			answers := eng.run(t, b, queries)
			top1, top3 := 0, 0
			for i, q := range site.qs {
				a := answers[i]
				rank := slices.Index(a.urls, q.want)
				if rank == 0 {
					top1++
				}
				if rank >= 0 && rank < 3 {
					top3++
				}
				if rank < 0 || rank >= q.within {
					t.Errorf("%s, %s: %q: %s is at %d, want within %d; results %s", site.name, eng.name, q.query, q.want, rank+1, q.within, strings.Join(a.urls, " "))
					continue
				}
				if got := a.sections[rank]; got != q.section {
					t.Errorf("%s, %s: %q: %s links to #%s, want #%s", site.name, eng.name, q.query, q.want, got, q.section)
				}
			}
			n := len(site.qs)
			t.Logf("%s, %s engine: top-1 %d/%d (%.0f%%), top-3 %d/%d (%.0f%%)", site.name, eng.name, top1, n, pct(top1, n), top3, n, pct(top3, n))
		}
	}
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(b) }

// TestNotListed: a query that names nothing in the playbook gets the
// answer "… is not in the playbook", with the words it names; a query that
// names a platform or tool, a typo of one, or a topic the playbook covers
// does not. Both engines.
func TestNotListed(t *testing.T) {
	t.Parallel()
	for _, site := range []struct {
		src   string
		cases map[string]string // query → the words named, "" for no answer
	}{
		{sampleSite, map[string]string{
			"bluesky": "bluesky", "can we use bluesky": "bluesky", "is mastodon allowed": "mastodon",
			"can I use snapchat for ads": "snapchat", "is slack allowed": "slack", "can we use threads": "threads",
			"Can we use Blue-Sky?": "blue-sky",
			"tiktok":               "", "can I use tiktok": "", "can I use twitter": "", "shared login": "", "escalated": "",
			"is sso allowed": "", "how do I write a good caption": "", "who decided": "", "conditions": "",
			"can I": "", "is hootsiute allowed": "", "is tiktk allowed": "", "can I use tikt": "", "can I use t": "",
		}},
		{questionsSite, map[string]string{
			"can we use tiktok": "tiktok", "instagram": "instagram", "is bluesky ok": "bluesky",
			"can we use reddit": "", "fb": "", "is twitter allowed": "", "google analytics": "", "consent mode": "",
			// The first word of a longer name names it, unless another
			// word follows that is not the rest of the name.
			"can we use google": "", "can we use google drive": "google drive",
		}},
	} {
		b := buildSite(t, site.src)
		var queries []string
		for q := range site.cases {
			queries = append(queries, q)
		}
		slices.Sort(queries)
		var js []jsAnswer
		search.RunNode(t, questionsScript, map[string]any{"root": b.out, "queries": queries}, &js)
		e := open(t, b.files)
		for i, q := range queries {
			r, err := e.Search(search.Request{Query: q, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			want := site.cases[q]
			if r.NotListed != want {
				t.Errorf("%s: Go: %q is not listed as %q, want %q (results %v)", site.src, q, r.NotListed, want, urls(r.Hits))
			}
			if i < len(js) && js[i].NotListed != want {
				t.Errorf("%s: JS: %q is not listed as %q, want %q", site.src, q, js[i].NotListed, want)
			}
		}
	}
}

// TestQuestionIntents: the words of a question steer among the page and
// the records of what it names.
func TestQuestionIntents(t *testing.T) {
	t.Parallel()
	b := buildSite(t, sampleSite)
	for _, c := range []struct {
		query string
		top   []string
	}{
		// The page, then its records.
		{"can I use tiktok", []string{"/platforms/tiktok/", "/decisions/dr-0005/", "/decisions/dr-0009/"}},
		// Who decided: the decided records first, accepted before rejected...
		{"who decided on tiktok", []string{"/decisions/dr-0009/", "/decisions/dr-0005/", "/platforms/tiktok/"}},
		// ...rejected first when the question asks for a rejection.
		{"who rejected tiktok", []string{"/decisions/dr-0005/", "/decisions/dr-0009/", "/platforms/tiktok/"}},
		// A record still undecided does not jump ahead of the page.
		{"who decided on sprout social", []string{"/tools/sprout-social/", "/decisions/dr-0013/"}},
		// Two things named: the first named first, then the records about both.
		{"can we use quickbooks with paypal", []string{"/tools/quickbooks/", "/tools/paypal/", "/decisions/dr-0007/"}},
		{"can we use paypal with quickbooks", []string{"/tools/paypal/", "/tools/quickbooks/", "/decisions/dr-0007/"}},
		// An alias, and the word being typed.
		{"twitter", []string{"/platforms/x-twitter/", "/decisions/dr-0011/"}},
		{"can I use pint", []string{"/platforms/pinterest/", "/decisions/dr-0002/"}},
		// The first word of a longer name, unless another word follows it.
		{"sprout", []string{"/tools/sprout-social/", "/decisions/dr-0013/"}},
	} {
		r, err := open(t, b.files).Search(search.Request{Query: c.query, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if got := urls(r.Hits); len(got) < len(c.top) || !slices.Equal(got[:len(c.top)], c.top) {
			t.Errorf("%q: %v, want first %v", c.query, got, c.top)
		}
	}
}

// TestRequestLinks: with request_page set, the home page and the lists of
// platforms and tools say "Not listed? Request it" and link the page, and
// the index names it for the search client; without, they say nothing.
func TestRequestLinks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		src, want string
	}{{sampleSite, "/pages/request-a-new-platform/"}, {fixtureSite, ""}} {
		b := buildSite(t, c.src)
		for _, page := range []string{"index.html", "platforms/index.html", "tools/index.html"} {
			data, err := os.ReadFile(filepath.Join(b.out, page))
			if err != nil {
				t.Fatal(err)
			}
			link := fmt.Sprintf(`Not listed? <a href="%s">Request it</a>`, c.want)
			if has := strings.Contains(string(data), link); has != (c.want != "") {
				t.Errorf("%s %s: has %q: %v, want %v", c.src, page, link, has, c.want != "")
			}
			if c.want == "" && strings.Contains(string(data), "Not listed?") {
				t.Errorf("%s %s: a request link without a request page", c.src, page)
			}
		}
		if got := open(t, b.files).Manifest().Request; got != c.want {
			t.Errorf("%s: the index names the request page %q, want %q", c.src, got, c.want)
		}
	}
}

// FuzzQuestions runs any query through the engine over the sample's index:
// no panic, no result twice, never more results than asked for, and an
// answer "not listed" only for a query that names nothing on the page.
func FuzzQuestions(f *testing.F) {
	b := buildSite(f, sampleSite)
	for _, q := range []string{"can I use tiktok", `who approved "sprout social"`, "x-twitter rules", "can we use bluesky",
		"who who who", "tikt", `"can I" use`, "sprout-soc", "is it ok to use insta for ads", "google my business"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r, err := open(t, b.files).Search(search.Request{Query: q, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) > 5 || r.Total < len(r.Hits) {
			t.Errorf("%q: %d hits of %d", q, len(r.Hits), r.Total)
		}
		seen := map[int]bool{}
		for _, h := range r.Hits {
			if seen[h.Doc] {
				t.Errorf("%q: document %d twice", q, h.Doc)
			}
			seen[h.Doc] = true
		}
		if r.NotListed != "" && len(r.Hits) > 0 && r.Hits[0].Kind != "" && r.Hits[0].Section != "" {
			t.Errorf("%q: not listed, yet its first result is a named page's section", q)
		}
	})
}

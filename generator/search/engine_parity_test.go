package search_test

import (
	"encoding/json"
	"slices"
	"testing"

	"playbook/generator/search"
)

// engineScript runs queries through search.js's Index over files on disk,
// each query with a fresh index, and reports what it found and read.
const engineScript = `
const api = require(process.argv[2]);
const fs = require("fs");
const path = require("path");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const req of input.requests) {
    const loaded = [];
    const idx = new api.Index("search/", u => {
      loaded.push(u);
      const data = fs.readFileSync(path.join(input.root, u));
      return Promise.resolve({
        ok: true,
        json: () => Promise.resolve(JSON.parse(data.toString("utf8"))),
        text: () => Promise.resolve(data.toString("utf8")),
        arrayBuffer: () => Promise.resolve(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)),
      });
    });
    const res = await idx.search(req);
    out.push({
      hits: res.hits.map(h => ({doc: h.doc, score: h.score, url: h.frag.u, section: h.section})),
      notListed: res.notListed,
      total: res.total, all: res.all, fixed: res.fixed, counts: res.counts, matched: res.matched,
      loaded: loaded.sort(),
    });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e.stack); process.exit(1); });
`

type jsHit struct {
	Doc     int     `json:"doc"`
	Score   float64 `json:"score"`
	URL     string  `json:"url"`
	Section string  `json:"section"`
}

type jsResult struct {
	Hits    []jsHit                   `json:"hits"`
	Total   int                       `json:"total"`
	All     int                       `json:"all"`
	Fixed   map[string]string         `json:"fixed"`
	Counts  map[string]map[string]int `json:"counts"`
	Matched []string                  `json:"matched"`
	Loaded  []string                  `json:"loaded"`
	// NotListed is the answer to a query that names nothing known.
	NotListed string `json:"notListed"`
}

type jsRequest struct {
	Query   string              `json:"query"`
	Filters map[string][]string `json:"filters"`
	ByDate  bool                `json:"byDate"`
	Limit   int                 `json:"limit"`
}

// parityQueries exercise every path of the engines: words, stems,
// prefixes, compounds, phrases, typos, stop words, filters and sorting.
var parityQueries = []jsRequest{
	{Query: "pinterest"}, {Query: "paypal conditions"}, {Query: "paypal conditions "}, {Query: "escalated"},
	{Query: "hootsuite"}, {Query: "shared login"}, {Query: `"shared login"`}, {Query: `"login shared"`},
	{Query: "pinterst"}, {Query: "hootsiute"}, {Query: "paypl"}, {Query: "DR-0004"}, {Query: "dr-0013"},
	{Query: "payments"}, {Query: "pint"}, {Query: "p"}, {Query: "co"}, {Query: "conditi"}, {Query: "escalati"},
	{Query: "not-approved"}, {Query: "under-review tools"}, {Query: "accepted risk"}, {Query: "the of and"},
	{Query: "Café naïve"}, {Query: "main"}, {Query: "sso mfa"}, {Query: `"approved with conditions" paypal`},
	{Query: "two-step verification"}, {Query: "Northwind"}, {Query: "acount takeovr"}, {Query: "zzzzzz"},
	{Query: "risk", Filters: map[string][]string{}},
	{Query: "risk", Filters: map[string][]string{"kind": {"decision"}, "risk": {"high", "low"}}},
	{Query: "account", Filters: map[string][]string{"tag": {"finance"}}, Limit: 3},
	{Query: "hootsuite", ByDate: true, Filters: map[string][]string{"status": {"accepted", "conditional"}}},
	{Query: "a", Limit: 20}, {Query: "review", Limit: 25},
	// Questions: filler words, names, aliases, intents, the word being
	// typed, names of nothing known.
	{Query: "can I use tiktok"}, {Query: "can I use tiktok "}, {Query: "who approved tiktok"},
	{Query: "why was tiktok rejected"}, {Query: "is hootsuite allowed"}, {Query: "hootsuite conditions"},
	{Query: "what are the rules for pinterest"}, {Query: "can we use twitter"}, {Query: "is x ok"},
	{Query: "can I use tikt"}, {Query: "can we use quickbooks with paypal"}, {Query: "sprout"},
	{Query: "who decided on sprout social"}, {Query: "google drive"}, {Query: "bluesky"},
	{Query: "can we use bluesky"}, {Query: "is slack allowed"}, {Query: "can I use snapchat for ads"},
	{Query: "who decided"}, {Query: "can I"}, {Query: "is hootsiute allowed"}, {Query: "fb ads allowed"},
	{Query: "not approved"}, {Query: "is tiktok not allowed"},
	{Query: "who approved pinterest", Filters: map[string][]string{"kind": {"decision"}}},
	{Query: "can I use hootsuite", ByDate: true},
}

// TestEngineParity runs the same queries through the Go engine and
// through search.js (with node) over the same index files: the results,
// their scores and order, the counts, the corrections, the matched terms
// and the set of files read must be the same. Over the fixture, the sample
// playbook and the questions site; with -short, over the fixture only.
func TestEngineParity(t *testing.T) {
	t.Parallel()
	sites := []string{fixtureSite, sampleSite, questionsSite}
	if testing.Short() {
		sites = sites[:1]
	}
	for _, src := range sites {
		b := buildSite(t, src)
		var got []jsResult
		search.RunNode(t, engineScript, map[string]any{"root": b.out, "requests": parityQueries}, &got)
		if len(got) != len(parityQueries) {
			t.Fatalf("node answered %d queries of %d", len(got), len(parityQueries))
		}
		for i, q := range parityQueries {
			e := open(t, b.files)
			r, err := e.Search(search.Request{Query: q.Query, Filters: q.Filters, ByDate: q.ByDate, Limit: q.Limit})
			if err != nil {
				t.Fatal(err)
			}
			var want []jsHit
			for _, h := range r.Hits {
				want = append(want, jsHit{h.Doc, h.Score, h.URL, h.Section})
			}
			j := got[i]
			if !slices.Equal(j.Hits, want) {
				t.Errorf("%s %q: hits\nJavaScript %v\nGo         %v", src, q.Query, j.Hits, want)
			}
			if j.NotListed != r.NotListed {
				t.Errorf("%s %q: not listed JavaScript %q, Go %q", src, q.Query, j.NotListed, r.NotListed)
			}
			if j.Total != r.Total || j.All != r.All {
				t.Errorf("%s %q: total/all JavaScript %d/%d, Go %d/%d", src, q.Query, j.Total, j.All, r.Total, r.All)
			}
			if !sameJSONValue(j.Fixed, r.Fixed) || !sameJSONValue(j.Counts, r.Counts) {
				t.Errorf("%s %q: fixed/counts JavaScript %v %v, Go %v %v", src, q.Query, j.Fixed, j.Counts, r.Fixed, r.Counts)
			}
			if !slices.Equal(j.Matched, r.Matched) && (len(j.Matched) > 0 || len(r.Matched) > 0) {
				t.Errorf("%s %q: matched JavaScript %v, Go %v", src, q.Query, j.Matched, r.Matched)
			}
			goLoaded := e.Loaded()
			slices.Sort(goLoaded)
			if !slices.Equal(j.Loaded, goLoaded) {
				t.Errorf("%s %q: files read\nJavaScript %v\nGo         %v", src, q.Query, j.Loaded, goLoaded)
			}
		}
	}
}

func sameJSONValue(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	var xv, yv any
	json.Unmarshal(x, &xv)
	json.Unmarshal(y, &yv)
	if m, ok := xv.(map[string]any); ok && len(m) == 0 {
		xv = nil
	}
	if m, ok := yv.(map[string]any); ok && len(m) == 0 {
		yv = nil
	}
	xb, _ := json.Marshal(xv)
	yb, _ := json.Marshal(yv)
	return string(xb) == string(yb)
}

package search

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// SearchJS is the client, as the theme ships it.
const SearchJS = "../../themes/default/static/js/search.js"

// RunNode runs script with node: the script gets the absolute path of
// search.js as process.argv[2] and input as JSON on stdin, and writes JSON
// to stdout, which RunNode decodes into out. Without node the test fails
// on CI (CI=true) and is skipped elsewhere.
func RunNode(t testing.TB, script string, input, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed; the search tests run the JavaScript client with it")
		}
		t.Skip("node is not installed")
	}
	js, err := filepath.Abs(SearchJS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sp := filepath.Join(dir, "run.js")
	if err := os.WriteFile(sp, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, sp, js)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("node output: %v\n%.500s", err, stdout.String())
	}
}

const parityScript = `
const api = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
let out;
if (input.mode === "stem") {
  out = input.words.map(api.stem);
} else if (input.mode === "words") {
  out = input.texts.map(t => {
    const r = [];
    api.words(api.decompose(t), input.camel, w => r.push(w.parts.join(" ") + "=" + api.whole(w.parts)));
    return r;
  });
} else if (input.mode === "query") {
  const stop = {};
  input.stop.forEach(w => { stop[w] = true; });
  out = input.queries.map(q => {
    const pq = api.parseQuery(q, stop);
    return pq.groups.map(g => JSON.stringify({
      word: g.word, terms: g.terms, whole: g.whole, parts: g.parts, phrase: g.phrase || [], prefix: g.prefix,
      text: g.text, intent: g.intent
    })).concat(pq.tokens.map(t => JSON.stringify(t)), [JSON.stringify(Object.assign({allFiller: pq.allFiller}, pq.intent))]);
  });
} else if (input.mode === "lists") {
  out = Object.assign({}, api.wordLists, {constants: api.constants});
}
process.stdout.write(JSON.stringify(out));
`

// TestStemParity runs the JavaScript stemmer over the word list: every
// stem must be the Go stem.
func TestStemParity(t *testing.T) {
	t.Parallel()
	ws := StemWordList(t)
	var got []string
	RunNode(t, parityScript, map[string]any{"mode": "stem", "words": ws}, &got)
	if len(got) != len(ws) {
		t.Fatalf("node stemmed %d words of %d", len(got), len(ws))
	}
	bad := 0
	for i, w := range ws {
		if want := Stem(w); got[i] != want {
			bad++
			if bad <= 20 {
				t.Errorf("stem(%q): JavaScript %q, Go %q", w, got[i], want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d stems differ", bad, len(ws))
	}
	t.Logf("%d words, identical stems", len(ws))
}

// parityTexts are the texts the tokenizers are compared on: every content
// file of the sample playbook and the fixture site, and hard cases.
func parityTexts(t *testing.T) []string {
	texts := []string{
		"Café au lait, naïve façade; Straße, Ørsted, Łódź, Æsir, İstanbul, ΟΔΥΣΣΕΥΣ, Σίσυφος",
		"日本語のテキスト ＦＵＬＬ width ǅemal Ǆ ﬁle ﬂow",
		"not-approved under-review requested_by escalated_to PayPal LinkedIn YouTube HTMLParser getURLFor",
		"company's don't O’Neil 90's 'quoted' rock'n'roll DR-0007 v1.2.3 e.g. i.e. 2,500 a—b a_ _b -x- x.",
		"https://www.hootsuite.com/ paypal.com/business user@example.com #hashtag @handle 😀emoji😀 a\u0301b",
		strings.Repeat("abcdefghij", 5) + " ok " + strings.Repeat("x-", 30) + "y",
	}
	for _, root := range []string{"../../content", "../testdata/site/content"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				b, _ := os.ReadFile(p)
				texts = append(texts, string(b))
			}
			return nil
		})
	}
	return texts
}

// TestTokenizerParity compares the words, parts and whole words of both
// tokenizers, with and without camelCase splitting.
func TestTokenizerParity(t *testing.T) {
	t.Parallel()
	texts := parityTexts(t)
	for _, camel := range []bool{true, false} {
		var got [][]string
		RunNode(t, parityScript, map[string]any{"mode": "words", "texts": texts, "camel": camel}, &got)
		n := 0
		for i, text := range texts {
			var want []string
			words(decompose(text), camel, func(w word) { want = append(want, strings.Join(w.parts, " ")+"="+w.whole()) })
			if !slices.Equal(got[i], want) {
				for j := range max(len(got[i]), len(want)) {
					var g, w string
					if j < len(got[i]) {
						g = got[i][j]
					}
					if j < len(want) {
						w = want[j]
					}
					if g != w {
						t.Errorf("text %d (camel=%v), word %d: JavaScript %q, Go %q", i, camel, j, g, w)
						break
					}
				}
			}
			n += len(want)
		}
		t.Logf("camel=%v: %d texts, %d words", camel, len(texts), n)
	}
}

// TestQueryParsingParity compares how both sides read queries: groups,
// words in order, filler words dropped and intents.
func TestQueryParsingParity(t *testing.T) {
	t.Parallel()
	queries := []string{
		"paypal conditions", "paypal conditions ", "the escalated", "not-approved tools", "PayPal",
		`"shared login" hootsuite`, `hootsuite "with a shared"`, `"pinterest"`, `"the of"`, `"unclosed phrase`,
		"a", "x", "requested_by", `"approved with conditions"`, "Café naïve", "DR-0007", "conditi", "pinterst",
		"  spaced   out  ", `two "phrases here" and "there too" end`, "ΟΔΥΣΣΕΥΣ", "l",
		"can I use tiktok", "Can't we use TikTok?", "who approved tiktok", "why was x rejected", "is it ok",
		"what are the rules for sprout-social", "decisions", "who decided", `can I use "sprout social"`,
		"who signed off on instagram shopping", "tiktok allowed uses", "can I use inst", "not approved",
		"is tiktok not allowed", "not-approved tools", "approved tools",
	}
	var got [][]string
	RunNode(t, parityScript, map[string]any{"mode": "query", "queries": queries, "stop": StopWords}, &got)
	for i, q := range queries {
		var want []string
		pq := parseQuery(q)
		for _, g := range pq.groups {
			terms := [][]any{}
			for _, a := range g.terms {
				terms = append(terms, []any{a.term, a.weight})
			}
			b, _ := json.Marshal(map[string]any{"word": g.word, "terms": terms, "whole": g.whole,
				"parts": nonNil(g.parts), "phrase": nonNil(g.phrase), "prefix": g.prefix, "text": g.text, "intent": g.intent})
			want = append(want, string(b))
		}
		for _, tk := range pq.tokens {
			b, _ := json.Marshal(map[string]any{"stem": tk.stem, "word": tk.word, "group": tk.group})
			want = append(want, string(b))
		}
		b, _ := json.Marshal(map[string]any{"allFiller": pq.allFiller, "decision": pq.intent.decision,
			"reject": pq.intent.reject, "conditions": pq.intent.conditions, "usage": pq.intent.usage})
		want = append(want, string(b))
		// Compare as decoded values: key order differs.
		if !sameJSON(got[i], want) {
			t.Errorf("query %q:\nJavaScript %s\nGo         %s", q, got[i], want)
		}
	}
}

// TestQuestionWordsParity: search.js holds the same question words and
// constants of name terms as the Go engine.
func TestQuestionWordsParity(t *testing.T) {
	t.Parallel()
	var got struct {
		Filler    []string       `json:"filler"`
		Decide    []string       `json:"decide"`
		Ask       []string       `json:"ask"`
		Verdict   []string       `json:"verdict"`
		Reject    []string       `json:"reject"`
		Condition []string       `json:"condition"`
		Usage     []string       `json:"usage"`
		Constants map[string]any `json:"constants"`
	}
	RunNode(t, parityScript, map[string]any{"mode": "lists"}, &got)
	for _, l := range []struct {
		name    string
		js, goW []string
	}{{"filler", got.Filler, FillerWords}, {"decide", got.Decide, DecideWords}, {"ask", got.Ask, AskWords},
		{"verdict", got.Verdict, VerdictWords}, {"reject", got.Reject, RejectWords},
		{"condition", got.Condition, ConditionWords}, {"usage", got.Usage, UsageWords}} {
		if !slices.Equal(l.js, l.goW) {
			t.Errorf("%s words: JavaScript %q, Go %q", l.name, l.js, l.goW)
		}
	}
	want := map[string]any{"nameMark": NameMark, "relAccepted": RelAccepted, "relRejected": RelRejected,
		"relOther": RelOther, "relPage": RelPage, "strongLevel": StrongLevel, "controls": ControlsSection,
		"conditions": ConditionsSection}
	if !sameJSON([]string{mustJSON(got.Constants)}, []string{mustJSON(want)}) {
		t.Errorf("constants: JavaScript %v, Go %v", got.Constants, want)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sameJSON(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		var x, y any
		json.Unmarshal([]byte(a[i]), &x)
		json.Unmarshal([]byte(b[i]), &y)
		xb, _ := json.Marshal(x)
		yb, _ := json.Marshal(y)
		if !bytes.Equal(xb, yb) {
			return false
		}
	}
	return true
}

package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"playbook/generator/model"
)

// The fields of a document, from the heaviest to the lightest.
const (
	fieldTitle   = iota // the title, and a decision's id
	fieldHeading        // headings, tags, status, vendor and category
	fieldBody           // the text, and the front matter's other values
	fieldCode           // fenced code and code spans
	nFields
)

// docData is everything the index needs from one document. It depends on
// the document's own file only, so it is kept between builds while the
// file's Rev stays the same.
type docData struct {
	path  string
	rev   uint64
	url   string
	title string

	kind, status, risk string
	tags               []string
	date               model.Date

	terms []docTerm // in no particular order
	lens  [nFields]int
	frag  []byte   // the document's entry of its fragment file (JSON)
	words []string // folded words of four letters or more, for the typo vocabulary; each once, in no particular order
}

// docTerm is a term of a document and how often it stands in each field.
type docTerm struct {
	term string
	tf   [nFields]uint16
}

// Cache keeps the analysis of documents between builds, keyed by path and
// Rev, so that `playbook serve` tokenizes only the files that changed. It is
// safe for concurrent use. A nil *Cache caches nothing.
type Cache struct {
	mu     sync.Mutex
	docs   map[string]*docData
	config uint64 // the ConfigRev of the site analysed
}

// forSite empties the cache when site was loaded with other settings than
// the site it holds analyses of (a status_map that changes a record's
// status leaves its file, and so its Rev, as it was).
func (c *Cache) forSite(site *model.Site) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.config != site.ConfigRev {
		c.docs, c.config = map[string]*docData{}, site.ConfigRev
	}
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{docs: map[string]*docData{}} }

func (c *Cache) get(d *model.Doc) *docData {
	if c == nil || d.Rev == 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.docs[d.Path]
	if e == nil || e.rev != d.Rev || e.url != d.URL || e.title != d.Title {
		return nil
	}
	return e
}

// keep replaces the cache's contents with the analyses of one build.
func (c *Cache) keep(all []*docData) {
	if c == nil {
		return
	}
	m := make(map[string]*docData, len(all))
	for _, e := range all {
		if e.rev != 0 {
			m[e.path] = e
		}
	}
	c.mu.Lock()
	c.docs = m
	c.mu.Unlock()
}

// analyzeAll analyzes the documents on a pool of workers, reusing cached
// analyses.
func analyzeAll(docs []*model.Doc, owners map[*model.Doc]any, c *Cache, workers int) []*docData {
	out := make([]*docData, len(docs))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(1, len(docs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAnalyzer()
			for i := range next {
				if e := c.get(docs[i]); e != nil {
					out[i] = e
					continue
				}
				out[i] = analyze(docs[i], owners[docs[i]], a)
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	c.keep(out)
	return out
}

// withLabel, or-ed into a fact's field, indexes the label with each value
// ("sso enforced"), for values that mean little alone.
const withLabel = 1 << 8

// fact is a labelled front-matter value as an excerpt shows it.
type fact struct {
	label  string
	values []string
	field  int
}

// fragment is a document's entry in its fragment file: what a result shows
// and the text its excerpt and phrase checks are made from.
type fragment struct {
	URL      string      `json:"u"`
	Title    string      `json:"t"`
	Kind     string      `json:"k"`
	Status   string      `json:"s,omitempty"`
	Risk     string      `json:"r,omitempty"`
	Date     string      `json:"d,omitempty"`
	Headings [][2]string `json:"h,omitempty"` // [anchor id, text] per TOC entry
	Text     []string    `json:"x"`           // x[0] before the first heading, x[i] under h[i-1]
	Facts    string      `json:"m,omitempty"` // "Label: value; value · Label: ..."
}

// analyze reads one document.
func analyze(d *model.Doc, owner any, a *analyzer) *docData {
	e := &docData{path: d.Path, rev: d.Rev, url: d.URL, title: d.Title, kind: d.Kind.String()}
	for _, t := range d.Tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(e.tags, t) {
			e.tags = append(e.tags, t)
		}
	}
	slices.Sort(e.tags)

	title := d.Title
	facts := a.facts[:0]
	switch o := owner.(type) {
	case *model.Platform:
		e.status, e.risk, e.date = string(o.Status), string(o.Risk), o.Reviewed
		facts = append(facts,
			fact{"Status", nonEmpty(o.Status.Label()), fieldHeading},
			fact{"Risk", nonEmpty(string(o.Risk)), fieldBody},
			fact{"Owner", o.Owner, fieldBody},
			fact{"Controls", o.Controls, fieldBody},
			fact{"Allowed uses", o.AllowedUses, fieldBody},
			fact{"Accounts", o.Accounts, fieldBody},
			fact{"Tools", o.ToolRefs, fieldBody},
			fact{"Decisions", o.DecisionRef, fieldBody},
		)
	case *model.Tool:
		e.status, e.date = string(o.Status), o.Reviewed
		facts = append(facts,
			fact{"Status", nonEmpty(o.Status.Label()), fieldHeading},
			fact{"Vendor", nonEmpty(o.Vendor), fieldHeading},
			fact{"Category", nonEmpty(o.Category), fieldHeading},
			fact{"Data", nonEmpty(o.Data), fieldBody},
			fact{"SSO", nonEmpty(o.SSO), fieldBody | withLabel},
			fact{"MFA", nonEmpty(o.MFA), fieldBody | withLabel},
			fact{"Owner", o.Owner, fieldBody},
			fact{"Conditions", o.Conditions, fieldBody},
			fact{"Platforms", o.PlatformRef, fieldBody},
			fact{"Decisions", o.DecisionRef, fieldBody},
		)
	case *model.Decision:
		e.status, e.risk, e.date = "unknown", string(o.Risk), o.Date
		if o.Status != model.Unknown {
			e.status = string(o.Status)
		}
		if o.ID != "" {
			title = o.ID + " " + d.Title
		}
		facts = append(facts,
			fact{"Status", nonEmpty(o.Status.Label()), fieldHeading},
			fact{"Risk", nonEmpty(string(o.Risk)), fieldBody},
			fact{"Requested by", o.RequestedBy, fieldBody},
			fact{"Assessed by", o.AssessedBy, fieldBody},
			fact{"Decided by", o.DecidedBy, fieldBody},
			fact{"Escalated to", o.EscalatedTo, fieldBody},
			fact{"Conditions", o.Conditions, fieldBody},
			fact{"Supersedes", o.Supersedes, fieldBody},
			fact{"Superseded by", nonEmpty(o.SupersededBy), fieldBody},
			fact{"Platforms", o.PlatformRef, fieldBody},
			fact{"Tools", o.ToolRef, fieldBody},
			fact{"Consulted", o.Consulted, fieldBody},
			fact{"Informed", o.Informed, fieldBody},
		)
	}
	if len(d.Tags) > 0 {
		facts = append(facts, fact{"Tags", d.Tags, fieldHeading})
	}

	secs := a.ex.extract(d)
	if desc := strings.TrimSpace(d.Description); desc != "" {
		if secs[0].Text != "" {
			desc += " " + secs[0].Text
		}
		secs[0].Text = desc
	}

	// Count the terms of every field: every part of a word but the stop
	// words, and the whole of a compound.
	a.reset()
	add := func(field int, text string) {
		a.sc.scan(text, func(w *scanWord) {
			for i := range w.ends {
				if t := a.token(w.part(i)); t.stop {
					a.seen(t)
				} else {
					a.count(e, t, field)
				}
			}
			if w.whole {
				a.count(e, a.token(w.buf), field)
			}
		})
	}
	add(fieldTitle, title)
	for _, h := range d.TOC {
		add(fieldHeading, h.Text)
	}
	for _, s := range secs {
		add(fieldHeading, s.Heads)
		add(fieldBody, s.Text)
		add(fieldCode, s.Code)
	}
	for _, f := range facts {
		for _, v := range f.values {
			if f.field&withLabel != 0 {
				v = f.label + " " + v
			}
			add(f.field&^withLabel, v)
		}
	}
	e.terms = slices.Clone(a.terms)
	e.words = slices.Clone(a.words)

	// The fragment.
	fr := fragment{URL: d.URL, Title: orSlug(d.Title, d.Slug), Kind: e.kind, Status: e.status, Risk: e.risk, Date: e.date.String()}
	if dd, ok := owner.(*model.Decision); ok && dd.ID != "" {
		fr.Title = dd.ID + ": " + fr.Title
	}
	fr.Text = make([]string, 1, len(d.TOC)+1)
	fr.Headings = make([][2]string, 0, len(d.TOC))
	for _, h := range d.TOC {
		fr.Headings = append(fr.Headings, [2]string{h.ID, h.Text})
		fr.Text = append(fr.Text, "")
	}
	for _, s := range secs {
		t := s.Text
		if s.Heads != "" {
			t = strings.TrimSpace(s.Heads + " " + t)
		}
		fr.Text[s.Heading+1] = t
	}
	var m []string
	for _, f := range facts {
		if len(f.values) > 0 {
			m = append(m, f.label+": "+strings.Join(f.values, "; "))
		}
	}
	fr.Facts = strings.Join(m, " · ")
	a.frag.Reset()
	a.enc.Encode(fr) // a struct of strings cannot fail to encode
	e.frag = bytes.Clone(bytes.TrimSuffix(a.frag.Bytes(), []byte("\n")))
	clear(facts) // let go of the document's values
	a.facts = facts[:0]
	return e
}

// analyzer holds one worker's scratch space, reused from document to
// document so that analyzing allocates little.
type analyzer struct {
	sc scanner
	ex extractor
	// doc numbers the documents the analyzer reads, from 1, so that what
	// tokens and slots note of one document needs no clearing for the next.
	doc   uint64
	terms []docTerm // the terms of the document
	words []string  // its typo vocabulary
	facts []fact
	frag  bytes.Buffer  // its fragment
	enc   *json.Encoder // to frag, without escaping HTML
	// tokens holds what the analyzer knows of every folded word it met, so
	// that a word costs one map lookup; slots holds the stems. They (and
	// the scanner's intern) are dropped when they grow past internMax, so
	// a huge vocabulary cannot hold memory forever.
	tokens map[string]*token
	slots  map[string]*slot
}

// token is a folded word (a part or the whole of a compound).
type token struct {
	word  string
	stop  bool   // a stop word (a part that is one is not indexed)
	vocab bool   // for the typo vocabulary: four letters or more, no digit
	seen  uint64 // the last document that put it in its words
	slot  *slot  // its stem
}

// slot is a stem, a term of the index, and where it stands in the terms of
// the document being read.
type slot struct {
	term string
	doc  uint64 // the last document that counted it
	i    int    // its position in analyzer.terms when doc is the current one
}

const internMax = 1 << 16

func newAnalyzer() *analyzer {
	a := &analyzer{
		sc:     scanner{camel: true, intern: map[string]string{}},
		tokens: map[string]*token{},
		slots:  map[string]*slot{},
	}
	a.enc = json.NewEncoder(&a.frag)
	a.enc.SetEscapeHTML(false)
	return a
}

// reset prepares the analyzer for the next document.
func (a *analyzer) reset() {
	a.doc++
	a.terms = a.terms[:0]
	a.words = a.words[:0]
	if len(a.sc.intern) > internMax {
		clear(a.sc.intern)
	}
	if len(a.tokens) > internMax || len(a.slots) > internMax {
		clear(a.tokens)
		clear(a.slots)
	}
}

// token returns the token of a folded word.
func (a *analyzer) token(w []byte) *token {
	if t := a.tokens[string(w)]; t != nil {
		return t
	}
	s := string(w)
	t := &token{word: s, stop: isStop(s), vocab: utf8.RuneCountInString(s) >= 4 && !hasDigit(s)}
	stem := Stem(s)
	if t.slot = a.slots[stem]; t.slot == nil {
		t.slot = &slot{term: stem}
		a.slots[stem] = t.slot
	}
	a.tokens[s] = t
	return t
}

// seen puts a word in the document's typo vocabulary when it belongs
// there and is not in it yet.
func (a *analyzer) seen(t *token) {
	if t.vocab && t.seen != a.doc {
		t.seen = a.doc
		a.words = append(a.words, t.word)
	}
}

// count counts a word in a field of the document, and notes it as seen.
func (a *analyzer) count(e *docData, t *token, field int) {
	a.seen(t)
	s := t.slot
	if s.doc != a.doc {
		s.doc, s.i = a.doc, len(a.terms)
		a.terms = append(a.terms, docTerm{term: s.term})
	}
	if c := &a.terms[s.i].tf; c[field] < 0xffff {
		c[field]++
	}
	e.lens[field]++
}

func nonEmpty(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return []string{s}
}

func orSlug(title, slug string) string {
	if strings.TrimSpace(title) == "" {
		return slug
	}
	return title
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// compareTerms orders terms the way JavaScript compares strings (by UTF-16
// code units), so that the client can binary-search the chunk table. It is
// the order of the bytes but where a rune above U+FFFF (a surrogate pair in
// UTF-16) meets one from U+E000 to U+FFFF.
func compareTerms(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) || i == len(b) {
		return cmp.Compare(len(a), len(b))
	}
	x, y := a[i], b[i]
	if x >= 0xf0 && (y == 0xee || y == 0xef) {
		return -1
	}
	if y >= 0xf0 && (x == 0xee || x == 0xef) {
		return 1
	}
	return cmp.Compare(x, y)
}

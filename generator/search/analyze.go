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
	words []string // folded words of four letters or more, for the typo vocabulary
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
	mu   sync.Mutex
	docs map[string]*docData
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
	st := a.st
	e := &docData{path: d.Path, rev: d.Rev, url: d.URL, title: d.Title, kind: d.Kind.String()}
	for _, t := range d.Tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(e.tags, t) {
			e.tags = append(e.tags, t)
		}
	}
	slices.Sort(e.tags)

	title := d.Title
	var facts []fact
	switch o := owner.(type) {
	case *model.Platform:
		e.status, e.risk, e.date = string(o.Status), string(o.Risk), o.Reviewed
		facts = []fact{
			{"Status", nonEmpty(o.Status.Label()), fieldHeading},
			{"Risk", nonEmpty(string(o.Risk)), fieldBody},
			{"Owner", o.Owner, fieldBody},
			{"Controls", o.Controls, fieldBody},
			{"Allowed uses", o.AllowedUses, fieldBody},
			{"Accounts", o.Accounts, fieldBody},
			{"Tools", o.ToolRefs, fieldBody},
			{"Decisions", o.DecisionRef, fieldBody},
		}
	case *model.Tool:
		e.status, e.date = string(o.Status), o.Reviewed
		facts = []fact{
			{"Status", nonEmpty(o.Status.Label()), fieldHeading},
			{"Vendor", nonEmpty(o.Vendor), fieldHeading},
			{"Category", nonEmpty(o.Category), fieldHeading},
			{"Data", nonEmpty(o.Data), fieldBody},
			{"SSO", nonEmpty(o.SSO), fieldBody | withLabel},
			{"MFA", nonEmpty(o.MFA), fieldBody | withLabel},
			{"Owner", o.Owner, fieldBody},
			{"Conditions", o.Conditions, fieldBody},
			{"Platforms", o.PlatformRef, fieldBody},
			{"Decisions", o.DecisionRef, fieldBody},
		}
	case *model.Decision:
		e.status, e.risk, e.date = "unknown", string(o.Risk), o.Date
		if o.Status != model.Unknown {
			e.status = string(o.Status)
		}
		if o.ID != "" {
			title = o.ID + " " + d.Title
		}
		facts = []fact{
			{"Status", nonEmpty(o.Status.Label()), fieldHeading},
			{"Risk", nonEmpty(string(o.Risk)), fieldBody},
			{"Requested by", o.RequestedBy, fieldBody},
			{"Assessed by", o.AssessedBy, fieldBody},
			{"Decided by", o.DecidedBy, fieldBody},
			{"Escalated to", o.EscalatedTo, fieldBody},
			{"Conditions", o.Conditions, fieldBody},
			{"Supersedes", o.Supersedes, fieldBody},
			{"Superseded by", nonEmpty(o.SupersededBy), fieldBody},
			{"Platforms", o.PlatformRef, fieldBody},
			{"Tools", o.ToolRef, fieldBody},
			{"Consulted", o.Consulted, fieldBody},
			{"Informed", o.Informed, fieldBody},
		}
	}
	if len(d.Tags) > 0 {
		facts = append(facts, fact{"Tags", d.Tags, fieldHeading})
	}

	secs := extract(d)
	if desc := strings.TrimSpace(d.Description); desc != "" {
		if secs[0].Text != "" {
			desc += " " + secs[0].Text
		}
		secs[0].Text = desc
	}

	// Count the terms of every field.
	a.reset()
	seen := a.seen
	add := func(field int, text string) {
		wordsInterned(decompose(text), true, a.intern, func(w word) {
			for _, p := range w.parts {
				if utf8.RuneCountInString(p) >= 4 && !seen[p] && !hasDigit(p) {
					seen[p] = true
					e.words = append(e.words, p)
				}
				if isStop(p) {
					continue
				}
				a.count(e, st.stem(p), field)
			}
			if wh := w.whole(); wh != "" {
				if !seen[wh] && !hasDigit(wh) && utf8.RuneCountInString(wh) >= 4 {
					seen[wh] = true
					e.words = append(e.words, wh)
				}
				a.count(e, st.stem(wh), field)
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
	slices.Sort(e.words)

	// The fragment.
	fr := fragment{URL: d.URL, Title: orSlug(d.Title, d.Slug), Kind: e.kind, Status: e.status, Risk: e.risk, Date: e.date.String()}
	if dd, ok := owner.(*model.Decision); ok && dd.ID != "" {
		fr.Title = dd.ID + ": " + fr.Title
	}
	fr.Text = make([]string, 1, len(d.TOC)+1)
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
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(fr) // a struct of strings cannot fail to encode
	e.frag = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return e
}

// analyzer holds one worker's scratch space, reused from document to
// document so that analyzing allocates little.
type analyzer struct {
	st    stemmer
	index map[string]int // term → position in terms
	terms []docTerm
	seen  map[string]bool
	// intern holds the words seen; it is dropped when it grows past
	// internMax, so a huge vocabulary cannot hold memory forever.
	intern map[string]string
}

const internMax = 1 << 16

func newAnalyzer() *analyzer {
	return &analyzer{st: newStemmer(), index: map[string]int{}, seen: map[string]bool{}, intern: map[string]string{}}
}

func (a *analyzer) reset() {
	clear(a.index)
	clear(a.seen)
	a.terms = a.terms[:0]
	if len(a.intern) > internMax {
		clear(a.intern)
	}
	if len(a.st) > internMax {
		clear(a.st)
	}
}

func (a *analyzer) count(e *docData, term string, field int) {
	i, ok := a.index[term]
	if !ok {
		i = len(a.terms)
		a.index[term] = i
		a.terms = append(a.terms, docTerm{term: term})
	}
	if c := &a.terms[i].tf; c[field] < 0xffff {
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

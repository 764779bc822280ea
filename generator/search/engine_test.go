package search

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The reference query engine, test code only: the binary never queries. It
// reads the written index files the way the browser does, one file at a
// time and only the files a query needs, and ranks exactly as search.js
// does: the relevance tests rank with it, and the parity tests compare it
// with the client run in node.

// Weights of the alternatives of a query word.
const (
	prefixWeight = 0.7 // a term the last word, being typed, may become
	typoWeight   = 0.8 // a term one or two edits away from a word with no match
)

// Engine answers queries from the files of one index.
type Engine struct {
	load  func(path string) ([]byte, error)
	read  []string // paths loaded, in order
	m     *Manifest
	chunk map[int]map[string][]termPart
	frag  map[int][]fragment
	filt  map[string]map[string][]int
	dates []int
	vocab map[string][]string
}

// Paths of the chunk and fragment files the manifest names.
func (m *Manifest) chunk(i int) string { return chunkPath(m.ChunkHash[8*i : 8*i+8]) }
func (m *Manifest) fragFile(g int) string {
	b := g / FragBlock
	return fragPath(m.FragHash[8*b:8*b+8], g)
}

// Score is the weight of a posting: idf × the saturated pseudo-frequency
// of its level. The client computes the same.
func Score(level, df, n int) float64 {
	idf := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
	x := levels[level]
	return idf * x / (x + K1)
}

type termPart struct {
	count    int
	postings []byte
}

// Open reads the manifest through load, which gets index paths such as
// "search/manifest.json".
func Open(load func(path string) ([]byte, error)) (*Engine, error) {
	e := &Engine{load: load, chunk: map[int]map[string][]termPart{}, frag: map[int][]fragment{}, filt: map[string]map[string][]int{}, vocab: map[string][]string{}}
	b, err := e.get(ManifestPath)
	if err != nil {
		return nil, err
	}
	e.m = new(Manifest)
	if err := json.Unmarshal(b, e.m); err != nil {
		return nil, fmt.Errorf("search: manifest: %w", err)
	}
	if e.m.Version != Version {
		return nil, fmt.Errorf("search: manifest version %d, want %d", e.m.Version, Version)
	}
	return e, nil
}

func (e *Engine) get(p string) ([]byte, error) {
	e.read = append(e.read, p)
	return e.load(p)
}

// Loaded lists the files read so far, in order.
func (e *Engine) Loaded() []string { return slices.Clone(e.read) }

// Manifest is the index's manifest.
func (e *Engine) Manifest() *Manifest { return e.m }

// Request is a query with its filters.
type Request struct {
	Query   string
	Filters map[string][]string // facet → values; documents must have one value of every facet given
	ByDate  bool                // newest first instead of by relevance
	Limit   int                 // results wanted with their fragments; 0 means 10
}

// Hit is one result.
type Hit struct {
	Doc   int
	Score float64
	URL   string
	Title string
	Kind  string
	// Section is the anchor in the page the result links to when the
	// query asks for conditions (ControlsSection, ConditionsSection), "".
	Section string
}

// Response is what a query found.
type Response struct {
	Hits    []Hit
	Total   int               // documents matched (before phrase checks past Limit)
	All     int               // of them, those that match every word
	Fixed   map[string]string // typo corrections: word → word used
	Counts  map[string]map[string]int
	Matched []string // the index terms that matched, for highlighting
	// NotListed holds the words of a query that names no platform or tool
	// of the playbook ("bluesky"), for the answer "not listed means not
	// approved"; "" otherwise.
	NotListed string
}

// group is one word or phrase of a query.
type group struct {
	word   string   // folded surface word (simple words)
	terms  []alt    // alternatives, at least one must match (simple words)
	whole  string   // compound: the whole word
	parts  []string // compound: every part must match; phrase: every term
	phrase []string // phrase: the stems to find in a row, stop words included
	prefix bool
	text   string   // the word or phrase as typed, folded, for messages
	filler bool     // one of FillerWords (dropped when another word remains)
	intent bool     // one of DecideWords or ConditionWords: not a subject
	names  []string // prefix: the name terms the word being typed may become
}

type alt struct {
	term   string
	weight float64
}

// query is a parsed query: its groups, and its words in order for names
// to be found in.
type query struct {
	groups []group
	tokens []qtoken
	intent intent
	// allFiller: every word is a filler word, so none was dropped.
	allFiller bool
}

// qtoken is a word of a query, or a part of a compound or phrase, in the
// order written.
type qtoken struct {
	stem  string
	word  string // folded
	group int    // the index of its group, -1 for a filler word dropped
}

// parseQuery splits a query into its groups and tokens, drops its filler
// words when any other word remains, and reads its intents.
func parseQuery(q string) query {
	var gs []group
	var toks []qtoken
	classes := 0
	plain := func(s string) {
		words(decompose(s), false, func(w word) {
			if len(w.parts) == 1 {
				p := w.parts[0]
				if !isStop(p) {
					c := wordClass[p]
					// "not approved" is a state, not a question word.
					if len(toks) > 0 && toks[len(toks)-1].word == "not" {
						c &^= wFiller
					}
					classes |= c
					toks = append(toks, qtoken{Stem(p), p, len(gs)})
					gs = append(gs, group{word: p, terms: []alt{{Stem(p), 1}}, text: p,
						filler: c&wFiller != 0, intent: c&(wDecide|wCondition) != 0})
				}
				return
			}
			g := group{text: strings.Join(w.parts, "-")}
			if wh := w.whole(); wh != "" {
				g.whole = Stem(wh)
			}
			for _, p := range w.parts {
				if !isStop(p) {
					g.parts = append(g.parts, Stem(p))
					toks = append(toks, qtoken{Stem(p), p, len(gs)})
				}
			}
			if g.whole != "" || len(g.parts) > 0 {
				gs = append(gs, g)
			}
		})
	}
	rest := q
	for {
		i := strings.IndexByte(rest, '"')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i+1:], '"')
		if j < 0 {
			break
		}
		plain(rest[:i])
		var seq, req, text []string
		var ptoks []qtoken
		words(decompose(rest[i+1:i+1+j]), false, func(w word) {
			for _, p := range w.parts {
				seq = append(seq, Stem(p))
				text = append(text, p)
				if !isStop(p) {
					req = append(req, Stem(p))
					ptoks = append(ptoks, qtoken{Stem(p), p, len(gs)})
				}
			}
		})
		switch {
		case len(seq) == 1 && len(req) == 1:
			gs = append(gs, group{word: "", terms: []alt{{req[0], 1}}, text: text[0]})
			toks = append(toks, ptoks...)
		case len(req) > 0:
			gs = append(gs, group{parts: req, phrase: seq, text: strings.Join(text, " ")})
			toks = append(toks, ptoks...)
		}
		rest = rest[i+1+j+1:]
	}
	n := len(gs)
	plain(rest)
	// The last word is a prefix while it is being typed.
	if len(gs) > n && !strings.HasSuffix(q, " ") && !strings.HasSuffix(q, "\"") {
		if g := &gs[len(gs)-1]; g.word != "" && utf8.RuneCountInString(g.word) >= 2 {
			g.prefix = true
		}
	}
	pq := query{tokens: toks}
	pq.intent = intent{
		decision:   classes&wDecide != 0 || classes&wAsk != 0 && classes&wVerdict != 0,
		reject:     classes&wReject != 0,
		conditions: classes&wCondition != 0,
		usage:      classes&wUsage != 0,
	}
	// Filler words go when any other word remains.
	if slices.ContainsFunc(gs, func(g group) bool { return !g.filler }) {
		at := make([]int, len(gs))
		for i, g := range gs {
			at[i] = -1
			if !g.filler {
				at[i] = len(pq.groups)
				pq.groups = append(pq.groups, g)
			}
		}
		for i := range pq.tokens {
			pq.tokens[i].group = at[pq.tokens[i].group]
		}
	} else {
		pq.groups = gs
		pq.allFiller = len(gs) > 0
		for i := range pq.groups {
			pq.groups[i].filler = false
		}
	}
	return pq
}

// reversePrefixes are the terms a word being typed may already have been
// stemmed to: its own prefixes of 4 letters or more, down to 4 shorter.
func reversePrefixes(w string) []string {
	rs := []rune(w)
	var out []string
	for k := max(4, len(rs)-4); k < len(rs); k++ {
		out = append(out, string(rs[:k]))
	}
	return out
}

// chunksOf returns the chunks that hold term t: every chunk that starts
// with t (a term too large for one chunk), else the last chunk that starts
// before it.
func (m *Manifest) chunksOf(t string) []int {
	i := sort.Search(len(m.Chunks), func(i int) bool { return compareTerms(m.Chunks[i], t) > 0 })
	// m.Chunks[:i] start at or before t.
	if i == 0 {
		return nil
	}
	var out []int
	j := i - 1
	for j >= 0 && m.Chunks[j] == t {
		out = append(out, j)
		j--
	}
	if len(out) == 0 {
		return []int{i - 1}
	}
	slices.Reverse(out)
	return out
}

func (e *Engine) loadChunk(i int) error {
	if _, ok := e.chunk[i]; ok {
		return nil
	}
	b, err := e.get(e.m.chunk(i))
	if err != nil {
		return err
	}
	terms, err := decodeChunk(b)
	if err != nil {
		return fmt.Errorf("search: %s: %w", e.m.chunk(i), err)
	}
	e.chunk[i] = terms
	return nil
}

func decodeChunk(b []byte) (map[string][]termPart, error) {
	out := map[string][]termPart{}
	var prev []byte
	for len(b) > 0 {
		var v [4]uint64
		for k := range 2 {
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, errors.New("bad varint")
			}
			v[k], b = x, b[n:]
		}
		if int(v[0]) > len(prev) || int(v[1]) > len(b) {
			return nil, errors.New("bad term")
		}
		term := append(slices.Clone(prev[:v[0]]), b[:v[1]]...)
		b = b[v[1]:]
		for k := 2; k < 4; k++ {
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, errors.New("bad varint")
			}
			v[k], b = x, b[n:]
		}
		if int(v[3]) > len(b) {
			return nil, errors.New("bad postings")
		}
		out[string(term)] = append(out[string(term)], termPart{int(v[2]), b[:v[3]]})
		b = b[v[3]:]
		prev = term
	}
	return out, nil
}

// postings returns the documents and levels of a term, and whether the
// loaded chunks hold it.
func (e *Engine) postings(t string) (docs, levels []int, ok bool) {
	for _, c := range e.m.chunksOf(t) {
		for _, p := range e.chunk[c][t] {
			ok = true
			b, prev := p.postings, -1
			for range p.count {
				v, n := binary.Uvarint(b)
				b = b[n:]
				d := prev + 1 + int(v>>LevelBits)
				docs = append(docs, d)
				levels = append(levels, int(v&(1<<LevelBits-1)))
				prev = d
			}
		}
	}
	return docs, levels, ok
}

func (e *Engine) need(ts ...string) error {
	for _, t := range ts {
		for _, c := range e.m.chunksOf(t) {
			if err := e.loadChunk(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// expand finds the terms a word being typed may become: terms that start
// with it in its chunk and the next (when the next starts with it too), and
// the shorter stems it may already have.
func (e *Engine) expand(g *group) error {
	cs := e.m.chunksOf(g.word)
	if len(cs) == 0 {
		cs = []int{0}
	}
	k := cs[len(cs)-1]
	if k+1 < len(e.m.Chunks) && strings.HasPrefix(e.m.Chunks[k+1], g.word) {
		cs = append(cs, k+1)
	}
	seen := map[string]bool{}
	for _, a := range g.terms {
		seen[a.term] = true
	}
	for _, c := range cs {
		if c >= len(e.m.Chunks) {
			continue
		}
		if err := e.loadChunk(c); err != nil {
			return err
		}
		var ts []string
		for t := range e.chunk[c] {
			if strings.HasPrefix(t, g.word) && !seen[t] {
				ts = append(ts, t)
			}
		}
		slices.SortFunc(ts, compareTerms)
		for _, t := range ts {
			seen[t] = true
			if isNameTerm(t) {
				g.names = append(g.names, t)
				continue
			}
			g.terms = append(g.terms, alt{t, prefixWeight})
		}
	}
	rev := reversePrefixes(g.word)
	if err := e.need(rev...); err != nil {
		return err
	}
	for _, t := range rev {
		if _, _, ok := e.postings(t); ok && !seen[t] {
			seen[t] = true
			g.terms = append(g.terms, alt{t, prefixWeight})
		}
	}
	return nil
}

// Search runs a query.
func (e *Engine) Search(r Request) (*Response, error) {
	res := &Response{Fixed: map[string]string{}}
	pq := parseQuery(r.Query)
	gs := pq.groups
	if len(gs) == 0 {
		return res, nil
	}
	// Load the chunks of every term.
	for i := range gs {
		g := &gs[i]
		var ts []string
		for _, a := range g.terms {
			ts = append(ts, a.term)
		}
		if g.whole != "" {
			ts = append(ts, g.whole)
		}
		ts = append(ts, g.parts...)
		if err := e.need(ts...); err != nil {
			return nil, err
		}
		if g.prefix {
			if err := e.expand(g); err != nil {
				return nil, err
			}
		}
	}
	// Words with no match at all, and no name: try the typo vocabulary.
	for i := range gs {
		g := &gs[i]
		if g.word == "" || e.anyTerm(g) || len(g.names) > 0 {
			continue
		}
		if ns, err := e.namesOf(g.terms[0].term); err != nil {
			return nil, err
		} else if len(ns) > 0 {
			continue
		}
		fixed, err := e.fix(g.word)
		if err != nil {
			return nil, err
		}
		if len(fixed) == 0 {
			continue
		}
		res.Fixed[g.word] = fixed[0]
		g.terms = nil
		seen := map[string]bool{}
		for _, w := range fixed {
			t := Stem(w)
			if !seen[t] {
				seen[t] = true
				g.terms = append(g.terms, alt{t, typoWeight})
			}
		}
		var ts []string
		for _, a := range g.terms {
			ts = append(ts, a.term)
		}
		if err := e.need(ts...); err != nil {
			return nil, err
		}
	}
	// The platforms and tools the query names, and the records about them.
	nm, err := e.findNames(&pq)
	if err != nil {
		return nil, err
	}

	// Score every group.
	n := e.m.Docs
	type acc struct {
		matched int
		score   float64
	}
	total := map[int]*acc{}
	var mandatory []map[int]bool
	matchedTerms := map[string]bool{}
	for _, g := range gs {
		sc := e.groupScores(g, n, matchedTerms)
		if len(g.phrase) > 0 {
			set := map[int]bool{}
			for d := range sc {
				set[d] = true
			}
			mandatory = append(mandatory, set)
		}
		ds := make([]int, 0, len(sc))
		for d := range sc {
			ds = append(ds, d)
		}
		slices.Sort(ds)
		for _, d := range ds {
			a := total[d]
			if a == nil {
				a = &acc{}
				total[d] = a
			}
			a.matched++
			a.score += sc[d]
		}
	}
	// What the query names is found whatever its text holds.
	for _, m := range []map[int]int{nm.page, nm.level} {
		for d := range m {
			if total[d] == nil {
				total[d] = &acc{}
			}
		}
	}
	for t := range matchedTerms {
		res.Matched = append(res.Matched, t)
	}
	slices.Sort(res.Matched)
	var docs []int
	for d := range total {
		ok := true
		for _, m := range mandatory {
			ok = ok && m[d]
		}
		if ok {
			docs = append(docs, d)
		}
	}
	round := func(x float64) float64 { return math.Round(x*1e6) / 1e6 }
	slices.SortFunc(docs, func(a, b int) int {
		if c := nm.compare(a, b, pq.intent); c != 0 {
			return c
		}
		x, y := total[a], total[b]
		if x.matched != y.matched {
			return y.matched - x.matched
		}
		if sx, sy := round(x.score), round(y.score); sx != sy {
			if sx > sy {
				return -1
			}
			return 1
		}
		return a - b
	})
	// Filters and facet counts.
	if err := e.filterAndCount(&docs, r, res); err != nil {
		return nil, err
	}
	if r.ByDate {
		if err := e.loadDates(); err != nil {
			return nil, err
		}
		slices.SortStableFunc(docs, func(a, b int) int { return e.dates[b] - e.dates[a] })
	}
	for _, d := range docs {
		if total[d].matched == len(gs) {
			res.All++
		}
	}
	res.Total = len(docs)
	// The results on screen, with phrases checked against their text.
	limit := r.Limit
	if limit <= 0 {
		limit = 10
	}
	var phrases [][]string
	for _, g := range gs {
		if len(g.phrase) > 0 {
			phrases = append(phrases, g.phrase)
		}
	}
	for _, d := range docs {
		if len(res.Hits) == limit {
			break
		}
		f, err := e.fragmentOf(d)
		if err != nil {
			return nil, err
		}
		if !hasPhrases(f, phrases) {
			res.Total--
			continue
		}
		h := Hit{Doc: d, Score: round(total[d].score), URL: f.URL, Title: f.Title, Kind: f.Kind}
		if _, ok := nm.page[d]; ok && pq.intent.conditions {
			h.Section = conditionsSection(f)
		}
		res.Hits = append(res.Hits, h)
	}
	if len(nm.page) == 0 {
		res.NotListed = e.notListed(pq, res.Total)
	}
	return res, nil
}

// Anchors of the default theme's sections of conditions: the required
// controls of a platform and the conditions of use of a tool.
const (
	ControlsSection   = "sec-controls"
	ConditionsSection = "sec-conditions"
)

// conditionsSection is the anchor of a page's conditions, "" when it has
// none.
func conditionsSection(f *fragment) string {
	has := func(label string) bool {
		return strings.HasPrefix(f.Facts, label+": ") || strings.Contains(f.Facts, " · "+label+": ")
	}
	switch {
	case f.Kind == "platform" && has("Controls"):
		return ControlsSection
	case f.Kind == "tool" && has("Conditions"):
		return ConditionsSection
	}
	return ""
}

// namesOf returns the name terms whose first word has the stem a, reading
// the chunks that hold them.
func (e *Engine) namesOf(a string) ([]string, error) {
	key := a + NameMark
	cs := e.m.chunksOf(key)
	if len(cs) == 0 {
		return nil, nil
	}
	// A name term sorts right after its first word; a chunk that starts
	// with one is read too.
	if k := cs[len(cs)-1] + 1; k < len(e.m.Chunks) && strings.HasPrefix(e.m.Chunks[k], key) {
		cs = append(cs, k)
	}
	var out []string
	for _, c := range cs {
		if err := e.loadChunk(c); err != nil {
			return nil, err
		}
		for t := range e.chunk[c] {
			if strings.HasPrefix(t, key) && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, compareTerms)
	return out, nil
}

// named is what a query names: the pages (document → the position of the
// first word naming it), and the decision records about them (document →
// its RelAccepted, RelRejected or RelOther level, and how many of the
// pages it is about).
type named struct {
	page  map[int]int
	level map[int]int
	about map[int]int
}

// findNames finds the names of platforms and tools in the query's words: a
// name whose words all stand in a row, or the first word of a longer name
// when the query's next word is a filler word or there is none ("sprout"
// for Sprout Social, but not "google drive" for Google Analytics). The
// word being typed names what it is the start of ("tikt" names TikTok).
func (e *Engine) findNames(pq *query) (named, error) {
	nm := named{page: map[int]int{}, level: map[int]int{}, about: map[int]int{}}
	toks := pq.tokens
	// The stems each token stands for: its own and, for a simple word,
	// its typo corrections.
	alts := make([][]string, len(toks))
	for i, tk := range toks {
		alts[i] = []string{tk.stem}
		if tk.group < 0 {
			continue
		}
		if g := pq.groups[tk.group]; g.word != "" {
			alts[i] = nil
			for _, a := range g.terms {
				if a.weight != prefixWeight {
					alts[i] = append(alts[i], a.term)
				}
			}
		}
	}
	follows := func(j int, stem string) bool {
		if j >= len(toks) {
			return false
		}
		if slices.Contains(alts[j], stem) {
			return true
		}
		g := toks[j].group
		return g >= 0 && pq.groups[g].prefix && strings.HasPrefix(stem, toks[j].word)
	}
	type hit struct {
		term string
		pos  int
	}
	var hits []hit
	for i, tk := range toks {
		if tk.group < 0 {
			continue
		}
		var full, partial []string
		for _, a := range alts[i] {
			ns, err := e.namesOf(a)
			if err != nil {
				return nm, err
			}
			for _, t := range ns {
				rest := strings.Fields(t[len(a)+len(NameMark):])
				ok := true
				for k, w := range rest {
					ok = ok && follows(i+1+k, w)
				}
				switch {
				case ok:
					full = append(full, t)
				case i+1 == len(toks) || toks[i+1].group < 0:
					partial = append(partial, t)
				}
			}
		}
		// The word being typed: the names it may become.
		if g := pq.groups[tk.group]; g.prefix {
			for _, t := range g.names {
				if strings.HasSuffix(t, NameMark) {
					full = append(full, t)
				} else {
					partial = append(partial, t)
				}
			}
		}
		if len(full) == 0 {
			full = partial
		}
		for _, t := range full {
			hits = append(hits, hit{t, i})
		}
	}
	about := map[int]map[int]bool{}
	for _, h := range hits {
		docs, levels, _ := e.postings(h.term)
		var pages []int
		for k, d := range docs {
			if levels[k] == RelPage {
				pages = append(pages, d)
				if p, ok := nm.page[d]; !ok || h.pos < p {
					nm.page[d] = h.pos
				}
			}
		}
		for k, d := range docs {
			if levels[k] == RelPage {
				continue
			}
			nm.level[d] = levels[k]
			if about[d] == nil {
				about[d] = map[int]bool{}
			}
			for _, p := range pages {
				about[d][p] = true
			}
		}
	}
	for d, ps := range about {
		nm.about[d] = len(ps)
	}
	return nm, nil
}

// tier ranks a document by what the query names: its pages, then the
// records about them; with the decision intent, the decided records
// first. Everything else comes last.
func (nm named) tier(d int, in intent) int {
	_, page := nm.page[d]
	lv, about := nm.level[d]
	switch {
	case in.decision && about && lv != RelOther:
		return 0
	case page:
		return 1
	case about:
		return 2
	}
	return 3
}

// compare orders two documents by what the query names (see tier); 0 when
// that does not tell them apart.
func (nm named) compare(a, b int, in intent) int {
	ta, tb := nm.tier(a, in), nm.tier(b, in)
	if ta != tb {
		return ta - tb
	}
	switch ta {
	case 0, 2:
		if x, y := nm.about[a], nm.about[b]; x != y {
			return y - x
		}
		if ta == 0 {
			pref := func(d int) int {
				if (nm.level[d] == RelRejected) == in.reject {
					return 0
				}
				return 1
			}
			return pref(a) - pref(b)
		}
	case 1:
		return nm.page[a] - nm.page[b]
	}
	return 0
}

// StrongLevel is the least level at which a word counts as something a
// document is about (in its title or a heading, or often in its text).
const StrongLevel = 8

// notListed returns the words of a query that names nothing known, for
// the answer "… is not in the playbook: not listed means not approved",
// or "". A query names nothing known when it has from one to three words
// besides filler and intent words (and single letters), and either finds
// nothing or asks
// whether something may be used ("can we use", "allowed") and no document
// is about all of those words. The words shown are those that match
// nothing at all, else all of them.
func (e *Engine) notListed(pq query, total int) string {
	if pq.allFiller {
		return ""
	}
	var subj []group
	for _, g := range pq.groups {
		// A single letter names nothing yet: the first of a word being typed.
		if !g.intent && utf8.RuneCountInString(g.text) > 1 {
			subj = append(subj, g)
		}
	}
	if len(subj) == 0 || len(subj) > 3 {
		return ""
	}
	if total > 0 {
		if !pq.intent.usage {
			return ""
		}
		// Is some document about every word?
		best := make([]map[int]int, len(subj))
		for i, g := range subj {
			best[i] = e.levels(g)
		}
		for d := range best[0] {
			strong := true
			for _, b := range best {
				strong = strong && b[d] >= StrongLevel
			}
			if strong {
				return ""
			}
		}
	}
	var unknown, all []string
	for _, g := range subj {
		all = append(all, g.text)
		if len(e.levels(g)) == 0 {
			unknown = append(unknown, g.text)
		}
	}
	if len(unknown) > 0 {
		return strings.Join(unknown, " ")
	}
	return strings.Join(all, " ")
}

// levels returns, for every document a group matches, its best level:
// of any alternative of a word, of the whole of a compound, or the least
// of its parts' levels.
func (e *Engine) levels(g group) map[int]int {
	out := map[int]int{}
	best := func(t string, into map[int]int) {
		docs, levels, _ := e.postings(t)
		for k, d := range docs {
			if old, ok := into[d]; !ok || levels[k] > old {
				into[d] = levels[k]
			}
		}
	}
	for _, a := range g.terms {
		best(a.term, out)
	}
	if g.whole != "" {
		best(g.whole, out)
	}
	if len(g.parts) > 0 {
		var all map[int]int
		for i, p := range g.parts {
			one := map[int]int{}
			best(p, one)
			if i == 0 {
				all = one
				continue
			}
			for d, l := range all {
				if o, ok := one[d]; ok {
					all[d] = min(l, o)
				} else {
					delete(all, d)
				}
			}
		}
		for d, l := range all {
			if old, ok := out[d]; !ok || l > old {
				out[d] = l
			}
		}
	}
	return out
}

func (e *Engine) anyTerm(g *group) bool {
	for _, a := range g.terms {
		if _, _, ok := e.postings(a.term); ok {
			return true
		}
	}
	return false
}

// groupScores scores the documents a group matches.
func (e *Engine) groupScores(g group, n int, matched map[string]bool) map[int]float64 {
	sc := map[int]float64{}
	best := func(t string, w float64, into map[int]float64) {
		docs, levels, ok := e.postings(t)
		if !ok {
			return
		}
		matched[t] = true
		for i, d := range docs {
			s := w * Score(levels[i], len(docs), n)
			if old, ok := into[d]; !ok || s > old {
				into[d] = s
			}
		}
	}
	for _, a := range g.terms {
		best(a.term, a.weight, sc)
	}
	if g.whole != "" {
		best(g.whole, 1, sc)
	}
	if len(g.parts) > 0 {
		// Every part must match: the sum for a phrase, the mean for the
		// parts of a compound word.
		var all map[int]float64
		for i, p := range g.parts {
			one := map[int]float64{}
			best(p, 1, one)
			if i == 0 {
				all = one
				continue
			}
			for d := range all {
				if s, ok := one[d]; ok {
					all[d] += s
				} else {
					delete(all, d)
				}
			}
		}
		k := float64(len(g.parts))
		if len(g.phrase) > 0 {
			k = 1
		}
		for d, s := range all {
			if old, ok := sc[d]; !ok || s/k > old {
				sc[d] = s / k
			}
		}
	}
	return sc
}

// fix returns the vocabulary words closest to w: one edit away from five
// letters, two from nine; none below five.
func (e *Engine) fix(w string) ([]string, error) {
	n := utf8.RuneCountInString(w)
	maxEd := 0
	switch {
	case n >= 9:
		maxEd = 2
	case n >= 5:
		maxEd = 1
	default:
		return nil, nil
	}
	r, _ := utf8.DecodeRuneInString(w)
	k := string(r)
	h, has := e.m.Vocab[k]
	if !has {
		return nil, nil
	}
	ws, ok := e.vocab[h]
	if !ok {
		b, err := e.get(vocabPath(h))
		if err != nil {
			return nil, err
		}
		ws = strings.Split(string(b), "\n")
		e.vocab[h] = ws
	}
	bestD := maxEd + 1
	var out []string
	for _, c := range ws {
		if !strings.HasPrefix(c, k) {
			continue // a word of another letter that shares the file
		}
		d := editDistance(w, c, maxEd)
		if d < bestD {
			bestD, out = d, out[:0]
		}
		if d == bestD && d <= maxEd {
			out = append(out, c)
		}
	}
	return out, nil
}

// editDistance is the optimal string alignment distance of a and b (a
// swap of two neighbours is one edit), or max+1 when it is larger than max.
func editDistance(a, b string, maxD int) int {
	x, y := []rune(a), []rune(b)
	if abs(len(x)-len(y)) > maxD {
		return maxD + 1
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin > maxD {
			return maxD + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(y)], maxD+1)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (e *Engine) loadFilter(name string) (map[string][]int, error) {
	if f, ok := e.filt[name]; ok {
		return f, nil
	}
	h, ok := e.m.Filters[name]
	if !ok {
		return nil, fmt.Errorf("search: no filter %q", name)
	}
	b, err := e.get(filterPath(name, h))
	if err != nil {
		return nil, err
	}
	out := map[string][]int{}
	next := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return int(v)
	}
	for range next() {
		l := next()
		if l > len(b) {
			return nil, fmt.Errorf("search: filter %s is damaged", name)
		}
		v := string(b[:l])
		b = b[l:]
		prev := -1
		ids := make([]int, next())
		for i := range ids {
			prev += next() + 1
			ids[i] = prev
		}
		out[v] = ids
	}
	e.filt[name] = out
	return out, nil
}

func (e *Engine) loadDates() error {
	if e.dates != nil {
		return nil
	}
	b, err := e.get(filterPath("date", e.m.Filters["date"]))
	if err != nil {
		return err
	}
	e.dates = make([]int, 0, e.m.Docs)
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("search: date file is damaged")
		}
		e.dates = append(e.dates, int(v))
		b = b[n:]
	}
	return nil
}

// filterAndCount keeps the documents that pass the filters and counts,
// for every facet, the values of the documents that pass the other facets'
// filters. Filter files are read only when a filter is set or counts are
// wanted (Filters non-nil).
func (e *Engine) filterAndCount(docs *[]int, r Request, res *Response) error {
	if r.Filters == nil {
		return nil
	}
	value := map[string]map[int][]string{}
	for _, name := range FilterNames[:4] {
		f, err := e.loadFilter(name)
		if err != nil {
			return err
		}
		by := map[int][]string{}
		for v, ids := range f {
			for _, id := range ids {
				by[id] = append(by[id], v)
			}
		}
		value[name] = by
	}
	pass := func(d int, skip string) bool {
		for name, want := range r.Filters {
			if name == skip || len(want) == 0 {
				continue
			}
			if !slices.ContainsFunc(value[name][d], func(v string) bool { return slices.Contains(want, v) }) {
				return false
			}
		}
		return true
	}
	res.Counts = map[string]map[string]int{}
	for _, name := range FilterNames[:4] {
		c := map[string]int{}
		for _, d := range *docs {
			if pass(d, name) {
				for _, v := range value[name][d] {
					c[v]++
				}
			}
		}
		res.Counts[name] = c
	}
	kept := (*docs)[:0]
	for _, d := range *docs {
		if pass(d, "") {
			kept = append(kept, d)
		}
	}
	*docs = kept
	return nil
}

func (e *Engine) fragmentOf(d int) (*fragment, error) {
	g, start := 0, 0
	for g < len(e.m.FragCounts) {
		n, _ := strconv.ParseInt(e.m.FragCounts[g:g+1], 36, 0)
		if start+int(n) > d {
			break
		}
		start += int(n)
		g++
	}
	if g == len(e.m.FragCounts) {
		return nil, fmt.Errorf("search: no fragment for document %d", d)
	}
	fs, ok := e.frag[g]
	if !ok {
		b, err := e.get(e.m.fragFile(g))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &fs); err != nil {
			return nil, fmt.Errorf("search: %s: %w", e.m.fragFile(g), err)
		}
		e.frag[g] = fs
	}
	return &fs[d-start], nil
}

// hasPhrases reports whether every phrase stands, word after word, in the
// title, a heading, a section's text or the facts.
func hasPhrases(f *fragment, phrases [][]string) bool {
	if len(phrases) == 0 {
		return true
	}
	texts := []string{f.Title, f.Facts}
	for _, h := range f.Headings {
		texts = append(texts, h[1])
	}
	texts = append(texts, f.Text...)
	seqs := make([][]string, len(texts))
	for i, t := range texts {
		words(decompose(t), true, func(w word) {
			for _, p := range w.parts {
				seqs[i] = append(seqs[i], Stem(p))
			}
		})
	}
	for _, ph := range phrases {
		found := false
		for _, s := range seqs {
			for i := 0; i+len(ph) <= len(s) && !found; i++ {
				found = slices.Equal(s[i:i+len(ph)], ph)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

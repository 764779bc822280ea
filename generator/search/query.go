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

// The reference query engine. It reads the written index files the way the
// browser does, one file at a time and only the files a query needs, and
// ranks exactly as search.js does: tests rank with it, and compare it with
// the client.

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
}

// Response is what a query found.
type Response struct {
	Hits    []Hit
	Total   int               // documents matched (before phrase checks past Limit)
	All     int               // of them, those that match every word
	Fixed   map[string]string // typo corrections: word → word used
	Counts  map[string]map[string]int
	Matched []string // the index terms that matched, for highlighting
}

// group is one word or phrase of a query.
type group struct {
	word   string   // folded surface word (simple words)
	terms  []alt    // alternatives, at least one must match (simple words)
	whole  string   // compound: the whole word
	parts  []string // compound: every part must match; phrase: every term
	phrase []string // phrase: the stems to find in a row, stop words included
	prefix bool
}

type alt struct {
	term   string
	weight float64
}

// ParseQuery splits a query into its groups; exported for tests.
func parseQuery(q string) []group {
	var gs []group
	plain := func(s string) {
		words(decompose(s), false, func(w word) {
			if len(w.parts) == 1 {
				p := w.parts[0]
				if !isStop(p) {
					gs = append(gs, group{word: p, terms: []alt{{Stem(p), 1}}})
				}
				return
			}
			g := group{}
			if wh := w.whole(); wh != "" {
				g.whole = Stem(wh)
			}
			for _, p := range w.parts {
				if !isStop(p) {
					g.parts = append(g.parts, Stem(p))
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
		var seq, req []string
		words(decompose(rest[i+1:i+1+j]), false, func(w word) {
			for _, p := range w.parts {
				seq = append(seq, Stem(p))
				if !isStop(p) {
					req = append(req, Stem(p))
				}
			}
		})
		switch {
		case len(seq) == 1 && len(req) == 1:
			gs = append(gs, group{word: "", terms: []alt{{req[0], 1}}})
		case len(req) > 0:
			gs = append(gs, group{parts: req, phrase: seq})
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
	return gs
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
	gs := parseQuery(r.Query)
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
	// Words with no match at all: try the typo vocabulary.
	for i := range gs {
		g := &gs[i]
		if g.word == "" || e.anyTerm(g) {
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
		res.Hits = append(res.Hits, Hit{Doc: d, Score: round(total[d].score), URL: f.URL, Title: f.Title, Kind: f.Kind})
	}
	return res, nil
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

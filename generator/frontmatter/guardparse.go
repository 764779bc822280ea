package frontmatter

// The parser's side of the guard's scan: the tokens go through goccy/go-yaml
// v1.19's grouping (parser/token.go, one pass after the other, each holding
// back the few items it cannot place yet) into a model of its parsing
// (parser/parser.go) that keeps only the open collections.

// item is a token or a group of tokens after the parser's grouping.
type item struct {
	t     gtok     // its first token
	group byte     // 0 a token, or one of the groups below
	text  [2]int32 // where its last token is written (a key's name)
}

// The parser's groups of tokens.
const (
	grLiteral    = 'L' // | or > and its text
	grAnchorName = 'n' // & and a name
	grAnchor     = 'A' // & and a name, and the value on its line
	grAlias      = '*' // * and a name
	grScalarTag  = 'T' // a tag and the value on its line
	grMapKey     = '?' // ? and the token after it
	grKey        = 'K' // a key and its ':'
)

// held is an item a pass holds back.
type held struct {
	it item
	ok bool
}

func (h *held) take() item { h.ok = false; return h.it }

// parse is the state of the grouping passes and the model.
type parse struct {
	lit     held    // a block scalar's header, waiting for its text
	anchor  [2]item // an & or * and its name, waiting for what follows
	nanchor int
	tagHeld held  // a tag, waiting for what follows
	named   held  // an anchor with its name, waiting for a tag
	qmark   held  // a ?, waiting for its key
	prev    held  // an item, waiting to see whether a ':' follows
	prefix  held  // an anchor or tag, waiting for its value
	forced  bool  // the prefix is placed: its value goes where it is
	dirLine int32 // the line of the last directive (%), whose items the parser sets apart

	stack   []level
	pairs   int32 // the sum of the flow levels' pairs
	docs    int   // the documents begun, as createDocumentTokens splits the tokens
	inDoc   bool  // the last document has not ended with "..."
	deepest int   // the most levels open at once so far
	most    int   // the most entries in one collection so far
	paths   int   // the bytes of paths the parser writes so far
}

// level is an open collection: a block mapping ('m') or sequence ('s') at
// the parser's column col, or a flow sequence ('[') or mapping ('{').
type level struct {
	kind     byte
	awaiting bool     // block: the current entry's value has not begun
	started  bool     // flow: the current entry has begun
	col      int32    // block: the column of its keys or "-"
	line     int32    // block: the line of the current entry's key or "-"
	n        int32    // entries so far
	pairs    int32    // flow: levels the current entry adds (`[a: b]` is a list of mappings)
	keys     int32    // flow: keys in the current entry
	key      [2]int32 // block mapping: where its current key is written
	base     int32    // the length of its path ($.key[3]), as the parser writes it
	seg      int32    // what its current entry adds to the path: .key or [3]
	pairSeg  int32    // flow: what the keys in the current entry add
	dashes   int32    // flow: the "-" in the current entry
}

func (l *level) isFlow() bool { return l.kind == '[' || l.kind == '{' }

// emit hands the token t to the parser's side, and notes it as the
// scanner's last token. The parser leaves comments out.
func (s *gscan) emit(t gtok) {
	s.last = t
	if t.kind == tkComment || s.stop {
		return
	}
	// createLiteralAndFoldedTokenGroups: a header and the token after it.
	if s.lit.ok {
		it := s.lit.take()
		it.text = [2]int32{t.off, t.end}
		s.anchors(it)
		return
	}
	it := item{t: t, text: [2]int32{t.off, t.end}}
	switch t.kind {
	case tkLiteral, tkAnchor, tkAlias, tkTag, tkMapKey:
	default:
		if s.nanchor == 0 && !s.tagHeld.ok && !s.named.ok && !s.qmark.ok {
			s.keys(it) // no pass before keys would change it
			return
		}
	}
	if t.kind == tkLiteral {
		it.group = grLiteral
		s.lit = held{it, true}
		return
	}
	s.anchors(it)
}

// end flushes what the passes hold at the end of the text.
func (s *gscan) end() {
	if s.lit.ok {
		s.anchors(s.lit.take())
	}
	if s.nanchor > 0 {
		s.stop = true // an anchor or alias without a name or value
		return
	}
	if s.tagHeld.ok {
		s.anchorTags(s.tagHeld.take())
	}
	if s.named.ok || s.qmark.ok {
		s.stop = true // an anchor without a value, a ? without a key
		return
	}
	if s.prev.ok {
		s.model(s.prev.take())
	}
	if s.prefix.ok {
		p := s.prefix.take()
		s.land(p)
	}
}

func (it *item) raw(k tokKind) bool { return it.group == 0 && it.t.kind == k }

// scalarType is the parser's isScalarType.
func (it *item) scalarType() bool {
	switch it.group {
	case grMapKey, grKey, grScalarTag:
		return false
	case grLiteral, grAnchorName, grAnchor, grAlias:
		return true
	}
	switch it.t.kind {
	case tkScalar, tkQuoted, tkAnchor, tkAlias, tkLiteral:
		return true
	}
	return false
}

// flowType is the parser's isFlowType.
func (it *item) flowType() bool {
	if it.group != 0 {
		return false
	}
	switch it.t.kind {
	case tkMapStart, tkMapEnd, tkSeqStart, tkSeqEntry:
		return true
	}
	return false
}

// notMapKey is the parser's isNotMapKeyType.
func (it *item) notMapKey() bool {
	switch it.t.kind {
	case tkDirective, tkDocStart, tkDocEnd, tkEntry, tkMapStart, tkMapValue, tkMapEnd, tkSeqStart, tkSeqEntry, tkSeqEnd:
		return true
	}
	return false
}

// anchors is createAnchorAndAliasTokenGroups: & or * takes the next item
// as its name, and & the item after that as its value when it is a scalar
// on its line.
func (s *gscan) anchors(it item) {
	switch s.nanchor {
	case 0:
		if it.raw(tkAnchor) || it.raw(tkAlias) {
			s.anchor[0], s.nanchor = it, 1
			return
		}
		s.tags(it)
	case 1:
		m := s.anchor[0]
		m.text = it.text
		if m.t.kind == tkAlias {
			s.nanchor = 0
			m.group = grAlias
			s.tags(m)
			return
		}
		s.anchor[0], s.anchor[1], s.nanchor = m, it, 2
	case 2:
		m := s.anchor[0]
		s.nanchor = 0
		if it.t.gline == m.t.gline && it.raw(tkSeqEntry) {
			s.stop = true
			return
		}
		if it.t.gline == m.t.gline && it.scalarType() {
			m.group = grAnchor
			m.text = it.text
			s.tags(m)
			return
		}
		m.group = grAnchorName
		s.tags(m)
		s.anchors(it)
	}
}

// tags is createScalarTagTokenGroups: a tag takes the item after it on its
// line as its value, as the kind of tag allows.
func (s *gscan) tags(it item) {
	if s.tagHeld.ok {
		g := s.tagHeld.take()
		if y := it; y.t.gline == g.t.gline && y.group != grAnchorName {
			groups := false
			switch g.t.tag {
			case tagScalar:
				groups = y.scalarType()
			case tagMerge:
				if !y.raw(tkMerge) {
					s.stop = true
					return
				}
				groups = true
			case tagLocal:
				groups = !y.flowType()
			}
			if groups {
				g.group = grScalarTag
				g.text = y.text
				s.anchorTags(g)
				return
			}
		}
		s.anchorTags(g)
	}
	if it.raw(tkTag) {
		s.tagHeld = held{it, true}
		return
	}
	s.anchorTags(it)
}

// anchorTags is createAnchorWithScalarTagTokenGroups: an anchor whose value
// is a tagged scalar on its line.
func (s *gscan) anchorTags(it item) {
	if s.named.ok {
		n := s.named.take()
		if it.group == grScalarTag && it.t.gline == n.t.gline {
			n.group = grAnchor
			n.text = it.text
			s.mapKeys(n)
			return
		}
		s.mapKeys(n)
	}
	if it.group == grAnchorName {
		s.named = held{it, true}
		return
	}
	s.mapKeys(it)
}

// mapKeys is createMapKeyByMappingKey: ? and the item after it.
func (s *gscan) mapKeys(it item) {
	if s.qmark.ok {
		q := s.qmark.take()
		q.group = grMapKey
		q.text = it.text
		s.keys(q)
		return
	}
	if it.raw(tkMapKey) {
		s.qmark = held{it, true}
		return
	}
	s.keys(it)
}

// keys is createMapKeyByMappingValue: the item before a ':' is a key.
func (s *gscan) keys(it item) {
	if it.raw(tkMapValue) {
		if !s.prev.ok {
			s.stop = true // a ':' with no key
			return
		}
		k := s.prev.take()
		if k.notMapKey() {
			s.stop = true
			return
		}
		k.group = grKey
		s.model(k)
		return
	}
	if s.prev.ok {
		s.model(s.prev.take())
	}
	s.prev = held{it, true}
}

// The kinds of item the model tells apart.
const (
	kValue  = 'v'
	kKey    = 'k'
	kSeq    = 's'
	kPrefix = 'p'
	kOpen   = 'o'
	kClose  = 'c'
	kEntry  = ','
	kDoc    = 'd'
	kDir    = '%'
)

func kindOf(it item) byte {
	switch it.group {
	case grKey, grMapKey:
		return kKey
	case grAnchorName:
		return kPrefix
	case 0:
		switch it.t.kind {
		case tkSeqEntry:
			return kSeq
		case tkTag:
			return kPrefix
		case tkSeqStart, tkMapStart:
			return kOpen
		case tkSeqEnd, tkMapEnd:
			return kClose
		case tkEntry:
			return kEntry
		case tkDocStart, tkDocEnd:
			return kDoc
		case tkDirective:
			return kDir
		}
	}
	return kValue
}

// model takes the next item of the parser's.
func (s *gscan) model(it item) {
	if s.stop || it.t.gline == s.dirLine {
		return
	}
	k := kindOf(it)
	if s.prefix.ok {
		p := s.prefix.take()
		s.prefixed(p, it, k)
		return
	}
	s.place(it, k, false)
}

func (s *gscan) top() *level {
	if len(s.stack) == 0 {
		return nil
	}
	return &s.stack[len(s.stack)-1]
}

func (s *gscan) inFlow() bool {
	l := s.top()
	return l != nil && l.isFlow()
}

// place puts the item it, of kind k, where the parser does; forced when it
// is the value of the prefix before it, wherever it stands.
func (s *gscan) place(it item, k byte, forced bool) {
	// A "---" begins a document, a "..." ends one, and anything else
	// outside a document begins one.
	if k == kDoc && it.t.kind == tkDocEnd {
		s.inDoc = false
	} else if k == kDoc || !s.inDoc {
		s.docs++
		s.inDoc = true
		if s.docs > s.lim.items {
			s.fail(it.t, "front matter holds more than %d YAML documents; expected one", s.lim.items)
			return
		}
	}
	switch k {
	case kDir:
		s.dirLine = it.t.gline
		return
	case kDoc:
		if !s.inFlow() {
			s.stack = s.stack[:0]
		}
		return
	case kPrefix:
		s.prefix = held{it, true}
		s.forced = forced
		return
	}
	if s.inFlow() {
		s.inFlowItem(it, k)
		return
	}
	switch k {
	case kOpen:
		s.resolve(it, kValue, forced)
		s.open(it)
	case kKey, kSeq, kValue:
		s.resolve(it, k, forced)
	}
}

// inFlowItem places an item inside a flow collection.
func (s *gscan) inFlowItem(it item, k byte) {
	l := s.top()
	switch k {
	case kClose:
		if l.kind == '[' && it.t.kind == tkSeqEnd || l.kind == '{' && it.t.kind == tkMapEnd {
			s.pairs -= l.pairs
			s.stack = s.stack[:len(s.stack)-1]
		}
		return
	case kEntry:
		s.pairs -= l.pairs
		l.pairs, l.keys, l.started, l.pairSeg, l.dashes = 0, 0, false, 0, 0
		return
	}
	s.entry(l, it)
	if s.stop {
		return
	}
	switch k {
	case kOpen:
		s.open(it)
	case kKey:
		// A key in a flow list makes its entry a mapping; in a flow
		// mapping the first is the entry's own. Any more count a level
		// each (the parser refuses most, or makes one mapping of those in
		// one column), and an entry of the mapping they may make.
		l.keys++
		if l.kind == '[' || l.keys > 1 {
			l.pairSeg += keySeg(it)
			s.path(2*s.entryPath(), it)
			s.pair(l, it)
			s.inner(l.keys, it)
		}
	case kSeq:
		// A "-" begins a list in the entry, or its next item: a level,
		// and an item of the list.
		l.dashes++
		l.pairSeg += indexSeg(0)
		s.path(s.entryPath(), it)
		s.pair(l, it)
		s.inner(l.dashes, it)
	}
}

// inner counts n entries of a collection begun in a flow collection's
// entry with block syntax ("[- a, - b]").
func (s *gscan) inner(n int32, it item) {
	s.most = max(s.most, int(n))
	if int(n) > s.lim.items && !s.stop {
		s.fail(it.t, "a list in front matter holds more than %d items; expected at most %d items in one list", s.lim.items, s.lim.items)
	}
}

// entry counts the entry of the flow collection l that it begins.
func (s *gscan) entry(l *level, it item) {
	if l.started {
		return
	}
	l.started = true
	if l.kind == '[' {
		l.seg = indexSeg(l.n)
		s.path(l.base+l.seg, it)
	} else {
		l.seg = keySeg(it)
		s.path(2*(l.base+l.seg), it)
	}
	if !s.stop {
		s.counted(l, it)
	}
}

// pair adds a level to the current entry of the flow collection l.
func (s *gscan) pair(l *level, it item) {
	l.pairs++
	s.pairs++
	s.deeper(it.t)
}

// open opens a flow collection.
func (s *gscan) open(it item) {
	kind := byte('[')
	if it.t.kind == tkMapStart {
		kind = '{'
	}
	s.stack = append(s.stack, level{kind: kind, col: it.t.gcol, base: s.entryPath()})
	s.deeper(it.t)
}

// resolve places a value, key or "-" in block context, as parseMap,
// parseSequence, parseMapValue and parseSequenceValue do: an entry whose
// value has not begun takes what stands right of its key or "-" (a "-"
// under a key and a key under a "-" in the same column too), a
// collection goes on with the next key or "-" in its column, and anything
// else ends it.
func (s *gscan) resolve(it item, k byte, forced bool) {
	col := it.t.gcol
	for {
		l := s.top()
		if l == nil {
			s.under(it, k)
			return
		}
		sibling := col == l.col && (k == kKey && l.kind == 'm' || k == kSeq && l.kind == 's')
		switch {
		case forced:
			l.awaiting = false
			s.under(it, k)
			return
		case sibling:
			l.awaiting, l.line = true, it.t.gline
			if k == kKey {
				l.key = it.text
				l.seg = keySeg(it)
				s.path(2*(l.base+l.seg), it)
			} else {
				l.seg = indexSeg(l.n)
				s.path(l.base+l.seg, it)
			}
			s.counted(l, it)
			return
		case l.awaiting && col >= l.col:
			l.awaiting = false
			s.under(it, k)
			return
		case l.awaiting:
			l.awaiting = false // a null value; what follows goes on below
		default:
			s.stack = s.stack[:len(s.stack)-1]
		}
	}
}

// under opens the collection a key or "-" begins, as a value.
func (s *gscan) under(it item, k byte) {
	base := s.entryPath()
	switch k {
	case kKey:
		seg := keySeg(it)
		s.push(level{kind: 'm', col: it.t.gcol, line: it.t.gline, key: it.text, awaiting: true, base: base, seg: seg}, it)
		s.path(2*(base+seg), it)
	case kSeq:
		seg := indexSeg(0)
		s.push(level{kind: 's', col: it.t.gcol, line: it.t.gline, awaiting: true, base: base, seg: seg}, it)
		s.path(base+seg, it)
	}
}

// entryPath is the length of the path of the current entry of the
// innermost collection, the path of what goes under it.
func (s *gscan) entryPath() int32 {
	l := s.top()
	if l == nil {
		return 1 // $
	}
	return l.base + l.seg + l.pairSeg
}

// keySeg is what the key it adds to a path: a dot, the key, and the quotes
// the parser may put round it.
func keySeg(it item) int32 { return 3 + it.text[1] - it.text[0] }

// indexSeg is what the nth item of a list adds to a path: [n].
func indexSeg(n int32) int32 {
	d := int32(3)
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// path counts n more bytes of the paths the parser writes: one for each
// list item and two for each key, from the top.
func (s *gscan) path(n int32, it item) {
	if s.paths += int(n); s.paths > s.lim.paths {
		s.fail(it.t, "front matter keys too long for the values under them; expected shorter keys")
	}
}

func (s *gscan) push(l level, it item) {
	l.n = 1
	s.most = max(s.most, 1)
	s.stack = append(s.stack, l)
	s.deeper(it.t)
}

// prefixed places the anchor or tag p, whose value item it (of kind k)
// follows, as parseMapValue, parseSequenceValue, parseAnchor and parseTag
// do.
func (s *gscan) prefixed(p, it item, k byte) {
	if s.inFlow() {
		s.inFlowItem(p, kValue)
		s.emptySeq(p, it, k)
		s.place(it, k, false)
		return
	}
	if !s.forced {
		s.land(p)
		// "key: &anchor" with no value after it on its line.
		if l := s.top(); l != nil && l.awaiting && p.group == grAnchorName && p.t.gline == l.line {
			next := it.t.gcol
			if next < l.col || next == l.col && (l.kind == 'm' && k == kKey || l.kind == 's' && k == kSeq) {
				l.awaiting = false
				s.place(it, k, false)
				return
			}
		}
	}
	if s.emptySeq(p, it, k) {
		if l := s.top(); l != nil {
			l.awaiting = false
		}
		s.place(it, k, false)
		return
	}
	s.place(it, k, true)
}

// land places a prefix p as a value: it ends what it stands left of.
func (s *gscan) land(p item) {
	for {
		l := s.top()
		if l == nil || l.isFlow() || l.awaiting && p.t.gcol >= l.col {
			return
		}
		if l.awaiting {
			l.awaiting = false
			continue
		}
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// emptySeq reports whether the tag p makes an empty list, as "!!seq" does
// when no list follows, and counts its level.
func (s *gscan) emptySeq(p, it item, k byte) bool {
	if p.group != 0 || p.t.tag != tagSeq || k == kSeq || it.raw(tkSeqStart) {
		return false
	}
	if d := len(s.stack) + int(s.pairs) + 1; d > s.lim.depth {
		s.fail(p.t, "front matter nested more than %d levels deep; expected flat fields and lists", s.lim.depth)
	} else {
		s.deepest = max(s.deepest, d)
	}
	return true
}

// deeper checks the depth after a level was added at t.
func (s *gscan) deeper(t gtok) {
	d := len(s.stack) + int(s.pairs)
	s.deepest = max(s.deepest, d)
	if d > s.lim.depth {
		s.fail(t, "front matter nested more than %d levels deep; expected flat fields and lists", s.lim.depth)
	}
}

// counted counts one more entry of l, at it.
func (s *gscan) counted(l *level, it item) {
	l.n++
	s.most = max(s.most, int(l.n))
	if int(l.n) <= s.lim.items {
		return
	}
	t := it.t
	if l.kind == 'm' || l.kind == '{' {
		if l == &s.stack[0] {
			s.fail(t, "front matter holds more than %d fields; expected at most %d", s.lim.items, s.lim.items)
		} else {
			s.fail(t, "a mapping in front matter holds more than %d keys; expected at most %d keys in one mapping", s.lim.items, s.lim.items)
		}
		return
	}
	if len(s.stack) >= 2 && l == &s.stack[1] && s.stack[0].kind == 'm' {
		k := s.stack[0].key
		s.fail(t, "field %q lists more than %d items; expected at most %d items in one list", keyText(s.src[k[0]:k[1]]), s.lim.items, s.lim.items)
		return
	}
	s.fail(t, "a list in front matter holds more than %d items; expected at most %d items in one list", s.lim.items, s.lim.items)
}

// keyText is the name of a key as written, without its quotes.
func keyText(k []byte) string {
	if len(k) >= 2 && (k[0] == '"' || k[0] == '\'') && k[len(k)-1] == k[0] {
		k = k[1 : len(k)-1]
	}
	return string(k)
}

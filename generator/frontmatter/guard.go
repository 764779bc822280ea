package frontmatter

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The limits of front matter. goccy/go-yaml's parser spends time and memory
// that grow with the square of the nesting depth (30,000 `[` took 13 s and
// 1.4 GB), of the number of keys in one block mapping, of the number of
// documents and of a few runs of characters it reads again and again, so
// Decode refuses front matter beyond these limits after a scan of its bytes
// (guard), before any parser is handed it. No front matter the content
// contract accepts comes near them.
const (
	// MaxDepth is how deeply front matter may nest collections: the
	// mapping of fields is one level, a list in a field two.
	MaxDepth = 32

	// MaxItems is how many items one list, keys one mapping, or YAML
	// documents the front matter may hold.
	MaxItems = 1000

	// MaxBytes is how long the front matter (the text between the ---
	// lines) may be: room for MaxItems tags of 60 characters, and a bound
	// on what the parser allocates for the worst front matter.
	MaxBytes = 64 << 10

	// MaxRepeat is how many times in a row the parser may be made to read
	// on to the end of a stretch of front matter: "<" in a row, tabs in a
	// line of a double-quoted value, and blank lines at the end of a block
	// scalar (| or >). goccy/go-yaml reads each to the end of its run, its
	// line or its scalar: 60 KB of blank lines took 19 s and 9 GB.
	MaxRepeat = 16

	// MaxPathBytes is how many bytes the parser may spend on the paths of
	// front matter's keys and list items ($.key[3].other), which it writes
	// out whole for each: long keys over many values took 450 MB.
	MaxPathBytes = 4 << 20
)

// limits are the limits a scan checks.
type limits struct{ depth, items, size, repeat, paths int }

var frontMatterLimits = limits{MaxDepth, MaxItems, MaxBytes, MaxRepeat, MaxPathBytes}

// checkLimits reports the first place where y crosses a limit of front
// matter, with line and col (in characters) counted from 1 within y, or
// msg "" when y is within them.
func checkLimits(y []byte) (line, col int, msg string) {
	return guard(y, frontMatterLimits)
}

// guard scans the YAML y as goccy/go-yaml v1.19's scanner and parser read
// it, and reports the first place where it nests more than lim.depth
// collections deep, where one collection gets more than lim.items entries
// or the text more than lim.items documents, where it runs past lim.size
// bytes, or where it would make the parser reread more than lim.repeat
// times or spend more than lim.paths bytes on paths. It returns msg "" when
// y is within the limits, and when y cannot be YAML at all: the parser then
// says why.
//
// The scan allocates a fixed amount and runs in time linear in len(y).
// FuzzDepthGuard checks against the parser that the scan counts at least
// the depth, entries and documents the parser makes of any text.
func guard(y []byte, lim limits) (line, col int, msg string) {
	if len(y) > lim.size {
		// Only the first size bytes are read: a problem there comes first.
		line, col, msg = guard(y[:lim.size], lim)
		if msg == "" {
			line, col = position(y, lim.size)
			msg = fmt.Sprintf("front matter longer than %d KiB; expected at most %d bytes between the --- lines", lim.size>>10, lim.size)
		}
		return line, col, msg
	}
	var s gscan
	var levels [8]level
	s.init(y, lim, levels[:0])
	s.run()
	return s.errLine, s.errCol, s.msg
}

// init readies s to scan y, with room for the levels it opens.
func (s *gscan) init(y []byte, lim limits, levels []level) {
	s.src, s.gline, s.gcol, s.first = y, 1, 1, true
	s.lim = lim
	s.stack = levels
}

// position is the line and column (in characters) of the character that
// holds byte off of y.
func position(y []byte, off int) (line, col int) {
	for off > 0 && off < len(y) && y[off]&0xc0 == 0x80 {
		off--
	}
	line, col = 1, 1
	for i := 0; i < off; i++ {
		switch c := y[i]; {
		case c == '\n':
			line, col = line+1, 1
		case c&0xc0 != 0x80:
			col++
		}
	}
	return line, col
}

// tokKind is the kind of a token of the parser's.
type tokKind uint8

const (
	tkNone      tokKind = iota
	tkScalar            // plain, or the text of a block scalar
	tkQuoted            // 'single' or "double" quoted
	tkAnchor            // &
	tkAlias             // *
	tkTag               // !tag
	tkMerge             // <<
	tkLiteral           // | or >
	tkMapValue          // :
	tkMapKey            // ?
	tkSeqEntry          // -
	tkSeqStart          // [
	tkSeqEnd            // ]
	tkMapStart          // {
	tkMapEnd            // }
	tkEntry             // ,
	tkDocStart          // ---
	tkDocEnd            // ...
	tkDirective         // %
	tkComment
)

// gtok is a token: its kind, where the parser sees it (gline, gcol), where
// it is in the text (the bytes off to end) and for a tag what kind of tag.
type gtok struct {
	kind        tokKind
	tag         byte
	gline, gcol int32
	off, end    int32
}

// The kinds of tag the parser tells apart.
const (
	tagLocal  = iota + 1 // !x, any tag not written "!!x"
	tagScalar            // !!str, !!int, ...: grouped with the scalar after it
	tagMerge             // !!merge
	tagSeq               // !!seq, !!omap
	tagMap               // !!map, !!set
	tagOther             // any other !!x
)

// The scanner's indent states.
const (
	keep = iota
	up
	down
)

// gscan follows goccy/go-yaml v1.19's scanner (scanner/scanner.go) rune by
// rune, keeping the state that decides which characters are structure: the
// column the parser sees (gcol, which a tab after a key does not advance),
// whether a plain scalar is being read (buf), block scalars (multi), quoted
// scalars, comments, tags and the counts of open flow collections. Where
// the scanner fails, the scan stops: the parser refuses the text. The
// tokens go through the parser's grouping and a model of its parsing
// (guardparse.go).
type gscan struct {
	src []byte
	i   int // the byte being read

	gline, gcol int32
	first       bool // nothing but spaces read on this line yet
	indentNum   int
	lastDelim   int32
	indState    int
	buf         bool  // the scanner's existsBuffer: a plain scalar is being read
	bufStarted  bool  // ... and has a character (not so after a phantom, below)
	bufTok      gtok  // where the plain scalar being read starts
	bufLast     int32 // the column after its last character but spaces
	saved       bool  // the scanner's savedPos: where the next plain scalar token is placed
	savedCol    int32
	savedLine   int32
	multi       bool
	mFirst      int32 // the first content column of the block scalar
	multiTok    gtok
	mStrip      bool // its header says "-", or it is a plain scalar read on as one
	mKeep       bool // its header says "+"
	mText       bool // what it holds: text,
	mNL         bool // line breaks,
	mSpace      bool // spaces of indentation beyond its first line's,
	mSpaceNL    bool // and such spaces after a line break
	mTrail      int  // the line breaks at its end so far
	mTrailAt    int  // where the blank line past MaxRepeat at its end begins
	tabLine     int32
	tabs        int // tabs in a double-quoted value on line tabLine that make the scanner read to its end
	seqN, mapN  int
	isAnchor    bool
	isAlias     bool
	isDirective bool
	last        gtok // the scanner's last token, comments too
	wsEnd       int  // in a double-quoted scalar, where the run of spaces and tabs being read ends
	stop        bool

	parse // the parser's side

	lim             limits
	msg             string
	errLine, errCol int
}

// fail reports a limit crossed at t.
func (s *gscan) fail(t gtok, format string, args ...any) {
	if s.msg == "" {
		s.errLine, s.errCol = position(s.src, int(t.off))
		s.msg = fmt.Sprintf(format, args...)
	}
	s.stop = true
}

// at returns the rune at byte offset i and its length; 0 past the end.
func (s *gscan) at(i int) (rune, int) {
	if i >= len(s.src) {
		return 0, 0
	}
	if c := s.src[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(s.src[i:])
}

// next is the rune after the current one.
func (s *gscan) next() rune {
	_, n := s.at(s.i)
	c, _ := s.at(s.i + n)
	return c
}

// skip moves past n runes without the scanner seeing them.
func (s *gscan) skip(n int) {
	for ; n > 0 && s.i < len(s.src); n-- {
		if s.src[s.i] < utf8.RuneSelf {
			s.i++
			continue
		}
		_, size := utf8.DecodeRune(s.src[s.i:])
		s.i += size
	}
}

// moveTo moves the reading place to byte j.
func (s *gscan) moveTo(j int) { s.i = min(j, len(s.src)) }

// step reads n runes that each advance the parser's column.
func (s *gscan) step(n int) {
	s.gcol += int32(n)
	s.skip(n)
}

// lineBreak is the scanner's progressLine, past one rune.
func (s *gscan) lineBreak() {
	s.newLine()
	s.skip(1)
}

// newLine is the scanner's progressLine without the move.
func (s *gscan) newLine() {
	s.gline++
	s.gcol = 1
	s.indentNum = 0
	s.first = true
	s.isAnchor, s.isAlias, s.isDirective = false, false, false
}

func isBreak(c rune) bool { return c == '\n' || c == '\r' }

// plainText holds the bytes that go on a plain scalar begun on their line
// whatever the state: all printable ASCII but for # , : < [ ] { }.
var plainText = func() (t [256]bool) {
	for c := ' '; c <= '~'; c++ {
		t[c] = !strings.ContainsRune("#,:<[]{}", c)
	}
	return t
}()

func (s *gscan) here(kind tokKind) gtok {
	return gtok{kind: kind, gline: s.gline, gcol: s.gcol, off: int32(s.i), end: int32(s.i + 1)}
}

func (s *gscan) flowMode() bool { return s.seqN > 0 || s.mapN > 0 }

func (s *gscan) run() {
	for s.i < len(s.src) && !s.stop {
		c, _ := s.at(s.i)
		s.updateIndent(c)
		switch {
		case s.indState == down && s.multi:
			// A line left of the block scalar's ends it.
			s.endMulti()
		case s.indState == down:
			s.flush()
		case s.multi:
			s.multiLine(c)
			continue
		}
		if s.special(c) {
			continue
		}
		// A character of a plain scalar.
		if c != ' ' && c != '\t' {
			if !s.bufStarted {
				s.buf, s.bufStarted = true, true
				s.bufTok = s.here(tkScalar)
			}
			s.step(1)
			s.bufTok.end, s.bufLast = int32(s.i), s.gcol
			if !s.isAnchor && !s.isAlias && !s.isDirective {
				// The rest of a run of ordinary text.
				for s.i < len(s.src) && plainText[s.src[s.i]] {
					if s.src[s.i] != ' ' {
						s.bufTok.end, s.bufLast = int32(s.i+1), s.gcol+1
					}
					s.i++
					s.gcol++
				}
			}
			continue
		}
		s.step(1)
	}
	if !s.stop {
		s.flush()
		if s.multi {
			s.emit(s.multiTok)
		}
		s.end()
	}
}

// updateIndent is the scanner's updateIndent: on the first character of a
// line that is not a space, compare its column with the last delimiter's.
func (s *gscan) updateIndent(c rune) {
	switch {
	case s.first && isBreak(c):
	case s.first && c == ' ':
		s.indentNum++
	case s.first && c == '\t':
	case !s.first:
		s.indState = keep
	default:
		if s.lastDelim != 0 {
			if s.lastDelim < s.gcol {
				s.indState = up
			} else {
				s.indState = down
			}
		}
		s.first = false
	}
}

// flush ends the plain scalar being read, as a token: the scanner's
// addBufferedTokenIfExists.
func (s *gscan) flush() {
	if s.buf {
		t := s.bufTok
		if !s.bufStarted {
			t = s.here(tkScalar) // the phantom's, placed where it ends
		}
		s.buf, s.bufStarted = false, false
		s.buffered(t)
		return
	}
	s.saved = false
}

// endMulti ends a block scalar at a line left of it. When what it holds
// comes to nothing once its end is chomped (blank lines, say), the
// scanner's bufferedToken empties the buffer but leaves its notSpaceCharPos,
// so that a phantom plain scalar goes on after it.
func (s *gscan) endMulti() {
	s.trailEnd()
	if s.stop {
		return
	}
	empty := false
	switch {
	case s.mKeep:
	case s.mStrip:
		empty = !s.mText && !s.mSpaceNL
	default:
		empty = !s.mText && !s.mSpace
	}
	s.multi = false
	s.buffered(s.multiTok)
	if empty && (s.mNL || s.mSpace) {
		s.buf, s.bufStarted = true, false
	}
}

// buffered emits the token of a plain scalar or of a block scalar's text
// where the scanner places it: at its savedPos when a line break came
// since the scalar began, which is short by the spaces at the end of its
// first line.
func (s *gscan) buffered(t gtok) {
	if s.saved {
		t.gcol, t.gline = s.savedCol, s.savedLine
		s.saved = false
	}
	s.emit(t)
}

// special handles c when the scanner reads it as more than a character of
// a plain scalar, and reports whether it did.
func (s *gscan) special(c rune) bool {
	switch c {
	case '{', '[':
		if s.buf && !s.flowMode() {
			return false
		}
		s.flush()
		if c == '{' {
			s.emit(s.here(tkMapStart))
			s.mapN++
		} else {
			s.emit(s.here(tkSeqStart))
			s.seqN++
		}
		s.step(1)
	case '}':
		if s.mapN <= 0 {
			return false
		}
		s.flush()
		s.emit(s.here(tkMapEnd))
		s.mapN--
		s.step(1)
	case ']':
		if s.buf && s.seqN <= 0 {
			return false
		}
		s.flush()
		s.emit(s.here(tkSeqEnd))
		s.seqN--
		s.step(1)
	case ',':
		if !s.flowMode() {
			return false
		}
		s.flush()
		s.emit(s.here(tkEntry))
		s.step(1)
	case '.':
		if s.indentNum != 0 || s.gcol != 1 || s.repeat('.', 3) != 3 {
			return false
		}
		s.flush()
		s.emit(s.here(tkDocEnd))
		s.step(3)
	case '<':
		// The scanner reads to the end of a run of '<' at each.
		if s.repeat('<', s.lim.repeat) > s.lim.repeat {
			s.fail(s.here(tkMerge), "\"<\" repeated more than %d times in a row in front matter; expected at most %d", s.lim.repeat, s.lim.repeat)
			return true
		}
		if !s.mergeKey() {
			return false
		}
		s.lastDelim = s.gcol
		s.buf, s.bufStarted = false, false
		s.emit(s.here(tkMerge))
		s.step(2)
	case '-':
		if s.indentNum == 0 && s.gcol == 1 && s.repeat('-', 3) == 3 {
			if c, _ := s.at(s.i + 3); s.i+3 >= len(s.src) || c == ' ' || c == '\t' || isBreak(c) {
				s.flush()
				s.emit(s.here(tkDocStart))
				s.step(3)
				s.lastDelim, s.indentNum = 0, 0
				return true
			}
		}
		if s.buf && s.indState == up {
			// A plain scalar's next line starting with '-': the scanner
			// reads on as a block scalar.
			s.startMulti(s.bufTok)
			s.mFirst, s.mStrip, s.mText = s.gcol, true, true
			if !s.bufStarted {
				s.multiTok = s.here(tkScalar)
			}
			s.buf, s.bufStarted = false, false
			s.step(1)
			return true
		}
		if s.buf {
			return false
		}
		if nc := s.next(); nc != 0 && nc != ' ' && nc != '\t' && !isBreak(nc) {
			return false
		}
		s.flush()
		s.emit(s.here(tkSeqEntry))
		s.lastDelim = s.gcol
		s.step(1)
	case ':':
		if s.isDirective || s.isAnchor || s.isAlias {
			return false
		}
		nc := s.next()
		_, n := s.at(s.i)
		if s.mapN <= 0 && nc != ' ' && nc != '\t' && !isBreak(nc) && s.i+n < len(s.src) {
			return false
		}
		if s.mapN > 0 && (nc == '/' || s.last.kind == tkMapValue) {
			return false
		}
		if s.buf {
			s.flush()
			s.lastDelim = s.last.gcol
		} else if s.flush(); s.last.kind == tkQuoted {
			s.lastDelim = s.last.gcol
		}
		s.emit(s.here(tkMapValue))
		s.step(1)
	case '|', '>':
		if s.buf {
			return false
		}
		s.header()
	case '!':
		if s.buf || s.isDirective {
			return false
		}
		s.tag()
	case '%':
		if s.buf || s.indentNum != 0 {
			return false
		}
		s.flush()
		s.emit(s.here(tkDirective))
		s.step(1)
		s.isDirective = true
	case '?':
		if nc := s.next(); s.buf || nc != ' ' && nc != '\t' {
			return false
		}
		s.emit(s.here(tkMapKey))
		s.lastDelim = s.gcol
		s.step(1)
	case '&', '*':
		if s.buf {
			return false
		}
		s.flush()
		if c == '&' {
			s.emit(s.here(tkAnchor))
			s.isAnchor = true
		} else {
			s.emit(s.here(tkAlias))
			s.isAlias = true
		}
		s.step(1)
	case '#':
		if s.buf {
			p, _ := utf8.DecodeLastRune(s.src[:s.i])
			if p != ' ' && p != '\t' && !isBreak(p) {
				return false
			}
		}
		s.flush()
		s.last = s.here(tkComment)
		for s.i < len(s.src) {
			if c, _ := s.at(s.i); isBreak(c) {
				break
			}
			s.step(1)
		}
		s.lineBreak()
	case '\'', '"':
		if s.buf {
			return false
		}
		s.quoted(c)
	case '\r', '\n':
		if s.bufStarted && !s.saved {
			s.saved = true
			s.savedCol, s.savedLine = s.gcol-(s.bufLast-s.bufTok.gcol), s.gline
		}
		if c == '\r' && s.next() == '\n' {
			s.skip(1)
		}
		if _, n := s.at(s.i); s.i+n >= len(s.src) || s.isAnchor || s.isAlias || s.isDirective {
			s.flush()
		}
		s.lineBreak()
	case ' ':
		switch {
		case s.first:
			s.step(1)
		case s.isDirective:
			s.flush()
			s.step(1)
		case s.isAnchor || s.isAlias:
			s.flush()
			s.isAnchor, s.isAlias = false, false
			return false
		default:
			return false
		}
	case '@', '`':
		if s.buf {
			return false
		}
		s.stop = true // a reserved character
	case '\t':
		if s.buf && s.lastDelim == 0 || s.lastDelim < s.gcol {
			s.indentNum++
			s.skip(1)
			return true
		}
		if s.flowMode() || !s.first {
			return false
		}
		s.stop = true // a tab where indentation is expected
	default:
		return false
	}
	return true
}

// repeat counts the bytes c from the reading place on, up to max+1.
func (s *gscan) repeat(c byte, max int) int {
	n := 0
	for j := s.i; j < len(s.src) && s.src[j] == c && n <= max; j++ {
		n++
	}
	return n
}

// mergeKey is the scanner's isMergeKey: "<<" then spaces, ':' and a space
// or a line break.
func (s *gscan) mergeKey() bool {
	if s.repeat('<', 2) != 2 {
		return false
	}
	for j := s.i + 2; j < len(s.src); j++ {
		switch c := s.src[j]; {
		case c == ' ':
			continue
		case c != ':':
			return false
		case j+1 < len(s.src):
			if nc := s.src[j+1]; nc == ' ' || nc == '\n' || nc == '\r' {
				return true
			}
		}
	}
	return false
}

// multiLine reads c inside a block scalar, the scanner's scanMultiLine.
func (s *gscan) multiLine(c rune) {
	if c == '\r' && s.next() == '\n' {
		s.skip(1)
		c = '\n'
	}
	_, n := s.at(s.i)
	switch {
	case s.i+n >= len(s.src):
		s.step(1)
		if c == '\n' {
			s.trail()
		} else if !s.first || c != ' ' {
			s.mTrail = 0
		}
		s.multi = false
		s.trailEnd()
		s.emit(s.multiTok)
	case isBreak(c):
		s.mNL = true
		s.lineBreak()
		s.trail()
		if s.docMarkerAt(s.i) {
			s.multi = false
			s.trailEnd()
			s.emit(s.multiTok)
		}
	case s.first && c == ' ':
		if s.mFirst != 0 && s.gcol >= s.mFirst {
			s.mSpace = true
			s.mSpaceNL = s.mSpaceNL || s.mNL
			s.mTrail = 0
		}
		s.step(1)
	case s.first && c == '\t' && s.indentColumn():
		s.stop = true
	case c == '\t' && !s.indentColumn():
		s.mText, s.mTrail = true, 0
		s.step(1)
	default:
		s.mText, s.mTrail = true, 0
		if s.mFirst == 0 {
			s.mFirst = s.gcol
		}
		if s.mFirst-1 > 0 {
			s.lastDelim = s.mFirst - 1
		}
		s.step(1)
	}
}

// trail counts a line break at the end of a block scalar's text so far.
func (s *gscan) trail() {
	if s.mTrail++; s.mTrail == s.lim.repeat+1 {
		s.mTrailAt = s.i
	}
}

// trailEnd checks the blank lines that end a block scalar: unless its
// header says "-" or "+", the scanner takes off all the line breaks at its
// end but one, one at a time, copying all its text each time.
func (s *gscan) trailEnd() {
	if !s.mStrip && !s.mKeep && s.mTrail-1 > s.lim.repeat {
		s.fail(gtok{off: int32(min(s.mTrailAt, len(s.src)))}, "more than %d blank lines at the end of a block scalar (| or >) in front matter; expected at most %d", s.lim.repeat, s.lim.repeat)
	}
}

func (s *gscan) indentColumn() bool {
	if s.mFirst == 0 {
		return s.gcol == 1
	}
	return s.mFirst > s.gcol
}

// docMarkerAt reports whether a "---" or "..." document marker starts at
// byte j, as the scanner's foundDocumentSeparatorMarker.
func (s *gscan) docMarkerAt(j int) bool {
	rest := s.src[j:]
	if len(rest) < 3 {
		return false
	}
	if m := string(rest[:3]); m != "---" && m != "..." {
		return false
	}
	if len(rest) == 3 {
		return true
	}
	c := rest[3]
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// header reads the header line of a block scalar (| or >), the scanner's
// scanMultiLineHeader.
func (s *gscan) header() {
	t := s.here(tkLiteral)
	start := s.i + 1
	brk := -1
	for j := start; j < len(s.src); j++ {
		if c := s.src[j]; c == '\n' || c == '\r' && (j+1 >= len(s.src) || s.src[j+1] != '\n') {
			brk = j
			break
		}
	}
	end := start
	switch {
	case brk >= 0:
		end = brk
		if brk > start && s.src[brk] == '\n' && s.src[brk-1] == '\r' {
			end--
		}
	case len(s.src) > start:
		// The scanner leaves out the last character when no line break
		// follows.
		_, n := utf8.DecodeLastRune(s.src[start:])
		end = len(s.src) - n
	}
	value := strings.TrimRight(string(s.src[start:end]), " ")
	opt := value
	if i := strings.IndexByte(value, '#'); i > 0 {
		opt = value[:i]
	}
	indent, ok := headerIndent(strings.TrimRight(opt, " \t"))
	if !ok {
		s.stop = true
		return
	}
	if s.gcol == 1 {
		s.lastDelim = 1
	}
	s.emit(t)
	if strings.IndexByte(value, '#') > 0 {
		s.last = s.here(tkComment)
	}
	s.indState = keep
	s.buf, s.bufStarted = false, false
	text := t
	text.kind = tkScalar
	s.startMulti(text)
	if indent > 0 {
		s.mFirst = s.lastDelim + int32(indent)
	}
	opt = strings.TrimRight(opt, " \t")
	s.mStrip = strings.HasPrefix(opt, "-") || strings.HasSuffix(opt, "-")
	s.mKeep = strings.HasPrefix(opt, "+") || strings.HasSuffix(opt, "+")
	// Past the header line and its line break.
	if brk < 0 {
		s.gcol += int32(utf8.RuneCount(s.src[s.i:]))
		s.moveTo(len(s.src))
		return
	}
	s.gcol += int32(utf8.RuneCount(s.src[s.i:brk]))
	s.moveTo(brk)
	s.lineBreak()
}

// startMulti begins a block scalar whose text will be the token t.
func (s *gscan) startMulti(t gtok) {
	s.multi, s.multiTok = true, t
	s.mFirst = 0
	s.mStrip, s.mKeep = false, false
	s.mText, s.mNL, s.mSpace, s.mSpaceNL = false, false, false, false
	s.mTrail = 0
}

// headerIndent reads a block scalar header's indentation indicator: the
// header is valid when ok.
func headerIndent(opt string) (indent int, ok bool) {
	o := strings.TrimPrefix(opt, "-")
	o = strings.TrimPrefix(o, "+")
	o = strings.TrimSuffix(o, "-")
	o = strings.TrimSuffix(o, "+")
	if o == "" {
		return 0, true
	}
	i, err := strconv.ParseInt(o, 10, 64)
	if o == "0" || err != nil || i > 9 {
		return 0, false
	}
	return int(i), true
}

// tag reads a tag, the scanner's scanTag, down to its arithmetic of
// columns (the column after a tag is one short).
func (s *gscan) tag() {
	t := s.here(tkTag)
	for j := s.i + 1; j < len(s.src); {
		c, n := s.at(j)
		switch {
		case c == ' ':
			t.end = int32(j)
			s.tagged(t)
			s.gcol += int32(utf8.RuneCount(s.src[s.i:j]))
			s.moveTo(j + 1)
			return
		case c == ',' && s.flowMode(), isBreak(c):
			t.end = int32(j)
			s.tagged(t)
			s.gcol += int32(utf8.RuneCount(s.src[s.i:j]) - 1)
			s.moveTo(j)
			return
		case c == '{' || c == '}':
			s.stop = true
			return
		}
		j += n
	}
	// At the end of the text the scanner makes no token of the tag.
	s.gcol += int32(utf8.RuneCount(s.src[s.i:]))
	s.moveTo(len(s.src))
}

// tagged emits the tag t, with its kind.
func (s *gscan) tagged(t gtok) {
	t.tag = tagLocal
	switch v := string(s.src[t.off:t.end]); v {
	case "!!int", "!!float", "!!str", "!!binary", "!!timestamp", "!!bool", "!!null":
		t.tag = tagScalar
	case "!!merge":
		t.tag = tagMerge
	case "!!seq", "!!omap":
		t.tag = tagSeq
	case "!!map", "!!set":
		t.tag = tagMap
	default:
		if strings.HasPrefix(v, "!!") {
			t.tag = tagOther
		}
	}
	s.emit(t)
}

// quoted reads a quoted scalar, the scanner's scanSingleQuote and
// scanDoubleQuote, down to their arithmetic of columns: a tab inside
// double quotes that is followed by more text advances the scanner's index
// twice, so that it skips as many runes after the closing quote.
func (s *gscan) quoted(q rune) {
	t := s.here(tkQuoted)
	src := s.src
	j := s.i + 1 // the rune being read
	ahead := 0   // runes the scanner's index runs ahead of j
	firstChar, newLine := false, false
	for j < len(src) {
		if !newLine {
			s.gcol++
		} else {
			newLine = false
		}
		c, n := s.at(j)
		switch {
		case isBreak(c):
			firstChar, newLine = true, true
			s.newLine()
			j += n
			if s.docMarkerAt(j) {
				s.stop = true
				return
			}
			continue
		case firstChar && c == ' ':
			j += n
			continue
		case firstChar && c == '\t':
			if s.lastDelim >= s.gcol {
				s.stop = true
				return
			}
			j += n
			continue
		case q == '"' && c == '\\':
			firstChar = false
			if j+1 >= len(src) {
				j += n
				continue
			}
			progress, ok := 1, true
			switch src[j+1] {
			case '0', 'a', 'b', 't', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\', 'N', '_', 'L', 'P', '\t':
			case 'x':
				if s.runesLeft(j, 4) {
					progress = 3
				}
			case 'u':
				progress, ok = s.escapeU(j)
			case 'U':
				progress, ok = 9, s.runesLeft(j, 10)
			case '\n':
				firstChar, newLine = true, true
				s.newLine()
				j += 2
				continue
			case '\r':
				firstChar, newLine = true, true
				s.newLine()
				if j+2 < len(src) && src[j+2] == '\n' {
					progress = 2
				}
			default:
				ok = false
			}
			if !ok {
				s.stop = true
				return
			}
			j += n
			for k := 0; k < progress; k++ {
				_, m := s.at(j)
				j += m
			}
			s.gcol += int32(progress)
			continue
		case q == '"' && c == '\t':
			if j >= s.wsEnd {
				s.wsEnd = j + 1
				for s.wsEnd < len(src) && (src[s.wsEnd] == ' ' || src[s.wsEnd] == '\t') {
					s.wsEnd++
				}
			}
			if s.wsEnd < len(src) && src[s.wsEnd] != '\n' && src[s.wsEnd] != '\r' {
				// The scanner reads to the end of the line at each such tab.
				if s.gline != s.tabLine {
					s.tabLine, s.tabs = s.gline, 0
				}
				if s.tabs++; s.tabs > s.lim.repeat {
					s.fail(gtok{off: int32(j)}, "more than %d tabs in a line of a double-quoted value in front matter; expected at most %d (or \\t)", s.lim.repeat, s.lim.repeat)
					return
				}
				if src[j+1] != '"' {
					s.gcol++
					ahead++
				}
				j += n
				continue
			}
			progress := s.wsEnd - j - 1
			j += n + progress
			s.gcol += int32(progress)
			continue
		case c != q:
			firstChar = false
			j += n
			continue
		case q == '\'' && j+1 < len(src) && src[j+1] == '\'':
			s.gcol++
			j += 2
			continue
		}
		// The closing quote.
		s.gcol++
		t.end = int32(j + 1)
		s.moveTo(j + 1)
		s.skip(ahead)
		s.emit(t)
		return
	}
	s.stop = true // never closed
}

// runesLeft reports whether n runes follow from byte j on, counting the
// one at j.
func (s *gscan) runesLeft(j, n int) bool {
	for ; n > 0; n-- {
		if j >= len(s.src) {
			return false
		}
		_, m := s.at(j)
		j += m
	}
	return true
}

// escapeU reads the escape \uXXXX at byte j as the scanner does, with
// surrogate pairs.
func (s *gscan) escapeU(j int) (progress int, ok bool) {
	if !s.runesLeft(j, 6) {
		return 0, false
	}
	if code := s.hexRunes(j, 2, 6); code < 0xd800 || code > 0xdbff {
		return 5, true
	}
	if !s.runesLeft(j, 12) || s.runeAfter(j, 6) != '\\' || s.runeAfter(j, 7) != 'u' {
		return 0, false
	}
	if low := s.hexRunes(j, 8, 12); low < 0xdc00 || low > 0xdfff {
		return 0, false
	}
	return 11, true
}

// runeAfter is the kth rune from byte j on (0 is the one at j).
func (s *gscan) runeAfter(j, k int) rune {
	for ; k > 0; k-- {
		_, n := s.at(j)
		j += n
	}
	c, _ := s.at(j)
	return c
}

// hexRunes is the scanner's hexRunesToInt of the runes from to to after
// byte j: it does not check that they are hex digits.
func (s *gscan) hexRunes(j, from, to int) int {
	v := 0
	for k := from; k < to; k++ {
		c := int(s.runeAfter(j, k))
		d := c - '0'
		switch {
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		}
		v = v<<4 + d
	}
	return v
}

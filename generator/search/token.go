package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The tokenizer. search.js has the same rules (fold, tokenize, isStop);
// TestTokenizerParity runs both over the same texts.
//
// A text is decomposed (NFD) and its combining marks dropped, so "Café"
// and "cafe" are one word. A word is a run of letters and digits; a hyphen,
// underscore or dot between two of them joins the parts of one compound word
// ("not-approved", "requested_by", "paypal.com"), and so does a lower-case
// letter followed by an upper-case one in document text ("PayPal",
// "camelCase"). An apostrophe between two letters is dropped ("company's" is
// "companys"). A compound word yields its parts and, as well, the whole word
// written without separators ("notapproved").

// maxTokenLen is the longest token indexed, in runes; longer ones (hashes,
// base64) are skipped.
const maxTokenLen = 40

// specialFold maps letters that NFD does not decompose to their ASCII
// spelling.
var specialFold = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
	'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i",
}

// stopWords are left out of the index and of queries (but not of quoted
// phrases, which are checked against the text). Negations and modal verbs
// stay: "not approved" must not find "approved".
var stopWords = map[string]bool{}

// StopWords lists the stop words; the manifest carries them to the client.
var StopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in",
	"into", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to",
	"was", "were", "with",
}

func init() {
	for _, w := range StopWords {
		stopWords[w] = true
	}
}

// isStop reports whether a folded token is a stop word.
func isStop(t string) bool { return stopWords[t] }

// word is one word of a text: its parts, folded, and where it stands.
type word struct {
	parts      []string
	start, end int // byte offsets in the (decomposed) text
}

// class of a rune for the tokenizer.
const (
	clSep  = iota // separates words
	clWord        // letter or digit
	clJoin        // joins parts of a word when between two word runes: - _ .
	clApos        // dropped when between two letters: ' ’
	clMark        // combining mark: dropped
)

func classOf(r rune) int {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return clWord
		case r == '-' || r == '_' || r == '.':
			return clJoin
		case r == '\'':
			return clApos
		}
		return clSep
	case r == '’':
		return clApos
	case unicode.Is(unicode.M, r):
		return clMark
	case unicode.IsLetter(r) || unicode.Is(unicode.Nd, r):
		return clWord
	}
	return clSep
}

// decompose returns the NFD form of s; ASCII text is returned as it is.
func decompose(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFD.String(s)
		}
	}
	return s
}

// foldRune appends the folded (lower-case, ASCII where a table says so)
// form of a word rune.
func foldRune(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if s, ok := specialFold[r]; ok {
		return append(b, s...)
	}
	l := unicode.ToLower(r)
	if s, ok := specialFold[l]; ok {
		return append(b, s...)
	}
	return utf8.AppendRune(b, l)
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.Is(unicode.Lu, r)
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.Is(unicode.Ll, r)
}

// words splits text into words. text must be decomposed already (see
// decompose). camel splits camelCase words into parts; queries do not.
func words(text string, camel bool, fn func(w word)) {
	wordsInterned(text, camel, nil, fn)
}

// wordsInterned is words with the parts taken from intern when it holds
// them (and added to it when not), so that the same word allocates once.
func wordsInterned(text string, camel bool, intern map[string]string, fn func(w word)) {
	type ru struct {
		r  rune
		cl int
	}
	var (
		runes      = make([]ru, 0, 32)
		buf        = make([]byte, 0, 32)
		parts      = make([]string, 0, 4)
		start, end int
	)
	flush := func() {
		if len(runes) == 0 {
			return
		}
		parts, buf = parts[:0], buf[:0]
		endPart := func() {
			if len(buf) > 0 && utf8.RuneCount(buf) <= maxTokenLen {
				if intern == nil {
					parts = append(parts, string(buf))
				} else if p, ok := intern[string(buf)]; ok {
					parts = append(parts, p)
				} else {
					p := string(buf)
					intern[p] = p
					parts = append(parts, p)
				}
			}
			buf = buf[:0]
		}
		for i, x := range runes {
			switch x.cl {
			case clJoin:
				endPart()
				continue
			case clApos:
				continue
			}
			if camel && i > 0 && len(buf) > 0 && runes[i-1].cl == clWord && isUpper(x.r) {
				prev := runes[i-1].r
				if isLower(prev) || isUpper(prev) && i+1 < len(runes) && isLower(runes[i+1].r) {
					endPart()
				}
			}
			buf = foldRune(buf, x.r)
		}
		endPart()
		if len(parts) > 0 {
			fn(word{parts: parts, start: start, end: end})
		}
		runes = runes[:0]
	}
	for off, r := range text {
		cl := classOf(r)
		switch cl {
		case clWord:
			if len(runes) == 0 {
				start = off
			}
			runes = append(runes, ru{r, cl})
			end = off + utf8.RuneLen(r)
			continue
		case clMark:
			if len(runes) > 0 {
				end = off + utf8.RuneLen(r)
			}
			continue
		case clJoin, clApos:
			// Kept only between two word runes (for an apostrophe, two
			// letters): look at what follows.
			if len(runes) > 0 && runes[len(runes)-1].cl == clWord {
				next, _ := utf8.DecodeRuneInString(text[off+utf8.RuneLen(r):])
				if classOf(next) == clWord && (cl == clJoin || isLetter(runes[len(runes)-1].r) && isLetter(next)) {
					runes = append(runes, ru{r, cl})
					continue
				}
			}
		}
		flush()
	}
	flush()
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

// asciiClass is classOf of every ASCII byte.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		t[c] = uint8(classOf(rune(c)))
	}
	return t
}()

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// scanner is the tokenizer of document text, quicker than words: it reads
// ASCII text a byte at a time, without decoding, passes over plain
// non-ASCII separators (see inertSep), and hands to wordsInterned only the
// stretches around other non-ASCII runes, decomposed: from the start of the
// word such a rune touches (or from the rune) to the next ASCII separator.
// Words never cross a separator, a separator leaves nothing pending, and
// decomposing a text decomposes each stretch between two ASCII bytes on
// its own, so for any text scan yields the words
// wordsInterned(decompose(text), camel, intern, fn) yields, with the same
// parts. (That does not hold for text that is not valid UTF-8, which
// decompose may treat differently in a stretch than in the whole text: scan
// hands such a text to wordsInterned whole.) FuzzWordsFastPath holds it to
// that.
type scanner struct {
	camel  bool
	intern map[string]string // for the stretches wordsInterned reads
	w      scanWord
}

// scanWord is a word as scanner yields it, valid until the next one.
type scanWord struct {
	buf  []byte // the folded parts, back to back
	ends []int  // where each part ends in buf
	// whole is whether buf, the compound written without separators, is a
	// term too: whether word.whole is not "".
	whole bool
	// start and end are byte offsets in the text as in word, when the text
	// is decomposed already (otherwise only in its ASCII stretches).
	start, end int
}

// part is the i-th part of the word.
func (w *scanWord) part(i int) []byte {
	from := 0
	if i > 0 {
		from = w.ends[i-1]
	}
	return w.buf[from:w.ends[i]]
}

// endPart ends the part that starts at from in buf, dropping it when it is
// too long, and returns where the next part starts.
func (w *scanWord) endPart(from int) int {
	if n := len(w.buf) - from; n > 0 && n <= maxTokenLen {
		w.ends = append(w.ends, len(w.buf))
	} else {
		w.buf = w.buf[:from]
	}
	return len(w.buf)
}

// scan calls fn for every word of text (which need not be decomposed).
func (s *scanner) scan(text string, fn func(w *scanWord)) {
	if !utf8.ValidString(text) {
		s.general(text, 0, fn)
		return
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c >= utf8.RuneSelf {
			if n := inertSep(text[i:]); n > 0 {
				i += n
			} else {
				i = s.slow(text, i, fn)
			}
			continue
		}
		if asciiClass[c] != clWord {
			i++
			continue
		}
		// The word's runes: word bytes, and a join byte between two of
		// them or an apostrophe between two letters, as in wordsInterned.
		j, slow := i+1, false
		for j < len(text) {
			c := text[j]
			if c >= utf8.RuneSelf {
				slow = inertSep(text[j:]) == 0
				break
			}
			cl := asciiClass[c]
			if cl == clWord {
				j++
				continue
			}
			if (cl == clJoin || cl == clApos) && j+1 < len(text) {
				next := text[j+1]
				if next >= utf8.RuneSelf {
					slow = inertSep(text[j+1:]) == 0
					break
				}
				if asciiClass[next] == clWord && (cl == clJoin || isASCIILetter(text[j-1]) && isASCIILetter(next)) {
					j += 2
					continue
				}
			}
			break
		}
		if slow {
			i = s.slow(text, i, fn)
			continue
		}
		if s.parts(text[i:j]) {
			s.w.start, s.w.end = i, j
			fn(&s.w)
		}
		i = j
	}
}

// parts folds the ASCII runes of one word into s.w's parts, as the flush
// of wordsInterned does, and reports whether any is left.
func (s *scanner) parts(run string) bool {
	w := &s.w
	w.buf, w.ends = w.buf[:0], w.ends[:0]
	from := 0 // where the current part starts in buf
	for k := 0; k < len(run); k++ {
		c := run[k]
		switch asciiClass[c] {
		case clJoin:
			from = w.endPart(from)
			continue
		case clApos:
			continue
		}
		if 'A' <= c && c <= 'Z' {
			// camelCase: a part ends before an upper-case letter that
			// follows a lower-case one, or that follows an upper-case one
			// and comes before a lower-case one ("HTMLParser").
			if s.camel && k > 0 && len(w.buf) > from {
				p := run[k-1]
				if 'a' <= p && p <= 'z' || 'A' <= p && p <= 'Z' && k+1 < len(run) && 'a' <= run[k+1] && run[k+1] <= 'z' {
					from = w.endPart(from)
				}
			}
			c += 'a' - 'A'
		}
		w.buf = append(w.buf, c)
	}
	w.endPart(from)
	w.whole = len(w.ends) >= 2 && len(w.buf) <= maxTokenLen
	return len(w.ends) > 0
}

// inertSep returns the size of the rune text starts with when it is a
// separator that decompose leaves as it is, a starter: a valid non-ASCII
// rune of class clSep, of combining class 0 and without decomposition ("·",
// "—", "“"). The scanner passes over it as over an ASCII separator; 0 for
// any other rune.
func inertSep(text string) int {
	r, n := utf8.DecodeRuneInString(text)
	if r == utf8.RuneError || classOf(r) != clSep {
		return 0
	}
	if p := norm.NFD.PropertiesString(text); p.CCC() != 0 || p.Decomposition() != nil {
		return 0
	}
	return n
}

// slow hands the stretch of text from i to the next ASCII separator to
// wordsInterned, and returns where it ends. At i no word is pending: it is
// the start of a word or a non-ASCII byte outside any word.
func (s *scanner) slow(text string, i int, fn func(w *scanWord)) int {
	e := i + 1
	for e < len(text) && (text[e] >= utf8.RuneSelf || asciiClass[text[e]] != clSep) {
		e++
	}
	s.general(text[i:e], i, fn)
	return e
}

// general calls fn for every word that wordsInterned finds in text,
// decomposed, which stands at offset off of the text scan reads.
func (s *scanner) general(text string, off int, fn func(w *scanWord)) {
	w := &s.w
	wordsInterned(decompose(text), s.camel, s.intern, func(x word) {
		w.buf, w.ends = w.buf[:0], w.ends[:0]
		for _, p := range x.parts {
			w.buf = append(w.buf, p...)
			w.ends = append(w.ends, len(w.buf))
		}
		w.whole = len(x.parts) >= 2 && utf8.RuneCount(w.buf) <= maxTokenLen
		w.start, w.end = off+x.start, off+x.end
		fn(w)
	})
}

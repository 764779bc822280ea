// Quick highlighting: hand-written lexers and formatter for the plainest
// code blocks in four of chroma's languages (plaintext, JSON, YAML and
// Bash, the last also known as sh, shell, zsh and ksh), some fifty times
// faster than chroma's regexp2 state machines.
//
// The one rule of this file: for any input it accepts, quickHighlight must
// produce exactly the bytes that chroma.Coalesce(lexer).Tokenise followed by
// the package's formatter would produce, byte for byte. Whatever it is not
// sure of, it refuses (ok=false) and highlight falls back to chroma.
// FuzzQuickHighlightMatchesChroma checks both paths against each other, and
// TestQuickLexRulesUnchanged fails when chroma's rules for these languages
// change, so that the lexers below are checked against the new rules.

package markdown

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// quickLang says which quick lexer, if any, handles a chroma lexer.
type quickLang uint8

const (
	quickNone quickLang = iota
	quickPlain
	quickJSON
	quickYAML
	quickBash
)

// quickLexerNames maps chroma's lexer names (Config().Name) to quick lexers.
var quickLexerNames = map[string]quickLang{
	"plaintext": quickPlain,
	"JSON":      quickJSON,
	"YAML":      quickYAML,
	"Bash":      quickBash,
}

// resolvedLang is what a fenced block's language resolves to: chroma's
// lexer (nil when unknown) and the quick lexer for it.
type resolvedLang struct {
	lexer chroma.Lexer
	quick quickLang
}

// langCache maps a language as written after ``` to its resolvedLang:
// lexers.Get may try every lexer's file patterns. At most maxCachedLangs
// languages are kept, so that odd input cannot grow it without end.
var (
	langCache      sync.Map // string → *resolvedLang
	langCacheCount atomic.Int32
)

const maxCachedLangs = 512

// resolveLang resolves lang the way chroma does, with lexers.Get.
func resolveLang(lang string) *resolvedLang {
	if v, ok := langCache.Load(lang); ok {
		return v.(*resolvedLang)
	}
	r := &resolvedLang{lexer: lexers.Get(lang)}
	if r.lexer != nil {
		name := r.lexer.Config().Name
		// Only the registry's own lexer of that name runs the rules the
		// quick lexers copy.
		if q := quickLexerNames[name]; q != quickNone && lexers.Get(name) == r.lexer {
			r.quick = q
		}
	}
	if langCacheCount.Add(1) <= maxCachedLangs {
		if v, loaded := langCache.LoadOrStore(lang, r); loaded {
			return v.(*resolvedLang)
		}
	}
	return r
}

// quickHighlight returns chroma's HTML for code in the quick language q, or
// ok=false when q is quickNone or code is outside what q's lexer accepts.
func quickHighlight(q quickLang, code string) (out []byte, ok bool) {
	// Chroma's Coalesce stops merging a token once it reaches 8192 bytes;
	// below that size every run of one type is merged, as emitter does.
	// Every code block goldmark hands over ends in a newline.
	if q == quickNone || code == "" || len(code) >= 8192 || code[len(code)-1] != '\n' {
		return nil, false
	}
	e := emitter{src: code}
	switch q {
	case quickPlain:
		ok = lexPlain(&e)
	case quickJSON:
		ok = lexJSON(&e)
	case quickYAML:
		ok = lexYAML(&e)
	case quickBash:
		ok = lexBash(&e)
	}
	if !ok || e.pos != len(code) {
		return nil, false
	}
	return e.format(), true
}

// tok is a token type the quick lexers emit; tokTypes gives chroma's.
type tok uint8

const (
	tokNone tok = iota
	tokText
	tokWhitespace
	tokNameTag
	tokPunctuation
	tokComment
	tokKeywordConstant
	tokStringDouble
	tokStringSingle
	tokDate
	tokNumber
	tokNumberFloat
	tokNumberInteger
	tokLiteral
	tokKeyword
	tokNameBuiltin
	tokNameVariable
	tokOperator
	tokCommentSingle
	tokCommentPreproc
	tokStringInterpol
	numToks
)

var tokTypes = [numToks]chroma.TokenType{
	tokText:            chroma.Text,
	tokWhitespace:      chroma.TextWhitespace,
	tokNameTag:         chroma.NameTag,
	tokPunctuation:     chroma.Punctuation,
	tokComment:         chroma.Comment,
	tokKeywordConstant: chroma.KeywordConstant,
	tokStringDouble:    chroma.LiteralStringDouble,
	tokStringSingle:    chroma.LiteralStringSingle,
	tokDate:            chroma.LiteralDate,
	tokNumber:          chroma.LiteralNumber,
	tokNumberFloat:     chroma.LiteralNumberFloat,
	tokNumberInteger:   chroma.LiteralNumberInteger,
	tokLiteral:         chroma.Literal,
	tokKeyword:         chroma.Keyword,
	tokNameBuiltin:     chroma.NameBuiltin,
	tokNameVariable:    chroma.NameVariable,
	tokOperator:        chroma.Operator,
	tokCommentSingle:   chroma.CommentSingle,
	tokCommentPreproc:  chroma.CommentPreproc,
	tokStringInterpol:  chroma.LiteralStringInterpol,
}

// tokOpen is the <span class="…"> the formatter writes around a token of
// each type, or "" when the type has no class.
var tokOpen = func() (open [numToks]string) {
	for t := tokText; t < numToks; t++ {
		if cls := tokenClass(tokTypes[t]); cls != "" {
			open[t] = `<span class="` + cls + `">`
		}
	}
	return open
}()

// tokenClass is the class chroma's HTML formatter gives a token type: the
// first of the type and its parents that chroma.StandardTypes lists.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// emitter receives the tokens of a quick lexer in order, each the next n
// bytes of src, and merges runs of one type as chroma.Coalesce does.
type emitter struct {
	src   string
	pos   int // the end of the last token
	n     int // tokens in small
	small [128]token
	big   []token // all the tokens, once small is full
}

// token is a merged token: src from the previous token's end to end.
type token struct {
	typ tok
	end int
}

func (e *emitter) emit(t tok, n int) {
	if n <= 0 {
		return
	}
	e.pos += n
	switch {
	case e.big != nil:
		if k := len(e.big) - 1; e.big[k].typ == t {
			e.big[k].end = e.pos
		} else {
			e.big = append(e.big, token{t, e.pos})
		}
	case e.n > 0 && e.small[e.n-1].typ == t:
		e.small[e.n-1].end = e.pos
	case e.n < len(e.small):
		e.small[e.n] = token{t, e.pos}
		e.n++
	default:
		e.big = append(make([]token, 0, 4*len(e.small)), e.small[:]...)
		e.big = append(e.big, token{t, e.pos})
	}
}

// format writes the tokens as the formatter does: each split after every
// newline (chroma.SplitTokensIntoLines), each piece escaped as
// html.EscapeString does and wrapped in its type's span. The output is sized
// exactly, so that it is one allocation.
func (e *emitter) format() []byte {
	toks := e.big
	if toks == nil {
		toks = e.small[:e.n]
	}
	src := e.src
	size, start := 0, 0
	for _, t := range toks {
		pieces := 1
		for i := start; i < t.end; i++ {
			c := src[i]
			size += int(escapeGrowth[c])
			if c == '\n' && i+1 < t.end {
				pieces++
			}
		}
		size += t.end - start
		if open := tokOpen[t.typ]; open != "" {
			size += pieces * (len(open) + len("</span>"))
		}
		start = t.end
	}
	out := make([]byte, 0, size)
	start = 0
	for _, t := range toks {
		open := tokOpen[t.typ]
		if open != "" {
			out = append(out, open...)
		}
		last := start
		for i := start; i < t.end; i++ {
			c := src[i]
			if escapeGrowth[c] != 0 {
				out = append(out, src[last:i]...)
				out = append(out, escapes[c]...)
				last = i + 1
			} else if c == '\n' && open != "" && i+1 < t.end {
				out = append(out, src[last:i+1]...)
				out = append(out, "</span>"...)
				out = append(out, open...)
				last = i + 1
			}
		}
		out = append(out, src[last:t.end]...)
		if open != "" {
			out = append(out, "</span>"...)
		}
		start = t.end
	}
	return out
}

// escapes are html.EscapeString's replacements; escapeGrowth is how many
// bytes each adds.
var (
	escapes = [256]string{
		'&':  "&amp;",
		'\'': "&#39;",
		'<':  "&lt;",
		'>':  "&gt;",
		'"':  "&#34;",
	}
	escapeGrowth = func() (g [256]uint8) {
		for c, esc := range escapes {
			if esc != "" {
				g[c] = uint8(len(esc) - 1)
			}
		}
		return g
	}()
)

// lexPlain: chroma's plaintext lexer (`.+` and `\n`, both Text) makes the
// whole text one Text token. Only what chroma would rewrite before lexing is
// refused: carriage returns (EnsureLF) and invalid UTF-8 (read as runes).
func lexPlain(e *emitter) bool {
	if strings.IndexByte(e.src, '\r') >= 0 || !utf8.ValidString(e.src) {
		return false
	}
	e.emit(tokText, len(e.src))
	return true
}

// oddText reports whether s holds what no quick lexer but plaintext takes:
// invalid UTF-8, control characters other than newline (and tab when tab is
// true), and Unicode spaces and line separators, which regexp2's \s, \b and
// $ might treat otherwise than ASCII.
func oddText(s string, tab bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && (c != '\t' || !tab) || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.IsSpace(r) || unicode.IsControl(r) ||
			r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return true
		}
		i += n
	}
	return false
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// JSON lexer states, as in chroma's json.xml.
const (
	jsonRoot = iota
	jsonObjectValue
	jsonObjectAttribute
	jsonArrayValue
)

// lexJSON runs chroma's JSON state machine (root, objectvalue,
// objectattribute, arrayvalue, each trying its rules in chroma's order) on
// JSON without comments and without backslashes in strings. Outside strings
// only ASCII is accepted. It refuses wherever chroma would find no rule and
// emit an Error token.
func lexJSON(e *emitter) bool {
	s := e.src
	if oddText(s, true) {
		return false
	}
	var stackArr [32]uint8
	stack := append(stackArr[:0], jsonRoot)
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' { // whitespace: \s+
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t') {
				j++
			}
			e.emit(tokText, j-i)
			i = j
			continue
		}
		if c >= utf8.RuneSelf || c == '/' { // comments: //.*?\n
			return false
		}
		state := stack[len(stack)-1]
		if state == jsonObjectValue {
			switch c {
			case '"':
				n := jsonString(s[i:])
				if n == 0 {
					return false
				}
				e.emit(tokNameTag, n)
				i += n
				stack = append(stack, jsonObjectAttribute)
			case '}':
				e.emit(tokPunctuation, 1)
				i++
				stack = stack[:len(stack)-1]
			default:
				return false
			}
			continue
		}
		// The value rules, which root, objectattribute and arrayvalue share.
		if n, ok := jsonKeyword(s[i:]); n > 0 || !ok {
			if !ok {
				return false
			}
			e.emit(tokKeywordConstant, n)
			i += n
			continue
		}
		if n := jsonFloat(s[i:]); n > 0 {
			e.emit(tokNumberFloat, n)
			i += n
			continue
		}
		if n := jsonIntPart(s[i:]); n > 0 {
			e.emit(tokNumberInteger, n)
			i += n
			continue
		}
		if c == '"' {
			n := jsonString(s[i:])
			if n == 0 {
				return false
			}
			e.emit(tokStringDouble, n)
			i += n
			continue
		}
		if c == '{' || c == '[' {
			if len(stack) >= cap(stackArr)-1 { // room for objectattribute
				return false
			}
			e.emit(tokPunctuation, 1)
			i++
			if c == '{' {
				stack = append(stack, jsonObjectValue)
			} else {
				stack = append(stack, jsonArrayValue)
			}
			continue
		}
		switch {
		case state == jsonObjectAttribute && c == ':':
		case state == jsonObjectAttribute && c == ',':
			stack = stack[:len(stack)-1]
		case state == jsonObjectAttribute && c == '}':
			stack = stack[:len(stack)-2]
		case state == jsonArrayValue && c == ',':
		case state == jsonArrayValue && c == ']':
			stack = stack[:len(stack)-1]
		default:
			return false
		}
		e.emit(tokPunctuation, 1)
		i++
	}
	return true
}

// jsonString returns the length of the string at the start of s (which
// starts with a quote): up to the next quote. It returns 0 for a string
// that is not closed or holds a backslash, where the rule's alternatives
// (\\\\|\\"|[^"]) start to matter.
func jsonString(s string) int {
	end := strings.IndexByte(s[1:], '"')
	if end < 0 || strings.IndexByte(s[1:1+end], '\\') >= 0 {
		return 0
	}
	return end + 2
}

// jsonKeyword matches (true|false|null)\b at the start of s. It returns
// ok=false when a non-ASCII character follows the word, which \b might
// count as a word character.
func jsonKeyword(s string) (n int, ok bool) {
	for _, w := range [...]string{"true", "false", "null"} {
		if !strings.HasPrefix(s, w) {
			continue
		}
		if len(s) == len(w) {
			return len(w), true
		}
		if s[len(w)] >= utf8.RuneSelf {
			return 0, false
		}
		if !isWordByte(s[len(w)]) {
			return len(w), true
		}
	}
	return 0, true
}

// jsonIntPart matches -?(0|[1-9]\d*) at the start of s: the integer rule,
// and the start of the float rule.
func jsonIntPart(s string) int {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		return i + 1
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		return i
	}
	return 0
}

func digits(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// jsonExponent matches [eE](\+|-)?\d+ at the start of s.
func jsonExponent(s string) int {
	if s == "" || s[0] != 'e' && s[0] != 'E' {
		return 0
	}
	i := 1
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if d := digits(s[i:]); d > 0 {
		return i + d
	}
	return 0
}

// jsonFloat matches
// -?(0|[1-9]\d*)(\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+)
// at the start of s: the first alternative that matches wins.
func jsonFloat(s string) int {
	i := jsonIntPart(s)
	if i == 0 {
		return 0
	}
	rest := s[i:]
	if rest != "" && rest[0] == '.' {
		d := digits(rest[1:])
		if d == 0 {
			return 0
		}
		if x := jsonExponent(rest[1+d:]); x > 0 {
			return i + 1 + d + x
		}
		return i + 1 + d
	}
	if x := jsonExponent(rest); x > 0 {
		return i + x
	}
	return 0
}

// yamlKeywords are the words of the YAML lexer's KeywordConstant rule.
var yamlKeywords = map[string]bool{
	"false": true, "False": true, "FALSE": true, "true": true, "True": true, "TRUE": true,
	"null": true, "Off": true, "off": true, "yes": true, "Yes": true, "YES": true,
	"OFF": true, "On": true, "ON": true, "no": true, "No": true, "on": true, "NO": true,
	"n": true, "N": true, "Y": true, "y": true,
}

// lexYAML reads YAML line by line, each line being
//
//	indent ("- " spaces)* [rest]
//
// where rest is a # comment, or key: followed by nothing, a comment or a
// value, or a value. A key is a letter or _ then letters, digits, _ . -;
// a value is exactly a keyword, exactly digits, exactly a date, a quoted
// string closed on its line (no backslash, and no colon when single-quoted),
// or a plain text starting with a letter whose first word is no keyword and
// that holds no ':', '#' nor "//". Keyword, digits, date and string may be
// followed by spaces only. Everything else, tabs included, is refused.
//
// The tokens are those of chroma's YAML lexer: its whitespace rule (\s+,
// TextWhitespace) takes newlines and the next line's indent together, "- "
// is Text, the key rules give NameTag, Punctuation and TextWhitespace, and
// the values are KeywordConstant, LiteralNumber, LiteralDate,
// LiteralStringDouble, LiteralStringSingle and Literal (which runs to the
// end of the line, trailing spaces included).
func lexYAML(e *emitter) bool {
	s := e.src
	if oddText(s, false) {
		return false
	}
	for start := 0; start < len(s); {
		end := start + strings.IndexByte(s[start:], '\n')
		if !yamlLine(e, s[start:end]) {
			return false
		}
		e.emit(tokWhitespace, 1)
		start = end + 1
	}
	return true
}

// spaces returns the number of spaces at the start of s.
func spaces(s string) int {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// yamlLine emits the tokens of one line, its newline left out.
func yamlLine(e *emitter, line string) bool {
	i := spaces(line)
	e.emit(tokWhitespace, i)
	for i < len(line) && line[i] == '-' {
		// [\n?]?\s*- matches a list item's "- " as Text.
		if i+1 >= len(line) || line[i+1] != ' ' {
			return false
		}
		e.emit(tokText, 2)
		i += 2
		n := spaces(line[i:])
		e.emit(tokWhitespace, n)
		i += n
	}
	rest := line[i:]
	switch {
	case rest == "":
		return true
	case rest[0] == '#':
		e.emit(tokComment, len(rest))
		return true
	case isYAMLKeyStart(rest[0]):
		k := 1
		for k < len(rest) && isYAMLKeyByte(rest[k]) {
			k++
		}
		if k < len(rest) && rest[k] == ':' {
			// ((?:(?!//)[^"\n{#])*?)(:)( ) or (:)(\n): the first colon
			// ends the key.
			e.emit(tokNameTag, k)
			e.emit(tokPunctuation, 1)
			after := rest[k+1:]
			if after == "" {
				return true
			}
			if after[0] != ' ' {
				return false
			}
			n := spaces(after)
			e.emit(tokWhitespace, n)
			after = after[n:]
			if after != "" && after[0] == '#' {
				e.emit(tokComment, len(after))
				return true
			}
			return yamlValue(e, after)
		}
	}
	return yamlValue(e, rest)
}

func isYAMLKeyStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isYAMLKeyByte(c byte) bool {
	return isWordByte(c) || c == '.' || c == '-'
}

// yamlValue emits a value that runs to the end of its line, or refuses.
// The character before v is always a space or a newline, or v starts the
// text, so the number rule's leading \b holds.
func yamlValue(e *emitter, v string) bool {
	if v == "" {
		return true
	}
	// onlySpaces emits the spaces after a token of n bytes.
	onlySpaces := func(t tok, n int) bool {
		if spaces(v[n:]) != len(v)-n {
			return false
		}
		e.emit(t, n)
		e.emit(tokWhitespace, len(v)-n)
		return true
	}
	c := v[0]
	switch {
	case c == '"':
		// "(?:\\.|[^"])*" up to the next quote, when no backslash is in
		// between. The key rule "[^"\n#].*": cannot match: after the
		// closing quote there are only spaces.
		end := strings.IndexByte(v[1:], '"')
		if end < 0 || strings.IndexByte(v[1:1+end], '\\') >= 0 {
			return false
		}
		return onlySpaces(tokStringDouble, end+2)
	case c == '\'':
		// '(?:\\.|[^'])*' likewise; no colon, or the key rule, which
		// comes first, could take the string's start as a key.
		end := strings.IndexByte(v[1:], '\'')
		if end < 0 || strings.IndexAny(v[1:1+end], "\\:") >= 0 {
			return false
		}
		return onlySpaces(tokStringSingle, end+2)
	case isDigit(c):
		d := digits(v)
		if d == len(v) || v[d] == ' ' {
			// \b[+\-]?(…(\d+\.?\d*|\.?\d+)…)\b: digits then a non-word.
			return onlySpaces(tokNumber, d)
		}
		// \d\d\d\d-\d\d-\d\d, then no time.
		if d == 4 && len(v) >= 10 && v[4] == '-' && isDigit(v[5]) && isDigit(v[6]) &&
			v[7] == '-' && isDigit(v[8]) && isDigit(v[9]) && (len(v) == 10 || v[10] == ' ') {
			return onlySpaces(tokDate, 10)
		}
		return false
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		w := 1
		for w < len(v) && isWordByte(v[w]) {
			w++
		}
		// Only a keyword that is the whole first ASCII word can match, as
		// keywords are ASCII letters and \b fails inside a word.
		if yamlKeywords[v[:w]] {
			if w < len(v) && v[w] >= utf8.RuneSelf {
				// Whether \b holds depends on Unicode classes.
				return false
			}
			return onlySpaces(tokKeywordConstant, w)
		}
		// [^\{\}\[\]\?,\:\!\-\*&\@].* as Literal, when neither the key
		// rules (a colon) nor the rules for a literal with a trailing
		// comment (# or //) can match first.
		if strings.IndexByte(v, ':') >= 0 || strings.IndexByte(v, '#') >= 0 || strings.Contains(v, "//") {
			return false
		}
		e.emit(tokLiteral, len(v))
		return true
	}
	return false
}

// bashKeywords and bashBuiltins are the words of the Bash lexer's Keyword
// and NameBuiltin rules.
var (
	bashKeywords = wordSet("if fi else while do done for then return function case select continue until esac elif")
	bashBuiltins = wordSet("alias bg bind break builtin caller cd command compgen complete declare dirs disown " +
		"echo enable eval exec exit export false fc fg getopts hash help history jobs kill let local logout " +
		"popd printf pushd pwd read readonly set shift shopt source suspend test time times trap true type " +
		"typeset ulimit umask unalias unset wait")
)

func wordSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// bashTextStop holds the bytes that end a run of the Bash lexer's Text
// rule [^=\s\[\]{}()$"\'`\\<&|;]+ (of \s, only the space and the newline
// that lexBash lets through).
var bashTextStop = func() (stop [256]bool) {
	for _, c := range []byte("= \n[]{}()$\"'`\\<&|;") {
		stop[c] = true
	}
	return stop
}()

// lexBash runs chroma's Bash lexer (its root state: basic, then data, then
// interp; its string state for double quotes holding a $; its curly state
// for ${…} on one line) on shell text that is printable ASCII and newlines
// only, with no backslash, no backtick, no $( or $(( and no << (heredocs,
// <<<), and whose quotes are all closed. Keywords, builtins, assignments
// (NAME= and NAME+=), operators, comments, a #! first line, numbers,
// single- and double-quoted strings, $'…', $"…", $NAME, $1, $?, ${…} and the
// rest of the text are tokenised as chroma's rules do, tried at each token
// start in chroma's order. Everything else is refused.
//
// Regexp2's \b, \w and \s are Unicode-aware; with ASCII only, a word byte
// is [A-Za-z0-9_] and whitespace is the space and the newline. Runs of Text
// (whitespace included) are merged by Coalesce, so where chroma splits
// them, in the keyword and assignment rules' (\s*) groups, does not matter.
func lexBash(e *emitter) bool {
	s := e.src
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 && c != '\n' || c == '\\' || c == '`' {
			return false
		}
	}
	if strings.Contains(s, "$(") || strings.Contains(s, "<<") {
		return false
	}
	// Every byte below is followed by another one, as s ends in a newline
	// and the cases that look ahead are at a byte other than a newline.
	inString := false // in the string state: a double-quoted string with a $
	for i := 0; i < len(s); {
		c := s[i]
		if inString {
			switch c {
			case '"':
				e.emit(tokStringDouble, 1)
				i++
				inString = false
			case '$':
				n := bashInterp(e, s, i)
				if n == 0 {
					return false
				}
				i += n
			default: // (\\\\|\\[0-7]+|\\.|[^"\\$])+
				j := i + 1
				for j < len(s) && s[j] != '"' && s[j] != '$' {
					j++
				}
				e.emit(tokStringDouble, j-i)
				i = j
			}
			continue
		}
		if isWordByte(c) && (i == 0 || !isWordByte(s[i-1])) { // \b\w
			j := i + 1
			for isWordByte(s[j]) {
				j++
			}
			w := s[i:j]
			// \b(if|…|elif)(\s*)\b: the whole word. Its whitespace is
			// left to \s+, as Text either way.
			if bashKeywords[w] {
				e.emit(tokKeyword, j-i)
				i = j
				continue
			}
			// \b(alias|…|wait)(?=[\s)`])
			if bashBuiltins[w] && (s[j] == ' ' || s[j] == '\n' || s[j] == ')') {
				e.emit(tokNameBuiltin, j-i)
				i = j
				continue
			}
			// (\b\w+)(\s*)(\+?=): the whole word, all the whitespace.
			k := j
			for s[k] == ' ' || s[k] == '\n' {
				k++
				if k == len(s) {
					break
				}
			}
			if k < len(s) && (s[k] == '=' || s[k] == '+' && s[k+1] == '=') {
				op := 1
				if s[k] == '+' {
					op = 2
				}
				e.emit(tokNameVariable, j-i)
				e.emit(tokText, k-j)
				e.emit(tokOperator, op)
				i = k + op
				continue
			}
		}
		switch c {
		case '#':
			end := i + strings.IndexByte(s[i:], '\n')
			if i == 0 && s[1] == '!' && end > 2 { // \A#!.+\n
				e.emit(tokCommentPreproc, end+1)
				i = end + 1
				continue
			}
			// #.*(\S|$): the rest of the line.
			e.emit(tokCommentSingle, end-i)
			i = end
		case '[', ']', '{', '}', '(', ')', '=':
			e.emit(tokOperator, 1)
			i++
		case '&', '|': // &&|\|\| before the data state's & and \|
			if s[i+1] == c {
				e.emit(tokOperator, 2)
				i += 2
			} else {
				e.emit(tokPunctuation, 1)
				i++
			}
		case ';':
			e.emit(tokPunctuation, 1)
			i++
		case '<': // not <<< nor << (refused above)
			e.emit(tokText, 1)
			i++
		case ' ', '\n': // \s+
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\n') {
				j++
			}
			e.emit(tokText, j-i)
			i = j
		case '\'': // (?s)'.*?'
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return false
			}
			e.emit(tokStringSingle, end+2)
			i += end + 2
		case '"':
			// (?s)\$?"(\\\\|\\[0-7]+|\\.|[^"\\$])*" when no $ comes
			// before the closing quote, else " and the string state.
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return false
			}
			if strings.IndexByte(s[i+1:i+1+end], '$') < 0 {
				e.emit(tokStringDouble, end+2)
				i += end + 2
			} else {
				e.emit(tokStringDouble, 1)
				i++
				inString = true
			}
		case '$':
			switch s[i+1] {
			case '"':
				end := strings.IndexByte(s[i+2:], '"')
				if end < 0 {
					return false
				}
				if strings.IndexByte(s[i+2:i+2+end], '$') < 0 {
					e.emit(tokStringDouble, end+3)
					i += end + 3
				} else { // interp's \$, then the " again
					e.emit(tokText, 1)
					i++
				}
			case '\'': // (?s)\$'(\\\\|\\[0-7]+|\\.|[^'\\])*'
				end := strings.IndexByte(s[i+2:], '\'')
				if end < 0 {
					return false
				}
				e.emit(tokStringSingle, end+3)
				i += end + 3
			default:
				n := bashInterp(e, s, i)
				if n == 0 {
					return false
				}
				i += n
			}
		default:
			if isDigit(c) { // \d+(?= |$)
				d := digits(s[i:])
				if s[i+d] == ' ' || s[i+d] == '\n' {
					e.emit(tokNumber, d)
					i += d
					continue
				}
			}
			j := i + 1
			for !bashTextStop[s[j]] {
				j++
			}
			e.emit(tokText, j-i)
			i = j
		}
	}
	return !inString
}

// bashInterp emits the interp state's tokens for the $ at s[i], which $(
// does not follow, and returns their length, or 0 to refuse.
func bashInterp(e *emitter, s string, i int) int {
	switch c := s[i+1]; {
	case c == '{':
		return bashCurly(e, s, i)
	case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z': // \$[a-zA-Z_]\w*
		j := i + 2
		for isWordByte(s[j]) {
			j++
		}
		e.emit(tokNameVariable, j-i)
		return j - i
	case isDigit(c): // \$(?:\d+|[#$?!_*@-])
		n := 1 + digits(s[i+1:])
		e.emit(tokNameVariable, n)
		return n
	case strings.IndexByte("#$?!*@-", c) >= 0:
		e.emit(tokNameVariable, 2)
		return 2
	}
	e.emit(tokText, 1) // \$
	return 1
}

// bashCurly emits the tokens of ${…} (rule \$\{#? and the curly state) at
// s[i] and returns their length, or 0 to refuse: it takes no newline and
// nothing that the curly state leaves to the root state (quotes, $).
func bashCurly(e *emitter, s string, i int) int {
	j := i + 2
	if s[j] == '#' {
		j++
	}
	e.emit(tokStringInterpol, j-i)
	for {
		c := s[j]
		switch {
		case c == '}':
			e.emit(tokStringInterpol, 1)
			return j + 1 - i
		case c == ':' && s[j+1] == '-':
			e.emit(tokKeyword, 2)
			j += 2
		case c == ':':
			e.emit(tokPunctuation, 1)
			j++
		case isWordByte(c): // \w+
			k := j + 1
			for isWordByte(s[k]) {
				k++
			}
			e.emit(tokNameVariable, k-j)
			j = k
		case c == '\n' || c == '"' || c == '\'' || c == '$':
			return 0
		default: // [^}:"\'`$\\]+, here without newlines
			k := j + 1
			for s[k] != '}' && s[k] != ':' && s[k] != '\n' && s[k] != '"' && s[k] != '\'' && s[k] != '$' {
				k++
			}
			e.emit(tokPunctuation, k-j)
			j = k
		}
	}
}

// Package diag is the room for problems found in a site: errors and warnings
// that name a file, a line and a column, collected so that an author sees every
// problem of a run at once. It imports only the standard library; every other
// stage of the generator reports through it.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity tells whether a problem stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on (an error under -strict).
	Warning
)

// Diagnostic is one problem at one place.
type Diagnostic struct {
	File     string // slash-separated path relative to the site folder
	Line     int    // 1-based; 0 when the problem concerns the whole file
	Col      int    // 1-based; 0 when unknown
	Severity Severity
	Msg      string
}

// String formats the problem as `file:line:col: message`, with "warning: "
// before the message of a warning. The file name and the message are
// written through Escape, so one problem is always one line and neither can
// steer the terminal it is printed on.
func (d Diagnostic) String() string {
	var b strings.Builder
	escape(&b, d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	escape(&b, d.Msg)
	return b.String()
}

// Escape returns s with the characters that act on a terminal or on the
// order of the text instead of showing as text escaped in Go's notation:
// the C0 controls (line breaks and tabs too), DEL, the C1 controls, the line
// and paragraph separators U+2028 and U+2029, the bidirectional embeddings
// and overrides U+202A–U+202E and isolates U+2066–U+2069, and bytes that are
// not UTF-8. "a\x1b[31m.md" is written `a\x1b[31m.md`, "\u202e" `\u202e`.
// Content files and their names come from pull requests; printed raw, such a
// name could colour the terminal, move the cursor or hide the line before it.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	escape(&b, s)
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			return true
		}
		i += size
	}
	return false
}

func escape(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r, size):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError:
			fmt.Fprintf(b, `\x%02x`, s[i])
		case r == '\a':
			b.WriteString(`\a`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\v':
			b.WriteString(`\v`)
		case r < 0x80:
			fmt.Fprintf(b, `\x%02x`, r)
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
		i += size
	}
}

// unsafeRune reports whether the rune r, read in size bytes, must be escaped.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1: // a byte that is not UTF-8
		return true
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0: // C0, DEL, C1
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	}
	return false
}

// List collects the problems of a run.
type List []Diagnostic

// Errorf adds an error.
func (l *List) Errorf(file string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning.
func (l *List) Warnf(file string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Add appends other lists.
func (l *List) Add(others ...List) {
	for _, o := range others {
		*l = append(*l, o...)
	}
}

// Sort orders problems by file, line, column, then message, and drops exact
// duplicates.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(l)
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any problem is an error.
func (l List) HasErrors() bool {
	e, _ := l.Count()
	return e > 0
}

// Strict returns a copy in which every warning is an error.
func (l List) Strict() List {
	out := slices.Clone(l)
	for i := range out {
		out[i].Severity = Error
	}
	return out
}

// Summary is the closing line of a report: "2 errors, 1 warning".
func (l List) Summary() string {
	e, w := l.Count()
	return Plural(e, "error") + ", " + Plural(w, "warning")
}

// Plural counts a word for people: "1 error", "2 errors".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Errors is a List used as an error value: a failed build returns it.
type Errors struct{ List List }

func (e *Errors) Error() string {
	var b strings.Builder
	for _, d := range e.List {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	b.WriteString(e.List.Summary())
	return b.String()
}

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
// before the message of a warning.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
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
	b.WriteString(d.Msg)
	return b.String()
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
	return plural(e, "error") + ", " + plural(w, "warning")
}

func plural(n int, word string) string {
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

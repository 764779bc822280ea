package diag

import (
	"strings"
	"testing"
)

// A file name or a message from a pull request cannot colour the terminal,
// hide a line or turn text around: its control characters are written
// escaped, and one problem is one line.
func TestStringEscapesControls(t *testing.T) {
	cases := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "content/a\x1b[31mred.md", Line: 3, Col: 1, Msg: "title is empty"},
			`content/a\x1b[31mred.md:3:1: title is empty`},
		{Diagnostic{File: "content/ok.md\rcontent/fine.md", Msg: "x"},
			`content/ok.md\rcontent/fine.md: x`},
		{Diagnostic{File: "content/x.md", Line: 2, Severity: Warning, Msg: "\"a\nb\" is\tnot\x00known\x7f"},
			`content/x.md:2: warning: "a\nb" is\tnot\x00known\x7f`},
		{Diagnostic{File: "content/c1\u009b31m.md", Msg: "next\u0085line"},
			`content/c1\u009b31m.md: next\u0085line`},
		{Diagnostic{File: "content/evil\u202egpj.md", Msg: "a\u2028b\u2029c\u202ad\u202be\u202cf\u202dg\u2066h\u2067i\u2068j\u2069"},
			`content/evil\u202egpj.md: a\u2028b\u2029c\u202ad\u202be\u202cf\u202dg\u2066h\u2067i\u2068j\u2069`},
		{Diagnostic{File: "content/bad\xff\x9b.md", Msg: "not UTF-8"},
			`content/bad\xff\x9b.md: not UTF-8`},
		// Text that is only text is left as it is, backslashes and accents too.
		{Diagnostic{File: "content/café—ü.md", Line: 1, Col: 2, Msg: `"C:\dir" is fine � «ok»`},
			`content/café—ü.md:1:2: "C:\dir" is fine � «ok»`},
	}
	for _, c := range cases {
		got := c.d.String()
		if got != c.want {
			t.Errorf("String() = %q\nwant       %q", got, c.want)
		}
		if strings.ContainsAny(got, "\n\r\x1b") {
			t.Errorf("%q is more than one line or steers the terminal", got)
		}
	}
}

func TestErrorsOneLineEach(t *testing.T) {
	var l List
	l.Errorf("content/a\nb.md", 1, 1, "first\rsecond")
	l.Warnf("content/c.md", 2, 0, "third")
	e := &Errors{List: l}
	want := "content/a\\nb.md:1:1: first\\rsecond\ncontent/c.md:2: warning: third\n1 error, 1 warning"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":      "plain",
		"":           "",
		"\a\b\f\v":   `\a\b\f\v`,
		"\x01\x1f":   `\x01\x1f`,
		"x\u2069":    `x\u2069`,
		"\u00a0kept": "\u00a0kept",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

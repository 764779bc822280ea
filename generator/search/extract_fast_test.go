package search

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions that extract's hand-written checks replaced:
// the checks must agree with them on every line.
var (
	reSetextRef    = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	reFenceRef     = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	reTableRuleRef = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
	reThematicRef  = regexp.MustCompile(`^ {0,3}([-*_])(\s*[-*_]){2,}\s*$`)
)

// checkLine compares the hand-written line checks with the regular
// expressions on one line.
func checkLine(t *testing.T, line string) {
	t.Helper()
	if got, want := thematicBreak(line), reThematicRef.MatchString(line); got != want {
		t.Errorf("thematicBreak(%q) = %v, want %v", line, got, want)
	}
	if got, want := tableRule(line), reTableRuleRef.MatchString(line); got != want {
		t.Errorf("tableRule(%q) = %v, want %v", line, got, want)
	}
	var want byte
	if m := reSetextRef.FindStringSubmatch(line); m != nil {
		want = m[1][0]
	}
	if got := setextUnderline(line); got != want {
		t.Errorf("setextUnderline(%q) = %q, want %q", line, got, want)
	}
	wantFence := ""
	if m := reFenceRef.FindStringSubmatch(line); m != nil {
		wantFence = m[1]
	}
	if got := fenceOpen(line); got != wantFence {
		t.Errorf("fenceOpen(%q) = %q, want %q", line, got, wantFence)
	}
}

// TestLineChecks runs the line checks over every line of up to five bytes
// made of the bytes that matter to them, and over longer random ones.
func TestLineChecks(t *testing.T) {
	t.Parallel()
	const alphabet = "-*_|: \t=`~a\r"
	var line []byte
	var all func(n int)
	all = func(n int) {
		checkLine(t, string(line))
		if n == 0 || t.Failed() {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			line = append(line, alphabet[i])
			all(n - 1)
			line = line[:len(line)-1]
		}
	}
	all(5)
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		line = line[:0]
		for range r.IntN(24) {
			line = append(line, alphabet[r.IntN(len(alphabet))])
		}
		checkLine(t, string(line))
	}
}

// clean collapses white space, as spaced does it.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestSpaced checks that spaced collapses white space as clean does,
// whatever the pieces the text is written in (as long as none ends inside
// a valid rune).
func TestSpaced(t *testing.T) {
	t.Parallel()
	pieces := []string{"", " ", "\n", "a", "bc", " d ", "\t\v\f\r", "\u00a0", "\u0085", "\u2028x", "é", "\u3000", "\xff", "\xe2\x80", "·", "x y  z"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var s spaced
		var all strings.Builder
		for range r.IntN(8) {
			p := pieces[r.IntN(len(pieces))]
			if all.Len() > 0 && strings.HasSuffix(all.String(), "\xe2\x80") {
				// A piece never ends inside a rune; write an ASCII byte first.
				s.write("\n")
				all.WriteString("\n")
			}
			s.write(p)
			all.WriteString(p)
		}
		if got, want := s.String(), clean(all.String()); got != want {
			t.Fatalf("spaced(%q) = %q, want %q", all.String(), got, want)
		}
	}
}

package markdown

import (
	"strings"
	"testing"
)

// TestNestingOnOneLine: list and quote markers one after the other on a line
// nest a level each, which the load package's nesting guard (tooDeep)
// counts; the dashes of a thematic break do not.
func TestNestingOnOneLine(t *testing.T) {
	c := New(Options{})
	for _, tc := range []struct{ src, want string }{
		{"- - - x", "<ul><li><ul><li><ul><li>x</li></ul></li></ul></li></ul>"},
		{"* + - x", "<ul><li><ul><li><ul><li>x</li></ul></li></ul></li></ul>"},
		{"1. 1. 1. x", "<ol><li><ol><li><ol><li>x</li></ol></li></ol></li></ol>"},
		{"> - > - x", "<blockquote><ul><li><blockquote><ul><li>x</li></ul></blockquote></li></ul></blockquote>"},
		{"- - -", "<hr>"},
		{"* - - -", "<ul><li><hr></li></ul>"},
	} {
		res, err := c.Convert([]byte(tc.src+"\n"), 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ReplaceAll(string(res.HTML), "\n", ""); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.src, got, tc.want)
		}
	}
}

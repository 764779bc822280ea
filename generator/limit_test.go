package generator

import (
	"fmt"
	"strings"
	"testing"
)

// TestLimit: a site with one hostile page per limit of input gets one error
// naming the page, the line and the column where the limit is crossed, and
// quickly (the nesting once took 13 s and 1.4 GB); the same page just within
// the limit builds.
func TestLimit(t *testing.T) {
	t.Parallel()
	const page = "content/pages/x.md"
	fm := func(yaml string) string { return "---\n" + yaml + "---\nBody.\n" }
	brackets := func(open, close string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	// block is a mapping nested n deep by indentation under "layout:", a
	// key other site tools write and the contract ignores.
	block := func(n int) string {
		var b strings.Builder
		b.WriteString("layout:\n")
		for i := 1; i < n; i++ {
			b.WriteString(strings.Repeat(" ", i) + "a:\n")
		}
		return b.String()
	}
	tags := func(n int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf("t%d", i)
		}
		return "tags: [" + strings.Join(items, ", ") + "]\n"
	}
	keys := func(n int) string {
		var b strings.Builder
		b.WriteString("layout:\n")
		for i := range n {
			fmt.Fprintf(&b, "  k%d: x\n", i)
		}
		return b.String()
	}
	const (
		deep = "front matter nested more than 32 levels deep; expected flat fields and lists"
		md   = "; expected markdown nested at most 100 levels (lists, quotes)"
	)
	tag1000 := strings.Index(tags(2000), " t1000,") + 2 // its column
	cases := []struct {
		name string
		file string
		want string // the one error; "" means the site builds
	}{
		{"30,000 [ in tags", fm("tags: " + brackets("[", "]", 30000) + "\ntitle: X\n"), page + ":2:38: " + deep},
		{"200,000 [ in tags", fm("tags: " + brackets("[", "]", 200000) + "\ntitle: X\n"), page + ":2:38: " + deep},
		{"30,000 { in tags", fm("tags: " + brackets("{", "}", 30000) + "\ntitle: X\n"), page + ":2:38: " + deep},
		{"32 [ in layout", fm("title: X\nlayout: " + brackets("[", "]", 32) + "\n"), page + ":3:40: " + deep},
		{"31 [ in layout", fm("title: X\nlayout: " + brackets("[", "]", 31) + "\n"), ""},
		{"1,000-deep block mapping", fm("title: X\n" + block(1000)), page + ":35:33: " + deep},
		{"32-deep block mapping", fm("title: X\n" + block(32)), ""},
		{"- ×1,000 in block YAML", fm("title: X\nlayout:\n" + strings.Repeat("- ", 1000) + "x\n"), page + ":4:63: " + deep},
		{"2,000 tags", fm("title: X\n" + tags(2000)), fmt.Sprintf(page+":3:%d: field \"tags\" lists more than 1000 items; expected at most 1000 items in one list", tag1000)},
		{"2,000 tags, one a line", fm("title: X\ntags:\n" + strings.Repeat("  - t\n", 2000)), page + ":1004:3: field \"tags\" lists more than 1000 items; expected at most 1000 items in one list"},
		{"1,000 tags", fm("title: X\n" + tags(1000)), ""},
		{"1,001 keys in layout", fm("title: X\n" + keys(1001)), page + ":1004:3: a mapping in front matter holds more than 1000 keys; expected at most 1000 keys in one mapping"},
		{"1,000 keys in layout", fm("title: X\n" + keys(1000)), ""},
		{"70,000 bytes of front matter", fm("title: X\ndescription: " + strings.Repeat("a", 70000) + "\n"), page + ":3:65528: front matter longer than 64 KiB; expected at most 65536 bytes between the --- lines"},
		{"60,000 bytes of front matter", fm("title: X\ndescription: " + strings.Repeat("a", 60000) + "\n"), ""},
		{"60,000 < in a row", fm("title: a" + strings.Repeat("<", 60000) + "\n"), page + `:2:9: "<" repeated more than 16 times in a row in front matter; expected at most 16`},
		{"16 < in a row", fm("title: a" + strings.Repeat("<", 16) + "\n"), ""},
		{"30,000 tabs in a quoted title", fm("title: \"" + strings.Repeat("\t", 30000) + "x\"\n"), page + `:2:25: more than 16 tabs in a line of a double-quoted value in front matter; expected at most 16 (or \t)`},
		{"16 tabs in a quoted title", fm("title: \"" + strings.Repeat("\t", 16) + "x\"\n"), ""},
		{"60,000 blank lines ending a block scalar", fm("layout: |\n  x\n" + strings.Repeat("\n", 60000) + "title: X\n"), page + ":20:1: more than 16 blank lines at the end of a block scalar (| or >) in front matter; expected at most 16"},
		{"16 blank lines ending a block scalar", fm("layout: |\n  x\n" + strings.Repeat("\n", 16) + "title: X\n"), ""},
		{"a 60,000-byte key over 1,000 values", fm("title: X\n" + strings.Repeat("k", 60000) + ": [" + strings.Repeat("x, ", 999) + "x]\n"), page + ":3:60205: front matter keys too long for the values under them; expected shorter keys"},
		{"- ×10,000 on one line", fm("title: X\n") + strings.Repeat("- ", 10000) + "x\n", page + ":5:1: listed 10000 levels deep on one line" + md},
		{"> - ×5,000 on one line", fm("title: X\n") + strings.Repeat("> - ", 5000) + "x\n", page + ":5:1: listed and quoted 10000 levels deep on one line" + md},
		{"1. ×10,000 on one line", fm("title: X\n") + strings.Repeat("1. ", 10000) + "x\n", page + ":5:1: listed 10000 levels deep on one line" + md},
		{"* + - ×3,334 on one line", fm("title: X\n") + strings.Repeat("* + - ", 3334) + "x\n", page + ":5:1: listed 10002 levels deep on one line" + md},
		{"- ×100 on one line", fm("title: X\n") + strings.Repeat("- ", 100) + "x\n", ""},
		{"> - ×50 on one line", fm("title: X\n") + strings.Repeat("> - ", 50) + "x\n", ""},
		{"- ×10,000 alone, a thematic break", fm("title: X\n") + "Intro.\n\n" + strings.Repeat("- ", 10000) + "\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if testing.Short() && c.name == "1,000 tags" {
				t.Skip("builds 1,000 tag pages; runs without -short")
			}
			src := copyFixture(t)
			writeFile(t, src, page, []byte(c.file))
			got := strings.Join(errorsOf(t, src), "\n")
			if got != c.want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

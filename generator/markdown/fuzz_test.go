package markdown

import (
	"bytes"
	"testing"
)

// FuzzConvert feeds any bytes to the markdown pipeline: it may not panic or
// hang, and with raw HTML escaped no <script> element may come out.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"# Title\n\n## Section\n\nText with [a link](../tools/x.md#sso) and ![img](a.svg).\n",
		"```go\nfunc main() {}\n```\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"- [ ] task\n- [x] done\n\nFootnote[^1].\n\n[^1]: Note.\n",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) <javascript:alert(1)>",
		">>>>>>>>>>>>>>>>>>>>>> deep",
		"[[[[[[[[[[x]]]]]]]]]]",
		"***~~__x__~~***",
	} {
		f.Add([]byte(s))
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := c.Convert(src, 3, func(dest string) (string, bool) { return "/x/", len(dest)%2 == 0 })
		if err != nil {
			return
		}
		if bytes.Contains(bytes.ToLower(res.HTML), []byte("<script")) {
			t.Errorf("a <script> element came out of %q", src)
		}
		for _, l := range res.Links {
			if l.Line < 4 {
				t.Errorf("link %+v placed before the body's first line", l)
			}
		}
	})
}

package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// scanned lists the words scanner yields for text: parts, whole and
// offsets.
func scanned(text string, camel bool) []string {
	s := &scanner{camel: camel, intern: map[string]string{}}
	var out []string
	s.scan(text, func(w *scanWord) {
		var parts []string
		for i := range w.ends {
			parts = append(parts, string(w.part(i)))
		}
		wh := ""
		if w.whole {
			wh = string(w.buf)
		}
		out = append(out, fmt.Sprintf("%q=%q@%d-%d", parts, wh, w.start, w.end))
	})
	return out
}

// general lists the words wordsInterned yields for text, decomposed, in the
// same form.
func general(text string, camel bool) []string {
	var out []string
	wordsInterned(decompose(text), camel, map[string]string{}, func(w word) {
		out = append(out, fmt.Sprintf("%q=%q@%d-%d", w.parts, w.whole(), w.start, w.end))
	})
	return out
}

// withoutOffsets drops the offsets of scanned and general.
func withoutOffsets(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w[:strings.LastIndexByte(w, '@')]
	}
	return out
}

// checkFastPath compares scanner with wordsInterned on text: the same
// words, parts and wholes for any text, and the same offsets when the text
// is decomposed already.
func checkFastPath(t *testing.T, text string, camel bool) {
	t.Helper()
	got, want := scanned(text, camel), general(text, camel)
	if decompose(text) != text {
		got, want = withoutOffsets(got), withoutOffsets(want)
	}
	if !slices.Equal(got, want) {
		t.Errorf("scan(%q, camel=%v)\n got %q\nwant %q", text, camel, got, want)
	}
}

var fastPathSeeds = []string{
	"Can I use Pinterest? Customers ask for help there and expect an answer within a day.",
	"PayPal LinkedIn YouTube camelCaseWord HTMLParser getURLFor ABCdef aB Ab AB-cd x-Y",
	"not-approved under-review requested_by escalated_to paypal.com/business v1.2.3 e.g. i.e. a--b a-_b -x- _y_ .z.",
	"company's don't O'Neil 90's 'quoted' rock'n'roll a'1 1'a a' 'a x''y",
	"DR-0007, dr_0007 and 2,500 3.14 10x 0xFF",
	"abcdefghijabcdefghijabcdefghijabcdefghij1 ok abcdefghijabcdefghijabcdefghijabcdefghij-short short-abcdefghijabcdefghijabcdefghijabcdefghijX",
	"aaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc-ddddddddddddddddddddd",
	"```go\nfunc main() { fmt.Println(\"hi\") }\n```\n{\"page\": \"asset-register-7\", \"review_days\": 180}",
	"Role · Person · Responsibility Owner · Jon Eriksen (Performance Marketing Lead)",
	"Café au lait, naïve façade — Straße, Ørsted, Łódź, Æsir, İstanbul; PayPal’s O’Neil",
	"e\u0301t\u00e9 a-\u00e9 \u00e9-a x'\u00e9 \u00e9'x a\u0301-b AB\u00c9c ab\u00c9 -\u0301x \u0301",
	"Σίσυφος and ΟΔΥΣΣΕΥΣ 日本語のテキスト ＦＵＬＬ width",
	"x\xffy a\xe2\x80 b \xe2\x80\xa8c",
	// decompose leaves a rune after an invalid byte as it is at the end of
	// a text, not before a space.
	"000000000000000000000000000000000000000000000000000000000000000000000\xf5\u0202 ", "x\xf5\u0202 y",
	"\t\r\n\v\f end. Start -dash- a—b a_ _b",
	"",
}

func TestWordsFastPath(t *testing.T) {
	t.Parallel()
	for _, s := range fastPathSeeds {
		for _, camel := range []bool{true, false} {
			checkFastPath(t, s, camel)
			checkFastPath(t, decompose(s), camel)
		}
	}
}

// FuzzWordsFastPath checks that scanner, the tokenizer of document text,
// yields the words wordsInterned yields, for the text as it is, decomposed,
// and cut down to ASCII (which scanner reads without wordsInterned).
func FuzzWordsFastPath(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, camel bool) {
		checkFastPath(t, text, camel)
		checkFastPath(t, decompose(text), camel)
		ascii := []byte(text)
		for i := range ascii {
			ascii[i] &= 0x7f
		}
		checkFastPath(t, string(ascii), camel)
	})
}

package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzTokens feeds any text to the tokenizer and the stemmer: no panic, no
// hang, no empty or invalid term, and stemming a stem is stable in length.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"PayPal conditions for giveaways", "snake_case camelCaseWord hyphen-ated", "Sécurité ÉTÉ naïve",
		"\"quoted phrase\" pinterest", "x\xffy", "日本語のテキスト", "generously generalizations", "",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, camel bool) {
		for _, tok := range Tokens(text, camel) {
			if tok.Term == "" || !utf8.ValidString(tok.Term) {
				t.Errorf("bad term %q from %q", tok.Term, text)
			}
		}
		if utf8.ValidString(text) {
			_ = Stem(Fold(text))
		}
	})
}

package search

import (
	"strings"
	"unicode/utf8"
)

// The reference tokenizer, test code only: the index is made by the quicker
// scanner (token.go), and the tests hold it to these plain definitions and
// to search.js.

// whole is the compound written without separators, "" for a simple word
// or when it is too long.
func (w word) whole() string {
	if len(w.parts) < 2 {
		return ""
	}
	n := 0
	for _, p := range w.parts {
		n += len(p)
	}
	if n > 4*maxTokenLen {
		return ""
	}
	s := strings.Join(w.parts, "")
	if utf8.RuneCountInString(s) > maxTokenLen {
		return ""
	}
	return s
}

// Fold returns the folded form of a single word as the index spells it:
// decomposed, marks dropped, lower case, separators removed.
func Fold(s string) string {
	var out []string
	words(decompose(s), false, func(w word) { out = append(out, w.parts...) })
	return strings.Join(out, "")
}

// Token is one indexed token: the stemmed term, and whether it is the whole
// of a compound word (which is not part of the word sequence).
type Token struct {
	Term  string
	Whole bool
}

// Tokens returns the index terms of a text in order: for every word its
// parts (stemmed, stop words left out) and, after them, the whole compound.
// Document text splits camelCase; pass camel=false for queries.
func Tokens(text string, camel bool) []Token {
	var out []Token
	st := newStemmer()
	words(decompose(text), camel, func(w word) {
		for _, p := range w.parts {
			if !isStop(p) {
				out = append(out, Token{Term: st.stem(p)})
			}
		}
		if wh := w.whole(); wh != "" {
			out = append(out, Token{Term: st.stem(wh), Whole: true})
		}
	})
	return out
}

// stemmer memoizes Stem for one text.
type stemmer map[string]string

func newStemmer() stemmer { return stemmer{} }

func (st stemmer) stem(w string) string {
	if s, ok := st[w]; ok {
		return s
	}
	s := Stem(w)
	st[w] = s
	return s
}

package search

// Stem is the Snowball English stemmer (Porter2, as published at
// snowballstem.org/algorithms/english/stemmer.html, original region
// prefixes gener, commun and arsen) for a folded word. Only words of
// three letters a-z or more are stemmed; anything else is returned as it is.
// search.js has the same rules; TestStemParity and TestStemMatchesSnowball
// hold both to it.
func Stem(w string) string {
	if len(w) <= 2 || len(w) > maxTokenLen {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	if s, ok := stemExceptions[w]; ok {
		return s
	}
	var arr [maxTokenLen + 2]byte
	b := append(arr[:0], w...)
	if b[0] == 'y' {
		b[0] = 'Y'
	}
	for i := 1; i < len(b); i++ {
		if b[i] == 'y' && isVowel(b[i-1]) {
			b[i] = 'Y'
		}
	}
	s := &stemWord{b: b}
	s.regions()
	s.step1a()
	s.step1b()
	s.step1c()
	s.step2()
	s.step3()
	s.step4()
	s.step5()
	for i, c := range s.b {
		if c == 'Y' {
			s.b[i] = 'y'
		}
	}
	return string(s.b)
}

// stemExceptions are the words the algorithm spells out, and the forms of
// the words it keeps as they are.
var stemExceptions = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
	"singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
	"cosmos": "cosmos", "bias": "bias", "andes": "andes",
	"inning": "inning", "innings": "inning", "outing": "outing", "outings": "outing",
	"canning": "canning", "cannings": "canning", "herring": "herring", "herrings": "herring",
	"earring": "earring", "earrings": "earring",
	"proceed": "proceed", "proceeds": "proceed", "proceeded": "proceed", "proceeding": "proceed",
	"exceed": "exceed", "exceeds": "exceed", "exceeded": "exceed", "exceeding": "exceed",
	"succeed": "succeed", "succeeds": "succeed", "succeeded": "succeed", "succeeding": "succeed",
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

type stemWord struct {
	b      []byte
	r1, r2 int
}

// after returns the position after the first non-vowel that follows a
// vowel at or after start, or the length of the word.
func (s *stemWord) after(start int) int {
	for j := start + 1; j < len(s.b); j++ {
		if isVowel(s.b[j-1]) && !isVowel(s.b[j]) {
			return j + 1
		}
	}
	return len(s.b)
}

func (s *stemWord) regions() {
	s.r1 = -1
	for _, p := range []string{"gener", "commun", "arsen"} {
		if len(s.b) >= len(p) && string(s.b[:len(p)]) == p {
			s.r1 = len(p)
			break
		}
	}
	if s.r1 < 0 {
		s.r1 = s.after(0)
	}
	s.r2 = s.after(s.r1)
}

// clamp keeps the regions inside the word after it got shorter.
func (s *stemWord) clamp() {
	s.r1 = min(s.r1, len(s.b))
	s.r2 = min(s.r2, len(s.b))
}

func (s *stemWord) ends(suf string) bool {
	return len(s.b) >= len(suf) && string(s.b[len(s.b)-len(suf):]) == suf
}

// first returns the first of sufs the word ends with, or "".
func (s *stemWord) first(sufs ...string) string {
	for _, x := range sufs {
		if s.ends(x) {
			return x
		}
	}
	return ""
}

func (s *stemWord) replace(suf, with string) {
	s.b = append(s.b[:len(s.b)-len(suf)], with...)
	s.clamp()
}

func (s *stemWord) inR1(suf string) bool { return len(s.b)-len(suf) >= s.r1 }
func (s *stemWord) inR2(suf string) bool { return len(s.b)-len(suf) >= s.r2 }

// shortSyllableAt reports whether b[:i] ends in a short syllable: a vowel
// followed by a non-vowel other than w, x and Y and preceded by a
// non-vowel, or, at the start of the word, a vowel followed by a non-vowel.
func (s *stemWord) shortSyllableAt(i int) bool {
	b := s.b
	if i == 2 {
		return isVowel(b[0]) && !isVowel(b[1])
	}
	if i >= 3 {
		c := b[i-1]
		return !isVowel(c) && c != 'w' && c != 'x' && c != 'Y' && isVowel(b[i-2]) && !isVowel(b[i-3])
	}
	return false
}

func (s *stemWord) isShort() bool {
	return s.r1 >= len(s.b) && s.shortSyllableAt(len(s.b))
}

func (s *stemWord) step1a() {
	switch suf := s.first("sses", "ied", "ies", "us", "ss", "s"); suf {
	case "sses":
		s.replace(suf, "ss")
	case "ied", "ies":
		if len(s.b) > 4 {
			s.replace(suf, "i")
		} else {
			s.replace(suf, "ie")
		}
	case "s":
		for i := 0; i < len(s.b)-2; i++ {
			if isVowel(s.b[i]) {
				s.replace(suf, "")
				return
			}
		}
	}
}

func (s *stemWord) step1b() {
	suf := s.first("eedly", "ingly", "edly", "ing", "eed", "ed")
	switch suf {
	case "":
		return
	case "eed", "eedly":
		if s.inR1(suf) {
			s.replace(suf, "ee")
		}
		return
	}
	stem := s.b[:len(s.b)-len(suf)]
	vowel := false
	for _, c := range stem {
		if isVowel(c) {
			vowel = true
			break
		}
	}
	if !vowel {
		return
	}
	r1, r2 := s.r1, s.r2
	s.replace(suf, "")
	switch end := s.first("at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"); end {
	case "at", "bl", "iz":
		s.b = append(s.b, 'e')
	case "":
		if s.isShort() {
			s.b = append(s.b, 'e')
			s.r1, s.r2 = len(s.b), len(s.b)
			return
		}
	default:
		s.b = s.b[:len(s.b)-1]
	}
	s.r1, s.r2 = min(r1, len(s.b)), min(r2, len(s.b))
}

func (s *stemWord) step1c() {
	n := len(s.b)
	if n > 2 && (s.b[n-1] == 'y' || s.b[n-1] == 'Y') && !isVowel(s.b[n-2]) {
		s.b[n-1] = 'i'
	}
}

var step2Suffixes = []string{
	"ational", "fulness", "iveness", "ization", "ousness",
	"biliti", "lessli", "tional", "alism", "aliti", "ation",
	"entli", "fulli", "iviti", "ousli", "anci", "abli",
	"alli", "ator", "enci", "izer", "bli", "ogi", "li",
}

var step2Replace = map[string]string{
	"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able", "entli": "ent",
	"izer": "ize", "ization": "ize", "ational": "ate", "ation": "ate", "ator": "ate",
	"alism": "al", "aliti": "al", "alli": "al", "fulness": "ful", "ousli": "ous",
	"ousness": "ous", "iveness": "ive", "iviti": "ive", "biliti": "ble", "bli": "ble",
	"fulli": "ful", "lessli": "less",
}

func (s *stemWord) step2() {
	suf := s.first(step2Suffixes...)
	if suf == "" || !s.inR1(suf) {
		return
	}
	n := len(s.b)
	switch suf {
	case "li":
		if n >= 3 {
			switch s.b[n-3] {
			case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
				s.replace(suf, "")
			}
		}
	case "ogi":
		if n >= 4 && s.b[n-4] == 'l' {
			s.replace(suf, "og")
		}
	default:
		s.replace(suf, step2Replace[suf])
	}
}

var step3Replace = map[string]string{
	"ational": "ate", "tional": "tion", "alize": "al", "icate": "ic", "iciti": "ic",
	"ical": "ic", "ful": "", "ness": "",
}

func (s *stemWord) step3() {
	suf := s.first("ational", "tional", "alize", "icate", "ative", "iciti", "ical", "ful", "ness")
	if suf == "" || !s.inR1(suf) {
		return
	}
	if suf == "ative" {
		if s.inR2(suf) {
			s.replace(suf, "")
		}
		return
	}
	s.replace(suf, step3Replace[suf])
}

func (s *stemWord) step4() {
	suf := s.first("ement", "ance", "ence", "able", "ible", "ment",
		"ent", "ant", "ism", "ate", "iti", "ous", "ive",
		"ize", "ion", "al", "er", "ic")
	if suf == "" || !s.inR2(suf) {
		return
	}
	if suf == "ion" {
		n := len(s.b)
		if n >= 4 && (s.b[n-4] == 's' || s.b[n-4] == 't') {
			s.replace(suf, "")
		}
		return
	}
	s.replace(suf, "")
}

func (s *stemWord) step5() {
	last := len(s.b) - 1
	if s.r1 > last {
		return
	}
	switch {
	case s.b[last] == 'e':
		if s.r2 <= last || !s.shortSyllableAt(last) {
			s.b = s.b[:last]
		}
	case s.b[last] == 'l' && s.r2 <= last && last >= 1 && s.b[last-1] == 'l':
		s.b = s.b[:last]
	}
}

package search

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
)

// trickyStems are Porter2 cases that exercise every step and exception:
// regions after gener/commun/arsen, y as a consonant, the ied/ies and s
// rules, eed and ed/ing with at/bl/iz, doubles and short words, the li
// endings, ogi, ative in R2, ion after s or t, the e and ll of step 5, and
// the words the algorithm lists.
var trickyStems = map[string]string{
	"consign": "consign", "consigned": "consign", "consigning": "consign", "consignment": "consign",
	"consistency": "consist", "consistently": "consist", "consolation": "consol", "consolatory": "consolatori",
	"console": "consol", "consolidated": "consolid", "generous": "generous", "generate": "generat",
	"generically": "generic", "generalization": "general", "communism": "communism", "communication": "communic",
	"communal": "communal", "arsenal": "arsenal", "arsenic": "arsenic", "universal": "univers",
	"youth": "youth", "yelling": "yell", "sayings": "say", "enjoying": "enjoy", "ayy": "ayi", "obeyed": "obey",
	"yesterday": "yesterday", "eying": "eye", "toying": "toy", "boyish": "boyish",
	"cries": "cri", "ties": "tie", "tied": "tie", "flies": "fli", "dies": "die", "spied": "spi",
	"agreed": "agre", "feed": "feed", "bleeding": "bleed", "needed": "need", "needly": "need",
	"hopping": "hop", "hoping": "hope", "filing": "file", "filling": "fill", "fizzed": "fizz",
	"luxuriating": "luxuri", "controllable": "control", "controlling": "control",
	"analogies": "analog", "geology": "geolog", "anthology": "antholog",
	"hopefully": "hope", "lively": "live", "quickly": "quick", "nearly": "near", "cheaply": "cheapli",
	"happily": "happili", "dutifully": "duti", "fully": "fulli", "badly": "bad",
	"hopelessly": "hopeless", "carelessness": "careless",
	"bed": "bed", "shed": "shed", "shred": "shred", "bled": "bled", "cared": "care", "caring": "care",
	"cry": "cri", "by": "by", "say": "say", "classes": "class", "gas": "gas", "gaps": "gap", "kiwis": "kiwi",
	"this": "this", "us": "us", "bus": "bus", "press": "press", "caress": "caress", "ponies": "poni", "tis": "tis",
	"sky": "sky", "skies": "sky", "skis": "ski", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
	"innings": "inning", "outings": "outing", "cannings": "canning", "herrings": "herring", "earrings": "earring",
	"succeeded": "succeed", "exceeds": "exceed", "proceeding": "proceed", "atlas": "atlas", "cosmos": "cosmos",
	"bias": "bias", "andes": "andes", "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli",
	"only": "onli", "singly": "singl", "howe": "howe",
	"relational": "relat", "conditional": "condit", "rational": "ration", "valenci": "valenc", "hesitanci": "hesit",
	"digitizer": "digit", "conformabli": "conform", "radicalli": "radic", "differentli": "differ", "vileli": "vile",
	"analogousli": "analog", "vietnamization": "vietnam", "predication": "predic", "operator": "oper",
	"feudalism": "feudal", "decisiveness": "decis", "hopefulness": "hope", "callousness": "callous",
	"formaliti": "formal", "sensitiviti": "sensit", "sensibiliti": "sensibl", "triplicate": "triplic",
	"formative": "format", "formalize": "formal", "electriciti": "electr", "electrical": "electr",
	"goodness": "good", "revival": "reviv", "allowance": "allow", "inference": "infer", "airliner": "airlin",
	"gyroscopic": "gyroscop", "adjustable": "adjust", "defensible": "defens", "irritant": "irrit",
	"replacement": "replac", "adjustment": "adjust", "dependent": "depend", "adoption": "adopt",
	"homologou": "homologou", "activate": "activ", "angulariti": "angular", "homologous": "homolog",
	"effective": "effect", "bowdlerize": "bowdler", "probate": "probat", "rate": "rate", "cease": "ceas",
	"controll": "control", "roll": "roll", "escalated": "escal", "escalation": "escal", "escalating": "escal",
	"conditions": "condit", "conditionally": "condit", "approved": "approv", "unapproved": "unapprov",
	"organization": "organ", "emergencies": "emerg", "past": "past", "pasting": "past", "laterally": "later",
	"abundantly": "abund", "abominable": "abomin", "abolition": "abolit", "accessibility": "access",
	"accommodate": "accommod",
}

func TestStemTricky(t *testing.T) {
	t.Parallel()
	for w, want := range trickyStems {
		if got := Stem(w); got != want {
			t.Errorf("Stem(%q) = %q, want %q", w, got, want)
		}
	}
	for _, w := range []string{"a", "ox", "mfa2", "café", "日本", "0007"} {
		if got := Stem(w); got != w {
			t.Errorf("Stem(%q) = %q, want it unchanged", w, got)
		}
	}
}

// StemWordList is the parity word list: every distinct word (a-z only) of
// the sample playbook and the fixture site, the same words with common
// suffixes added, and the tricky cases.
func StemWordList(t testing.TB) []string {
	t.Helper()
	seen := map[string]bool{}
	add := func(w string) {
		if len(w) <= maxTokenLen {
			seen[w] = true
		}
	}
	var base []string
	for _, root := range []string{"../../content", "../testdata/site/content"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			words(decompose(string(b)), true, func(w word) {
				for _, p := range w.parts {
					if strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") == "" && !seen[p] {
						base = append(base, p)
						add(p)
					}
				}
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(base) < 1000 {
		t.Fatalf("only %d distinct words in the sample content", len(base))
	}
	for _, w := range base {
		for _, suf := range []string{"s", "es", "ed", "ing", "ly", "ness", "ation", "ational", "ful", "ize", "ies", "er"} {
			add(w + suf)
		}
	}
	for w := range trickyStems {
		add(w)
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// TestStemMatchesSnowball holds the stemmer to an independent Snowball
// English implementation (which passes the official vocabulary) over the
// whole word list.
func TestStemMatchesSnowball(t *testing.T) {
	t.Parallel()
	ws := StemWordList(t)
	bad := 0
	for _, w := range ws {
		if got, want := Stem(w), english.Stem(w, true); got != want {
			bad++
			if bad <= 20 {
				t.Errorf("Stem(%q) = %q; snowball says %q", w, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ", bad, len(ws))
	}
	t.Logf("%d words agree", len(ws))
}

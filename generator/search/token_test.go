package search

import (
	"slices"
	"strings"
	"testing"
)

// describe writes the words of a text as "part part=whole", separated by
// " | ".
func describe(text string, camel bool) string {
	var out []string
	words(decompose(text), camel, func(w word) {
		s := strings.Join(w.parts, " ")
		if wh := w.whole(); wh != "" {
			s += "=" + wh
		}
		out = append(out, s)
	})
	return strings.Join(out, " | ")
}

func TestWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text  string
		camel bool
		want  string
	}{
		{"Can I use Pinterest?", true, "can | i | use | pinterest"},
		{"Café au lait, naïve façade", true, "cafe | au | lait | naive | facade"},
		{"Straße, Ørsted, Łódź, Æsir, İstanbul", true, "strasse | orsted | lodz | aesir | istanbul"},
		{"Σίσυφος and ΟΔΥΣΣΕΥΣ", true, "σισυφος | and | οδυσσευσ"},
		{"日本語のテキスト", true, "日本語のテキスト"},
		{"not-approved under-review", true, "not approved=notapproved | under review=underreview"},
		{"requested_by escalated_to", true, "requested by=requestedby | escalated to=escalatedto"},
		{"PayPal LinkedIn YouTube", true, "pay pal=paypal | linked in=linkedin | you tube=youtube"},
		{"PayPal LinkedIn", false, "paypal | linkedin"},
		{"camelCaseWord HTMLParser getURLFor", true, "camel case word=camelcaseword | html parser=htmlparser | get url for=geturlfor"},
		{"company's don't O’Neil", true, "companys | dont | oneil"},
		{"90's 'quoted' rock'n'roll", true, "90 | s | quoted | rocknroll"},
		{"DR-0007, dr_0007 and v1.2.3", true, "dr 0007=dr0007 | dr 0007=dr0007 | and | v1 2 3=v123"},
		{"paypal.com/business https://www.hootsuite.com/", true, "paypal com=paypalcom | business | https | www hootsuite com=wwwhootsuitecom"},
		{"end. Start -dash- a—b a_ _b 2,500", true, "end | start | dash | a | b | a | b | 2 | 500"},
		{"e.g. i.e.", true, "e g=eg | i e=ie"},
		{"x", true, "x"},
		{"abcdefghijabcdefghijabcdefghijabcdefghij1 ok", true, "ok"},
		{"ＦＵＬＬ width", true, "ｆｕｌｌ | width"},
		{"", true, ""},
	}
	for _, c := range cases {
		if got := describe(c.text, c.camel); got != c.want {
			t.Errorf("words(%q, camel=%v)\n got %q\nwant %q", c.text, c.camel, got, c.want)
		}
	}
}

func TestWordOffsets(t *testing.T) {
	t.Parallel()
	text := decompose("Say café-bar, then PayPal’s.")
	var got []string
	words(text, true, func(w word) { got = append(got, text[w.start:w.end]) })
	want := []string{"Say", decompose("café-bar"), "then", "PayPal’s"}
	if !slices.Equal(got, want) {
		t.Errorf("spans %q, want %q", got, want)
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	got := Tokens("The not-approved tools are conditionally approved; PayPal's conditions apply.", true)
	var terms []string
	for _, tk := range got {
		s := tk.Term
		if tk.Whole {
			s = "=" + s
		}
		terms = append(terms, s)
	}
	want := []string{"not", "approv", "=notapprov", "tool", "condit", "approv", "pay", "pal", "=paypal", "condit", "appli"}
	if !slices.Equal(terms, want) {
		t.Errorf("Tokens = %q\nwant %q", terms, want)
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Café": "cafe", "NOT-Approved": "notapproved", "Ärger": "arger", "ß": "ss"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	show := func(gs []group) string {
		var out []string
		for _, g := range gs {
			var s string
			switch {
			case len(g.phrase) > 0:
				s = `"` + strings.Join(g.phrase, " ") + `" need ` + strings.Join(g.parts, "+")
			case g.whole != "" || len(g.parts) > 0:
				s = g.whole + "|" + strings.Join(g.parts, "+")
			default:
				s = g.terms[0].term
			}
			if g.prefix {
				s += "*"
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	}
	cases := map[string]string{
		"paypal conditions":          "paypal, condit*",
		"paypal conditions ":         "paypal, condit",
		"the escalated":              "escal*",
		"not-approved tools":         "notapprov|not+approv, tool*",
		"PayPal":                     "paypal*",
		`"shared login" hootsuite`:   `"share login" need share+login, hootsuit*`,
		`hootsuite "with a shared"`:  `hootsuit, "with a share" need share`,
		`"pinterest"`:                "pinterest",
		`"the of"`:                   "",
		`"unclosed phrase`:           "unclos, phrase*",
		"a":                          "",
		"x":                          "x",
		"requested_by":               "requestedbi|request",
		`"approved with conditions"`: `"approv with condit" need approv+condit`,
	}
	for q, want := range cases {
		if got := show(parseQuery(q).groups); got != want {
			t.Errorf("parseQuery(%q) = %s, want %s", q, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b string
		max  int
		want int
	}{
		{"pinterest", "pinterest", 2, 0},
		{"pinterst", "pinterest", 1, 1},
		{"pintrest", "pinterest", 1, 1},
		{"pinetrest", "pinterest", 1, 1}, // a swap is one edit
		{"pnitrest", "pinterest", 2, 2},
		{"hootsuite", "hootsiute", 1, 1},
		{"escalated", "escalation", 1, 2},
		{"abc", "xyz", 1, 2},
		{"café", "cafe", 1, 1},
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b, c.max); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
	}
}

func TestCompareTermsIsUTF16Order(t *testing.T) {
	t.Parallel()
	// U+FF21 (fullwidth A) is one UTF-16 unit above the surrogates that
	// encode U+1F600; in UTF-8 it sorts below it.
	a, b := "\uFF21", "\U0001F600"
	if compareTerms(a, b) <= 0 {
		t.Errorf("compareTerms(%q, %q) = %d, want > 0 as JavaScript orders them", a, b, compareTerms(a, b))
	}
	ts := []string{"b", "ab", "a", "", "abc", "é"}
	slices.SortFunc(ts, compareTerms)
	if want := []string{"", "a", "ab", "abc", "b", "é"}; !slices.Equal(ts, want) {
		t.Errorf("sorted %q, want %q", ts, want)
	}
}

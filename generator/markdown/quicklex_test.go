package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// quickLangs are the languages the fuzz target picks from: the names,
// aliases and file extensions chroma knows for the quick lexers, and two
// languages that always go to chroma (console is chroma's Bash Session
// lexer, not its Bash lexer).
var quickLangs = []string{
	"text", "plain", "no-highlight", "plaintext", "txt",
	"json", "jsonl", "JSON", "json5",
	"yaml", "yml", "YAML",
	"sh", "bash", "shell", "zsh", "ksh", "Bash",
	"console", "python",
}

// typicalBlocks are code blocks as bench/gen and the sample content write
// them. The quick lexers must accept each of them.
var typicalBlocks = []struct{ lang, code string }{
	// bench/gen: DNS record, audit log command, decision record, checklist.
	{"text", "contoso.example.  3600  IN  TXT  \"google-site-verification=0123456789abcdef\"\n"},
	{"sh", "curl -s -H \"Authorization: Bearer $TOKEN\" https://www.hootsuite.example/api/v2/audit?since=90d > audit.json\n"},
	{"yaml", "record: DR-0001\nrisk: medium\nmfa: required\nretention_days: 90\n"},
	{"yaml", "record: DR-00042\nrisk: critical\nmfa: required\nretention_days: 360\n"},
	{"json", `{"page": "access-reviews", "owner": "Tom Reyes (Controller)", "review_days": 180}` + "\n"},
	{"json", `{"page": "glossary", "owner": "IT Operations", "review_days": 90}` + "\n"},
	// content/: DNS records, a UTM template, a notice, and the SAML settings
	// of tools/hootsuite.md less their URL lines (left to chroma).
	{"text", "nwnd.co.      3600  IN  A      67.199.248.12\nnwnd.co.      3600  IN  A      67.199.248.13\n"},
	{"text", "https://www.northwindoutfitters.com/<path>?utm_source=<platform>&utm_medium=social&utm_campaign=<yyyy>-<season>-<campaign>&utm_content=<post-or-creator>\n"},
	{"text", "We will never ask you to pay, share card details or click a payment link to receive a prize.\nWinners are contacted only by @northwindoutfitters.\n"},
	{"yaml", "app: Hootsuite (SAML 2.0)\nname_id_format: EmailAddress\nattributes:\n  firstName: user.firstName\n  lastName: user.lastName\nassignment: group app-hootsuite\n"},
	// Command blocks as security playbooks write them (content/ has none
	// yet).
	{"bash", "export FOO=bar; echo 'hi' | grep -v x && ls ${HOME}/x\n"},
	{"shell", "# List the keys of a service account.\n# Rotate any older than 90 days.\n" +
		"gcloud iam service-accounts keys list --iam-account sa@example.iam.gserviceaccount.com\n"},
	{"zsh", "#!/bin/sh\nset -eu\nif [[ -f audit.json ]]; then\n  jq '.events[] | select(.type == \"login\")' audit.json 2>&1 | tee -a \"${LOG:-log.txt}\"\nfi\n"},
}

// fuzzSeeds are tricky inputs for the fuzz target: each is tried in every
// language of quickLangs.
var fuzzSeeds = []string{
	// Other blocks of bench/gen and content/.
	"curl -s -H \"Authorization: Bearer $TOKEN\" https://example.com/api/v2/audit?since=90d > audit.json\n",
	"single_sign_on_url: https://hootsuite.com/sso/northwind-outfitters\naudience: https://hootsuite.com\n",
	"---\nid: DR-0014\ntitle: Threads brand account for product drops\ndate: 2026-11-29\nstatus: proposed\nplatforms: []\ntags: [new-platform]\n---\n",
	"One of our accounts (@northwindoutfitters on <platform>) was accessed\non <date>. We never ask for payment, passwords or card details.\n",
	// YAML keywords, also as prefixes.
	"from: no-reply\n", "answer: N/A\n", "reply: yes please\n", "ok: yes\n", "flag: n\n", "nope: No\n",
	"y: Y\nn: N\nyes: no\n", "v: nothing\n", "v: Null\n", "v: yes_\n", "v: true1\n", "v: ON.\n",
	"v: noé\n", "v: yesé\n", "v: y\u00a0x\n", "no: x\n", "true: false\n",
	// YAML numbers and dates.
	"expires: 90d\n", "ratio: 1.5\n", "big: 1e5\n", "hex: 0x1f\n", "neg: -3\n", "zero: 0\n", "lead: 007\n",
	"n: 12 \n", "n: 12 x\n", "n: 12#\n", "n: 12:30\n", "n: .5\n", "n: .inf\n",
	"date: 2026-01-02\n", "when: 2026-01-02 10:00:00\n", "stamp: 2026-01-02T10:00:00Z\n", "bad: 2026-1-2\n",
	"d: 2026-01-02 \n", "d: 2026-01-02x\n", "d: 20260-01-02\n", "d: 2026-01-02 # c\n",
	// YAML strings and keys.
	"\"quoted key\": value\n", "'single': value\n", "k: \"a: b\"\n", "k: 'a: b'\n", "k: 'it''s'\n",
	"k: \"esc\\\"aped\"\n", "k: \"\"\n", "k: ''\n", "k: \"a\" \n", "k: \"a\" b\n", "k: \"a\": b\n",
	"k: \"open\nclose\"\n", "k: 'open\nclose'\n", "k: \"#x\"\n", "k: 'say \"hi\"'\n", "k: \"//x\"\n",
	"k: \"{a}\"\n", "k: \"ünï 🙂\"\n", "key with space: v\n", "a.b-c_d: v\n", "_k: v\n", "-k: v\n",
	"k:v\n", "k:: v\n", "k :v\n", "k:\tv\n",
	// YAML structure.
	"empty:\n", "also_empty: \n", "spaced:    value\n", "list:\n  - a\n  - b\n", "  -\n", "- - nested\n",
	"- key: value\n  other: 1\n", "-  spaced\n", "- 'q'\n", "- \"dq\"\n", "- 12\n", "- 2026-01-02\n",
	"- \n", "-\n", "--- \n", "...\n", "? k\n: v\n", "k: - x\n",
	"title: Café (Agency workspace 2)\n", "owner: Ana López\n", "note: naïve\n", "# commentaire à la fin\n",
	"trailing: value   \n", "number: 42   \n", "kw: true  \n", "\n   \nend: x\n",
	"key: value # comment\n", "key: value // comment\n", "url: http://x\n", "# whole line\n  # indented\n",
	"k: # c\n", "k:  # c\n", "k:# c\n", "- # c\n", "#\n",
	"anchors: &a x\n", "ref: *a\n", "tag: !!str 1\n", "block: |\n  text\n", "folded: >\n  text\n", "%include x\n",
	"k: a - b\n", "k: a, b\n", "k: a [b] {c}\n", "k: a \"b\" 'c'\n", "k: a ? b\n", "k: a & b < c\n",
	"k: [a]\n", "k: {a: b}\n", "k: @x\n", "k: `x`\n", "k: !x\n", "k: %x\n", "k: |x\n", "k: >x\n",
	// JSON.
	"{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": -1.5e+3}}\n",
	"[1, 2.0, -0, 01, 1e5, 1E-5, \"x\"]\n", "[1.5e]\n", "[1.]\n", "[-]\n", "[.5]\n", "[1e+]\n", "[00]\n",
	"{\"a\":\"b\\\"c\"}\n", "// comment\n{}\n", "/* block */\n",
	"{\n\t\"tabbed\": \"value\",\n  \"nested\": {\"x\": [ {}, [] ]}\n}\n",
	"{\"unclosed\": \"string\n}\n", "{\"multi\nline\": \"string\nvalue\"}\n",
	"{}}\n", "]\n", "[[[]]]\n", "{\"a\" \"b\"}\n", "{\"a\": 1 \"b\": 2}\n", "{{}}\n", "\"top\"\n", "1 2 3\n",
	"{\"ünï\": \"cödé\", \"emoji\": \"🙂\"}\n", "{\"a\": truex}\n", "[true1]\n", "[null_]\n", "[trueé]\n",
	"[1é]\n", "{\"a\": 1,}\n", "[,]\n", "{:}\n",
	// More tokens than the emitter keeps on the stack; near Coalesce's limit.
	strings.Repeat("key_name: value text\n- 12\n", 40),
	"[" + strings.Repeat("1, true, \"x\", ", 60) + "2]\n",
	strings.Repeat("plain text line\n", 511) + "last line 1234\n",
	strings.Repeat("plain text line\n", 512),
	// Shell: builtins and keywords, also as prefixes and in assignments.
	"echo hi\n", "echoes hi\n", "echo\n", "echo)\n", "(echo x)\n", "echo;\n", "echo=1\n", "echo =1\n",
	"export=1\n", "export =1\n", "export A=1 B+=2\n", "if=1\n", "if =1\n", "if\n", "if ;\n", "iffy\n", "fifo\n",
	"if true; then echo yes; fi\n", "if [[ -f x ]]; then\n  cat x\nelif [ -d x ]; then\n  ls x\nelse\n  echo no\nfi\n",
	"for i in 1 2 3; do echo $i; done\n", "while read -r line; do echo \"$line\"; done < file.txt\n",
	"case $1 in\n  a) echo a;;\n  *) echo other;;\nesac\n", "function f { return 0; }\n", "f() { local x=1; }\n",
	"done=1\n", "doneness\n", "do-it\n", "for_each x\n", "fi#x\n", "then\n  echo\n", "until false; do :; done\n",
	"typeset -x A\n", "types\n", "times\n", "time ls\n", "type\n", "set -euo pipefail\n", "test -n x\n",
	"$1echo x\n", "$1if x\n", "$1a=b\n", "a-if\n", "a=if\n", "[if]\n", "{echo x}\n",
	// Shell: numbers and redirections.
	"cmd 2>&1\n", "cmd 2> /dev/null\n", "cmd >/dev/null 2>&1 &\n", "sleep 5\n", "sleep 5;\n", "head -n 10 x\n",
	"x 10x\n", "1\n", "1 2\n", "007 \n", "-5 \n", "1=2\n", "x 1\ty\n", "a < b > c\n", "a >> b\n", "<\n", "a<b\n",
	"a <<< b\n", "cat <<EOF\nx\nEOF\n", "cat <<-'EOF'\nx\nEOF\n", "a <(b)\n",
	// Shell: assignments and operators.
	"a=b\n", "x+=1\n", "a =b\n", "a = b\n", "a\n=b\n", "a+ =b\n", "a+b=c\n", "a.b=c\n", "--a=b=c\n", "a==b\n",
	"_x=1\n", "A=1 B=2 cmd\n", "a+=\n", "a+\n", "a +=1\n", "a\n\n+=1\n", "=\n", "==x\n",
	"{ a; }\n", "(a)\n", "[ -z \"$x\" ]\n", "a && b || c\n", "a & b\n", "a | b\n", "a |& b\n", "a &&& b\n",
	"a ||| b\n", "a;;b\n", "a&&b\n", "a||b\n", "!x\n", "a && ! b\n", "~/x *.log ?.txt a,b a:b @x %x ^x\n",
	// Shell: expansions.
	"$1\n", "$?\n", "$@\n", "$#\n", "$$\n", "$!\n", "$*\n", "$-\n", "$_\n", "$_x\n", "$0abc\n", "$12 \n", "$\n",
	"$ x\n", "$/\n", "$%\n", "$$$\n", "$#x\n", "echo $HOME/bin\n", "$a$b\n", "$a=b\n", "${x}\n", "${#x}\n",
	"${x:-y}\n", "${x:=y}\n", "${x:y}\n", "${x/a/b}\n", "${x%%.*}\n", "${}\n", "${#}\n", "${##}\n", "${x\n}\n",
	"${x\"y\"}\n", "${x$y}\n", "${x'y'}\n", "${x\n", "${x:-$y}\n", "${x:--}\n", "${x::-1}\n", "${a b}\n", "${x}y=1\n",
	"${{x}}\n", "${x#*/}\n", "${!x}\n", "${x[0]}\n", "${x[@]}\n",
	// Shell: strings.
	"\"$VAR\"\n", "\"a $b c\"\n", "\"no vars\"\n", "\"\"\n", "\"a\nb\"\n", "\"a $b\nc\"\n", "\"unclosed\n",
	"\"a $\"\n", "\"$\"\n", "\"${x}y\"\n", "\"$1$2\"\n", "\"$'x'\"\n", "\"$\"x\"\"\n", "\"a $b\n", "x\"$y\"z\n",
	"$'a\\nb'\n", "$'abc'\n", "$'multi\nline'\n", "$'unclosed\n", "$\"abc\"\n", "$\"a $b\"\n", "$\"unclosed\n",
	"'single'\n", "'multi\nline\nstring'\n", "'it'\"'\"'s'\n", "'unclosed\n", "''\n", "'a#b'\n", "\"a#b\"\n",
	"'$(x)'\n", "'a\\'\n", "\"a'b\"\n", "'a\"b'\n", "a'b'c\n", "a\"b\"c\n", "'x'=1\n", "\"x\"1 \n",
	// Shell: comments.
	"a#b\n", "a #b\n", "\"x\"#y\n", "$x#y\n", "#\n", "#!\n", "#!/bin/sh\necho hi\n", "#!/usr/bin/env bash\nset -eu\n",
	"echo #!x\n", "x\n#!/bin/sh\n", " #!/bin/sh\n", "# trailing   \n", "#  \n", "#!x", "${x}#y\n", "a;#b\n",
	// Shell: refused.
	"echo `date`\n", "echo $(date)\n", "echo $((1+2))\n", "a \\\n  b\n", "\\x\n", "echo h\u00e9llo\n", "a\vb\n",
	// Any language.
	"a\r\nb\r\n", "tab\there\n", "<script>&amp;'\"</script>\n", "", "\n", "\n\n\n", "no final newline: x",
	"nul\x00byte\n", "bad \xff utf8\n", "line\u2028sep\n", "nbsp\u00a0: x\n",
}

// FuzzQuickHighlightMatchesChroma: whenever a quick lexer accepts a code
// block, its bytes are exactly chroma's, and so are highlight's. (When the
// quick lexers refuse, highlight calls chroma as before.) Chroma only runs
// on accepted blocks, so that the fuzzer's coverage guidance follows the
// quick lexers rather than chroma's regexp engine.
func FuzzQuickHighlightMatchesChroma(f *testing.F) {
	for _, b := range typicalBlocks {
		f.Add(uint8(slices.Index(quickLangs, b.lang)), b.code)
	}
	for i := range quickLangs {
		f.Add(uint8(i), "a: 1\n")
	}
	for _, s := range fuzzSeeds {
		for _, lang := range []string{"text", "json", "yaml", "sh"} {
			f.Add(uint8(slices.Index(quickLangs, lang)), s)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		f.Add(uint8(slices.Index(quickLangs, "yaml")), randomYAML(r))
		f.Add(uint8(slices.Index(quickLangs, "json")), randomJSON(r))
		f.Add(uint8(slices.Index(quickLangs, "sh")), randomShell(r))
	}
	f.Fuzz(func(t *testing.T, which uint8, code string) {
		lang := quickLangs[int(which)%len(quickLangs)]
		got, ok := quickHighlight(resolveLang(lang).quick, code)
		if !ok {
			return
		}
		want, wantOK := chromaHighlight(lexers.Get(lang), code)
		if !wantOK || !bytes.Equal(got, want) {
			t.Fatalf("%s %q:\nquick:  %q\nchroma: %q", lang, code, got, want)
		}
		if hl, _ := highlight(lang, code); !bytes.Equal(hl, want) {
			t.Fatalf("highlight(%s, %q):\ngot:    %q\nchroma: %q", lang, code, hl, want)
		}
	})
}

// randomYAML returns lines of YAML put together from pieces near the edges
// of what the quick YAML lexer accepts, for seeds of the fuzz target.
func randomYAML(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	// Mostly pieces the quick lexer takes, now and then one it refuses.
	odd := func(good, bad []string) string {
		if r.IntN(12) == 0 {
			return pick(bad...)
		}
		return pick(good...)
	}
	keys := []string{"a", "key", "no", "yes", "y", "a.b", "a-b", "_x", "k1", "True", "retention_days"}
	goodValues := []string{
		"yes", "no", "n", "N", "y", "true", "null", "Null", "off", "y2k", "nothing", "90", "007", "2026-01-02",
		`"dq"`, `"dq: x"`, `""`, "''", "'sq'", `'say "hi"'`, `"#x"`, `"é"`, "'é'",
		"plain text", "Café", "Ana López", "DR-0001", "a - b", "a, b", "a [b] {c}", "<a & b>", `a "b" 'c'`,
	}
	badValues := []string{
		"no-reply", "N/A", "yes please", "naïve", "noé", "90d", "1.5", "0x1f", "2026-01-02 10:00:00", "2026-1-2",
		"'a: b'", `"unclosed`, "'unclosed", `"esc\"q"`, "http://x", "a # c", "x // y", "a: b",
		"[a]", "{a}", "&a", "*a", "!t", "|", ">", "-x", "@x", "`x`", "%x",
	}
	var b strings.Builder
	for range 1 + r.IntN(6) {
		b.WriteString(pick("", "", "  ", "    ", " "))
		b.WriteString(odd([]string{"", "", "- ", "- - ", "-  "}, []string{"-", "? ", ": "}))
		switch r.IntN(6) {
		case 0:
			b.WriteString(odd([]string{"", "# comment", "# é"}, []string{"---", "...", "\t"}))
		case 1:
			b.WriteString(pick(keys...) + odd([]string{":", ": ", ":  "}, []string{"::", " :", ":\t"}))
		case 2:
			b.WriteString(odd(goodValues, badValues))
		default:
			b.WriteString(pick(keys...) + odd([]string{": ", ":  "}, []string{":", ": \t"}) + odd(goodValues, badValues))
		}
		b.WriteString(odd([]string{"", "", "", " ", "   "}, []string{" # c", " // c", "\r"}))
		b.WriteString(pick("\n", "\n", "\n", "\n\n", "\n  \n"))
	}
	return b.String()
}

// TestQuickBashPieces compares the quick Bash lexer with chroma on every
// sequence of up to three pieces near the edges of its rules (a one-off run
// with four pieces, some 4.2 million inputs, found no difference either).
func TestQuickBashPieces(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	pieces := []string{
		"a", "1", "if", "echo", "fi", "done", "time", "type", " ", "\n", "=", "+", "+=", "#", "#!", "$", "${", "${#",
		"}", "{", "(", ")", "[", "\"", "'", "$'", "$\"", "&", "|", ";", "<", ">", "-", ":", ":-", "_", "$1", "$#",
		"$a", "/", "!", "*", "@", "?", "%",
	}
	lexer := lexers.Get("sh")
	var try func(code string, depth int)
	try = func(code string, depth int) {
		if got, ok := quickHighlight(quickBash, code+"\n"); ok {
			if want, _ := chromaHighlight(lexer, code+"\n"); !bytes.Equal(got, want) {
				t.Fatalf("%q:\nquick:  %q\nchroma: %q", code+"\n", got, want)
			}
		}
		if depth > 0 {
			for _, p := range pieces {
				try(code+p, depth-1)
			}
		}
	}
	try("", 3)
}

// randomShell returns lines of shell put together from pieces near the
// edges of what the quick Bash lexer accepts, for seeds of the fuzz target.
func randomShell(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	words := []string{
		"echo", "echoes", "export", "if", "then", "fi", "for", "in", "do", "done", "iffy", "time", "times",
		"curl", "-s", "-H", "--iam-account", "x.json", "a#b", "https://x.example/a?b=c&d", "90d", "2>&1", "2>", "1", "42",
		"007", "-5", ">", ">>", "<", "|", "||", "&", "&&", ";", ";;", "(", ")", "{", "}", "[[", "]]", "[", "]", "=", "!",
		"a=b", "x+=1", "A=", "a =", "k+", "$1", "$?", "$@", "$#", "$$", "$-", "$_x", "$", "$HOME", "$1a", "${HOME}",
		"${x:-y}", "${#x}", "${x/a/b}", "${x:0:2}", `"$VAR"`, `"a $b"`, `"plain"`, `""`, `"${x}y"`, `"$"`, "'sq'",
		"'a\nb'", "''", "$'x'", `$"x"`, `$"a $b"`, "# comment", "#", "#x",
		// Now and then something the quick lexer refuses.
		"`x`", "$(x)", "$((1))", "<<EOF", `\x`, "'open", `"open`, "${open", "\t", "é",
	}
	var b strings.Builder
	if r.IntN(8) == 0 {
		b.WriteString(pick("#!/bin/sh\n", "#!\n", "#!/usr/bin/env bash\n"))
	}
	for range 1 + r.IntN(4) {
		b.WriteString(pick("", "", "  "))
		for i := range 1 + r.IntN(7) {
			if i > 0 {
				b.WriteString(pick(" ", " ", " ", "", "  ", "\n"))
			}
			b.WriteString(pick(words...))
		}
		b.WriteString(pick("\n", "\n", "\n", " \n", "\n\n"))
	}
	return b.String()
}

// randomJSON returns a JSON-like value put together from pieces near the
// edges of what the quick JSON lexer accepts, for seeds of the fuzz target.
func randomJSON(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	ws := func() string { return pick("", "", " ", "  ", "\n", "\n  ", "\t") }
	var value func(depth int) string
	value = func(depth int) string {
		switch n := r.IntN(10); {
		case n < 2 && depth < 4:
			var b strings.Builder
			b.WriteString("{")
			for i := range r.IntN(4) {
				if i > 0 {
					b.WriteString(pick(",", ",", ",", "", ":"))
				}
				b.WriteString(ws() + pick(`"k"`, `"é"`, `""`, `"a b"`, `"k\"q"`, "k", "1") + ws() + pick(":", ":", "") + ws())
				b.WriteString(value(depth+1) + ws())
			}
			b.WriteString(pick("}", "}", "}", "", "]", "},"))
			return b.String()
		case n < 4 && depth < 4:
			var b strings.Builder
			b.WriteString("[")
			for i := range r.IntN(4) {
				if i > 0 {
					b.WriteString(pick(",", ",", ",", "", ":"))
				}
				b.WriteString(ws() + value(depth+1) + ws())
			}
			b.WriteString(pick("]", "]", "]", "", "}", "],"))
			return b.String()
		case n < 6:
			return pick("0", "-0", "1", "12", "1.5", "-1.5e+3", "1e5", "1E-5", "01", "1.", "1e", "-", ".5", "1.5.3", "2e-", "0x1")
		case n < 8:
			return pick(`"a"`, `"é 🙂"`, `""`, `"a\"b"`, `"multi`+"\n"+`line"`, `"<&>'"`, `"//"`, `"unclosed`)
		default:
			return pick("true", "false", "null", "truex", "nul", "True", "null_", "false1")
		}
	}
	return ws() + value(0) + ws() + "\n"
}

// TestQuickHighlightAcceptsTypicalBlocks keeps the speed-up from silently
// disappearing: the code blocks the site actually has take the quick path.
func TestQuickHighlightAcceptsTypicalBlocks(t *testing.T) {
	for _, b := range typicalBlocks {
		r := resolveLang(b.lang)
		if r.quick == quickNone {
			t.Errorf("language %q has no quick lexer", b.lang)
			continue
		}
		got, ok := quickHighlight(r.quick, b.code)
		if !ok {
			t.Errorf("quick %s lexer refused %q", b.lang, b.code)
			continue
		}
		want, _ := chromaHighlight(lexers.Get(b.lang), b.code)
		if !bytes.Equal(got, want) {
			t.Errorf("%s %q:\nquick:  %q\nchroma: %q", b.lang, b.code, got, want)
		}
	}
}

func TestQuickHighlight(t *testing.T) {
	for _, tc := range []struct {
		lang, code string
		want       string // "" when the quick path must refuse
	}{
		{"text", "a < b & \"c\" 'd'\n", "a &lt; b &amp; &#34;c&#34; &#39;d&#39;\n"},
		{"yaml", "risk: medium\nretention_days: 90\n",
			`<span class="nt">risk</span><span class="p">:</span><span class="w"> </span><span class="l">medium</span><span class="w">` + "\n" +
				`</span><span class="nt">retention_days</span><span class="p">:</span><span class="w"> </span><span class="m">90</span><span class="w">` + "\n</span>"},
		{"yaml", "list:\n  - on\n  # note\n",
			`<span class="nt">list</span><span class="p">:</span><span class="w">` + "\n" + `</span><span class="w">  </span>- <span class="kc">on</span><span class="w">` + "\n" +
				`</span><span class="w">  </span><span class="c"># note</span><span class="w">` + "\n</span>"},
		{"json", `{"a": [1, 2.5, true]}` + "\n",
			`<span class="p">{</span><span class="nt">&#34;a&#34;</span><span class="p">:</span> <span class="p">[</span><span class="mi">1</span><span class="p">,</span> ` +
				`<span class="mf">2.5</span><span class="p">,</span> <span class="kc">true</span><span class="p">]}</span>` + "\n"},
		{"yaml", "from: no-reply\n", ""},
		{"yaml", "---\na: b\n", ""},
		{"yaml", "a: b # c\n", ""},
		{"json", `{"a": "b\"c"}` + "\n", ""},
		{"json", "// c\n{}\n", ""},
		{"text", "no final newline", ""},
		{"sh", "export A=1; echo \"$A\" # note\n",
			`<span class="nb">export</span> <span class="nv">A</span><span class="o">=</span>1<span class="p">;</span> ` +
				`<span class="nb">echo</span> <span class="s2">&#34;</span><span class="nv">$A</span><span class="s2">&#34;</span> <span class="c1"># note</span>` + "\n"},
		{"bash", "if [[ -f x ]]; then ls ${D:-.} 2>&1; fi\n",
			`<span class="k">if</span> <span class="o">[[</span> -f x <span class="o">]]</span><span class="p">;</span> <span class="k">then</span> ls ` +
				`<span class="si">${</span><span class="nv">D</span><span class="k">:-</span><span class="p">.</span><span class="si">}</span> 2&gt;<span class="p">&amp;</span>1<span class="p">;</span>` +
				` <span class="k">fi</span>` + "\n"},
		{"sh", "echo `date`\n", ""},
		{"sh", "echo $(date)\n", ""},
		{"sh", "cat <<EOF\nx\nEOF\n", ""},
		{"sh", "curl \\\n  -s x\n", ""},
		{"sh", "echo 'unclosed\n", ""},
		{"console", "$ echo hi\n", ""},
	} {
		got, ok := quickHighlight(resolveLang(tc.lang).quick, tc.code)
		if tc.want == "" {
			if ok {
				t.Errorf("%s %q: quick path accepted, want refused; got %q", tc.lang, tc.code, got)
			}
			continue
		}
		if !ok || string(got) != tc.want {
			t.Errorf("%s %q:\ngot  %q (ok=%v)\nwant %q", tc.lang, tc.code, got, ok, tc.want)
		}
		if want, _ := chromaHighlight(lexers.Get(tc.lang), tc.code); string(want) != tc.want {
			t.Errorf("%s %q: chroma gives %q, not the expected %q", tc.lang, tc.code, want, tc.want)
		}
	}
}

// quickLexRules is a digest of chroma's rules and configuration for the
// lexers that quicklex.go copies, as of chroma v2.27.0.
var quickLexRules = map[string]string{
	"plaintext": "e6ed680ff6f1b3f37b3b08a046a6d1eff1fc288e7fbff2b099b8a20b2fbb17fe",
	"JSON":      "de7968679f109d61b0f6480855ef45a75ee99fa7886fcaecb3d8380e02249fe6",
	"YAML":      "f9d8e82c83a2fd67b2f5f701f87650c2f6c2aef53585ad9a24700260fa7acd7a",
	"Bash":      "76f7569fb14221164decd70e45c5d088232c31a6a243ffbfbfda2e25d66db309",
}

// TestQuickLexRulesUnchanged fails when a chroma upgrade changes the rules
// the quick lexers copy: read the new rules, check quicklex.go against them
// (and fuzz), then update the digests.
func TestQuickLexRulesUnchanged(t *testing.T) {
	for name, want := range quickLexRules {
		l, ok := lexers.Get(name).(*chroma.RegexLexer)
		if !ok {
			t.Errorf("%s: not a regexp lexer any more", name)
			continue
		}
		if got := rulesDigest(t, l); got != want {
			t.Errorf("%s: chroma's rules changed: digest %s, was %s", name, got, want)
		}
	}
}

func rulesDigest(t *testing.T, l *chroma.RegexLexer) string {
	h := sha256.New()
	cfg, err := xml.Marshal(l.Config())
	if err != nil {
		t.Fatal(err)
	}
	h.Write(cfg)
	rules, err := l.Rules()
	if err != nil {
		t.Fatal(err)
	}
	states := make([]string, 0, len(rules))
	for s := range rules {
		states = append(states, s)
	}
	slices.Sort(states)
	for _, s := range states {
		b, err := xml.Marshal(chroma.Rules{s: rules[s]})
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// BenchmarkHighlight compares the quick path with chroma's on the typical
// block of each quick language.
func BenchmarkHighlight(b *testing.B) {
	for _, lang := range []string{"text", "yaml", "json", "sh"} {
		i := slices.IndexFunc(typicalBlocks, func(tb struct{ lang, code string }) bool { return tb.lang == lang })
		code := typicalBlocks[i].code
		q := resolveLang(lang).quick
		lexer := lexers.Get(lang)
		b.Run(lang+"/quick", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := quickHighlight(q, code); !ok {
					b.Fatal("refused")
				}
			}
		})
		b.Run(lang+"/chroma", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := chromaHighlight(lexer, code); !ok {
					b.Fatal("failed")
				}
			}
		})
		b.Run(lang+"/highlight", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := highlight(lang, code); !ok {
					b.Fatal("failed")
				}
			}
		})
	}
}

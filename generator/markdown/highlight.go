package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// formatter is shared by every Converter: it writes class names (no inline
// styles) and no wrapper of its own, so the renderer controls <pre><code>.
// Its only mutable state, a style cache, is guarded by chroma's own mutex.
var (
	formatter = chromahtml.New(
		chromahtml.WithClasses(true),
		chromahtml.PreventSurroundingPre(true),
		chromahtml.WithCSSComments(false),
	)
	codeStyle = styles.Get(lightStyle)
)

// highlight returns the chroma HTML for code in lang, or ok=false when the
// language is empty or unknown or highlighting fails.
func highlight(lang, code string) (out []byte, ok bool) {
	if lang == "" {
		return nil, false
	}
	lexer := resolveLang(lang)
	if lexer == nil {
		return nil, false
	}
	return chromaHighlight(lexer, code)
}

// langCache maps a language as written after ``` to chroma's lexer for it
// (a nil lexer when unknown): lexers.Get may try every lexer's file
// patterns. At most maxCachedLangs languages are kept, so that odd input
// cannot grow it without end.
var (
	langCache      sync.Map // string → chroma.Lexer (nil for none)
	langCacheCount atomic.Int32
)

const maxCachedLangs = 512

// resolveLang resolves lang the way chroma does, with lexers.Get.
func resolveLang(lang string) chroma.Lexer {
	if v, ok := langCache.Load(lang); ok {
		l, _ := v.(chroma.Lexer)
		return l
	}
	l := lexers.Get(lang)
	if langCacheCount.Add(1) <= maxCachedLangs {
		langCache.Store(lang, l)
	}
	return l
}

// chromaHighlight returns the HTML that chroma's lexer and the package's
// formatter make of code.
func chromaHighlight(lexer chroma.Lexer, code string) (out []byte, ok bool) {
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	buf.Grow(len(code) * 2)
	if err := formatter.Format(&buf, codeStyle, it); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// StyleCSS returns the stylesheet for highlighted code: the light style by
// default and the dark one inside @media (prefers-color-scheme: dark), every
// selector scoped under .chroma. In the dark block, each property that a
// light rule sets and the dark style leaves alone is reset with "unset", so
// no light colour leaks into dark mode.
func StyleCSS() []byte {
	return bytes.Clone(styleCSS())
}

var styleCSS = sync.OnceValue(func() []byte {
	light := scopedRules(styles.Get(lightStyle))
	dark := scopedRules(styles.Get(darkStyle))

	var b bytes.Buffer
	b.WriteString("/* Code highlighting: " + lightStyle + " (light), " + darkStyle + " (dark). */\n")
	for _, r := range light {
		writeRule(&b, "", r.selector, r.decls)
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	lightBySel := make(map[string][]cssDecl, len(light))
	for _, r := range light {
		lightBySel[r.selector] = r.decls
	}
	seen := make(map[string]bool, len(dark))
	for _, r := range dark {
		seen[r.selector] = true
		writeRule(&b, "  ", r.selector, withResets(r.decls, lightBySel[r.selector]))
	}
	for _, r := range light {
		if !seen[r.selector] {
			writeRule(&b, "  ", r.selector, withResets(nil, r.decls))
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
})

type cssDecl struct{ prop, value string }

type cssRule struct {
	selector string
	decls    []cssDecl
}

// scopedRules returns chroma's CSS rules for style, keeping only those
// scoped under .chroma (chroma also emits a standalone .bg rule that this
// package's HTML never uses).
func scopedRules(style *chroma.Style) []cssRule {
	var raw bytes.Buffer
	if err := formatter.WriteCSS(&raw, style); err != nil {
		return nil
	}
	var rules []cssRule
	sc := bufio.NewScanner(&raw)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		sel, body, ok := strings.Cut(line, "{")
		if !ok || !strings.HasPrefix(line, ".chroma") {
			continue
		}
		body = strings.TrimSuffix(strings.TrimSpace(body), "}")
		r := cssRule{selector: strings.TrimSpace(sel)}
		for _, d := range strings.Split(body, ";") {
			prop, value, ok := strings.Cut(d, ":")
			if !ok {
				continue
			}
			r.decls = append(r.decls, cssDecl{strings.TrimSpace(prop), strings.TrimSpace(value)})
		}
		if len(r.decls) > 0 {
			rules = append(rules, r)
		}
	}
	return rules
}

// withResets returns decls plus "prop: unset" for every property of base
// that decls does not set.
func withResets(decls, base []cssDecl) []cssDecl {
	out := append([]cssDecl(nil), decls...)
	for _, bd := range base {
		set := false
		for _, d := range decls {
			if d.prop == bd.prop {
				set = true
				break
			}
		}
		if !set {
			out = append(out, cssDecl{bd.prop, "unset"})
		}
	}
	return out
}

func writeRule(b *bytes.Buffer, indent, selector string, decls []cssDecl) {
	b.WriteString(indent)
	b.WriteString(selector)
	b.WriteString(" {")
	for _, d := range decls {
		b.WriteString(" ")
		b.WriteString(d.prop)
		b.WriteString(": ")
		b.WriteString(d.value)
		b.WriteString(";")
	}
	b.WriteString(" }\n")
}

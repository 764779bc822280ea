// Package schema is the room of `playbook schema`: it writes the
// front-matter contract of each kind of content file (platform guide, tool
// entry, decision record, page) as a JSON Schema, so that an editor can
// check a file, complete its field names and values and explain each field
// while an author types. The schemas say what the loader and the checks
// say: the fields and their types, the enums, the required fields, the
// fields required once a record is decided, escalated, superseded or
// conditional, the date and id patterns, and a description of each field.
// They are written in JSON Schema draft-07, which the YAML language server
// and ajv (remark-lint-frontmatter-schema) both read. It may import model,
// frontmatter (for the field types), load (for the contract the build
// enforces) and the standard library; it writes
// files only in Write.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	fm "playbook/generator/frontmatter"
	"playbook/generator/model"
)

// Draft is the JSON Schema dialect of the files.
const Draft = "http://json-schema.org/draft-07/schema#"

// Kind is the front-matter contract of one kind of content file, as the
// loader reads it.
type Kind struct {
	Name        string // "platform": the file is platform.schema.json
	Title       string // what the schema describes, for the editor
	Description string
	Files       string // where such files live, for the description ("content/platforms/*.md")

	Fields   []fm.Field        // the fields of the contract, in the loader's order
	Aliases  map[string]string // other spellings of a field: "decision-makers" → "decided_by"
	Required []string          // fields every file must have (for decisions: records with an id)
	Ignored  []string          // keys other site tools write, accepted and dropped

	// Patterns are the patterns a field's text (or each item of a list)
	// must match: ids, slugs, site paths.
	Patterns map[string]string
	// Unused are fields the loader reads but refuses for this kind (a
	// decision's slug), with the reason; they may only be left empty.
	Unused map[string]string

	// About describes each field for the editor's hover.
	About map[string]string
}

// Options are the site's additions to the contract, from playbook.yaml.
type Options struct {
	ExtraFields []string // extra_fields: more keys accepted and dropped
	Statuses    []string // statuses: decision statuses added to the contract's
}

// File is the name of the schema file of a kind.
func (k Kind) File() string { return k.Name + ".schema.json" }

var (
	// DatePattern is a date YYYY-MM-DD on a day its month has: 31 April
	// and 30 February are refused as by the loader, 29 February of a year
	// that is not a leap year only by the loader.
	DatePattern = `^[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))$`
	// IDPattern is a decision id: letters and digits, a hyphen, digits.
	IDPattern = `^[A-Za-z][A-Za-z0-9]*-[0-9]+$`
	// SlugPattern is the last part of an address (slug).
	SlugPattern = `^([A-Za-z0-9][A-Za-z0-9._-]*)?$`
	// PathPattern is a site path (permalink), slashes around it optional.
	PathPattern = `^/*([A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*)?/*$`
	// AliasPattern is an old address of a page (aliases): a site path
	// other than the home page.
	AliasPattern = `^/*[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/*$`
)

// Write writes one schema file per kind into dir, creating it, and returns
// the paths written.
func Write(dir string, kinds []Kind, opts Options) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var out []string
	for _, k := range kinds {
		data, err := Generate(k, opts)
		if err != nil {
			return out, err
		}
		name := filepath.Join(dir, k.File())
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return out, err
		}
		out = append(out, name)
	}
	return out, nil
}

// Generate returns the JSON Schema of a kind, indented, ending in a
// newline. The same kind and options always give the same bytes.
func Generate(k Kind, opts Options) ([]byte, error) {
	s := k.schema(opts)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("%s schema: %w", k.Name, err)
	}
	return b.Bytes(), nil
}

func (k Kind) schema(opts Options) object {
	// Every field of a decision is optional in an imported record (one
	// without an id); the rules for records with an id follow below.
	lenient := k.Name == "decision"
	props := object{}
	for _, f := range k.Fields {
		props = props.set(f.Name, k.property(f, !lenient && slices.Contains(k.Required, f.Name), lenient))
	}
	for _, alias := range sortedKeys(k.Aliases) {
		canon := k.Aliases[alias]
		f, ok := k.field(canon)
		if !ok {
			continue
		}
		p := k.property(f, false, lenient)
		p = p.set("description", fmt.Sprintf("Another spelling of %q, as other decision-log tools write it. %s", canon, k.About[canon]))
		props = props.set(alias, p)
	}
	extra := append(append([]string{}, k.Ignored...), opts.ExtraFields...)
	for _, key := range extra {
		if _, done := props.get(key); done {
			continue
		}
		about := "Written by other site tools (Jekyll, Hugo, MkDocs); accepted and not used."
		if slices.Contains(opts.ExtraFields, key) {
			about = "Accepted and not used (extra_fields in playbook.yaml)."
		}
		props = props.set(key, object{}.set("description", about))
	}
	s := object{}.
		set("$schema", Draft).
		set("title", k.Title).
		set("description", k.Description+" Generated by `playbook schema` from the loader's contract; `playbook check` has the last word.").
		set("type", "object").
		set("properties", props).
		set("additionalProperties", false)
	if !lenient && len(k.Required) > 0 {
		s = s.set("required", k.Required)
	}
	var rules []any
	for _, f := range sortedKeys(k.Aliases) {
		// A field given under two spellings is an error.
		canon := k.Aliases[f]
		others := []any{object{}.set("required", []string{canon})}
		for _, g := range sortedKeys(k.Aliases) {
			if g != f && k.Aliases[g] == canon {
				others = append(others, object{}.set("required", []string{g}))
			}
		}
		rules = append(rules, object{}.
			set("if", object{}.set("required", []string{f})).
			set("then", object{}.set("not", object{}.set("anyOf", others))))
	}
	switch k.Name {
	case "tool":
		rules = append(rules, when("status", exactly("conditional"), nonEmpty("conditions", "a conditional tool lists its conditions")))
	case "decision":
		// A record with an id is a native record: the required fields,
		// the contract's statuses and dates YYYY-MM-DD. One without is an
		// imported record (MADR, adr-tools), read as people write it.
		nat := object{}.set("required", k.Required)
		np := object{}
		for _, f := range k.Fields {
			if req := slices.Contains(k.Required, f.Name); req || f.Type == fm.Date {
				np = np.set(f.Name, k.property(f, req, false))
			}
		}
		np = np.set("status", statusSchema(append(append([]string{}, model.Statuses...), opts.Statuses...)))
		nat = nat.set("properties", np)
		decidedBy := anyRequired(append([]string{"decided_by"}, sortedKeys(k.Aliases)...)...)
		nat = nat.set("allOf", []any{
			when("status", caseInsensitive(`(accepted|rejected|superseded|deprecated)|superseded by .*`), decidedBy),
			when("status", caseInsensitive(`escalated`), nonEmpty("escalated_to", "an escalated record names who it was escalated to")),
			when("status", caseInsensitive(`superseded`), nonEmpty("superseded_by", "a superseded record names its successor")),
		})
		rules = append(rules, object{}.
			set("if", object{}.set("required", []string{"id"})).
			set("then", nat))
	}
	if len(rules) > 0 {
		s = s.set("allOf", rules)
	}
	return s
}

// property is the schema of one field's value. A field that is not
// required may be left empty ("owner:"), which YAML reads as null. A
// lenient date is any text, as an imported record writes it ("May 22,
// 2024").
func (k Kind) property(f fm.Field, required, lenient bool) object {
	scalar := []string{"string", "number", "boolean"}
	types := func(ts ...string) any {
		if !required {
			ts = append(ts, "null")
		}
		if len(ts) == 1 {
			return ts[0]
		}
		return ts
	}
	p := object{}
	if about := k.About[f.Name]; about != "" {
		p = p.set("description", about)
	}
	if why, ok := k.Unused[f.Name]; ok {
		return object{}.set("description", why).set("enum", []any{nil, ""})
	}
	pattern := k.Patterns[f.Name]
	switch f.Type {
	case fm.String:
		p = p.set("type", types(scalar...))
		if pattern != "" {
			p = p.set("pattern", pattern)
		}
	case fm.StringList, fm.People:
		item := object{}.set("type", scalar)
		if pattern != "" {
			item = item.set("pattern", pattern)
		}
		p = p.set("type", types(append(scalar, "array")...)).set("items", item)
		if pattern != "" {
			p = p.set("pattern", pattern)
		}
	case fm.Date:
		if lenient {
			p = p.set("type", types(scalar...))
			break
		}
		p = p.set("type", types("string")).set("pattern", DatePattern)
	case fm.Enum:
		vals := make([]any, 0, len(f.Enum)+1)
		for _, v := range f.Enum {
			vals = append(vals, v)
		}
		if !required {
			vals = append(vals, nil)
		}
		p = p.set("enum", vals)
	case fm.Int:
		p = p.set("type", types("integer"))
	case fm.Bool:
		p = p.set("type", types("boolean"))
	}
	return p
}

func (k Kind) field(name string) (fm.Field, bool) {
	for _, f := range k.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return fm.Field{}, false
}

// statusSchema is a decision status: one of the allowed words in any case
// (the enum offers them to the editor), or "superseded by" and the
// successor.
func statusSchema(allowed []string) object {
	enum := make([]any, len(allowed))
	for i, s := range allowed {
		enum[i] = s
	}
	words := make([]string, len(allowed))
	for i, s := range allowed {
		words[i] = regexp.QuoteMeta(s)
	}
	return object{}.set("anyOf", []any{
		object{}.set("enum", enum),
		object{}.set("type", "string").set("pattern", caseInsensitive("("+strings.Join(words, "|")+")|superseded by .+")),
	})
}

// caseInsensitive turns a pattern of lower-case words into one that
// matches them in any case, anchored at both ends. JSON Schema patterns
// are ECMA-262 regular expressions, which have no (?i).
func caseInsensitive(re string) string {
	var b strings.Builder
	b.WriteString("^(")
	for _, r := range re {
		if unicode.IsLower(r) && unicode.ToUpper(r) != r {
			fmt.Fprintf(&b, "[%c%c]", r, unicode.ToUpper(r))
			continue
		}
		b.WriteRune(r)
	}
	b.WriteString(")$")
	return b.String()
}

func exactly(s string) string { return "^" + regexp.QuoteMeta(s) + "$" }

// when is "if field matches pattern then rule".
func when(field, pattern string, then object) object {
	cond := object{}.
		set("required", []string{field}).
		set("properties", object{}.set(field, object{}.set("type", "string").set("pattern", pattern)))
	return object{}.set("if", cond).set("then", then)
}

// nonEmpty requires a field with a value: text or a list of at least one
// item.
func nonEmpty(field, why string) object {
	return object{}.
		set("required", []string{field}).
		set("properties", object{}.set(field, object{}.
			set("description", why).
			set("type", []string{"string", "number", "boolean", "array"}).
			set("minItems", 1)))
}

// anyRequired requires one of the fields (a field and its aliases) with a
// value.
func anyRequired(fields ...string) object {
	var alts []any
	for _, f := range fields {
		alts = append(alts, nonEmpty(f, "a decided record names who decided"))
	}
	return object{}.set("anyOf", alts)
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// object is a JSON object that keeps its keys in the order they were set,
// so that a schema reads in the order of the contract.
type object []member

type member struct {
	key string
	val any
}

func (o object) set(key string, val any) object {
	for i := range o {
		if o[i].key == key {
			o[i].val = val
			return o
		}
	}
	return append(o, member{key, val})
}

func (o object) get(key string) (any, bool) {
	for _, m := range o {
		if m.key == key {
			return m.val, true
		}
	}
	return nil, false
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

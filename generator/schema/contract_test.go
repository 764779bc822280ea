package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"playbook/generator/check"
	"playbook/generator/config"
	fm "playbook/generator/frontmatter"
	"playbook/generator/link"
	"playbook/generator/load"
	"playbook/generator/model"
)

// siteProblems writes files into a new site folder, loads and checks it
// as a build does, and returns the problems by file.
func siteProblems(t *testing.T, files map[string]string) map[string][]string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, probs := config.Load(dir)
	site, lp := load.Site(load.Options{Source: dir, Config: cfg, Today: model.Date{Year: 2026, Month: 6, Day: 1}})
	probs.Add(lp)
	link.Site(site)
	probs.Add(check.Site(site))
	out := map[string][]string{}
	for _, d := range probs {
		if d.Severity == 0 { // errors only
			out[d.File] = append(out[d.File], d.Msg)
		}
	}
	return out
}

// folder is where a kind's files live, and the front matter that makes a
// probe file of that kind (a decision needs an id to be a native record).
func probeFile(kind, name string, n int) (path, head string) {
	switch kind {
	case "platform":
		return "content/platforms/" + name + ".md", ""
	case "tool":
		return "content/tools/" + name + ".md", ""
	case "decision":
		return fmt.Sprintf("content/decisions/%04d-%s.md", 100+n, name), fmt.Sprintf("id: DR-%04d\n", 100+n)
	}
	return "content/pages/" + name + ".md", ""
}

var typeOfMessage = []struct {
	re  *regexp.Regexp
	typ fm.Type
}{
	{regexp.MustCompile(`must be text, got a mapping$`), fm.String},
	{regexp.MustCompile(`must be a list of text items, got a mapping$`), fm.StringList},
	{regexp.MustCompile(`must be a name or a list of names, got a mapping$`), fm.People},
	{regexp.MustCompile(`must be a date YYYY-MM-DD, got a mapping$`), fm.Date},
	{regexp.MustCompile(`must be one of (.*), got a mapping$`), fm.Enum},
	{regexp.MustCompile(`must be a whole number, got a mapping$`), fm.Int},
	{regexp.MustCompile(`must be true or false, got a mapping$`), fm.Bool},
}

// The contract the schemas are made from is the loader's, field by field:
// the same fields in the same order, each of the same type (and the same
// values for an enum), the same required fields, aliases and keys
// accepted from other tools. The loader is asked by building files: an
// unknown key makes it list its fields, a missing field its required
// ones, and a mapping where a value belongs says what the value must be.
func TestContractMatchesLoader(t *testing.T) {
	for _, k := range Kinds() {
		t.Run(k.Name, func(t *testing.T) {
			files := map[string]string{}
			add := func(name, body string) string {
				p, head := probeFile(k.Name, name, len(files))
				files[p] = "---\n" + head + body + "---\nBody.\n"
				return p
			}
			unknown := add("unknown", "title: T\nzzzzzzzzzzzzzzzzzzzzzzzz: 1\n")
			required := add("required", "title: T\n")
			probes := map[string]string{}
			for _, f := range k.Fields {
				title := "title: T\n"
				if f.Name == "title" {
					title = ""
				}
				if f.Name != "id" {
					probes[f.Name] = add("field-"+strings.ReplaceAll(f.Name, "_", "-"), title+f.Name+": {zz: 1}\n")
				}
			}
			for alias := range k.Aliases {
				probes[alias] = add("alias-"+alias, "title: T\n"+alias+": {zz: 1}\n")
			}
			quiet := map[string]string{}
			for _, key := range k.Ignored {
				if _, isField := k.field(key); !isField {
					quiet[key] = add("ignored-"+strings.ReplaceAll(key, "_", "-"), "title: T\n"+key+": {zz: 1}\n")
				}
			}
			probs := siteProblems(t, files)

			var names []string
			for _, m := range probs[unknown] {
				if _, list, ok := strings.Cut(m, "; expected one of "); ok && strings.HasPrefix(m, `unknown field "zzzz`) {
					names = strings.Split(list, ", ")
				}
			}
			var want []string
			for _, f := range k.Fields {
				want = append(want, f.Name)
			}
			if !slices.Equal(names, want) {
				t.Errorf("the loader's fields:\n  %s\nthe schema's:\n  %s", strings.Join(names, ", "), strings.Join(want, ", "))
			}

			var req []string
			for _, m := range probs[required] {
				if _, list, ok := strings.Cut(m, "; expected "); ok && strings.HasPrefix(m, "missing required field") {
					req = strings.Split(list, ", ")
				}
			}
			if !slices.Equal(req, k.Required) {
				t.Errorf("the loader requires %q; the schema %q", req, k.Required)
			}

			for name, file := range probes {
				f, ok := k.field(name)
				if canon, alias := k.Aliases[name]; alias {
					f, ok = k.field(canon)
				}
				if !ok {
					t.Errorf("alias %q names no field", name)
					continue
				}
				got, enum := typeOf(probs[file])
				if got != f.Type || (f.Type == fm.Enum && !slices.Equal(enum, f.Enum)) {
					t.Errorf("field %q: the loader says %q", name, probs[file])
				}
			}
			for key, file := range quiet {
				if slices.ContainsFunc(probs[file], func(m string) bool { return strings.Contains(m, `"`+key+`"`) }) {
					t.Errorf("key %q from other site tools: the loader says %q; expected it to be accepted", key, probs[file])
				}
			}
		})
	}
}

func typeOf(msgs []string) (fm.Type, []string) {
	for _, m := range msgs {
		for _, tm := range typeOfMessage {
			if sm := tm.re.FindStringSubmatch(m); sm != nil {
				if tm.typ == fm.Enum {
					return fm.Enum, strings.Split(sm[1], ", ")
				}
				return tm.typ, nil
			}
		}
	}
	return -1, nil
}

// The decision statuses the schema allows are the loader's.
func TestStatusesMatchLoader(t *testing.T) {
	probs := siteProblems(t, map[string]string{
		"content/decisions/0001-x.md": "---\nid: DR-0001\ntitle: X\ndate: 2026-01-01\nstatus: zzzzzzzzzzzz\nrequested_by: A\nassessed_by: B\nrisk: low\n---\nX.\n",
	})
	want := `field "status" is "zzzzzzzzzzzz"; expected one of ` + strings.Join(model.Statuses, ", ") + ` (or "superseded by" and the successor's id)`
	if got := probs["content/decisions/0001-x.md"]; !slices.Contains(got, want) {
		t.Errorf("the loader says %q; want %q", got, want)
	}
}

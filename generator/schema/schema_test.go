package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"playbook/generator/adr"
	"playbook/generator/config"
	fm "playbook/generator/frontmatter"
)

// compile compiles the schemas of every kind with a real JSON Schema
// validator, which also checks each against the draft-07 meta-schema.
func compile(t *testing.T, opts Options) map[string]*jsonschema.Schema {
	t.Helper()
	out := map[string]*jsonschema.Schema{}
	for _, k := range Kinds() {
		data, err := Generate(k, opts)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", k.File(), err)
		}
		c := jsonschema.NewCompiler()
		url := "https://playbook.invalid/" + k.File()
		if err := c.AddResource(url, doc); err != nil {
			t.Fatalf("%s: %v", k.File(), err)
		}
		sch, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s is not a valid JSON Schema: %v", k.File(), err)
		}
		out[k.Name] = sch
	}
	return out
}

// kindOf is the kind of a content file, as the loader tells (load.kindOf).
func kindOf(rel string) string {
	dir, name := path.Split(rel)
	switch {
	case name == "_index.md":
		return "page"
	case dir == "content/platforms/":
		return "platform"
	case dir == "content/tools/":
		return "tool"
	case strings.HasPrefix(dir, "content/decisions/"):
		return "decision"
	}
	return "page"
}

// frontMatter reads a file's front matter as an editor's YAML language
// server does (YAML 1.2: dates are text), as a JSON value; ok is false
// when the file has none.
func frontMatter(t *testing.T, src []byte) (any, bool) {
	t.Helper()
	blk, err := fm.Split(src)
	if err != nil {
		t.Fatal(err)
	}
	if !blk.Present {
		return nil, false
	}
	var v any
	if err := yaml.Unmarshal(blk.YAML, &v); err != nil {
		t.Fatal(err)
	}
	if v == nil {
		v = map[string]any{}
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return inst, true
}

// failures lists where and why a value fails a schema, one line per
// innermost cause: "/status enum", "/ required risk".
func failures(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			return []string{err.Error()}
		}
		return nil
	}
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		line := "/" + strings.Join(e.InstanceLocation, "/") + " " + strings.Join(e.ErrorKind.KeywordPath(), "/")
		switch k := e.ErrorKind.(type) {
		case *kind.Not:
			line += "not"
		case *kind.Required:
			line += " " + strings.Join(k.Missing, ",")
		case *kind.AdditionalProperties:
			line += " " + strings.Join(k.Properties, ",")
		}
		out = append(out, line)
	}
	walk(ve)
	slices.Sort(out)
	return slices.Compact(out)
}

// Every file of the sample playbook, of the test fixture and of the
// imported decision logs passes its schema, as it passes the build: an
// editor must not mark a file the build accepts.
func TestSitesValidate(t *testing.T) {
	sites := []string{"../..", "../testdata/site", "../testdata/importlog", "../testdata/logs/madr", "../testdata/logs/adr-tools"}
	for _, site := range sites {
		adrTools := strings.HasSuffix(site, "adr-tools") // records without front matter
		cfg, probs := config.Load(site)
		if probs.HasErrors() {
			t.Fatalf("%s: %v", site, probs)
		}
		schemas := compile(t, Options{ExtraFields: cfg.ExtraFields, Statuses: cfg.Statuses})
		seen := 0
		content := filepath.Join(site, "content")
		err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// A linked decision log (content/decisions → ../docs/adr).
				real, err := filepath.EvalSymlinks(p)
				if err != nil {
					return err
				}
				if fi, err := os.Stat(real); err == nil && fi.IsDir() {
					return walkLinked(t, site, p, real, schemas, &seen)
				}
			}
			if d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			rel, _ := filepath.Rel(site, p)
			seen += validateFile(t, filepath.ToSlash(rel), p, schemas)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d files validated", site, seen)
		if seen == 0 && !adrTools {
			t.Errorf("%s: no front matter validated", site)
		}
	}
}

func walkLinked(t *testing.T, site, link, real string, schemas map[string]*jsonschema.Schema, seen *int) error {
	return filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		r, _ := filepath.Rel(real, p)
		rel, _ := filepath.Rel(site, filepath.Join(link, r))
		*seen += validateFile(t, filepath.ToSlash(rel), p, schemas)
		return nil
	})
}

// validateFile validates one file's front matter; it returns 1 when the
// file has front matter and is a record or page the loader reads.
func validateFile(t *testing.T, rel, name string, schemas map[string]*jsonschema.Schema) int {
	t.Helper()
	k := kindOf(rel)
	if k == "decision" && adr.IsFolderFile(path.Base(rel)) {
		return 0 // a log's README or template: not a record
	}
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	inst, ok := frontMatter(t, src)
	if !ok {
		return 0
	}
	if m, ok := inst.(map[string]any); ok && m["has_children"] != nil {
		return 0 // a docs tool's navigation page in a log: skipped by the loader
	}
	if err := schemas[k].Validate(inst); err != nil {
		t.Errorf("%s does not pass %s.schema.json: %s", rel, k, strings.Join(failures(err), "; "))
	}
	return 1
}

// Front matter the build refuses is refused by its schema, at the field
// to fix; the loader's and the checks' error for each is shown beside it.
func TestInvalidFrontMatter(t *testing.T) {
	platform := "title: TikTok\nstatus: conditional\nrisk: medium\nowner: Dana\nreviewed: 2026-01-10\nnext_review: 2027-01-10\n"
	tool := "title: Buffer\nvendor: Buffer Inc.\ncategory: Scheduling\nstatus: approved\ndata: internal\nsso: enforced\nmfa: enforced\nowner: Kim\nreviewed: 2026-01-10\nnext_review: 2027-01-10\n"
	decision := "id: DR-0009\ntitle: TikTok\ndate: 2026-05-20\nstatus: proposed\nrequested_by: Dana\nassessed_by: Kim\nrisk: medium\n"
	cases := []struct {
		name, kind, yaml string
		fail             string // where and why the schema refuses it
		loader           string // what the build says
	}{
		{"status not in the enum", "platform", strings.Replace(platform, "conditional", "aproved", 1),
			"/status enum", `field "status" is "aproved"; expected one of approved, conditional, under-review, not-approved, retired (did you mean "approved"?)`},
		{"a required field missing", "platform", strings.Replace(platform, "risk: medium\n", "", 1),
			"/ required risk", `missing required field "risk" in a platform; expected title, status, risk, owner, reviewed, next_review`},
		{"a required field empty", "platform", strings.Replace(platform, "owner: Dana", "owner:", 1),
			"/owner type", `field "owner" is empty; expected the name of who keeps this entry up to date`},
		{"a month that does not exist", "platform", strings.Replace(platform, "2026-01-10", "2026-13-10", 1),
			"/reviewed pattern", `field "reviewed" is "2026-13-10"; expected a date YYYY-MM-DD`},
		{"a day the month does not have", "platform", strings.Replace(platform, "2027-01-10", "2026-11-31", 1),
			"/next_review pattern", `field "next_review" is "2026-11-31"; expected a date YYYY-MM-DD`},
		{"an unknown field", "platform", platform + "ownr: Dana\n",
			"/ additionalProperties ownr", `unknown field "ownr" in a platform; did you mean "owner"?`},
		{"a mapping for a list", "platform", platform + "tools: {hootsuite: yes}\n",
			"/tools type", `field "tools" must be a list of text items, got a mapping`},
		{"a decision ref that is no id", "platform", platform + "decisions: [DR7]\n",
			"/decisions/0 pattern", `"DR7" in "decisions" is not a known decision; expected the id of a record in content/decisions/`},
		{"a permalink on a platform", "platform", platform + "permalink: /tiktok/\n",
			"/permalink enum", `field "permalink" is not used for a platform: its address is made from its file name (or slug); expected no permalink (aliases keep an old address working)`},
		{"a conditional tool without conditions", "tool", strings.Replace(tool, "status: approved", "status: conditional", 1),
			"/ required conditions", `tool "buffer" is conditional but lists no conditions; expected a "conditions" list saying what users must do`},
		{"sso not in the enum", "tool", strings.Replace(tool, "sso: enforced", "sso: yes", 1),
			"/sso enum", `field "sso" is "yes"; expected one of enforced, supported, unsupported`},
		{"a slug with a space", "tool", tool + "slug: buffer app\n",
			"/slug pattern", `field "slug" is "buffer app"; expected letters, digits, '-', '_' or '.', such as tiktok-ads`},
		{"an id that is no id", "decision", strings.Replace(decision, "DR-0009", "0009", 1),
			"/id pattern", `field "id" is "0009"; expected an ID like DR-0007 (letters, a hyphen, digits)`},
		{"a status misspelt", "decision", strings.Replace(decision, "proposed", "acepted", 1),
			"/status pattern", `field "status" is "acepted"; expected one of proposed, escalated, accepted, rejected, withdrawn, deprecated, superseded (or "superseded by" and the successor's id); did you mean "accepted"?`},
		{"a date written another way", "decision", strings.Replace(decision, "2026-05-20", "20/05/2026", 1),
			"/date pattern", `field "date" is "20/05/2026"; expected a date YYYY-MM-DD`},
		{"accepted without a decision-maker", "decision", strings.Replace(decision, "proposed", "accepted", 1),
			"/ required decided_by", `DR-0009 is accepted but names no decision-maker; expected a "decided_by" field`},
		{"escalated to nobody", "decision", strings.Replace(decision, "proposed", "Escalated", 1),
			"/ required escalated_to", `DR-0009 is escalated but names nobody it was escalated to; expected an "escalated_to" field naming the senior decision-maker`},
		{"superseded by nothing", "decision", strings.Replace(decision, "proposed", "superseded", 1) + "decided_by: Ana\n",
			"/ required superseded_by", `DR-0009 is superseded but names no successor; expected a "superseded_by" field with the id of the record that replaces it`},
		{"decided_by under two names", "decision", decision + "decided_by: Ana\ndeciders: Ana\n",
			"/ not", `field "deciders" is given twice (first on line 9)`},
		{"a slug on a decision", "decision", decision + "slug: tiktok\n",
			"/slug enum", `field "slug" is not used for a decision record: its address is /decisions/<id in lower case>/ whatever its file is called; expected no slug (aliases keep an old address working)`},
		{"deciders under two other names", "decision", decision + "decision-makers: Ana\ndeciders: Ana\n",
			"/ not", `field "deciders" is given twice (first on line 9)`},
		{"a weight that is no number", "page", "title: Glossary\nweight: heavy\n",
			"/weight type", `field "weight" must be a whole number, got "heavy"`},
		{"draft as a word", "page", "title: Glossary\ndraft: maybe\n",
			"/draft type", `field "draft" must be true or false, got "maybe"`},
		{"a field of another kind", "page", "title: Glossary\nstatus: approved\n",
			"/ additionalProperties status", `unknown field "status" in a page; expected one of title, tags, description, weight, draft, aliases, slug, permalink`},
		{"an alias that is no path", "page", "title: Glossary\naliases: [\"/\"]\n",
			"/aliases/0 pattern", `alias "/" is not a site path; expected an old address such as /tools/old-name/`},
	}
	schemas := compile(t, Options{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file, _ := probeFile(c.kind, "x", 0)
			if c.kind == "tool" {
				file = "content/tools/buffer.md"
			}
			src := "---\n" + c.yaml + "---\nBody.\n"
			if errs := siteProblems(t, map[string]string{file: src})[file]; !slices.Contains(errs, c.loader) {
				t.Errorf("the build says %q; want %q", errs, c.loader)
			}
			inst, _ := frontMatter(t, []byte(src))
			err := schemas[c.kind].Validate(inst)
			if err == nil {
				t.Fatalf("%s.schema.json accepts it; want it refused at %s", c.kind, c.fail)
			}
			if got := failures(err); !slices.Contains(got, c.fail) {
				t.Errorf("%s.schema.json refuses it with %q; want %q", c.kind, got, c.fail)
			}
		})
	}
}

// The site's playbook.yaml adds to the schemas what it adds to the
// contract: its extra fields and its statuses.
func TestOptions(t *testing.T) {
	schemas := compile(t, Options{ExtraFields: []string{"sidebar"}, Statuses: []string{"on-hold"}})
	inst, _ := frontMatter(t, []byte("---\nid: DR-0001\ntitle: T\ndate: 2026-01-01\nstatus: On-Hold\nrequested_by: A\nassessed_by: B\nrisk: low\nsidebar: {x: 1}\n---\n"))
	if err := schemas["decision"].Validate(inst); err != nil {
		t.Errorf("refused: %s", strings.Join(failures(err), "; "))
	}
	plain := compile(t, Options{})
	if got := failures(plain["decision"].Validate(inst)); !slices.Contains(got, "/ additionalProperties sidebar") || !slices.Contains(got, "/status pattern") {
		t.Errorf("without the options: %q; want sidebar and the status refused", got)
	}
}

// Write writes one file per kind, named as the README's editor settings
// name them, and the same bytes every time.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	files, err := Write(filepath.Join(dir, "schemas"), Kinds(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if want := []string{"platform.schema.json", "tool.schema.json", "decision.schema.json", "page.schema.json"}; !slices.Equal(names, want) {
		t.Errorf("wrote %q; want %q", names, want)
	}
	first, _ := os.ReadFile(files[2])
	again, _ := Generate(Kinds()[2], Options{})
	if !bytes.Equal(first, again) {
		t.Error("two runs give different bytes")
	}
	if !bytes.Contains(first, []byte(`"$schema": "http://json-schema.org/draft-07/schema#"`)) {
		t.Errorf("decision.schema.json does not name draft-07:\n%.200s", first)
	}
}

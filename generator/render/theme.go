package render

import (
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"playbook/generator/model"
	"playbook/generator/write"
)

// pageTemplates are the templates a theme must provide, one per kind of page.
// Every other templates/*.html file (the base layout, partials) is shared by
// all of them.
var pageTemplates = []string{
	"home.html",
	"platforms.html", "platform.html",
	"tools.html", "tool.html",
	"decisions.html", "decision.html",
	"section.html", "page.html",
	"tags.html", "tag.html",
	"search.html", "request.html", "changes.html",
	"audit.html",
	"404.html",
}

// templates holds one parsed template set per page template, each a clone of
// the shared set with the page template added.
type templates struct {
	sets map[string]*template.Template
	// shared identifies the bytes of the shared templates, page those of
	// each page template: a page is rendered again when either changes.
	shared uint64
	page   map[string]uint64
}

// parseTheme parses the theme's templates once.
func parseTheme(theme fs.FS, site *model.Site) (*templates, error) {
	names, err := fs.Glob(theme, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	slices.Sort(names)
	frags := &fragments{done: map[fragKey]template.HTML{}}
	shared := template.New("").Funcs(funcs(site)).Funcs(template.FuncMap{"cached": frags.cached, "cachedEach": frags.cachedEach})
	sh := fnv.New64a()
	for _, name := range names {
		base := path.Base(name)
		if slices.Contains(pageTemplates, base) {
			continue
		}
		data, err := parseFile(shared, theme, name)
		if err != nil {
			return nil, err
		}
		sh.Write([]byte(name))
		sh.Write(data)
	}
	t := &templates{sets: map[string]*template.Template{}, shared: sh.Sum64(), page: map[string]uint64{}}
	for _, base := range pageTemplates {
		name := "templates/" + base
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("theme: %s is missing; expected one template per kind of page: %s", name, strings.Join(pageTemplates, ", "))
		}
		set, err := shared.Clone()
		if err != nil {
			return nil, fmt.Errorf("theme: %s: %w", name, err)
		}
		data, err := parseFile(set, theme, name)
		if err != nil {
			return nil, err
		}
		t.sets[base] = set
		t.page[base] = model.Fingerprint(data)
	}
	// The shared set is executed only after every clone is made: a set
	// that has been executed cannot be cloned.
	frags.set = shared
	return t, nil
}

// fragments is what the cached template function has made during one
// render: the HTML of a template for each key it was called with.
type fragments struct {
	set  *template.Template
	mu   sync.RWMutex
	done map[fragKey]template.HTML
}

type fragKey struct{ name, key string }

// cached executes the shared template name with data the first time it is
// called with that name and key, and returns the same HTML for every later
// call with them: `{{cached "site-header" .NavKey .}}`. The key must
// capture everything of data the template shows. It is how the parts that
// are the same on most pages (the header of a section, the footer) are
// made once per build instead of once per page, like Hugo's partialCached.
func (f *fragments) cached(name, key string, data any) (template.HTML, error) {
	id := fragKey{name, key}
	f.mu.RLock()
	h, ok := f.done[id]
	f.mu.RUnlock()
	if ok {
		return h, nil
	}
	h, err := f.execute(name, data)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	f.done[id] = h
	f.mu.Unlock()
	return h, nil
}

// cachedEach is cached for every element of list, a slice of structs
// with a string field Key: `{{cachedEach "fact" .Facts}}`. It returns the
// fragments joined, each on a line of its own; an element whose Key is
// empty is made every time. One call instead of one per element matters
// for long lists, such as the 31 pages beside a plain page.
func (f *fragments) cachedEach(name string, list any) (template.HTML, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return "", fmt.Errorf("cachedEach %q: expected a list, got %T", name, list)
	}
	et := v.Type().Elem()
	var kf reflect.StructField
	ok := et.Kind() == reflect.Struct
	if ok {
		kf, ok = et.FieldByName("Key")
	}
	if !ok || kf.Type.Kind() != reflect.String {
		return "", fmt.Errorf("cachedEach %q: expected a list of items with a string field Key, got %T", name, list)
	}
	var b strings.Builder
	for i := range v.Len() {
		e := v.Index(i)
		var h template.HTML
		var err error
		if key := e.FieldByIndex(kf.Index).String(); key != "" {
			h, err = f.cached(name, key, e.Interface())
		} else { // no key: made every time, never shared
			h, err = f.execute(name, e.Interface())
		}
		if err != nil {
			return "", err
		}
		b.WriteByte('\n')
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

// execute runs the shared template name with data.
func (f *fragments) execute(name string, data any) (template.HTML, error) {
	if f.set == nil {
		return "", fmt.Errorf("cached %q: the theme is still being parsed", name)
	}
	var b strings.Builder
	if err := f.set.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("cached %q: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// parseFile adds the file to set as a template named after its base name.
func parseFile(set *template.Template, theme fs.FS, name string) ([]byte, error) {
	data, err := fs.ReadFile(theme, name)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if _, err := set.New(path.Base(name)).Parse(string(data)); err != nil {
		return nil, fmt.Errorf("theme: %s: %w", name, err)
	}
	return data, nil
}

// fingerprint identifies everything a page is made from: its inputs and
// the templates that lay it out.
func (t *templates) fingerprint(j job) uint64 {
	return mix(j.deps, t.shared, t.page[j.tmpl])
}

// execute runs page template name with data.
func (t *templates) execute(w io.Writer, name string, data any) error {
	set, ok := t.sets[name]
	if !ok {
		return fmt.Errorf("no template %s", name)
	}
	return set.ExecuteTemplate(w, name, data)
}

// funcs are the template functions. They format; they do not decide.
func funcs(site *model.Site) template.FuncMap {
	base := site.BasePath()
	src := newSources(site)
	return template.FuncMap{
		// url turns a site-relative URL into the path under the base path.
		// It is called for every link of every page, so the base path is
		// worked out once.
		"url": func(u string) string { return model.UnderBase(base, u) },
		// abs is the full URL, for canonical links.
		"abs": site.AbsURL,
		// date writes a date for readers, or "not recorded".
		"date": func(d model.Date) string {
			if d.IsZero() {
				return notRecorded
			}
			return d.Long()
		},
		// isodate is the machine-readable form for <time datetime>.
		"isodate": func(d model.Date) string { return d.String() },
		// approvalBadge, statusBadge and riskBadge make a badge for a
		// value, for themes that show model values directly.
		"approvalBadge": approvalBadge,
		"statusBadge":   statusBadge,
		"riskBadge":     riskBadge,
		// sourceLinks is the page's "Edit this page" and "History"
		// addresses on the web host, nil without repo_url; commitURL
		// the address of a commit there, "" without it; requestForm
		// the request form's URL on the request process page, else "".
		"sourceLinks": src.links,
		"commitURL":   src.commit,
		"requestForm": requestFormFor(site),
	}
}

// copyStatic copies every file under static/ to the output root.
func copyStatic(theme fs.FS, out write.Output) error {
	if _, err := fs.Stat(theme, "static"); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		rel := strings.TrimPrefix(p, "static/")
		if err := out.WriteFile(rel, data); err != nil {
			return fmt.Errorf("render: write %s: %w", rel, err)
		}
		return nil
	})
}

// hasFile reports whether the theme holds a regular file at name.
func hasFile(theme fs.FS, name string) bool {
	st, err := fs.Stat(theme, name)
	return err == nil && !st.IsDir()
}

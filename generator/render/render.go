// Package render is the room that turns a checked Site into HTML, XML and CSS
// files: one page per platform, tool, decision and plain page, the lists,
// the tag pages, the home page, a 404 page, the sitemap, the code-highlighting
// stylesheet, the theme's static files, the search page and (through package
// search, beside the pages) the search index.
//
// Everything a page shows that needs deciding (is a review overdue, which
// group a tool belongs to, how to word "can I use it?") is decided here in Go
// and handed to the theme's templates as view data; the templates only lay it
// out.
//
// It may import model, markdown (for StyleCSS only), write (for the Output
// interface) and the standard library. It
// does no file I/O of its own except through write.Output and the theme
// fs.FS.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"runtime"
	"sync"

	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/generator/write"
)

// Options configures Render.
type Options struct {
	// Theme holds "templates/*.html" and "static/**"; the static files are
	// copied verbatim to the output root (static/css/site.css → css/site.css).
	Theme fs.FS
	// Workers is the number of goroutines that render pages; <=0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Memo, when set, remembers what every page was made from, so that the
	// next Render with the same Memo renders only the pages whose inputs
	// changed; for the others it calls Keep on the Output, which must then
	// be a Keeper. Nil renders every page.
	Memo *Memo
}

// Memo is what a Render remembers for the next one: for every page, a
// fingerprint of everything the page shows (its own file, the files of the
// records it lists or links, the site settings, today's date and the
// templates it uses).
type Memo struct {
	prev     map[string]uint64
	sitemap  uint64
	Rendered int      // pages rendered by the last Render
	Changed  []string // output paths of the pages rendered by the last Render

	last lastRender // what RenderDoc needs of the last Render
}

// lastRender is what the last Render through a Memo worked out about the
// site as a whole.
type lastRender struct {
	site   *model.Site
	tmpls  *templates
	v      *viewer
	global uint64
}

// RenderDoc renders again the page of d, a document of the site of the last
// Render through m, after ReloadBody (package load) changed its body alone:
// no page but d's own shows more of a document than its front matter and
// title, so no other page changes. It returns the output path written.
func (m *Memo) RenderDoc(d *model.Doc, out write.Output) (string, error) {
	l := m.last
	if l.site == nil {
		return "", errors.New("render: RenderDoc needs a Render through the same Memo first")
	}
	j, ok := l.v.docJob(l.global, d, map[*folder]uint64{})
	if !ok {
		return "", fmt.Errorf("render: %s has no page of its own", d.Path)
	}
	var buf bytes.Buffer
	if err := renderOne(l.tmpls, j, out, &buf); err != nil {
		return "", err
	}
	m.prev[j.rel] = l.tmpls.fingerprint(j)
	m.Rendered, m.Changed = 1, append(m.Changed[:0], j.rel)
	return j.rel, nil
}

// Fingerprints is what each page was made from at the last Render through
// m (output path → fingerprint), for a Memo of a later run (NewMemo).
func (m *Memo) Fingerprints() map[string]uint64 { return maps.Clone(m.prev) }

// NewMemo is a Memo that knows what each page already in the output was
// made from (Fingerprints of the run that wrote them): Render keeps those
// whose fingerprint is the same and renders the others.
func NewMemo(fps map[string]uint64) *Memo { return &Memo{prev: maps.Clone(fps)} }

// Forget makes the next Render through m render the pages at the given
// output paths again, whatever their fingerprints.
func (m *Memo) Forget(rels ...string) {
	for _, rel := range rels {
		delete(m.prev, rel)
	}
}

// Renders reports whether the last Render through m was of site.
func (m *Memo) Renders(site *model.Site) bool { return site != nil && m.last.site == site }

// job is one HTML page to render. Its view is made only when the page is
// rendered, so that a rebuild that keeps most pages does not pay for their
// views.
type job struct {
	rel   string // output path: "tools/hootsuite/index.html"
	url   string // "/tools/hootsuite/"
	src   string // the content file the page shows, "" for a generated list
	title string // for error messages
	tmpl  string // page template: "tool.html"
	view  func() *page
	deps  uint64 // fingerprint of the page's inputs, templates aside
}

// Render writes every page of the site. Pages render in parallel. It returns
// the number of HTML pages written.
func Render(site *model.Site, out write.Output, opts Options) (pages int, err error) {
	if site == nil {
		return 0, errors.New("render: no site")
	}
	if opts.Theme == nil {
		return 0, errors.New("render: no theme")
	}
	tmpls, err := parseTheme(opts.Theme, site)
	if err != nil {
		return 0, err
	}
	v, g, jobs := plan(site)
	if err := collisions(jobs); err != nil {
		return 0, err
	}
	todo := jobs
	var fps map[string]uint64
	if opts.Memo != nil {
		todo, fps, err = opts.Memo.filter(tmpls, jobs, out)
		if err != nil {
			return 0, err
		}
	}
	if err := renderAll(tmpls, todo, out, opts.Workers); err != nil {
		return 0, err
	}
	if err := writeSitemaps(site, jobs, out, opts.Memo); err != nil {
		return 0, err
	}
	if err := copyStatic(opts.Theme, out); err != nil {
		return 0, err
	}
	if !hasFile(opts.Theme, "static/css/chroma.css") {
		if err := out.WriteFile("css/chroma.css", markdown.StyleCSS()); err != nil {
			return 0, fmt.Errorf("render: write css/chroma.css: %w", err)
		}
	}
	if opts.Memo != nil {
		opts.Memo.prev, opts.Memo.Rendered = fps, len(todo)
		opts.Memo.last = lastRender{site: site, tmpls: tmpls, v: v, global: g}
		opts.Memo.Changed = make([]string, 0, len(todo))
		for _, j := range todo {
			opts.Memo.Changed = append(opts.Memo.Changed, j.rel)
		}
	}
	return len(jobs), nil
}

// filter returns the jobs whose fingerprint changed since the last Render,
// keeps the output of the others, and returns every job's fingerprint.
func (m *Memo) filter(t *templates, jobs []job, out write.Output) ([]job, map[string]uint64, error) {
	k, ok := out.(write.Keeper)
	if !ok && m.prev != nil {
		return nil, nil, errors.New("render: a Memo needs an Output that can keep files")
	}
	fps := make(map[string]uint64, len(jobs))
	var todo []job
	for _, j := range jobs {
		fp := t.fingerprint(j)
		fps[j.rel] = fp
		if prev, seen := m.prev[j.rel]; seen && prev == fp {
			k.Keep(j.rel)
			continue
		}
		todo = append(todo, j)
	}
	return todo, fps, nil
}

// plan lists every HTML page of the site, in a stable order, with what each
// one depends on. A page depends on the whole file of the record it shows,
// but only on the front matter (and title) of the records it lists or links
// to: an edit of a body re-renders that page alone.
func plan(site *model.Site) (*viewer, uint64, []job) {
	v := newViewer(site)
	g := v.globalRev()
	all := model.MetaFingerprint(site.Docs()...)
	var jobs []job
	add := func(tmpl, url, title string, view func() *page, deps uint64) {
		jobs = append(jobs, job{rel: outPath(url), url: url, title: title, tmpl: tmpl, view: view, deps: mix(g, deps)})
	}
	add("home.html", homeURL, "Home", v.home, all)
	add("platforms.html", platformsURL, "Platforms", v.platformList, all)
	folderMetas := map[*folder]uint64{}
	docJobs := func(docs []*model.Doc) {
		for _, d := range docs {
			if j, ok := v.docJob(g, d, folderMetas); ok {
				jobs = append(jobs, j)
			}
		}
	}
	docJobs(docsOf(site.Platforms))
	add("tools.html", toolsURL, "Tools", v.toolList, all)
	docJobs(docsOf(site.Tools))
	add("decisions.html", decisionsURL, "Decisions", v.decisionList, all)
	add("audit.html", auditURL, "Auditor's view", v.audit, all)
	add("changes.html", changesURL, "What changed", v.changesPage, all)
	docJobs(docsOf(site.Decisions))
	for _, f := range v.folderList {
		add("section.html", f.URL, f.Title, func() *page { return v.section(f) }, all)
		if f.Index != nil {
			jobs[len(jobs)-1].src = f.Index.Path
		}
	}
	docJobs(docsOf(site.Pages))
	add("tags.html", tagsURL, "Tags", v.tagList, all)
	add("search.html", searchURL, "Search", v.searchPage, 0)
	add("request.html", requestFormURL(site), "Request a platform or tool", v.requestPage, mix(all, requestRev(site)))
	for _, t := range v.tags {
		add("tag.html", t.URL, t.Name, func() *page { return v.tag(t) }, model.MetaFingerprint(t.Docs...))
	}
	jobs = append(jobs, job{rel: "404.html", url: "/404.html", title: "Page not found", tmpl: "404.html", view: v.notFound, deps: mix(g, all)})
	return v, g, jobs
}

// docJob is the job of the page that shows one content file, if it has one
// (a folder's _index.md has none: its folder's list page shows it). g is
// the site's globalRev; folderMetas caches the fingerprints of folders'
// page lists.
func (v *viewer) docJob(g uint64, d *model.Doc, folderMetas map[*folder]uint64) (job, bool) {
	mk := func(tmpl, title string, view func() *page, deps uint64) (job, bool) {
		return job{rel: outPath(d.URL), url: d.URL, src: d.Path, title: title, tmpl: tmpl, view: view, deps: mix(g, deps)}, true
	}
	switch x := v.owners[d].(type) {
	case *model.Platform:
		return mk("platform.html", x.Title, func() *page { return v.platform(x) },
			mix(x.Rev, metasOf(x.Tools), metasOf(x.Decisions)))
	case *model.Tool:
		return mk("tool.html", x.Title, func() *page { return v.tool(x) },
			mix(x.Rev, metasOf(x.Platforms), metasOf(x.Decisions)))
	case *model.Decision:
		deps := mix(x.Rev, metasOf(x.Platforms), metasOf(x.Tools), metasOf(x.SupersedesRecs), metasOf(x.Chain))
		if x.Successor != nil {
			deps = mix(deps, x.Successor.MetaRev)
		}
		return mk("decision.html", x.ID, func() *page { return v.decision(x) }, deps)
	case *model.Page:
		if x.IsIndex {
			return job{}, false
		}
		deps := x.Rev
		if f, ok := v.folders[parentURL(x.URL)]; ok {
			// The folder's pages are listed beside it.
			fm, ok := folderMetas[f]
			if !ok {
				fm = metasOf(f.Pages)
				folderMetas[f] = fm
			}
			deps = mix(deps, fm)
		}
		return mk("page.html", x.Title, func() *page { return v.plainPage(x) }, deps)
	}
	return job{}, false
}

// docsOf is the documents of records of any kind.
func docsOf[T interface{ Document() *model.Doc }](xs []T) []*model.Doc {
	docs := make([]*model.Doc, len(xs))
	for i, x := range xs {
		docs[i] = x.Document()
	}
	return docs
}

// collisions refuses two pages that would be written to the same file, so
// that no page silently replaces another.
func collisions(jobs []job) error {
	seen := map[string]string{}
	for _, j := range jobs {
		if other, ok := seen[j.rel]; ok {
			return fmt.Errorf("render: %q and %q would both be written to %s; expected every page to have its own URL", other, j.title, j.rel)
		}
		seen[j.rel] = j.title
	}
	return nil
}

// outPath is the file of a pretty URL: "/tools/x/" → "tools/x/index.html".
func outPath(url string) string {
	rel := trimSlashes(url)
	if rel == "" {
		return "index.html"
	}
	return rel + "/index.html"
}

// renderAll executes every job on a pool of workers and writes the results.
// When pages fail, the error of the first failing job (in plan order) is
// returned, so the error does not depend on scheduling.
func renderAll(t *templates, jobs []job, out write.Output, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				errs[i] = renderOne(t, jobs[i], out, &buf)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstError(errs)
}

// renderOne executes one page template and writes the page. A panic in a
// template function becomes an error naming the page.
func renderOne(t *templates, j job, out write.Output, buf *bytes.Buffer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("render %s (template %s): panic: %v", j.rel, j.tmpl, r)
		}
	}()
	buf.Reset()
	if err := t.execute(buf, j.tmpl, j.view()); err != nil {
		return fmt.Errorf("render %s (template %s): %w", j.rel, j.tmpl, err)
	}
	if err := out.WriteFile(j.rel, buf.Bytes()); err != nil {
		return fmt.Errorf("render: write %s: %w", j.rel, err)
	}
	return nil
}

// firstError returns the first non-nil error, saying how many others failed.
func firstError(errs []error) error {
	var first error
	more := 0
	for _, e := range errs {
		switch {
		case e == nil:
		case first == nil:
			first = e
		default:
			more++
		}
	}
	if first != nil && more > 0 {
		return fmt.Errorf("%w (and %d more pages failed)", first, more)
	}
	return first
}

// mix combines fingerprints, in order.
func mix(xs ...uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, x := range xs {
		for i := range b {
			b[i] = byte(x >> (8 * i))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

// metasOf fingerprints records of any kind.
func metasOf[T interface{ Document() *model.Doc }](xs []T) uint64 {
	return model.MetaFingerprint(docsOf(xs)...)
}

// globalRev fingerprints what every page shows: the site's settings, today's
// date, the set of pages (for navigation and links) and the folder intros.
func (v *viewer) globalRev() uint64 {
	s := v.site
	h := fnv.New64a()
	h.Write([]byte(s.Title + "\x00" + s.BaseURL + "\x00" + s.Today.String() + "\x00" + s.HistoryRev + "\x00" + s.RequestURL + "\x00" + s.RepoURL + "\x00" + s.Branch + "\x00" + s.RepoPrefix + "\x00" + s.RequestEmail + "\x00" + s.Commit + "\x00"))
	h.Write([]byte{byte(s.ConfigRev), byte(s.ConfigRev >> 8), byte(s.ConfigRev >> 16), byte(s.ConfigRev >> 24), byte(s.ConfigRev >> 32), byte(s.ConfigRev >> 40), byte(s.ConfigRev >> 48), byte(s.ConfigRev >> 56)})
	for _, d := range s.Docs() {
		h.Write([]byte(d.Path + "\x00" + d.URL + "\x00"))
	}
	for _, p := range s.Pages {
		if p.IsIndex {
			h.Write([]byte{byte(p.Rev), byte(p.Rev >> 8), byte(p.Rev >> 16), byte(p.Rev >> 24), byte(p.Rev >> 32), byte(p.Rev >> 40), byte(p.Rev >> 48), byte(p.Rev >> 56)})
		}
	}
	return h.Sum64()
}

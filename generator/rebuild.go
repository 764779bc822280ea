package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"playbook/generator/check"
	"playbook/generator/contain"
	"playbook/generator/export"
	"playbook/generator/load"
	"playbook/generator/model"
	"playbook/generator/search"
	"playbook/generator/write"
)

// Rebuilder builds a site into memory again and again, as `playbook serve`
// needs: each Rebuild reads only the files that changed, renders only the
// pages whose inputs changed, and returns a new snapshot that shares the
// bytes of every unchanged file with the previous one. It never writes to
// disk. It is not safe for concurrent use; snapshots are read-only and may be
// read by many goroutines.
type Rebuilder struct {
	opts   Options
	caches *caches
	last   *Snapshot
	// site is the site of the last successful Rebuild, for the body-only
	// path and for StartSearch; result is that Rebuild's Result.
	site   *model.Site
	result Result
	// gen counts successful Rebuilds, so that a SearchJob knows whether
	// the site changed while it ran.
	gen int
	// DeferSearch makes Rebuild keep the previous search index; the caller
	// then calls RebuildSearch once the pages are out.
	DeferSearch bool
}

type assetEntry struct {
	size, mtime int64
	data        []byte
}

// Snapshot is one successful build held in memory.
type Snapshot struct {
	Files map[string][]byte // output path ("tools/hootsuite/index.html") → bytes
	Build int               // 1 for the first build, then counting
}

// Update says what a Rebuild did.
type Update struct {
	Result   Result
	Snapshot *Snapshot // the new site; nil when the build failed
	Changed  []string  // output paths added, changed or removed, sorted
	Rendered []string  // output paths of the pages rendered (the others were kept)
	// BodiesOnly says that only the bodies of existing pages changed, so
	// the site of the last Rebuild was kept and only their pages rendered.
	BodiesOnly bool
}

// NewRebuilder prepares in-memory builds of the site in opts.Source. Out is
// ignored.
func NewRebuilder(opts Options) *Rebuilder {
	opts.defaults()
	return &Rebuilder{opts: opts, caches: newCaches()}
}

// Rebuild builds the site again. dirty names files (slash paths relative to
// the source folder) known to have changed, so that they are read again even
// when their size and time look unchanged. On content errors the returned
// error is a *diag.Errors, and the last good snapshot stays current.
func (r *Rebuilder) Rebuild(dirty ...string) (Update, error) {
	start := time.Now()
	if u, ok := r.rebuildBodies(start, dirty); ok {
		return u, nil
	}
	c := r.caches
	c.load.Invalidate(dirty...)
	for _, d := range dirty {
		delete(c.assets, d)
	}
	var out *memOut
	open := func() (sink, error) {
		out = &memOut{prev: r.lastFiles(), next: map[string][]byte{}}
		if r.DeferSearch {
			for rel := range out.prev {
				if isSearchIndex(rel) {
					out.Keep(rel)
				}
			}
		}
		return out, nil
	}
	site, res, err := run(r.opts, c, open, runOptions{deferSearch: r.DeferSearch})
	u := Update{Result: res}
	if err != nil {
		return u, err
	}
	snap := &Snapshot{Files: out.next, Build: 1}
	if r.last != nil {
		snap.Build = r.last.Build + 1
	}
	u.Changed = changed(out.prev, out.next)
	u.Snapshot, u.Rendered = snap, slices.Clone(c.pages.Changed)
	u.Result.Elapsed = time.Since(start)
	r.last, r.site, r.result = snap, site, u.Result
	r.gen++
	return u, nil
}

// lastFiles is the files of the last snapshot, or nil.
func (r *Rebuilder) lastFiles() map[string][]byte {
	if r.last == nil {
		return nil
	}
	return r.last.Files
}

// rebuildBodies is Rebuild's fast path for the commonest save: the body of
// one or more existing pages changed and nothing else did. The site of the
// last Rebuild is kept; each body is converted again in place and only its
// own page is rendered, since every other page shows no more of a document
// than its front matter and title. It says ok=false, having changed
// nothing, when that does not hold (any file that is not such a page, a
// front matter or title that changed, a new problem, an earlier problem in
// one of the files, a new day), and Rebuild then does the full rebuild.
func (r *Rebuilder) rebuildBodies(start time.Time, dirty []string) (Update, bool) {
	if r.last == nil || len(dirty) == 0 || !r.caches.pages.Renders(r.site) || r.opts.Strict {
		return Update{}, false
	}
	if today, err := Today(r.opts.Now); err != nil || today != r.site.Today {
		return Update{}, false
	}
	for _, p := range r.result.Problems {
		if slices.Contains(dirty, p.File) {
			return Update{}, false
		}
	}
	var docs []*model.Doc
	for _, rel := range slices.Compact(slices.Sorted(slices.Values(dirty))) {
		if r.passing(rel) {
			continue
		}
		// A body can make or clear a warning of check (a placeholder left
		// in a decided record): then the whole site is checked again.
		before := check.BodyProblems(r.site, rel)
		d, ok := load.ReloadBody(r.caches.load, r.site, rel)
		if !ok {
			return Update{}, false
		}
		if !slices.Equal(before, check.BodyProblems(r.site, rel)) {
			r.site = nil
			return Update{}, false
		}
		docs = append(docs, d)
	}
	// From here on the kept site has the new bodies: on a failure the full
	// rebuild that follows must not trust it, nor the fingerprints of the
	// pages rendered from it.
	out := carryOver(r.last.Files, r.DeferSearch)
	var rendered []string
	for _, d := range docs {
		rel, err := r.caches.pages.RenderDoc(d, out)
		if err != nil {
			r.caches.pages.Forget(rendered...)
			r.site = nil
			return Update{}, false
		}
		rendered = append(rendered, rel)
	}
	if !r.DeferSearch {
		if err := search.Write(r.site, out, search.Options{Cache: r.caches.search}); err != nil {
			r.caches.pages.Forget(rendered...)
			r.site = nil
			return Update{}, false
		}
	}
	if err := out.manifest(r.caches, r.site); err != nil {
		r.caches.pages.Forget(rendered...)
		r.site = nil
		return Update{}, false
	}
	r.caches.load.Invalidate(dirty...)
	snap := &Snapshot{Files: out.next, Build: r.last.Build + 1}
	u := Update{Result: r.result, Snapshot: snap, Rendered: rendered, Changed: changed(out.prev, out.next), BodiesOnly: true}
	u.Result.Elapsed = time.Since(start)
	r.last = snap
	r.gen++
	return u, true
}

// passing reports whether a changed path under content/ cannot change the
// site: a hidden file, which the build never reads (an editor's swap or
// lock file), or a file that is gone and was not part of the last build
// (an editor's temporary file or backup, made and removed within one
// save), with no page or asset of the site at or under it.
func (r *Rebuilder) passing(rel string) bool {
	if !strings.HasPrefix(rel, "content/") {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	if _, err := os.Lstat(filepath.Join(r.opts.Source, filepath.FromSlash(rel))); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	under := func(p string) bool { return p == rel || strings.HasPrefix(p, rel+"/") }
	for _, d := range r.site.Docs() {
		if under(d.Path) {
			return false
		}
	}
	for _, a := range r.site.Assets {
		if under(a.Path) {
			return false
		}
	}
	return true
}

// isSearchIndex reports whether an output path is a file of the search
// index (the search page itself is a page like any other).
func isSearchIndex(rel string) bool {
	return strings.HasPrefix(rel, "search/") && rel != "search/index.html"
}

// RebuildSearch writes the search index of the last successful Rebuild into
// a new snapshot, for a Rebuilder with DeferSearch: a SearchJob run on the
// caller's goroutine. Only index files whose bytes changed are reported.
func (r *Rebuilder) RebuildSearch() (Update, error) {
	start := time.Now()
	j := r.StartSearch()
	if j == nil {
		return Update{}, nil
	}
	j.Run()
	u, _, err := r.FinishSearch(j)
	u.Result.Elapsed = time.Since(start)
	return u, err
}

// carryOver is an output that starts with the files of prev, its search
// index's only when search is true, so that what is written next replaces
// or adds to them (sharing the previous bytes of files that come out the
// same).
func carryOver(prev map[string][]byte, search bool) *memOut {
	out := &memOut{prev: prev, next: make(map[string][]byte, len(prev))}
	for rel, b := range prev {
		if search || !isSearchIndex(rel) {
			out.next[rel] = b
		}
	}
	return out
}

// SearchJob builds the search index of the last successful Rebuild on a
// goroutine of its own, so that serve's next Rebuild need not wait for it.
// It works on copies of the site's records, which later Rebuilds do not
// change (the body-only path changes the originals' body fields only, and
// the full path makes a new site).
type SearchJob struct {
	site  *model.Site
	cache *search.Cache
	gen   int
	files map[string][]byte
	err   error
}

// StartSearch prepares a SearchJob for the last successful Rebuild, or
// returns nil when there is none. While a job runs, the Rebuilder must have
// DeferSearch set and RebuildSearch must not be called: those share the
// job's cache of analyses. At most one job may run at a time.
func (r *Rebuilder) StartSearch() *SearchJob {
	if r.site == nil || r.last == nil {
		return nil
	}
	s := *r.site
	s.Platforms = copyAll(r.site.Platforms)
	s.Tools = copyAll(r.site.Tools)
	s.Decisions = copyAll(r.site.Decisions)
	s.Pages = copyAll(r.site.Pages)
	return &SearchJob{site: &s, cache: r.caches.search, gen: r.gen}
}

// copyAll copies each record of a list.
func copyAll[T any](xs []*T) []*T {
	out := make([]*T, len(xs))
	for i, x := range xs {
		c := *x
		out[i] = &c
	}
	return out
}

// Run builds the index. It may be called on any goroutine, once.
func (j *SearchJob) Run() {
	out := &memOut{next: map[string][]byte{}}
	j.err = search.Write(j.site, out, search.Options{Cache: j.cache})
	j.files = out.next
}

// FinishSearch puts the index a SearchJob built into a new snapshot, on the
// Rebuilder's goroutine. It says ok=false, and changes nothing, when a
// Rebuild succeeded since the job started: that index is already out of
// date, and serve starts another job.
func (r *Rebuilder) FinishSearch(j *SearchJob) (Update, bool, error) {
	if j.err != nil {
		return Update{}, false, j.err
	}
	if j.gen != r.gen || r.last == nil {
		return Update{}, false, nil
	}
	out := carryOver(r.last.Files, false)
	for rel, b := range j.files {
		out.WriteFile(rel, b)
	}
	if err := out.manifest(r.caches, j.site); err != nil {
		return Update{}, false, err
	}
	snap := &Snapshot{Files: out.next, Build: r.last.Build + 1}
	u := Update{Snapshot: snap, Changed: changed(out.prev, out.next)}
	r.last = snap
	return u, true, nil
}

// publish puts an asset into the map, reusing the bytes read before when
// its size and time did not change.
func (m *memOut) publish(c *caches, root *contain.Root, a model.Asset) error {
	fi, _, err := root.Stat(a.Path)
	if err != nil {
		return err
	}
	e, ok := c.assets[a.Path]
	if !ok || e.size != fi.Size() || e.mtime != fi.ModTime().UnixNano() {
		data, err := root.ReadFile(a.Path, load.MaxAsset)
		if err != nil {
			return err
		}
		e = assetEntry{size: fi.Size(), mtime: fi.ModTime().UnixNano(), data: data}
		c.assets[a.Path] = e
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.next[a.Out]; dup {
		return fmt.Errorf("%s: %w", a.Out, write.ErrExists)
	}
	m.next[a.Out] = e.data
	return nil
}

// changed lists the paths whose bytes differ between two snapshots.
func changed(prev, next map[string][]byte) []string {
	var out []string
	for rel, b := range next {
		if old, ok := prev[rel]; !ok || !bytes.Equal(old, b) {
			out = append(out, rel)
		}
	}
	for rel := range prev {
		if _, ok := next[rel]; !ok {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return out
}

// memOut is a render.Output into a map that can keep the previous build's
// bytes of a page.
type memOut struct {
	mu         sync.Mutex
	prev, next map[string][]byte
}

func (m *memOut) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.prev[rel]; ok && bytes.Equal(old, data) {
		m.next[rel] = old
		return nil
	}
	m.next[rel] = bytes.Clone(data) // data may be reused by the caller
	return nil
}

// Keep keeps the previous build's file at rel, if it had one (the feed
// and the sitemap are left out without an absolute base_url).
func (m *memOut) Keep(rel string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := m.prev[rel]; ok {
		m.next[rel] = b
	}
}

// manifest writes exports/manifest.json into the map, from every other
// file in it: call it once the map holds everything else of the snapshot.
func (m *memOut) manifest(c *caches, site *model.Site) error {
	data, err := c.manifest.Manifest(site, maps.All(m.next))
	if err != nil {
		return err
	}
	return m.WriteFile(export.ManifestJSON, data)
}

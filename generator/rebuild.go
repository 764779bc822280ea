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
	"playbook/generator/diag"
	"playbook/generator/export"
	"playbook/generator/history"
	"playbook/generator/load"
	"playbook/generator/model"
	"playbook/generator/render"
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
	opts    Options
	history *history.Log // read again when the checked-out commit changes
	cache   *load.Cache
	memo    *render.Memo
	last    *Snapshot
	assets  map[string]assetEntry
	// exportFP fingerprints what the last exports were made from.
	exportFP uint64
	// manifests hashes again only the files whose bytes changed.
	manifests export.ManifestCache
	// site is the site of the last successful Rebuild, for RebuildSearch;
	// result is that Rebuild's Result.
	site   *model.Site
	result Result
	// gen counts successful Rebuilds, so that a SearchJob knows whether
	// the site changed while it ran.
	gen int
	// changes are the status changes read at the commit changesAt.
	changes   []model.StatusChange
	changesAt string
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
	return &Rebuilder{opts: opts, cache: load.NewCache(), memo: &render.Memo{}, assets: map[string]assetEntry{}}
}

// Last is the latest successful snapshot, or nil.
func (r *Rebuilder) Last() *Snapshot { return r.last }

// Rebuild builds the site again. dirty names files (slash paths relative to
// the source folder) known to have changed, so that they are read again even
// when their size and time look unchanged. On content errors the returned
// error is a *diag.Errors, and the last good snapshot stays current.
func (r *Rebuilder) Rebuild(dirty ...string) (Update, error) {
	start := time.Now()
	if u, ok := r.rebuildBodies(start, dirty); ok {
		return u, nil
	}
	r.cache.Invalidate(dirty...)
	for _, d := range dirty {
		delete(r.assets, d)
	}
	site, cfg, probs, err := loadWith(r.opts, r.cache)
	if err != nil {
		return Update{}, err
	}
	u := Update{Result: counts(site)}
	u.Result.Problems = probs
	if probs.HasErrors() {
		u.Result.Elapsed = time.Since(start)
		return u, &diag.Errors{List: probs}
	}
	if !r.opts.NoHistory {
		if head := history.Head(r.opts.Source); r.history == nil || head != r.history.Head {
			log, err := history.Read(r.opts.Source)
			if err != nil {
				u.Result.Notes = append(u.Result.Notes, "no change history: git log failed: "+err.Error())
			}
			if log == nil {
				log = &history.Log{Head: head}
			}
			r.history = log
		}
		u.Result.Notes = append(u.Result.Notes, attachHistory(site, r.opts.Source, r.history)...)
		if r.changesAt != r.history.Head {
			r.changes, r.changesAt = nil, r.history.Head
			if c, err := history.Changes(r.opts.Source, ""); err == nil {
				r.changes = c
			}
		}
		site.StatusChanges, site.Commit = r.changes, r.history.Head
	}
	out := &memOut{next: map[string][]byte{}}
	if r.last != nil {
		out.prev = r.last.Files
	}
	memo := *r.memo
	pages, err := render.Render(site, out, render.Options{Theme: Theme(r.opts.Source), Memo: &memo, NoSearch: r.DeferSearch})
	if err == nil && r.DeferSearch {
		for rel := range out.prev {
			if isSearchIndex(rel) {
				out.Keep(rel)
			}
		}
	}
	expFP := export.Fingerprint(site)
	if err == nil {
		if r.last != nil && expFP == r.exportFP {
			for _, f := range export.Files {
				out.Keep(f)
			}
		} else {
			err = export.Write(site, out)
		}
	}
	if err != nil {
		return u, err
	}
	root, err := load.Root(r.opts.Source, cfg)
	if err != nil {
		return u, err
	}
	if err := writeAliases(site, out); err != nil {
		return u, err
	}
	for _, a := range site.Assets {
		data, err := r.asset(root, a.Path)
		if err != nil {
			return u, fmt.Errorf("%s: cannot publish: %w", a.Path, unwrapPath(err))
		}
		if _, dup := out.next[a.Out]; dup {
			return u, fmt.Errorf("%s: cannot publish: %s: %w", a.Path, a.Out, write.ErrExists)
		}
		out.next[a.Out] = data
	}
	if err := r.manifest(site, out); err != nil {
		return u, err
	}
	*r.memo = memo
	r.exportFP = expFP
	snap := &Snapshot{Files: out.next, Build: 1}
	if r.last != nil {
		snap.Build = r.last.Build + 1
	}
	u.Changed = changed(out.prev, out.next)
	u.Snapshot, u.Rendered = snap, slices.Clone(memo.Changed)
	u.Result.Pages = pages
	u.Result.Elapsed = time.Since(start)
	r.last, r.site, r.result = snap, site, u.Result
	r.gen++
	return u, nil
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
	if r.last == nil || len(dirty) == 0 || !r.memo.Renders(r.site) || r.opts.Strict {
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
		d, ok := load.ReloadBody(r.cache, r.site, rel)
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
		rel, err := r.memo.RenderDoc(d, out)
		if err != nil {
			r.memo.Forget(rendered...)
			r.site = nil
			return Update{}, false
		}
		rendered = append(rendered, rel)
	}
	if !r.DeferSearch {
		if err := render.WriteSearch(r.site, out, r.memo); err != nil {
			r.memo.Forget(rendered...)
			r.site = nil
			return Update{}, false
		}
	}
	if err := r.manifest(r.site, out); err != nil {
		r.memo.Forget(rendered...)
		r.site = nil
		return Update{}, false
	}
	r.cache.Invalidate(dirty...)
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
	return &SearchJob{site: &s, cache: r.memo.SearchCache(), gen: r.gen}
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
	if err := r.manifest(j.site, out); err != nil {
		return Update{}, false, err
	}
	snap := &Snapshot{Files: out.next, Build: r.last.Build + 1}
	u := Update{Snapshot: snap, Changed: changed(out.prev, out.next)}
	r.last = snap
	return u, true, nil
}

// asset reads an asset, or returns the bytes read before when its size and
// time did not change.
func (r *Rebuilder) asset(root *contain.Root, rel string) ([]byte, error) {
	fi, _, err := root.Stat(rel)
	if err != nil {
		return nil, err
	}
	if e, ok := r.assets[rel]; ok && e.size == fi.Size() && e.mtime == fi.ModTime().UnixNano() {
		return e.data, nil
	}
	data, err := root.ReadFile(rel, load.MaxAsset)
	if err != nil {
		return nil, err
	}
	r.assets[rel] = assetEntry{size: fi.Size(), mtime: fi.ModTime().UnixNano(), data: data}
	return data, nil
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

// manifest writes exports/manifest.json into out, from every other file of
// out: call it once out holds everything else of the snapshot.
func (r *Rebuilder) manifest(site *model.Site, out *memOut) error {
	data, err := r.manifests.Manifest(site, maps.All(out.next))
	if err != nil {
		return err
	}
	return out.WriteFile(export.ManifestJSON, data)
}

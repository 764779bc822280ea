package load

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sync"

	"playbook/generator/contain"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/model"
)

// fileInfo is a markdown file found by the walk.
type fileInfo struct {
	rel   string
	real  string // where the file really is, links followed
	size  int64
	mtime int64 // UnixNano
}

// Cache keeps, between two loads of the same site, the records read from
// each file (by size and modification time) and the HTML of each body (by
// its bytes and the set of pages it could link to). It is safe for one load
// at a time.
type Cache struct {
	config string // the configuration the entries were made under
	files  map[string]cachedFile
	dirty  map[string]bool

	mu     sync.Mutex
	bodies map[bodyKey]bodyResult
	used   map[bodyKey]bool

	conv       *markdown.Converter
	convUnsafe bool
	disk       *diskCache // the body cache on disk (diskcache.go); nil with Options.NoCache

	last lastLoad // what ReloadBody needs of the last load
}

// lastLoad is what the last load through a Cache worked out about the site
// as a whole: the pages and assets a body may link to.
type lastLoad struct {
	site  *model.Site
	root  *contain.Root
	shape uint64
	links *linkSet
}

type cachedFile struct {
	size, mtime int64
	rec         any
	probs       diag.List
	rev         uint64
}

type bodyKey struct {
	path  string
	rev   uint64
	shape uint64
}

type bodyResult struct {
	res markdown.Result
	err error
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{files: map[string]cachedFile{}, bodies: map[bodyKey]bodyResult{}, dirty: map[string]bool{}}
}

// Invalidate forgets what is known of the given files (slash paths relative
// to the site folder, such as "content/tools/hootsuite.md"), so that they are
// read again even when their size and time did not change.
func (c *Cache) Invalidate(rels ...string) {
	for _, r := range rels {
		c.dirty[r] = true
	}
}

// begin starts a load: entries made under another configuration are
// dropped.
func (c *Cache) begin(opts Options) {
	key := fmtConfig(opts)
	if key != c.config {
		c.config = key
		c.files = map[string]cachedFile{}
		c.bodies = map[bodyKey]bodyResult{}
	}
	c.used = map[bodyKey]bool{}
	c.disk = nil
	if !opts.NoCache {
		c.disk = openDiskCache(opts.Config.UnsafeHTML)
	}
}

// fmtConfig is every setting of the site as text (maps in key order): a
// record is read, and a body rendered, under the settings, so the cache
// starts again when any of them changes.
func fmtConfig(opts Options) string {
	return fmt.Sprintf("%#v", opts.Config)
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// record returns a fresh copy of the cached record of f when the file did
// not change.
func (c *Cache) record(f fileInfo) (rec any, probs diag.List, rev uint64, ok bool) {
	e, found := c.files[f.rel]
	if !found || c.dirty[f.rel] || e.size != f.size || e.mtime != f.mtime || f.mtime == 0 {
		return nil, nil, 0, false
	}
	return clone(e.rec), e.probs, e.rev, true
}

// keep stores what was read of f.
func (c *Cache) keep(f fileInfo, rec any, probs diag.List, rev uint64) {
	delete(c.dirty, f.rel)
	c.files[f.rel] = cachedFile{size: f.size, mtime: f.mtime, rec: clone(rec), probs: probs, rev: rev}
}

// end drops the entries of files and bodies the load did not use.
func (c *Cache) end(files []fileInfo) {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		seen[f.rel] = true
	}
	for rel := range c.files {
		if !seen[rel] {
			delete(c.files, rel)
		}
	}
	for k := range c.bodies {
		if !c.used[k] {
			delete(c.bodies, k)
		}
	}
	clear(c.dirty)
	if c.disk != nil {
		c.disk.prune()
	}
}

func (c *Cache) converter(unsafe bool) *markdown.Converter {
	if c.conv == nil || c.convUnsafe != unsafe {
		c.conv, c.convUnsafe = markdown.New(markdown.Options{Unsafe: unsafe}), unsafe
	}
	return c.conv
}

// convert renders a body, or returns the HTML rendered last time for the
// same bytes and the same set of link targets: by this Cache in memory, or
// by any earlier run from the disk cache when the links it resolved resolve
// the same way now.
func (c *Cache) convert(d *model.Doc, shape uint64, resolve markdown.Resolver) (markdown.Result, error) {
	k := bodyKey{path: d.Path, rev: d.Rev, shape: shape}
	c.mu.Lock()
	r, ok := c.bodies[k]
	c.used[k] = true
	c.mu.Unlock()
	if ok {
		return r.res, r.err
	}
	res, err := c.convertDisk(d, resolve)
	c.mu.Lock()
	c.bodies[k] = bodyResult{res: res, err: err}
	c.mu.Unlock()
	return res, err
}

// clone copies a record so that what a load fills in (relations, HTML) never
// reaches the cached original.
func clone(rec any) any {
	switch r := rec.(type) {
	case *model.Platform:
		c := *r
		return &c
	case *model.Tool:
		c := *r
		return &c
	case *model.Decision:
		c := *r
		return &c
	case *model.Page:
		c := *r
		return &c
	case skipped:
		return r
	}
	return nil
}

// revOf identifies a file's bytes.
func revOf(src []byte) uint64 { return model.Fingerprint(src) }

// add puts a record in the site.
func (l *loader) add(rec any, rev uint64) {
	switch r := rec.(type) {
	case *model.Platform:
		r.Rev = rev
		l.site.Platforms = append(l.site.Platforms, r)
	case *model.Tool:
		r.Rev = rev
		l.site.Tools = append(l.site.Tools, r)
	case *model.Decision:
		r.Rev = rev
		l.site.Decisions = append(l.site.Decisions, r)
	case *model.Page:
		r.Rev = rev
		l.site.Pages = append(l.site.Pages, r)
	case skipped:
		l.site.Skipped = append(l.site.Skipped, string(r))
	}
}

// shapeOf identifies what a body's links can resolve to: every page's path
// and URL, every asset and the base URL. Adding, removing or renaming a
// file, or changing a decision's id, changes it.
func shapeOf(s *model.Site) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s.BaseURL))
	docs := s.Docs()
	lines := make([]string, 0, len(docs)+len(s.Assets))
	for _, d := range docs {
		lines = append(lines, d.Path+"\x00"+d.URL)
	}
	for _, a := range s.Assets {
		lines = append(lines, a.Path)
	}
	slices.Sort(lines)
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// convertDisk converts a body through the disk cache, when there is one.
func (c *Cache) convertDisk(d *model.Doc, resolve markdown.Resolver) (markdown.Result, error) {
	if c.disk == nil {
		return c.conv.Convert(d.Body, d.BodyLine, resolve)
	}
	k := c.disk.key(d.Body, d.BodyLine)
	if res, ok := c.disk.get(k, resolve); ok {
		return res, nil
	}
	rec := &recorder{resolve: resolve}
	res, err := c.conv.Convert(d.Body, d.BodyLine, rec.ask)
	if err == nil {
		c.disk.put(k, res, rec.list)
	}
	return res, err
}

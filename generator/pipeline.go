package generator

import (
	"crypto/sha256"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"sync"
	"time"

	"playbook/generator/check"
	"playbook/generator/config"
	"playbook/generator/contain"
	"playbook/generator/diag"
	"playbook/generator/export"
	"playbook/generator/history"
	"playbook/generator/link"
	"playbook/generator/load"
	"playbook/generator/model"
	"playbook/generator/render"
	"playbook/generator/search"
	"playbook/generator/write"
)

// This file is the pipeline: every build goes through run, the command
// line's `build` into a staging folder on disk and each of serve's
// rebuilds into memory. The stages, in order:
//
//  1. load    the configuration, every content file and the theme (load)
//  2. link    records joined both ways, refs written on either side (link)
//  3. check   every rule of the content, and one file per output path
//     (check, outputProblems); check only reads
//  4. history what git says about each file and each status (history);
//     only for a site without errors
//  5. render  every page (render), beside
//  6. search  the search index (search), and
//  7. export  the CSV, JSON, iCalendar and Atom exports (export)
//  8. write   the alias pages, the assets and the manifest into the sink
//
// Each stage reads the site and what it keeps in caches; no stage calls
// another. Serve's Rebuilder takes a shorter route for a save that changed
// only the bodies of existing pages (rebuildBodies in rebuild.go): load
// (load.ReloadBody), check (check.BodyProblems), render (Memo.RenderDoc),
// search and write, on the site of the last run. What a stage keeps between runs lives in caches: a build from
// the command line starts with empty ones (the body cache on disk aside,
// see load), serve's Rebuilder keeps them from one save to the next.

// caches are what the stages keep from one run to the next.
type caches struct {
	load     *load.Cache          // load: each file's record, by size and time
	pages    *render.Memo         // render: what each page was made from
	search   *search.Cache        // search: each document's analysis
	exports  uint64               // export: what the kept exports were made from
	exported bool                 // export: whether exports is set
	manifest export.ManifestCache // write: each output file's hash
	assets   map[string]assetEntry
	history  historyCache
}

// newCaches are the empty caches of a run that will be followed by others
// (serve); a single build runs with &caches{}, which keeps nothing.
func newCaches() *caches {
	return &caches{load: load.NewCache(), pages: &render.Memo{}, search: search.NewCache(), assets: map[string]assetEntry{}}
}

// historyCache is what git said at one commit.
type historyCache struct {
	head    string
	log     *history.Log
	changes []model.StatusChange
	notes   []string
}

// sink is where the write stage puts the site: a staging folder (diskOut)
// or a map in memory (memOut).
type sink interface {
	write.Output
	write.Keeper
	// publish copies an asset into the output, read through the site's
	// containment.
	publish(c *caches, root *contain.Root, a model.Asset) error
	// manifest writes exports/manifest.json, from every other file of the
	// output: the last thing written.
	manifest(c *caches, site *model.Site) error
}

// runOptions are what a run needs besides Options.
type runOptions struct {
	// deferSearch keeps the search index already in the sink (serve
	// builds it afterwards on a goroutine of its own).
	deferSearch bool
}

// front runs the stages that read: load, link and check. The site is
// returned even when it has errors, so that every problem of a run is
// reported together; problems are sorted.
func front(opts Options, c *caches) (*model.Site, config.Config, diag.List, error) {
	opts.defaults()
	today, err := Today(opts.Now)
	if err != nil {
		return nil, config.Config{}, nil, err
	}
	if opts.asOf != nil {
		today = opts.asOf.info.Date
	}
	var lc *load.Cache
	if c != nil {
		lc = c.load
	}
	// 1. load
	cfg, probs := config.Load(opts.Source)
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}
	site, lp := load.Site(load.Options{Source: opts.Source, Config: cfg, Today: today, Cache: lc, Drafts: opts.Drafts, NoCache: opts.NoCache})
	probs.Add(lp)
	probs.Add(themeProblems(opts.Source, cfg))
	// 2. link
	link.Site(site)
	// 3. check: every check runs whatever the others found.
	probs.Add(check.Site(site))
	probs.Add(outputProblems(site, Theme(opts.Source)))
	if opts.Strict {
		probs = probs.Strict()
	}
	return site, cfg, probs.Sort(), nil
}

// run takes the site in opts.Source through every stage into the sink that
// open makes once the site is known to have no errors. On content errors
// it returns a *diag.Errors and has not called open. The caches are
// updated as the stages go; an entry of one is always true of what it was
// made from, so a failed run leaves them usable.
func run(opts Options, c *caches, open func() (sink, error), ro runOptions) (*model.Site, Result, error) {
	start := time.Now()
	site, cfg, probs, err := front(opts, c)
	if err != nil {
		return nil, Result{}, err
	}
	r := counts(site)
	r.Problems = probs
	if probs.HasErrors() {
		r.Elapsed = time.Since(start)
		return site, r, &diag.Errors{List: probs}
	}

	out, err := open()
	if err != nil {
		return site, r, err
	}

	// 4. history
	if !opts.NoHistory {
		r.Notes = append(r.Notes, c.readHistory(opts, site)...)
	}
	if a := opts.asOf; a != nil {
		site.AsOf, site.Commit = a.info, a.commit
	}

	// 5, 6, 7: pages, the search index and the exports read the site
	// only, so they are made side by side.
	searched := make(chan error, 1)
	go func() {
		if ro.deferSearch {
			searched <- nil
			return
		}
		searched <- search.Write(site, out, search.Options{Cache: c.search})
	}()
	expFP := export.Fingerprint(site)
	exported := make(chan error, 1)
	go func() {
		if c.exported && c.exports == expFP {
			for _, f := range export.Files {
				out.Keep(f)
			}
			exported <- nil
			return
		}
		exported <- export.Write(site, out)
	}()
	// The pages' memo and the exports' fingerprint change only when the
	// whole run succeeds: the sink of a failed run is thrown away, and
	// they must keep describing the last one kept.
	var memo *render.Memo
	if c.pages != nil {
		m := *c.pages
		memo = &m
	}
	pages, err := render.Render(site, out, render.Options{Theme: Theme(opts.Source), Memo: memo})
	if serr := <-searched; err == nil {
		err = serr
	}
	if xerr := <-exported; err == nil {
		err = xerr
	}

	// 8. write
	if err == nil {
		err = writeAliases(site, out)
	}
	if err == nil {
		err = publishAssets(c, site, opts.Source, cfg, out)
	}
	if err == nil {
		err = out.manifest(c, site)
	}
	if err != nil {
		return site, r, err
	}
	if memo != nil {
		*c.pages = *memo
	}
	c.exports, c.exported = expFP, true
	if w := export.NeedsBaseURL(site); w != "" {
		r.Notes = append(r.Notes, w)
	}
	r.Pages, r.Elapsed = pages, time.Since(start)
	return site, r, nil
}

// readHistory gives every page its change history and the site its status
// changes, from git: at the as-of commit for a build -as-of, else at HEAD,
// read again only when HEAD moved since the last run.
func (c *caches) readHistory(opts Options, site *model.Site) []string {
	repo, rev, head := opts.Source, "", ""
	if a := opts.asOf; a != nil {
		repo, rev, head = a.repo, a.commit, a.commit
	} else {
		head = history.Head(opts.Source)
	}
	h := &c.history
	if h.log == nil || h.head != head {
		*h = historyCache{head: head}
		var log *history.Log
		var err error
		if rev != "" {
			log, err = history.ReadAt(repo, rev)
		} else {
			log, err = history.Read(repo)
		}
		if err != nil {
			h.notes = append(h.notes, "no change history: git log failed: "+err.Error())
		}
		if log == nil {
			log = &history.Log{Head: head}
		}
		h.log = log
		if log.Shallow {
			h.notes = append(h.notes, history.ShallowNotice)
		}
		if changes, err := history.Changes(repo, rev); err != nil {
			h.notes = append(h.notes, "no status changes: git failed: "+err.Error())
		} else {
			h.changes = changes
		}
	}
	if !h.log.Shallow && h.log.Head != "" {
		site.HistoryRev = h.log.Head
		for _, d := range site.Docs() {
			d.History = h.log.For(filepath.Join(repo, filepath.FromSlash(d.Path)))
		}
	}
	site.StatusChanges, site.Commit = h.changes, head
	return h.notes
}

// publishAssets copies every asset of the site into out.
func publishAssets(c *caches, site *model.Site, source string, cfg config.Config, out sink) error {
	root, err := load.Root(source, cfg)
	if err != nil {
		return err
	}
	for _, a := range site.Assets {
		if err := out.publish(c, root, a); err != nil {
			return fmt.Errorf("%s: cannot publish: %w", a.Path, unwrapPath(err))
		}
	}
	return nil
}

// diskOut is the sink of `playbook build`: a staging folder that replaces
// the output folder once everything is in it. It hashes each file as it
// writes it, for the manifest, so that nothing is read back. A page the
// render stage keeps (its inputs are those of the page already in the
// output folder, see reuse in uptodate.go) is linked from the output
// folder, with the hash the last build's manifest gave it.
type diskOut struct {
	*write.Stage
	mu   sync.Mutex
	sums map[string][sha256.Size]byte
	prev *previous // the output folder to keep pages from, nil for none
	kept error
}

// previous is the output folder of the last build and the hashes of its
// files, from its manifest.
type previous struct {
	dir  string
	sums map[string][sha256.Size]byte
}

func newDiskOut(stage *write.Stage, prev *previous) *diskOut {
	return &diskOut{Stage: stage, sums: map[string][sha256.Size]byte{}, prev: prev}
}

func (d *diskOut) WriteFile(rel string, data []byte) error {
	if err := d.Stage.WriteFile(rel, data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	d.mu.Lock()
	d.sums[rel] = sum
	d.mu.Unlock()
	return nil
}

// Keep puts the previous output's file at rel into the stage. When it
// cannot (no previous output, a file its manifest does not list, a link
// and a copy that both failed), the build fails at the manifest rather
// than miss a file.
func (d *diskOut) Keep(rel string) {
	var err error
	if d.prev == nil {
		err = fmt.Errorf("write: %s: no earlier output to keep it from", rel)
	} else if sum, ok := d.prev.sums[rel]; !ok {
		err = fmt.Errorf("write: %s: the last build's manifest does not list it", rel)
	} else if err = d.Link(rel, filepath.Join(d.prev.dir, filepath.FromSlash(rel))); err == nil {
		d.mu.Lock()
		d.sums[rel] = sum
		d.mu.Unlock()
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.kept == nil {
		d.kept = fmt.Errorf("cannot keep %s of the last build (build again with -no-cache): %w", rel, err)
	}
}

// publish copies an asset, read again through the site's containment (it
// may have changed since the walk), hashing it on the way.
func (d *diskOut) publish(_ *caches, root *contain.Root, a model.Asset) error {
	f, err := root.Open(a.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if err := d.Copy(a.Out, io.TeeReader(io.LimitReader(f, load.MaxAsset+1), h), load.MaxAsset); err != nil {
		return err
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	d.mu.Lock()
	d.sums[a.Out] = sum
	d.mu.Unlock()
	return nil
}

func (d *diskOut) manifest(_ *caches, site *model.Site) error {
	d.mu.Lock()
	kept, sums := d.kept, maps.Clone(d.sums)
	d.mu.Unlock()
	if kept != nil {
		return kept
	}
	m, err := export.ManifestSums(site, sums)
	if err != nil {
		return err
	}
	return d.WriteFile(export.ManifestJSON, m)
}

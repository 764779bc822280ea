// Package load is the room that reads a site folder: it walks `content/`,
// splits and decodes every markdown file's front matter into the typed records
// of package model (keeping where each field stands), turns bodies into HTML
// through package markdown with links resolved to page URLs, and lists every
// other file as an asset. It reads files and nothing else: it writes nothing
// and decides nothing about refs between records (that is package check).
// It reads through package contain, so nothing outside the site folder is
// read, and through package adr for the records of existing decision logs.
// It may import model, diag, frontmatter, markdown, config, contain, adr,
// cachedir (for the body cache on disk) and the standard library.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"playbook/generator/adr"
	"playbook/generator/config"
	"playbook/generator/contain"
	"playbook/generator/diag"
	fm "playbook/generator/frontmatter"
	"playbook/generator/model"
)

// Options says what to load.
type Options struct {
	Source string        // the site folder (holding content/)
	Config config.Config // the site's configuration
	Today  model.Date    // the build's "today"

	// Drafts keeps the files that say draft: true; otherwise they are
	// left out of the site and listed in Site.Drafts.
	Drafts bool

	// Cache, when set, keeps what this call reads for the next call with
	// the same cache (serve): unchanged files are neither read nor
	// rendered again. Nil reads everything.
	Cache *Cache

	// NoCache turns off the body cache on disk (diskcache.go), which keeps
	// each body's HTML between runs under os.UserCacheDir()/playbook/bodies.
	NoCache bool
}

// Site reads the whole site folder. The site is returned even when there are
// errors, so that every problem of a run can be reported together.
func Site(opts Options) (*model.Site, diag.List) {
	var probs diag.List
	s := &model.Site{
		Title:          opts.Config.Title,
		BaseURL:        opts.Config.BaseURL,
		Today:          opts.Today,
		StaleDays:      opts.Config.StaleDays,
		ExtraStatuses:  opts.Config.Statuses,
		IDPrefix:       opts.Config.IDPrefix,
		RepoURL:        opts.Config.RepoURL,
		StatusMap:      opts.Config.StatusMap,
		RequestEmail:   opts.Config.RequestEmail,
		Branch:         opts.Config.Branch,
		PlatformBySlug: map[string]*model.Platform{},
		ToolBySlug:     map[string]*model.Tool{},
		DecisionByID:   map[string]*model.Decision{},
		DocByPath:      map[string]*model.Doc{},
		ConfigRev:      model.Fingerprint([]byte(fmtConfig(opts))),
	}
	root := filepath.Join(opts.Source, "content")
	site, err := Root(opts.Source, opts.Config)
	if err != nil {
		probs.Errorf("content", 0, 0, "cannot read the site folder: %v", unwrapPathErr(err))
		return s, probs
	}
	if fi, _, err := site.Stat("content"); err != nil || !fi.IsDir() {
		var ce *contain.Error
		if errors.As(err, &ce) {
			probs.Errorf("content", 0, 0, "%s", ce.Msg())
		} else {
			probs.Errorf("content", 0, 0, "no content folder: expected a folder %s holding the playbook's markdown files (playbook new platform|tool|decision \"Title\" starts one)", root)
		}
		return s, probs
	}
	var mdFiles []fileInfo
	w := walker{site: site, probs: &probs, seen: map[string]bool{}, dirs: map[string]string{}}
	w.walk(root, "content")
	mdFiles = w.md
	s.Assets = w.assets
	slices.SortFunc(mdFiles, func(a, b fileInfo) int { return strings.Compare(a.rel, b.rel) })

	// Front matter first: URLs (a decision's depends on its id) must be known
	// before any body is rendered, since bodies link to each other.
	l := &loader{site: s, opts: opts}
	c := opts.Cache
	if c == nil {
		c = NewCache()
	}
	c.begin(opts)
	// Files are read and their front matter decoded in parallel; the
	// records are then added in path order, so the result does not depend
	// on scheduling.
	type read struct {
		rec   any
		probs diag.List
		rev   uint64
		fresh bool // read from disk now, not taken from the cache
	}
	reads := make([]read, len(mdFiles))
	var unread []string // files that could not be read as records
	parallel(len(mdFiles), func(i int) {
		f := mdFiles[i]
		r := &reads[i]
		var ok bool
		if r.rec, r.probs, r.rev, ok = c.record(f); ok {
			return
		}
		src, err := readMarkdown(site, f.rel)
		if err != nil {
			r.probs.Add(readError(f.rel, err))
			return
		}
		r.rec, r.probs = l.file(f.rel, src)
		r.rev, r.fresh = revOf(src), true
	})
	for i, f := range mdFiles {
		r := reads[i]
		if r.fresh {
			c.keep(f, r.rec, r.probs, r.rev)
			r.rec = clone(r.rec)
		}
		probs.Add(r.probs)
		if d := docOf(r.rec); d != nil && d.Draft && !opts.Drafts {
			s.Drafts = append(s.Drafts, f.rel)
			continue
		}
		l.add(r.rec, r.rev)
		if r.rec == nil {
			unread = append(unread, f.rel)
		}
	}
	l.finish(&probs)
	if rp := opts.Config.RequestPage; rp != "" {
		if d, ok := s.DocByPath["content/"+rp]; ok {
			s.RequestURL = d.URL
		} else {
			probs.Errorf(config.FileName, opts.Config.RequestLine, 1, "request_page names %s, but there is no file content/%s; expected the content path of the page that says how to request a platform or tool, such as pages/request.md", rp, rp)
		}
	}

	// Bodies next, in parallel.
	c.converter(opts.Config.UnsafeHTML)
	links := &linkSet{assets: map[string]bool{}, root: site, dirs: w.dirs, reals: map[string]string{}}
	for rel, real := range w.dirs {
		links.reals[real] = rel
	}
	if s.RepoURL != "" {
		links.repo = repoPrefix(site.Real())
		s.RepoPrefix = links.repo
		setRepoPaths(s, site, mdFiles, w.dirs, links.repo)
	}
	for _, a := range s.Assets {
		links.assets[a.Path] = true
	}
	// A link to a file that exists but failed to load is not broken: that
	// file's own error is reported.
	for _, rel := range unread {
		links.assets[rel] = true
	}
	docs := s.Docs()
	imported := map[*model.Doc]*model.Decision{}
	for _, d := range s.Decisions {
		if d.Format != "native" {
			imported[&d.Doc] = d
		}
	}
	shape := shapeOf(s)
	results := make([]diag.List, len(docs))
	parallel(len(docs), func(i int) {
		results[i] = renderBody(s, docs[i], imported[docs[i]], c, shape, links)
	})
	probs.Add(results...)
	c.end(mdFiles)
	c.last = lastLoad{site: s, root: site, shape: shape, links: links}
	return s, probs
}

// walker lists the files under content/. It follows symbolic links to files
// and folders inside the site folder (so `ln -s ../doc/adr
// content/decisions` publishes an existing decision log where it is), once
// each, so that a link loop ends. A link that leads out of the site folder,
// into a hidden folder such as .git, or to anything but a regular file or a
// folder is an error, and nothing behind it is read.
type walker struct {
	site   *contain.Root
	probs  *diag.List
	seen   map[string]bool   // real paths of the folders walked
	dirs   map[string]string // content path of each folder walked → its real path
	md     []fileInfo
	assets []model.Asset
}

func (w *walker) walk(dir, rel string) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		real, _ = filepath.Abs(real)
		if w.seen[real] {
			w.probs.Errorf(rel, 0, 0, "this folder is a symbolic link back to a folder already read (%s); expected links that do not loop", real)
			return
		}
		w.seen[real] = true
		w.dirs[rel] = real
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.probs.Errorf(rel, 0, 0, "cannot read: %v", unwrapPathErr(err))
		return
	}
	for _, e := range entries {
		p, r := filepath.Join(dir, e.Name()), path.Join(rel, e.Name())
		if w.site.Hidden(r) {
			continue
		}
		if bad := badName(e.Name()); bad != "" {
			w.probs.Errorf(r, 0, 0, "the file name holds %s, which would break its address; expected letters, digits, '-', '_' and '.' (rename the file)", bad)
			continue
		}
		mode := e.Type()
		var size, mtime int64
		var real string
		if mode&fs.ModeSymlink != 0 || mode.IsRegular() {
			fi, rp, err := w.site.Stat(r)
			if err != nil {
				w.probs.Add(readError(r, err))
				continue
			}
			mode, size, mtime, real = fi.Mode().Type(), fi.Size(), fi.ModTime().UnixNano(), rp
		}
		switch {
		case mode.IsDir():
			w.walk(p, r)
		case !mode.IsRegular():
			w.probs.Errorf(r, 0, 0, "not a regular file; expected markdown or an asset")
		case strings.HasSuffix(r, ".md"):
			if size > MaxMarkdown {
				w.probs.Add(readError(r, &contain.TooBig{Path: r, Size: size, Limit: MaxMarkdown}))
				continue
			}
			w.md = append(w.md, fileInfo{rel: r, real: real, size: size, mtime: mtime})
		default:
			if size > MaxAsset {
				w.probs.Add(readError(r, &contain.TooBig{Path: r, Size: size, Limit: MaxAsset}))
				continue
			}
			w.assets = append(w.assets, model.Asset{Path: r, Out: strings.TrimPrefix(r, "content/")})
		}
	}
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

type loader struct {
	site *model.Site
	opts Options
}

// kindOf classifies a content path.
func kindOf(rel string) model.Kind {
	dir, name := path.Split(rel)
	if name == "_index.md" {
		return model.KindPage
	}
	switch dir {
	case "content/platforms/":
		return model.KindPlatform
	case "content/tools/":
		return model.KindTool
	}
	// Records in subfolders are records too (MADR's categories).
	if strings.HasPrefix(dir, "content/decisions/") {
		return model.KindDecision
	}
	return model.KindPage
}

var (
	idPattern  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*-[0-9]+$`)
	fileNumber = regexp.MustCompile(`^([0-9]+)[-_. ]`)
)

// file reads the front matter of one markdown file into its record: a
// *model.Platform, *model.Tool, *model.Decision or *model.Page, or nil when
// the file cannot be a record at all. It only reads src and the options, so
// that its result can be cached by the file's content.
func (l *loader) file(rel string, src []byte) (rec any, probs diag.List) {
	if !isText(src) {
		line, col := firstBadByte(src)
		probs.Errorf(rel, line, col, "not UTF-8 text; expected a markdown file saved as UTF-8")
		return nil, probs
	}
	blk, err := fm.Split(src)
	if err != nil {
		probs.Errorf(rel, 1, 1, "%v", err)
		return nil, probs
	}
	kind := kindOf(rel)
	// A decision log's folder files (README.md, index.md, templates, a
	// docs tool's navigation page) are neither records nor checked.
	if kind == model.KindDecision && (adr.IsFolderFile(path.Base(rel)) || navigationPage(blk.YAML)) {
		return skipped(rel), nil
	}
	schema := schemaFor(kind, l.opts.Config.ExtraFields)
	if kind == model.KindDecision && !hasKey(blk.YAML, "id") {
		schema = importedSchema(l.opts.Config.ExtraFields)
	}
	vals, vp := fm.Decode(rel, blk, schema)
	probs.Add(vp)
	defer func() { address(docOf(rec), vals, &probs) }()
	doc := model.Doc{
		Kind:        kind,
		Path:        rel,
		Slug:        strings.TrimSuffix(path.Base(rel), ".md"),
		Title:       vals.Str("title"),
		Tags:        vals.List("tags"),
		Description: vals.Str("description"),
		Weight:      vals["weight"].Int,
		Draft:       vals["draft"].Bool,
		Aliases:     vals.List("aliases"),
		Body:        blk.Body,
		BodyLine:    blk.BodyLine,
		MetaRev:     revOf(blk.YAML),
		Fields:      map[string]model.Pos{},
		Values:      map[string]model.Pos{},
		Items:       map[string][]model.Pos{},
	}
	for k, v := range vals {
		doc.Fields[k] = v.Pos
		doc.Values[k] = v.At
		if v.Items != nil {
			doc.Items[k] = v.Items
		}
	}
	// A decision record without an id is an imported record (MADR,
	// adr-tools): its optional fields may be missing.
	native := kind != model.KindDecision || vals.Given("id")
	doc.Unread = vals == nil && blk.Present
	if native && !doc.Unread {
		for _, f := range required[kind] {
			switch v, given := vals[f]; {
			case !given:
				probs.Errorf(rel, 1, 1, "missing required field %q in a %s; expected %s", f, schemaFor(kind, nil).Kind, strings.Join(required[kind], ", "))
			case v.Null:
				probs.Errorf(rel, v.Pos.Line, v.Pos.Col, "field %q is empty; expected %s", f, hint(kind, f))
			}
		}
	}
	switch kind {
	case model.KindPlatform:
		doc.URL = "/platforms/" + doc.Slug + "/"
		p := &model.Platform{
			Doc:         doc,
			Review:      model.Review{Reviewed: vals["reviewed"].Date, NextReview: vals["next_review"].Date},
			Status:      model.Approval(vals.Str("status")),
			Risk:        model.Risk(vals.Str("risk")),
			Owner:       vals.List("owner"),
			Controls:    vals.List("controls"),
			AllowedUses: vals.List("allowed_uses"),
			Accounts:    vals.List("accounts"),
			ToolRefs:    vals.List("tools"),
			DecisionRef: vals.List("decisions"),
		}
		return p, probs
	case model.KindTool:
		doc.URL = "/tools/" + doc.Slug + "/"
		t := &model.Tool{
			Doc:         doc,
			Review:      model.Review{Reviewed: vals["reviewed"].Date, NextReview: vals["next_review"].Date},
			Vendor:      vals.Str("vendor"),
			Category:    vals.Str("category"),
			Status:      model.Approval(vals.Str("status")),
			Data:        vals.Str("data"),
			SSO:         vals.Str("sso"),
			MFA:         vals.Str("mfa"),
			Owner:       vals.List("owner"),
			Conditions:  vals.List("conditions"),
			PlatformRef: vals.List("platforms"),
			DecisionRef: vals.List("decisions"),
			Website:     vals.Str("url"),
		}
		return t, probs
	case model.KindDecision:
		d := &model.Decision{
			Doc:          doc,
			Format:       "native",
			ID:           vals.Str("id"),
			Date:         vals["date"].Date,
			RequestedBy:  vals.List("requested_by"),
			AssessedBy:   vals.List("assessed_by"),
			Risk:         model.Risk(vals.Str("risk")),
			DecidedBy:    vals.List("decided_by"),
			EscalatedTo:  vals.List("escalated_to"),
			Conditions:   vals.List("conditions"),
			ReviewBy:     vals["review_by"].Date,
			Supersedes:   vals.List("supersedes"),
			SupersededBy: vals.Str("superseded_by"),
			PlatformRef:  vals.List("platforms"),
			ToolRef:      vals.List("tools"),
			Consulted:    vals.List("consulted"),
			Informed:     vals.List("informed"),
		}
		if !native {
			importerOf(l.site).importedFields(d, vals, &probs)
		} else if vals.Has("status") {
			st, succ, ok := parseStatus(vals.Str("status"), l.allowed(), l.opts.Config.IDPrefix)
			if !ok {
				p := vals["status"].At
				probs.Errorf(rel, p.Line, p.Col, "%s", statusError("field \"status\" is", vals.Str("status"), l.allowed()))
			}
			d.Status = st
			if d.SupersededBy == "" {
				d.SupersededBy = succ
			}
		}
		if !l.decisionID(d, native, &probs) {
			return nil, probs
		}
		return d, probs
	default:
		p := &model.Page{Doc: doc}
		dir := strings.TrimPrefix(path.Dir(rel), "content")
		if first, _, _ := strings.Cut(strings.TrimPrefix(dir, "/"), "/"); first != "" {
			p.Section = first
		}
		if doc.Slug == "_index" {
			p.IsIndex = true
			p.URL = strings.TrimSuffix(dir, "/") + "/"
		} else {
			p.URL = dir + "/" + doc.Slug + "/"
		}
		return p, probs
	}
}

func (l *loader) allowed() []string {
	return append(append([]string{}, model.Statuses...), l.opts.Config.Statuses...)
}

// parseStatus reads a decision status: one of the allowed words, in any
// case, or MADR's and adr-tools' "superseded by X", where X is an id, a
// number or a link to the successor's file. It returns the successor's id
// when one is named.
func parseStatus(raw string, allowed []string, prefix string) (model.Status, string, bool) {
	t := strings.TrimSpace(raw)
	low := strings.ToLower(t)
	if slices.Contains(allowed, low) {
		return model.Status(low), "", true
	}
	if rest, ok := strings.CutPrefix(low, "superseded by"); ok && rest != "" {
		return model.Superseded, successorRef(t[len(t)-len(rest):], prefix), true
	}
	return model.Unknown, "", false
}

var (
	mdLinkTarget = regexp.MustCompile(`\]\(([^)\s]+\.md)(?:#[^)]*)?\)`)
	lastNumber   = regexp.MustCompile(`([0-9]+)\D*$`)
)

// successorRef turns what follows "superseded by" into a decision id.
func successorRef(s, prefix string) string {
	s = strings.TrimSpace(s)
	if m := mdLinkTarget.FindStringSubmatch(s); m != nil {
		if n := fileNumber.FindStringSubmatch(path.Base(m[1])); n != nil {
			v, _ := strconv.Atoi(n[1])
			return fmt.Sprintf("%s%04d", prefix, v)
		}
	}
	if idPattern.MatchString(s) && strings.HasPrefix(s, prefix) {
		return s
	}
	if m := lastNumber.FindStringSubmatch(s); m != nil {
		v, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("%s%04d", prefix, v)
	}
	return s
}

// statusError explains an unknown status.
func statusError(what, value string, allowed []string) string {
	msg := fmt.Sprintf("%s %q; expected one of %s (or \"superseded by\" and the successor's id)", what, value, strings.Join(allowed, ", "))
	if sug := fm.Suggest(strings.ToLower(value), allowed); sug != "" {
		msg += fmt.Sprintf("; did you mean %q?", sug)
	}
	return msg
}

// decisionID sets the ID and URL of a record; an imported record takes its
// number from the file name.
func (l *loader) decisionID(d *model.Decision, native bool, probs *diag.List) bool {
	if native {
		if !idPattern.MatchString(d.ID) {
			p := d.ValuePos("id")
			probs.Errorf(d.Path, p.Line, p.Col, "field \"id\" is %q; expected an ID like DR-0007 (letters, a hyphen, digits)", d.ID)
			return false
		}
	} else {
		f, ok := adr.ParseFileID(d.Slug)
		if !ok {
			probs.Errorf(d.Path, 1, 1, "decision record has no \"id\" field and its file name holds no number or date; expected an id like DR-0007 or a name like 0007-title.md, adr-0007-title.md or 20250108-title.md")
			return false
		}
		if f.Dated {
			// log4brains names records by date; finish numbers the
			// records of one day in the order of their names.
			d.ID = fmt.Sprintf("%s%s01", l.opts.Config.IDPrefix, strings.ReplaceAll(f.Date.String(), "-", ""))
		} else {
			d.ID = fmt.Sprintf("%s%04d", l.opts.Config.IDPrefix, f.Number)
		}
		if dir := path.Dir(strings.TrimPrefix(d.Path, "content/decisions/")); dir != "." {
			d.Category = dir
		}
		d.Format = "madr"
		if !hasFrontMatter(d) {
			d.Format = "adr-tools"
		}
	}
	d.URL = "/decisions/" + strings.ToLower(d.ID) + "/"
	return true
}

func hasFrontMatter(d *model.Decision) bool { return d.BodyLine > 0 }

// finish sorts the records and builds the indexes.
func (l *loader) finish(probs *diag.List) {
	s := l.site
	slices.SortFunc(s.Platforms, func(a, b *model.Platform) int { return compareTitle(&a.Doc, &b.Doc) })
	slices.SortFunc(s.Tools, func(a, b *model.Tool) int { return compareTitle(&a.Doc, &b.Doc) })
	numberDatedRecords(s.Decisions, l.opts.Config.IDPrefix)
	slices.SortFunc(s.Decisions, func(a, b *model.Decision) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	slices.SortFunc(s.Pages, func(a, b *model.Page) int { return strings.Compare(a.Path, b.Path) })
	for _, p := range s.Platforms {
		s.PlatformBySlug[p.Slug] = p
	}
	for _, t := range s.Tools {
		s.ToolBySlug[t.Slug] = t
	}
	for _, d := range s.Decisions {
		if _, dup := s.DecisionByID[d.ID]; !dup {
			s.DecisionByID[d.ID] = d
		}
	}
	for _, d := range s.Docs() {
		s.DocByPath[d.Path] = d
	}
}

func compareTitle(a, b *model.Doc) int {
	if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

func firstBadByte(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if (r == utf8.RuneError && n == 1) || r == 0 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += n
		}
		i += n
	}
	return line, col
}

// isText reports whether a file can be markdown: UTF-8 with no NUL byte.
func isText(src []byte) bool {
	return utf8.Valid(src) && bytes.IndexByte(src, 0) < 0
}

// parallel calls fn(i) for every i in [0, n) on one goroutine per CPU.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Package generator is the front door of the library: Build, Check, Load
// and serve's Rebuilder all run the one pipeline in pipeline.go, which
// names the stages in order (load → link → check → history → render,
// search and export → write). It holds no stage logic of its own; each
// stage is a package beside it. It may import every stage package, the
// default theme and the standard library.
package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"playbook/generator/config"
	"playbook/generator/contain"
	"playbook/generator/diag"
	"playbook/generator/load"
	"playbook/generator/model"
	"playbook/generator/render"
	"playbook/generator/write"
	theme "playbook/themes/default"
)

// Options configures a run.
type Options struct {
	Source  string    // the site folder; default "."
	Out     string    // the output folder; default Source/public
	BaseURL string    // overrides the config's base_url when set
	Strict  bool      // warnings count as errors
	Now     time.Time // the clock; zero means time.Now, unless SOURCE_DATE_EPOCH is set
	// NoHistory leaves out the change history read from git.
	NoHistory bool
	// Drafts keeps the files that say draft: true (serve always does).
	Drafts bool
	// AsOf builds the site as the git repository held it at the last
	// commit on or before a date (YYYY-MM-DD), or at a revision.
	AsOf string
	// NoCache turns off the body cache on disk, which keeps each markdown
	// body's HTML between builds under os.UserCacheDir()/playbook/bodies.
	NoCache bool

	asOf *asOfBuild // set by buildAsOf for the build of the copy it made
}

// Result says what a run did.
type Result struct {
	Pages     int
	Platforms int
	Tools     int
	Decisions int
	Assets    int
	Skipped   []string // content files that are neither records nor pages (a log's README, templates)
	Drafts    []string // content files left out because they say draft: true
	Elapsed   time.Duration
	Problems  diag.List // errors and warnings, sorted
	Notes     []string  // notices about the run that are not problems of the content
}

// Summary is the line printed after a build.
func (r Result) Summary() string {
	return fmt.Sprintf("built %s (%s)%s%s in %s",
		diag.Plural(r.Pages, "page"), r.Counts(), r.DraftsNote(), r.SkippedNote(), duration(r.Elapsed))
}

// Counts is "1 platform, 6 tools, 0 decisions".
func (r Result) Counts() string {
	return diag.Plural(r.Platforms, "platform") + ", " + diag.Plural(r.Tools, "tool") + ", " + diag.Plural(r.Decisions, "decision")
}

// DraftsNote says how many drafts were left out: "; left out 2 drafts
// (build with -drafts to include them)", or "".
func (r Result) DraftsNote() string {
	if len(r.Drafts) == 0 {
		return ""
	}
	return fmt.Sprintf("; left out %s (build with -drafts to include them)", diag.Plural(len(r.Drafts), "draft"))
}

// SkippedNote says which files were skipped: "; skipped 2 files that are
// not records (content/decisions/README.md, content/decisions/template.md)",
// or "" when none was.
func (r Result) SkippedNote() string {
	switch n := len(r.Skipped); {
	case n == 0:
		return ""
	case n <= 3:
		return fmt.Sprintf("; skipped %s that %s not records (%s)", diag.Plural(n, "file"), isAre(n), strings.Join(r.Skipped, ", "))
	default:
		return fmt.Sprintf("; skipped %s that are not records (%s, and %d more)", diag.Plural(n, "file"), strings.Join(r.Skipped[:3], ", "), n-3)
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func duration(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}

// Today is the build's date: from SOURCE_DATE_EPOCH when it is set (the
// reproducible-builds convention), else from now.
func Today(now time.Time) (model.Date, error) {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok && v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return model.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH is %q; expected a number of seconds since 1970-01-01", v)
		}
		return model.DateOf(time.Unix(sec, 0)), nil
	}
	if now.IsZero() {
		now = time.Now()
	}
	return model.DateOf(now), nil
}

func (o *Options) defaults() {
	if o.Source == "" {
		o.Source = "."
	}
	if o.Out == "" {
		o.Out = filepath.Join(o.Source, "public")
	}
}

// Load runs the stages that read (load, link, check) and writes nothing.
// Problems are sorted; under Strict warnings are errors.
func Load(opts Options) (*model.Site, config.Config, diag.List, error) {
	return front(opts, nil)
}

// Check runs every check of a build and writes nothing.
func Check(opts Options) (Result, error) {
	start := time.Now()
	site, _, probs, err := Load(opts)
	if err != nil {
		return Result{}, err
	}
	r := counts(site)
	r.Problems, r.Elapsed = probs, time.Since(start)
	if probs.HasErrors() {
		return r, &diag.Errors{List: probs}
	}
	return r, nil
}

// Build runs the pipeline into a staging folder that replaces the output
// folder once everything is in it. When anything fails the previous output
// is left exactly as it was and the error is returned; a *diag.Errors
// lists every problem of the content.
func Build(opts Options) (Result, error) {
	start := time.Now()
	opts.defaults()
	if opts.AsOf != "" {
		return buildAsOf(opts)
	}
	out, err := write.Resolve(opts.Out)
	if err != nil {
		return Result{}, err
	}
	opts.Out = out
	if err := write.Guard(opts.Source, opts.Out); err != nil {
		return Result{}, err
	}
	unlock, err := write.Lock(opts.Out)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	r, last, ok := upToDate(opts)
	if ok {
		r.Elapsed = time.Since(start)
		return r, nil
	}
	var stage *write.Stage
	open := func() (sink, error) {
		var err error
		if stage, err = write.Begin(opts.Out); err != nil {
			return nil, fmt.Errorf("cannot start writing %s: %w", opts.Out, err)
		}
		return newDiskOut(stage, last.prev), nil
	}
	// The render stage keeps the pages whose inputs are those of the
	// pages the last build left in the output folder (last.pages is empty
	// when there is none to trust).
	c := &caches{pages: render.NewMemo(last.pages)}
	_, r, err = run(opts, c, open, runOptions{})
	if err != nil {
		if stage != nil {
			stage.Abort()
		}
		return r, err
	}
	if err := recordBuild(opts, stage, r, last, c.pages.Fingerprints()); err != nil {
		r.Notes = append(r.Notes, "the next build cannot tell that nothing changed: "+err.Error())
	}
	if err := stage.Commit(); err != nil {
		return r, err
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

func counts(site *model.Site) Result {
	if site == nil {
		return Result{}
	}
	return Result{Platforms: len(site.Platforms), Tools: len(site.Tools), Decisions: len(site.Decisions), Assets: len(site.Assets), Skipped: site.Skipped, Drafts: site.Drafts}
}

func unwrapPath(err error) error {
	var ce *contain.Error
	if errors.As(err, &ce) {
		return errors.New(ce.Msg())
	}
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// MaxThemeFile is the largest theme file read.
const MaxThemeFile = 64 << 20

// Theme is the default theme with the site's themes/default folder laid over
// it: a file there replaces the embedded file of the same path. The site's
// files are read through the site folder's containment (see themeProblems).
func Theme(source string) fs.FS {
	root, err := contain.New(source)
	if err != nil {
		return theme.FS
	}
	if fi, _, err := root.Stat("themes/default"); err != nil || !fi.IsDir() {
		return theme.FS
	}
	return overlay{top: root.FS("themes/default", MaxThemeFile), base: theme.FS}
}

// themeProblems reports every file of the site's themes/ folder that may
// not be read (load.ThemeFiles).
func themeProblems(source string, cfg config.Config) diag.List {
	root, err := load.Root(source, cfg)
	if err != nil {
		return nil
	}
	_, _, probs := load.ThemeFiles(root, MaxThemeFile)
	return probs
}

// overlay reads a file from top when it is there, else from base.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		// A file the site may not read is never replaced by the
		// embedded one unnoticed.
		return nil, err
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var out []fs.DirEntry
	for _, fsys := range []fs.FS{o.top, o.base} {
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if _, ok := seen[e.Name()]; !ok {
				seen[e.Name()] = e
				out = append(out, e)
			}
		}
	}
	if out == nil {
		return fs.ReadDir(o.base, name)
	}
	sortEntries(out)
	return out, nil
}

func sortEntries(es []fs.DirEntry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && strings.Compare(es[j-1].Name(), es[j].Name()) > 0; j-- {
			es[j-1], es[j] = es[j], es[j-1]
		}
	}
}

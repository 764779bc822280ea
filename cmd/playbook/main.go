// Command playbook builds, checks and previews a social media security
// playbook site. It is thin on purpose: it parses flags and calls package
// generator, which does the work; everything here can be driven by a test
// through run.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"playbook/generator"
	"playbook/generator/diag"
	"playbook/generator/frontmatter"
	"playbook/generator/scaffold"
	"playbook/generator/serve"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `playbook publishes a social media security playbook as a static site.

Usage:
  playbook <command> [flags]

Commands:
  build     build the site from SOURCE/content into SOURCE/public
  check     run every check of build and write nothing (for a content repo's CI)
  serve     preview the site with live reload while you edit
  new       write a new platform, tool or decision file: playbook new decision "Title"
  schema    write JSON Schemas of the front matter, for editors to check files as you type
  version   print the version and the commit it was built from

Run "playbook <command> -h" for the flags of a command.
`

// run is the whole program: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return build(args[1:], stdout, stderr)
	case "check":
		return checkCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "new":
		return newCmd(args[1:], stdout, stderr)
	case "schema":
		return schemaCmd(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		return versionCmd(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	msg := fmt.Sprintf("playbook: unknown command %q", args[0])
	if s := frontmatter.Suggest(args[0], commands); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	fmt.Fprintf(stderr, "%s\n\n%s", msg, usage)
	return 2
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	return newFlagsArgs(name, "", synopsis, stderr)
}

// newFlagsArgs is newFlags for a command that takes arguments besides its
// flags, shown in the usage line after the command's name.
func newFlagsArgs(name, args, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: playbook %s%s [flags]\n\n%s\n\nFlags:\n", name, args, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns the exit status to use when parsing ended
// the command (-h, a bad flag, a stray argument).
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "playbook %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2, false
	}
	return 0, true
}

func build(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "Builds the site: every page, the sitemap and the assets, into the output folder.\nThe previous output is replaced only when the whole build succeeds.", stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder`, holding content/")
	fs.StringVar(&opts.Out, "out", "", "the output `folder` (default SOURCE/public)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the `URL` the site is served from, e.g. https://intranet.example.com/playbook (overrides base_url in playbook.yaml)")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings (reviews past due) as errors")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include the files that say draft: true (left out otherwise)")
	fs.BoolVar(&opts.NoCache, "no-cache", false, "build the whole site again even when nothing changed since the last build into the output folder (which is otherwise kept), and do not use or fill the cache of rendered markdown kept between runs in the user's cache folder")
	fs.StringVar(&opts.AsOf, "as-of", "", "build the site as the git repository held it at the last commit on or before `DATE` (YYYY-MM-DD), or at a commit, tag or branch")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile taken at the end of the build to `file`")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	stop, perr := startProfiles(*cpuProfile, *memProfile)
	if perr != nil {
		fmt.Fprintln(stderr, "playbook build:", perr)
		return 1
	}
	res, err := generator.Build(opts)
	if perr := stop(); perr != nil {
		fmt.Fprintln(stderr, "playbook build:", perr)
	}
	return report(res, err, "build", stdout, stderr, func() { fmt.Fprintln(stdout, res.Summary()) })
}

func checkCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "Runs every check of build and writes nothing. Exit status 0 when the content is valid, 1 when not.", stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder`, holding content/")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings (reviews past due, inconsistencies in the decision log) as errors")
	fs.BoolVar(&opts.NoCache, "no-cache", false, "do not use or fill the cache of rendered markdown kept between runs in the user's cache folder")
	format := fs.String("format", "text", "the output `format`: text (file:line:col: message on stderr), json (one document on stdout, for machines) or github (GitHub Actions annotations on stdout, shown on a pull request's lines)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the check to `file` (for go tool pprof)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintf(stderr, "playbook check: -format is %q; expected text, json or github\n", *format)
		return 2
	}
	stop, perr := startProfiles(*cpuProfile, "")
	if perr != nil {
		fmt.Fprintln(stderr, "playbook check:", perr)
		return 1
	}
	res, err := generator.Check(opts)
	if perr := stop(); perr != nil {
		fmt.Fprintln(stderr, "playbook check:", perr)
	}
	switch *format {
	case "json":
		return checkJSON(res, err, stdout, stderr)
	case "github":
		return checkGitHub(res, err, opts.Source, stdout)
	}
	return report(res, err, "check", stdout, stderr, func() {
		fmt.Fprintf(stdout, "checked %s%s: %s\n", res.Counts(), res.SkippedNote(), res.Problems.Summary())
	})
}

// problemsOf is every problem of a check: the content's, or the error that
// stopped it as a problem of no file.
func problemsOf(res generator.Result, err error) diag.List {
	var de *diag.Errors
	if errors.As(err, &de) {
		return de.List
	} else if err != nil {
		return append(res.Problems, diag.Diagnostic{Severity: diag.Error, Msg: err.Error()})
	}
	return res.Problems
}

// checkGitHub writes every problem as a GitHub Actions workflow command
// ("::error file=content/x.md,line=3,col=7::message"), which the pull
// request shows on the line, and a closing summary. Paths are given from
// the repository's top, where the workflow runs, so the -source folder is
// put in front of them.
func checkGitHub(res generator.Result, err error, source string, stdout io.Writer) int {
	list := problemsOf(res, err)
	for _, d := range list {
		kind := "error"
		if d.Severity == diag.Warning {
			kind = "warning"
		}
		var props []string
		if d.File != "" {
			props = append(props, "file="+ghProperty(filepath.ToSlash(filepath.Join(source, d.File))))
			if d.Line > 0 {
				props = append(props, "line="+strconv.Itoa(d.Line))
				if d.Col > 0 {
					props = append(props, "col="+strconv.Itoa(d.Col))
				}
			}
		}
		props = append(props, "title=playbook check")
		fmt.Fprintf(stdout, "::%s %s::%s\n", kind, strings.Join(props, ","), ghData(d.Msg))
	}
	fmt.Fprintf(stdout, "checked %s: %s\n", res.Counts(), list.Summary())
	if list.HasErrors() {
		return 1
	}
	return 0
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// checkJSON writes the result of check as one JSON document, whatever
// failed: a problem that is no content file's (a bad SOURCE_DATE_EPOCH, an
// unreadable folder) is a problem with an empty "file".
func checkJSON(res generator.Result, err error, stdout, stderr io.Writer) int {
	type problem struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	out := struct {
		OK       bool      `json:"ok"`
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
		Checked  any       `json:"checked"`
		Problems []problem `json:"problems"`
	}{Problems: []problem{}}
	list := problemsOf(res, err)
	for _, d := range list {
		sev := "error"
		if d.Severity == diag.Warning {
			sev = "warning"
			out.Warnings++
		} else {
			out.Errors++
		}
		out.Problems = append(out.Problems, problem{d.File, d.Line, d.Col, sev, d.Msg})
	}
	out.OK = out.Errors == 0
	out.Checked = map[string]int{"platforms": res.Platforms, "tools": res.Tools, "decisions": res.Decisions}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "playbook check: cannot write the report: %v\n", diag.Escape(err.Error()))
		return 1
	}
	if !out.OK {
		return 1
	}
	return 0
}

func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "Builds the site into memory (public/ is not touched), serves it, and rebuilds on every save.\nOpen pages reload by themselves; a broken save shows its errors in the page and here.", stderr)
	var opts serve.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder`, holding content/")
	fs.StringVar(&opts.Addr, "addr", serve.DefaultAddr, "the `host:port` to listen on; another host than 127.0.0.1 opens the preview to the network")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if msg := addrMistake(opts.Addr); msg != "" {
		fmt.Fprintf(stderr, "playbook serve: %s\n", msg)
		return 2
	}
	opts.Stdout, opts.Stderr = stdout, stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve.Run(ctx, opts); err != nil {
		fmt.Fprintf(stderr, "playbook serve: %v\n", err)
		return 1
	}
	return 0
}

func newCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagsArgs("new", ` platform|tool|decision "Title"`, "Writes a new content file with every required field, today's date and, for a decision,\nthe next free id (status proposed). It never overwrites a file.", stderr)
	source := fs.String("source", ".", "the site `folder`, holding content/")
	// Flags may come before or after the kind and the title.
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "playbook new: expected a kind (%s) and a title, got %d arguments\n", strings.Join(scaffold.Kinds, ", "), len(pos))
		fs.Usage()
		return 2
	}
	if !slices.Contains(scaffold.Kinds, pos[0]) {
		msg := fmt.Sprintf("playbook new: unknown kind %q; expected one of %s", pos[0], strings.Join(scaffold.Kinds, ", "))
		if s := frontmatter.Suggest(pos[0], scaffold.Kinds); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		fmt.Fprintln(stderr, diag.Escape(msg))
		return 2
	}
	switch title := pos[1]; {
	case strings.TrimSpace(title) == "":
		fmt.Fprintln(stderr, "playbook new: the title is empty; expected a title such as \"Threads for product launches\"")
		return 2
	case strings.ContainsAny(title, "\n\r"):
		fmt.Fprintln(stderr, "playbook new: the title holds a line break; expected one line")
		return 2
	case scaffold.Slug(title) == "":
		fmt.Fprintf(stderr, "playbook new: the title %s has no letters or digits to name the file with; expected a title such as \"Threads for product launches\"\n", diag.Escape(strconv.Quote(title)))
		return 2
	}
	today, err := generator.Today(time.Time{})
	if err != nil {
		fmt.Fprintf(stderr, "playbook new: %s\n", diag.Escape(err.Error()))
		return 1
	}
	res, err := scaffold.New(scaffold.Options{Source: *source, Kind: pos[0], Title: pos[1], Today: today})
	if err != nil {
		fmt.Fprintf(stderr, "playbook new: %s\n", diag.Escape(err.Error()))
		return 1
	}
	what := res.Path
	if res.ID != "" {
		what += " (" + res.ID + ")"
	}
	fmt.Fprintf(stdout, "created %s; fill in %s, then run playbook check\n", what, strings.Join(res.Todo, ", "))
	return 0
}

// report prints the problems of a run on stderr and returns the exit status.
func report(res generator.Result, err error, cmd string, stdout, stderr io.Writer, ok func()) int {
	var de *diag.Errors
	if errors.As(err, &de) {
		for _, d := range de.List {
			fmt.Fprintln(stderr, d)
		}
		fmt.Fprintf(stderr, "%s failed: %s\n", cmd, de.List.Summary())
		return 1
	}
	for _, d := range res.Problems {
		fmt.Fprintln(stderr, d)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, "note:", diag.Escape(n))
	}
	if err != nil {
		fmt.Fprintf(stderr, "playbook %s: %s\n", cmd, diag.Escape(err.Error()))
		return 1
	}
	ok()
	return 0
}

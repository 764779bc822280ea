package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"playbook/generator/cachedir"
	"playbook/generator/export"
	"playbook/generator/history"
	"playbook/generator/load"
	"playbook/generator/write"
)

// A build that would read exactly what the last successful build into the
// same output folder read, into an output folder that is still exactly what
// that build wrote, is not run again: the folder is kept and the last
// build's Result is reported again (its warnings and notes too), with one
// note more that says so. This is make's rule for a whole site, with
// content hashes instead of file times for the inputs.
//
// What "exactly what it read" means is the fingerprint: a SHA-256 of
// stateFormat, the program (load.Renderer: goldmark's and chroma's
// versions and the executable's Go build ID; when the build ID cannot be
// read there is no fingerprint), the options that change the output (the
// real site and output folders, BaseURL, Strict, Drafts, NoHistory), the
// build's date (Today), the git HEAD and shallowness of the site's
// repository unless NoHistory, and load.Inputs: the bytes of playbook.yaml
// and of every file under content/ and themes/, read under the build's own
// containment rules, and the names of everything else in the site folder.
// Anything unusual in the site folder means no fingerprint, and the build
// runs in full and reports it.
//
// The fingerprint is taken before the build reads anything (upToDate) and
// again once the output is staged (recordBuild); the state is kept only
// when both agree, so a file saved during a build makes the next one run
// in full.
//
// When only the site's files changed (the same program, options, date and
// git state: the setup fingerprint) and the output folder is still what
// the last build wrote, the build runs with the render stage's memo of
// that build (the state's Pages): each page whose inputs are unchanged is
// linked from the output folder instead of rendered, with the hash the
// last manifest gives it (diskOut.Keep in pipeline.go).
//
// The state is kept outside the output folder, which gets published, in
// os.UserCacheDir()/playbook/builds/<SHA-256 of the output folder's path>.json:
// the fingerprint, every file and folder of the output with each file's
// size and modification time, and the Result. It is written to a temporary
// file and renamed into place; a state file that does not decode, has
// another format, names another folder or another fingerprint is ignored.
// Without a cache folder nothing is kept and every build runs in full.
// State files not used for stateMaxAge are removed, at most once a day.

// stateFormat is the version of the state file and of what the fingerprint
// covers besides load.Inputs. Bump it when either changes.
const stateFormat = 2

const (
	stateMaxSize = 512 << 20           // a state file larger than this is not read
	stateMaxAge  = 30 * 24 * time.Hour // state files not used for this long are removed
	stateTouch   = 24 * time.Hour      // a used state file older than this has its time renewed
	statePrune   = 24 * time.Hour      // how often a build looks for old state files
)

// buildState is what a successful build keeps for the next one.
type buildState struct {
	Format int    `json:"format"`
	Out    string `json:"out"`    // the output folder's real path
	Inputs string `json:"inputs"` // the fingerprint, in hex
	// Setup is the fingerprint of everything but the site's files (the
	// program, the options, the date, git's state), in hex: when only
	// files changed, the pages whose inputs did not are kept.
	Setup string `json:"setup"`
	// Pages is what each page of the output was made from (render.Memo's
	// fingerprints).
	Pages  map[string]uint64 `json:"pages"`
	Built  string            `json:"built"`  // when the build ended, RFC 3339
	Files  []outEntry        `json:"files"`  // every entry of the output folder, in lexical order
	Result Result            `json:"result"` // what the build reported, Elapsed aside
}

// outEntry is a file or folder of the output.
type outEntry struct {
	Path  string `json:"p"` // slash path inside the output folder
	Dir   bool   `json:"d,omitempty"`
	Size  int64  `json:"s,omitempty"`
	MTime int64  `json:"t,omitempty"` // modification time, ns since 1970
}

// lastBuild is what upToDate found of the last build into a folder that
// has changed since: the fingerprint for recordBuild, and what of the
// output folder a new build may keep.
type lastBuild struct {
	inputs *[32]byte // the fingerprint of this build's inputs; nil for none
	// setup is the fingerprint of this build's program, options, date
	// and git state.
	setup [32]byte
	// pages and prev are set when the last build had the same setup and
	// its output folder is as it left it: its pages' fingerprints and the
	// folder with each file's hash.
	pages map[string]uint64
	prev  *previous
}

// upToDate reports whether the output folder opts.Out already holds the
// build of exactly the inputs a build with opts would read, and if so the
// Result that build had (problems and notes included). Otherwise it says
// what the build may reuse of the last one.
func upToDate(opts Options) (Result, lastBuild, bool) {
	if opts.AsOf != "" || opts.asOf != nil {
		return Result{}, lastBuild{}, false
	}
	out := outPath(opts.Out)
	file, stateOK := statePath(out)
	// The output folder is compared with the state while the inputs are
	// hashed.
	type checked struct {
		st buildState
		ok bool
	}
	same := make(chan checked, 1)
	if stateOK && !opts.NoCache {
		go func() {
			st, ok := readState(file, out)
			same <- checked{st, ok && sameOutput(out, st.Files)}
		}()
	} else {
		same <- checked{}
	}
	setup, fp, ok := fingerprint(opts, out)
	c := <-same
	if !ok {
		return Result{}, lastBuild{}, false
	}
	if !c.ok || c.st.Inputs != hex.EncodeToString(fp[:]) {
		// Even a build that may not take the shortcut (-no-cache) is
		// recorded for the next one.
		last := lastBuild{inputs: &fp, setup: setup}
		if c.ok && c.st.Setup == hex.EncodeToString(setup[:]) && len(c.st.Pages) > 0 {
			if sums, ok := manifestSums(opts.Out); ok {
				last.pages, last.prev = c.st.Pages, &previous{dir: opts.Out, sums: sums}
			}
		}
		return Result{}, last, false
	}
	// A build that was killed may have left its staging folder beside
	// the output folder: Begin removes it, and is not called.
	write.CleanLeftovers(opts.Out)
	if fi, err := os.Stat(file); err == nil && time.Since(fi.ModTime()) > stateTouch {
		now := time.Now()
		_ = os.Chtimes(file, now, now)
	}
	r := c.st.Result
	r.Notes = append(r.Notes[:len(r.Notes):len(r.Notes)], keptNote(c.st.Built))
	return r, lastBuild{}, true
}

// manifestSums reads the hash of every file of the output folder out from
// its manifest (exports/manifest.json), which upToDate has found as the
// last build wrote it.
func manifestSums(out string) (map[string][sha256.Size]byte, bool) {
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(export.ManifestJSON)))
	if err != nil {
		return nil, false
	}
	var doc export.ManifestDoc
	if json.Unmarshal(data, &doc) != nil || doc.Algorithm != "sha256" {
		return nil, false
	}
	sums := make(map[string][sha256.Size]byte, len(doc.Files))
	for p, h := range doc.Files {
		var sum [sha256.Size]byte
		if n, err := hex.Decode(sum[:], []byte(h)); err != nil || n != sha256.Size {
			return nil, false
		}
		sums[p] = sum
	}
	return sums, true
}

// keptNote is the note of a build that kept the output folder.
func keptNote(built string) string {
	return "nothing changed since the last build at " + built + ": the output folder was kept (-no-cache builds it again)"
}

// recordBuild keeps what upToDate needs to recognise the next build of the
// same inputs into the same folder, once stage holds the whole output;
// last is what upToDate said before the build, pages what each page was
// made from. When nothing can be kept (no cache folder, no fingerprint,
// inputs that changed during the build) it returns nil and the next build
// runs in full.
func recordBuild(opts Options, stage *write.Stage, r Result, last lastBuild, pages map[string]uint64) error {
	before := last.inputs
	out := outPath(opts.Out)
	file, ok := statePath(out)
	if !ok {
		return nil
	}
	// Whatever happens below, the state of the previous output is stale.
	_ = os.Remove(file)
	if opts.AsOf != "" || opts.asOf != nil {
		return nil
	}
	if before == nil {
		return nil
	}
	setup, fp, ok := fingerprint(opts, out)
	if !ok || fp != *before || setup != last.setup {
		return nil // the inputs changed while they were built
	}
	files, err := listOutput(stage.Dir())
	if err != nil {
		return err
	}
	r.Elapsed = 0
	st := buildState{
		Format: stateFormat,
		Out:    out,
		Inputs: hex.EncodeToString(fp[:]),
		Setup:  hex.EncodeToString(setup[:]),
		Pages:  pages,
		Built:  time.Now().Format(time.RFC3339),
		Files:  files,
		Result: r,
	}
	data, err := json.Marshal(st)
	if err != nil {
		return nil
	}
	// What the next build would report is exactly what this one did, or
	// nothing is kept (JSON cannot hold a name that is not UTF-8, say).
	var back buildState
	if json.Unmarshal(data, &back) != nil || !reflect.DeepEqual(back, st) {
		return nil
	}
	_ = cachedir.WriteFile(file, data)
	cachedir.Prune(filepath.Dir(file), time.Now(), cachedir.Pruning{Every: statePrune, MaxAge: stateMaxAge, Entry: func(name string) bool { return strings.HasSuffix(name, ".json") }})
	return nil
}

// fingerprint is the fingerprint of a build with opts into the real output
// folder out, and setup, the part of it that is not the site's files (the
// program, the options, the date, git's state); ok is false when there is
// none.
func fingerprint(opts Options, out string) (setup, sum [32]byte, ok bool) {
	renderer, known := load.Renderer()
	if !known {
		return setup, sum, false
	}
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return setup, sum, false
	}
	if src, err = filepath.EvalSymlinks(src); err != nil {
		return setup, sum, false
	}
	today, err := Today(opts.Now)
	if err != nil {
		return setup, sum, false
	}
	repo := "-"
	if !opts.NoHistory {
		repo = history.State(opts.Source)
	}
	inputs, _, err := load.Inputs(load.InputsOptions{Source: opts.Source, ThemeLimit: MaxThemeFile, Skip: out})
	if err != nil {
		return setup, sum, false
	}
	hashOf := func(parts ...string) (h [32]byte) {
		d := sha256.New()
		for _, s := range parts {
			fmt.Fprintf(d, "%d:%s\x00", len(s), s)
		}
		d.Sum(h[:0])
		return h
	}
	setup = hashOf("playbook build setup", strconv.Itoa(stateFormat), renderer, src, out, opts.BaseURL,
		strconv.FormatBool(opts.Strict), strconv.FormatBool(opts.Drafts), strconv.FormatBool(opts.NoHistory),
		today.String(), repo)
	sum = hashOf("playbook build state", hex.EncodeToString(setup[:]), hex.EncodeToString(inputs[:]))
	return setup, sum, true
}

// outPath is the output folder as a real absolute path: its parent's links
// resolved (the output folder itself is resolved by write.Resolve).
func outPath(out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		return filepath.Clean(out)
	}
	if parent, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(parent, filepath.Base(abs))
	}
	return abs
}

// statePath is the state file of the output folder out.
func statePath(out string) (string, bool) {
	dir, ok := cachedir.Dir("builds")
	if !ok {
		return "", false
	}
	sum := sha256.Sum256([]byte(out))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json"), true
}

// readState reads the state file of the output folder out; ok is false for
// anything but a sound state of this format and folder.
func readState(file, out string) (st buildState, ok bool) {
	f, err := os.Open(file)
	if err != nil {
		return st, false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() > stateMaxSize {
		return st, false
	}
	data, err := io.ReadAll(io.LimitReader(f, stateMaxSize+1))
	if err != nil || len(data) > stateMaxSize {
		return st, false
	}
	if json.Unmarshal(data, &st) != nil || st.Format != stateFormat || st.Out != out || len(st.Inputs) != 2*sha256.Size || st.Built == "" || len(st.Files) == 0 {
		return buildState{}, false
	}
	return st, true
}

// listOutput lists every file and folder under dir, in lexical order, with
// each file's size and modification time. Anything but a regular file or a
// folder is an error: a build writes nothing else.
func listOutput(dir string) ([]outEntry, error) {
	var list []outEntry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		e := outEntry{Path: filepath.ToSlash(rel), Dir: d.IsDir()}
		if !e.Dir {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if !fi.Mode().IsRegular() {
				return fmt.Errorf("%s: not a regular file", e.Path)
			}
			e.Size, e.MTime = fi.Size(), fi.ModTime().UnixNano()
		}
		list = append(list, e)
		return nil
	})
	return list, err
}

var errChanged = errors.New("the output folder changed")

// sameOutput reports whether the folder out holds exactly the files and
// folders of want, each file with its size and modification time.
func sameOutput(out string, want []outEntry) bool {
	i := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == out {
			if !d.IsDir() {
				return errChanged
			}
			return nil
		}
		if i >= len(want) {
			return errChanged
		}
		w := want[i]
		i++
		rel := p[len(out)+1:]
		if filepath.Separator != '/' {
			rel = filepath.ToSlash(rel)
		}
		if rel != w.Path || d.IsDir() != w.Dir {
			return errChanged
		}
		if w.Dir {
			return nil
		}
		fi, err := d.Info()
		if err != nil || !fi.Mode().IsRegular() || fi.Size() != w.Size || fi.ModTime().UnixNano() != w.MTime {
			return errChanged
		}
		return nil
	})
	return err == nil && i == len(want)
}

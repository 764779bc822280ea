package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"

	"playbook/generator/config"
	"playbook/generator/contain"
	"playbook/generator/diag"
)

// The fingerprint of a site folder is what a build of it reads from the
// folder, as one SHA-256 (a build that gets the same fingerprint, with the
// same program and options, writes the same output; see upToDate in
// package generator). It is made under the same rules as a build reads:
//
//   - playbook.yaml, through the site's containment, at most config.MaxSize
//     bytes (or that there is none);
//   - every file and folder under content/ as the loader walks it: hidden
//     paths (other than publish_hidden ones) left out, symbolic links
//     followed to files and folders inside the site folder, each folder
//     once; a markdown file at most MaxMarkdown bytes, any other file at
//     most MaxAsset;
//   - every file and folder under themes/ as the build's theme check walks
//     it, each file at most InputsOptions.ThemeLimit bytes;
//   - the names, and for symbolic links the target text, of everything else
//     in the site folder that is not hidden (not its contents: a link from
//     a page to a file of the site folder that is not content depends on
//     whether that file exists), symbolic links not followed, the output
//     folder left out;
//   - when repo_url is set, the site folder's path inside its git
//     repository (links to non-content files lead there).
//
// Every file's bytes are hashed, whatever its size and time say. Anything
// that a build would report as a problem of the folder (a link out of it
// or into a hidden folder, a link loop, a pipe or a device, a file over its
// limit, a name that breaks an address, a folder that cannot be read) is an
// error: a build must run in full and report it.

// inputsFormat is the version of the fingerprint's layout. Bump it when
// what it covers changes.
const inputsFormat = 2

// maxOtherEntries is how many entries outside content/ and themes/ the
// fingerprint looks at; a site folder holding more is never up to date
// (it is a whole repository with its dependencies, say).
const maxOtherEntries = 100_000

// maxInputDepth is how deep the fingerprint walks the folders besides
// content/ and themes/ (whose walks are the build's own).
const maxInputDepth = 64

// InputsOptions says which site folder to fingerprint.
type InputsOptions struct {
	Source string // the site folder
	// ThemeLimit is the largest theme file a build reads (MaxThemeFile of
	// package generator).
	ThemeLimit int64
	// Skip is the output folder, when it lies inside the site folder: it
	// is left out (it is checked on its own).
	Skip string
}

// Inputs is the fingerprint of the site folder opts.Source: a SHA-256 of
// everything a build reads from it (see above). It also returns how many
// files were hashed. An error means that the folder holds something a
// build would refuse or that could not be read: no fingerprint.
func Inputs(opts InputsOptions) (sum [32]byte, files int, err error) {
	root, err := contain.New(opts.Source)
	if err != nil {
		return sum, 0, err
	}
	// playbook.yaml first: publish_hidden says which hidden paths are read.
	// It is read again after config.Load has read it, so that the walk
	// below follows the rules of the bytes hashed.
	cfgData, err := root.ReadFile(config.FileName, config.MaxSize)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return sum, 0, err
	}
	absent := err != nil
	cfg, probs := config.Load(opts.Source)
	if probs.HasErrors() {
		return sum, 0, errors.New(config.FileName + ": has errors")
	}
	again, err := root.ReadFile(config.FileName, config.MaxSize)
	if (err != nil) != absent || !bytes.Equal(again, cfgData) {
		return sum, 0, errors.New(config.FileName + " changed while it was read")
	}
	if root, err = Root(opts.Source, cfg); err != nil {
		return sum, 0, err
	}
	w := &inputWalk{root: root}
	if absent {
		w.add('x', config.FileName, "")
	} else {
		w.items = append(w.items, inputItem{tag: 'f', rel: config.FileName, sum: sha256.Sum256(cfgData)})
	}

	// content/ and themes/, walked as a build walks them (walker,
	// ThemeFiles): anything a build would report means no fingerprint.
	if fi, _, err := root.Stat("content"); err != nil {
		return sum, 0, err
	} else if !fi.IsDir() {
		return sum, 0, errors.New("content is not a folder")
	}
	var walked diag.List
	cw := walker{site: root, probs: &walked, seen: map[string]bool{}, dirs: map[string]string{}}
	cw.walk(filepath.Join(root.Real(), "content"), "content")
	tdirs, tfiles, tprobs := ThemeFiles(root, opts.ThemeLimit)
	if walked.Add(tprobs); len(walked) > 0 {
		return sum, 0, fmt.Errorf("%s: %s", walked[0].File, walked[0].Msg)
	}
	for _, rel := range slices.Sorted(maps.Keys(cw.dirs)) {
		w.add('d', rel, "")
	}
	for _, f := range cw.md {
		w.items = append(w.items, inputItem{tag: 'h', rel: f.rel, limit: MaxMarkdown})
	}
	for _, a := range cw.assets {
		w.items = append(w.items, inputItem{tag: 'h', rel: a.Path, limit: MaxAsset})
	}
	if tdirs == nil {
		w.add('x', "themes", "")
	}
	for _, rel := range tdirs {
		w.add('d', rel, "")
	}
	for _, rel := range tfiles {
		w.items = append(w.items, inputItem{tag: 'h', rel: rel, limit: opts.ThemeLimit})
	}
	// Everything else: names only.
	skip := ""
	if opts.Skip != "" {
		skip = filepath.Clean(opts.Skip)
	}
	if err := w.others(root.Real(), ".", skip, 0); err != nil {
		return sum, 0, err
	}
	if cfg.RepoURL != "" {
		w.add('r', repoPrefix(root.Real()), "")
	}
	if err := w.hash(); err != nil {
		return sum, 0, err
	}

	h := sha256.New()
	var buf []byte
	buf = binary.AppendUvarint(buf, inputsFormat)
	for _, it := range w.items {
		buf = append(buf, it.tag)
		buf = appendString(buf, it.rel)
		buf = appendString(buf, it.text)
		if it.tag == 'f' || it.tag == 'h' {
			buf = append(buf, it.sum[:]...)
			files++
		}
		if len(buf) > 32<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	h.Sum(sum[:0])
	return sum, files, nil
}

// inputItem is one entry of the fingerprint: tag 'f' a file read whole
// (sum set), 'h' a file to hash (limit set, then sum), 'd' a folder, 'n'
// the name of something not read, 'l' a symbolic link not followed (text:
// its target), 'x' something a build looks for that is not there, 'r' the
// repository prefix.
type inputItem struct {
	tag   byte
	rel   string
	text  string
	limit int64
	sum   [32]byte
}

type inputWalk struct {
	root    *contain.Root
	nOthers int // entries seen outside content/ and themes/
	items   []inputItem
}

func (w *inputWalk) add(tag byte, rel, text string) {
	w.items = append(w.items, inputItem{tag: tag, rel: rel, text: text})
}

// others lists the names under the folder dir (the slash path rel) other
// than content/, themes/, hidden ones and skip, without following links
// and without reading a file.
func (w *inputWalk) others(dir, rel, skip string, depth int) error {
	if depth > maxInputDepth {
		return fmt.Errorf("%s: folders nested too deep", rel)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		r := path.Join(rel, e.Name())
		p := filepath.Join(dir, e.Name())
		if w.root.Hidden(r) || r == "content" || r == "themes" || p == skip {
			continue
		}
		if w.nOthers++; w.nOthers > maxOtherEntries {
			return fmt.Errorf("more than %d files in the site folder besides content/ and themes/", maxOtherEntries)
		}
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			w.add('l', r, target)
		case t.IsDir():
			w.add('d', r, "")
			if err := w.others(p, r, skip, depth+1); err != nil {
				return err
			}
		default:
			w.add('n', r, "")
		}
	}
	return nil
}

// hash reads every file of the walk that is to be hashed, through the
// site's containment, on as many goroutines as there are processors.
func (w *inputWalk) hash() error {
	var todo []int
	for i, it := range w.items {
		if it.tag == 'h' {
			todo = append(todo, i)
		}
	}
	errs := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		errs[i] = w.hashFile(&w.items[todo[i]])
	})
	return errors.Join(errs...)
}

// hashFile hashes the bytes of the file it.rel, at most it.limit of them.
func (w *inputWalk) hashFile(it *inputItem) error {
	f, err := w.root.Open(it.rel)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, it.limit+1))
	if err != nil {
		return err
	}
	if n > it.limit {
		return &contain.TooBig{Path: it.rel, Size: n, Limit: it.limit}
	}
	h.Sum(it.sum[:0])
	return nil
}

// Renderer names the code that turns a site into files: goldmark's and
// chroma's versions, as the body cache names them, and the running
// executable's Go build ID (which changes with any change of its code).
// known is false when the build ID cannot be read, so that two different
// programs might not be told apart.
func Renderer() (id string, known bool) {
	return rendererID(), exeBuildID() != "unknown"
}

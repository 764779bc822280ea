package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"playbook/generator/config"
	"playbook/generator/contain"
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
const inputsFormat = 1

// maxOtherEntries is how many entries outside content/ and themes/ the
// fingerprint looks at; a site folder holding more is never up to date
// (it is a whole repository with its dependencies, say).
const maxOtherEntries = 100_000

// maxInputDepth is how deep the fingerprint walks folders.
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
	w := &inputWalk{root: root, themeLimit: opts.ThemeLimit}
	if absent {
		w.add('x', config.FileName, "")
	} else {
		w.items = append(w.items, inputItem{tag: 'f', rel: config.FileName, sum: sha256.Sum256(cfgData)})
	}

	// content/, as load.Site walks it.
	if fi, _, err := root.Stat("content"); err != nil {
		return sum, 0, err
	} else if !fi.IsDir() {
		return sum, 0, errors.New("content is not a folder")
	}
	w.seen = map[string]bool{}
	if err := w.content(filepath.Join(root.Real(), "content"), "content", 0); err != nil {
		return sum, 0, err
	}
	// themes/, as the build's theme check walks it.
	w.seen = map[string]bool{}
	if err := w.themes("themes", 0); err != nil {
		return sum, 0, err
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
	root       *contain.Root
	themeLimit int64
	seen       map[string]bool // real paths of the folders walked, per tree
	nOthers    int             // entries seen outside content/ and themes/
	items      []inputItem
}

func (w *inputWalk) add(tag byte, rel, text string) {
	w.items = append(w.items, inputItem{tag: tag, rel: rel, text: text})
}

// content walks the folder dir, at the content path rel, as walker.walk
// does.
func (w *inputWalk) content(dir, rel string, depth int) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	if real, err = filepath.Abs(real); err != nil {
		return err
	}
	switch {
	case w.seen[real]:
		return fmt.Errorf("%s: a symbolic link back to a folder already read", rel)
	case depth > maxInputDepth:
		return fmt.Errorf("%s: folders nested too deep", rel)
	}
	w.seen[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	w.add('d', rel, "")
	for _, e := range entries {
		p, r := filepath.Join(dir, e.Name()), path.Join(rel, e.Name())
		if w.root.Hidden(r) {
			continue
		}
		if bad := badName(e.Name()); bad != "" {
			return fmt.Errorf("%s: the file name holds %s", r, bad)
		}
		// A regular file is checked as the loader checks it when it is
		// opened to be hashed (contain.Root.Open runs the checks of
		// Stat), and its size when it is read.
		mode := e.Type()
		var size int64
		if mode&fs.ModeSymlink != 0 {
			fi, _, err := w.root.Stat(r)
			if err != nil {
				return err
			}
			mode, size = fi.Mode().Type(), fi.Size()
		}
		limit := int64(MaxAsset)
		if strings.HasSuffix(r, ".md") {
			limit = MaxMarkdown
		}
		switch {
		case mode.IsDir():
			if err := w.content(p, r, depth+1); err != nil {
				return err
			}
		case !mode.IsRegular():
			return fmt.Errorf("%s: not a regular file", r)
		case size > limit:
			return &contain.TooBig{Path: r, Size: size, Limit: limit}
		default:
			w.items = append(w.items, inputItem{tag: 'h', rel: r, limit: limit})
		}
	}
	return nil
}

// themes walks the slash path rel under themes/ as the build's theme check
// does.
func (w *inputWalk) themes(rel string, depth int) error {
	fi, real, err := w.root.Stat(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist) && rel == "themes":
		w.add('x', rel, "")
		return nil
	case err != nil:
		return err
	case !fi.IsDir():
		if fi.Size() > w.themeLimit {
			return &contain.TooBig{Path: rel, Size: fi.Size(), Limit: w.themeLimit}
		}
		w.items = append(w.items, inputItem{tag: 'h', rel: rel, limit: w.themeLimit})
		return nil
	case w.seen[real]:
		return fmt.Errorf("%s: a symbolic link back to a folder already read", rel)
	case depth > 32:
		return fmt.Errorf("%s: folders nested more than 32 deep", rel)
	}
	w.seen[real] = true
	entries, err := os.ReadDir(real)
	if err != nil {
		return err
	}
	w.add('d', rel, "")
	for _, e := range entries {
		if r := rel + "/" + e.Name(); !w.root.Hidden(r) {
			if err := w.themes(r, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
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
	var (
		mu    sync.Mutex
		first error
		next  int
		wg    sync.WaitGroup
	)
	work := func() {
		defer wg.Done()
		h := sha256.New()
		buf := make([]byte, 64<<10)
		for {
			mu.Lock()
			if next >= len(todo) || first != nil {
				mu.Unlock()
				return
			}
			i := todo[next]
			next++
			mu.Unlock()
			it := &w.items[i]
			if err := w.hashFile(h, buf, it); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				return
			}
		}
	}
	n := min(runtime.GOMAXPROCS(0), len(todo))
	wg.Add(n)
	for range n {
		go work()
	}
	wg.Wait()
	return first
}

// hashFile hashes the bytes of the file it.rel, at most it.limit of them.
func (w *inputWalk) hashFile(h hash.Hash, buf []byte, it *inputItem) error {
	f, err := w.root.Open(it.rel)
	if err != nil {
		return err
	}
	defer f.Close()
	h.Reset()
	n, err := io.CopyBuffer(h, io.LimitReader(f, it.limit+1), buf)
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

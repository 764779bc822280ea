package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"playbook/generator/contain"
)

// Watcher reports changes under a site folder as batches of slash paths
// relative to it ("content/tools/hootsuite.md"). It watches the site folder
// itself (for the config file and for content/ or themes/ appearing) and every
// folder under content/ and themes/, adding new folders as they appear and
// dropping removed ones. A burst of events (an editor's save is often
// several: write a temporary file, rename it over the old one, change its
// mode) becomes one batch once the folder has been quiet for Quiet.
type Watcher struct {
	root    string
	w       *fsnotify.Watcher
	quiet   time.Duration
	batches chan []string
	errs    chan error
	done    chan struct{}
	site    *contain.Root   // the site folder, to check where links lead
	linked  map[string]bool // real paths of linked folders being watched
}

// watched are the folders under the site folder whose trees are watched.
var watched = []string{"content", "themes"}

// NewWatcher starts watching root. Quiet is the pause that ends a burst.
func NewWatcher(root string, quiet time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	site, err := contain.New(root)
	if err != nil {
		fw.Close()
		return nil, err
	}
	w := &Watcher{root: root, w: fw, site: site, quiet: quiet, batches: make(chan []string, 1), errs: make(chan error, 1), done: make(chan struct{}), linked: map[string]bool{}}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watched {
		w.addTree(filepath.Join(root, d))
	}
	go w.loop()
	return w, nil
}

// Batches delivers the changed paths of each burst, sorted and without
// repeats.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Errors delivers errors of the underlying watcher (such as too many
// watched folders).
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	return w.w.Close()
}

// addTree watches dir and every folder below it. Folders that vanish while
// being walked are skipped, and so are hidden ones. A symbolic link to a
// folder is followed only where the loader follows it too: to a folder
// inside the site folder and not hidden (content/decisions → ../doc/adr);
// a link out of the site folder (content/pages/r → /) is not watched at
// all, so that it cannot make the watcher add a watch for every folder of
// the disk. The loader reports such links as errors.
func (w *Watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			w.addLink(p)
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		w.w.Add(p)
		return nil
	})
}

// addLink watches the folder that the symbolic link p leads to, once, when
// it is inside the site folder and not hidden.
func (w *Watcher) addLink(p string) {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return
	}
	fi, real, err := w.site.Stat(filepath.ToSlash(rel))
	if err != nil || !fi.IsDir() || w.linked[real] {
		return
	}
	if _, inside := w.site.Within(real); !inside {
		return
	}
	w.linked[real] = true
	w.addTree(p + string(filepath.Separator))
}

// rel turns an event's path into a slash path relative to the root, or ""
// when the path is none of the site's business (the output folder, editor
// swap files at the root).
func (w *Watcher) rel(name string) string {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return ""
	}
	r = filepath.ToSlash(r)
	first, _, _ := strings.Cut(r, "/")
	if !slices.Contains(watched, first) && r != "playbook.yaml" {
		return ""
	}
	return r
}

func (w *Watcher) loop() {
	pending := map[string]bool{}
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			r := w.rel(ev.Name)
			if r == "" {
				continue
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Write) {
				// A new folder, or one moved in, or a new link to a
				// folder inside the site: watch it and what it holds.
				if fi, err := os.Lstat(ev.Name); err == nil && (fi.IsDir() || fi.Mode()&fs.ModeSymlink != 0) {
					w.addTree(ev.Name)
				}
			}
			pending[r] = true
			if timer == nil {
				timer = time.NewTimer(w.quiet)
			} else {
				timer.Reset(w.quiet)
			}
			fire = timer.C
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-fire:
			fire = nil
			batch := make([]string, 0, len(pending))
			for p := range pending {
				batch = append(batch, p)
			}
			slices.Sort(batch)
			clear(pending)
			select {
			case w.batches <- batch:
			case <-w.done:
				return
			}
		}
	}
}

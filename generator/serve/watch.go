package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
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
	w := &Watcher{root: root, w: fw, quiet: quiet, batches: make(chan []string, 1), errs: make(chan error, 1), done: make(chan struct{}), linked: map[string]bool{}}
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
// being walked are skipped.
func (w *Watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && p != dir {
			// A linked folder (content/decisions → ../doc/adr): the
			// loader follows it, so watch what it leads to, once.
			real, err := filepath.EvalSymlinks(p)
			if fi, serr := os.Stat(real); err == nil && serr == nil && fi.IsDir() && !w.linked[real] {
				w.linked[real] = true
				w.addTree(p + string(filepath.Separator))
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		w.w.Add(p)
		return nil
	})
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
				// A new folder, or one moved in: watch it and what it holds.
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
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

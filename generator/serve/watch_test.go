package serve

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// waitFor reads batches until one holds want, or fails after a few seconds.
func waitFor(t *testing.T, w *Watcher, want string) []string {
	t.Helper()
	deadline := time.After(5 * time.Second)
	var seen [][]string
	for {
		select {
		case b := <-w.Batches():
			if slices.Contains(b, want) {
				return b
			}
			seen = append(seen, b)
		case <-deadline:
			t.Fatalf("no batch named %s within 5 s; batches seen: %v", want, seen)
			return nil
		}
	}
}

// mark is what quiet and noBatch change to learn how far the watcher has
// got: the site's config, which it always reports.
const mark = "playbook.yaml"

// saveMark saves the config by renaming a file over it: one event, so one
// batch names it. The temporary file at the site's root is none of the
// watcher's business.
func saveMark(t *testing.T, w *Watcher) {
	t.Helper()
	tmp := filepath.Join(w.root, ".mark.tmp")
	write(t, tmp, "title: T\n")
	if err := os.Rename(tmp, filepath.Join(w.root, mark)); err != nil {
		t.Fatal(err)
	}
}

// quiet saves the config and drains batches until the one naming it. The
// watcher handles events in the order they happen, so every change made
// before has then been reported and every folder made before is watched:
// a test starts from silence.
func quiet(t *testing.T, w *Watcher) {
	t.Helper()
	saveMark(t, w)
	waitFor(t, w, mark)
}

func newSiteDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content/platforms", "content/pages"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "content/platforms/x.md"), "---\ntitle: X\n---\nold\n")
	return dir
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func startWatcher(t *testing.T, dir string) *Watcher {
	t.Helper()
	w, err := NewWatcher(dir, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	quiet(t, w)
	return w
}

// Editors that save atomically write a temporary file and rename it over the
// original (vim with backupcopy=no, JetBrains, VS Code): the original's
// path must be reported.
func TestWatcherRenameSave(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	w := startWatcher(t, dir)
	tmp := filepath.Join(dir, "content/platforms/.x.md.swp~")
	write(t, tmp, "---\ntitle: X\n---\nnew\n")
	if err := os.Rename(tmp, filepath.Join(dir, "content/platforms/x.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/platforms/x.md")
}

// vim's default save: write a probe file "4913", delete it, move the
// original to a backup, write the new file, delete the backup. One save,
// one batch.
func TestWatcherVimSaveIsOneBatch(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	w := startWatcher(t, dir)
	p := filepath.Join(dir, "content/platforms")
	write(t, filepath.Join(p, "4913"), "")
	os.Remove(filepath.Join(p, "4913"))
	os.Rename(filepath.Join(p, "x.md"), filepath.Join(p, "x.md~"))
	write(t, filepath.Join(p, "x.md"), "---\ntitle: X\n---\nnew\n")
	os.Remove(filepath.Join(p, "x.md~"))
	b := waitFor(t, w, "content/platforms/x.md")
	for _, want := range []string{"content/platforms/4913", "content/platforms/x.md~"} {
		if !slices.Contains(b, want) {
			t.Errorf("batch %v lacks %s: the save was split into several batches", b, want)
		}
	}
}

// Some editors truncate the file, then write it: both events end in one
// batch.
func TestWatcherTruncateThenWrite(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	w := startWatcher(t, dir)
	name := filepath.Join(dir, "content/platforms/x.md")
	if err := os.Truncate(name, 0); err != nil {
		t.Fatal(err)
	}
	write(t, name, "---\ntitle: X\n---\nrewritten\n")
	waitFor(t, w, "content/platforms/x.md")
	noBatch(t, w, "the save was reported in one batch already")
}

// A new folder is watched as soon as it appears, and so is a folder
// created inside it.
func TestWatcherNewFolders(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	w := startWatcher(t, dir)
	nested := filepath.Join(dir, "content/pages/policies/social")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/pages/policies")
	quiet(t, w)
	write(t, filepath.Join(nested, "ads.md"), "---\ntitle: Ads\n---\n")
	waitFor(t, w, "content/pages/policies/social/ads.md")
}

// A folder moved in from outside the site is watched too.
func TestWatcherFolderMovedIn(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	outside := filepath.Join(t.TempDir(), "drafts")
	os.MkdirAll(outside, 0o755)
	w := startWatcher(t, dir)
	moved := filepath.Join(dir, "content/pages/drafts")
	if err := os.Rename(outside, moved); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/pages/drafts")
	quiet(t, w)
	write(t, filepath.Join(moved, "new.md"), "---\ntitle: New\n---\n")
	waitFor(t, w, "content/pages/drafts/new.md")
}

// Deleting files and whole folders is reported, and the watcher keeps
// working afterwards, even when content/ itself is removed and made again.
func TestWatcherDeletions(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	w := startWatcher(t, dir)
	if err := os.Remove(filepath.Join(dir, "content/platforms/x.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/platforms/x.md")
	if err := os.RemoveAll(filepath.Join(dir, "content/pages")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/pages")
	if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content")
	quiet(t, w)
	os.MkdirAll(filepath.Join(dir, "content/tools"), 0o755)
	waitFor(t, w, "content")
	quiet(t, w)
	write(t, filepath.Join(dir, "content/tools/y.md"), "---\ntitle: Y\n---\n")
	waitFor(t, w, "content/tools/y.md")
}

// Files outside content/, themes/ and the config (the output folder, notes
// at the root) do not trigger rebuilds.
func TestWatcherIgnoresOtherFiles(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	w := startWatcher(t, dir)
	write(t, filepath.Join(dir, "NOTES.txt"), "x")
	os.MkdirAll(filepath.Join(dir, "public"), 0o755)
	write(t, filepath.Join(dir, "public/index.html"), "x")
	write(t, filepath.Join(dir, "playbook.yaml"), "title: T\n")
	b := waitFor(t, w, "playbook.yaml")
	for _, p := range b {
		if !strings.HasPrefix(p, "content") && !strings.HasPrefix(p, "themes") && p != "playbook.yaml" {
			t.Errorf("batch %v names %s, which is not part of the site", b, p)
		}
	}
}

// noBatch fails when the watcher reports any change made before it is
// called. It saves the config: the watcher handles events in order, so a
// change made before is reported in the batch that names the config or in
// one before it, and those must name nothing else.
func noBatch(t *testing.T, w *Watcher, why string) {
	t.Helper()
	saveMark(t, w)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case b := <-w.Batches():
			if other := slices.DeleteFunc(slices.Clone(b), func(p string) bool { return p == mark }); len(other) > 0 {
				t.Errorf("%s, yet the watcher reported %v", why, other)
			}
			if slices.Contains(b, mark) {
				return
			}
		case <-deadline:
			t.Fatalf("no batch named %s within 5 s", mark)
		}
	}
}

// A link under content/ that leads out of the site folder (ln -s /
// content/pages/r) or into a hidden folder inside it (.git) is not
// watched: writes behind it start no rebuild, however large the tree it
// leads to. A link to a folder inside the site (ln -s ../doc/adr
// content/decisions) is watched as before.
func TestWatcherLinksStayInSite(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	outside := t.TempDir()
	os.MkdirAll(filepath.Join(outside, "sub"), 0o755)
	os.MkdirAll(filepath.Join(dir, ".git/objects"), 0o755)
	os.MkdirAll(filepath.Join(dir, "doc/adr"), 0o755)
	for link, target := range map[string]string{
		"content/pages/r":   outside,
		"content/pages/up":  "../../..",
		"content/pages/git": "../../.git",
		"content/decisions": "../doc/adr",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	w := startWatcher(t, dir)

	write(t, filepath.Join(outside, "new.md"), "---\ntitle: New\n---\n")
	os.MkdirAll(filepath.Join(outside, "sub/deeper"), 0o755)
	write(t, filepath.Join(outside, "sub/x.md"), "---\ntitle: X\n---\n")
	write(t, filepath.Join(dir, ".git/objects/ab"), "blob")
	noBatch(t, w, "only folders behind links out of the site or into .git changed")

	write(t, filepath.Join(dir, "doc/adr/0001-use-markdown.md"), "---\ntitle: Use markdown\n---\n")
	waitFor(t, w, "content/decisions/0001-use-markdown.md")
}

// A link made while serve runs is checked the same way.
func TestWatcherNewLinks(t *testing.T) {
	t.Parallel()
	dir := newSiteDir(t)
	outside := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "doc/adr"), 0o755)
	w := startWatcher(t, dir)

	if err := os.Symlink(outside, filepath.Join(dir, "content/pages/r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/pages/r")
	quiet(t, w)
	write(t, filepath.Join(outside, "new.md"), "---\ntitle: New\n---\n")
	noBatch(t, w, "only a folder behind a link out of the site changed")

	if err := os.Symlink("../doc/adr", filepath.Join(dir, "content/decisions")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "content/decisions")
	quiet(t, w)
	write(t, filepath.Join(dir, "doc/adr/0001-use-markdown.md"), "---\ntitle: Use markdown\n---\n")
	waitFor(t, w, "content/decisions/0001-use-markdown.md")
}

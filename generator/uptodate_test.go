package generator

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"playbook/generator/diag"
)

// The tests of this file build into output folders of their own, with the
// user's cache folder in a temporary folder (TestMain), where the state of
// each output folder is kept.

const keptPrefix = "nothing changed since the last build at "

// wasKept reports whether a build said that it kept the output folder.
func wasKept(r Result) bool {
	return len(r.Notes) > 0 && strings.HasPrefix(r.Notes[len(r.Notes)-1], keptPrefix)
}

// utSite is a copy of a fixture site built into an output folder of its own.
type utSite struct {
	t        *testing.T
	src, out string
	opts     Options
}

func newUTSite(t *testing.T, fixture string) *utSite {
	// The state goes to os.UserCacheDir(), which TestMain points at a
	// temporary folder through XDG_CACHE_HOME: where that variable is not
	// what decides (macOS, Windows), the user's real cache would be used.
	if cache, err := os.UserCacheDir(); err != nil || cache != os.Getenv("XDG_CACHE_HOME") {
		t.Skip("the user's cache folder is not the test's temporary one on this system")
	}
	src := copyFixtureOf(t, fixture)
	out := filepath.Join(t.TempDir(), "public")
	return &utSite{t: t, src: src, out: out, opts: Options{Source: src, Out: out, Now: fixtureNow}}
}

func (s *utSite) build() Result {
	s.t.Helper()
	r, err := Build(s.opts)
	if err != nil {
		s.t.Fatalf("build: %v", err)
	}
	return r
}

// full builds and fails the test when the build kept the output folder.
func (s *utSite) full(why string) Result {
	s.t.Helper()
	r := s.build()
	if wasKept(r) {
		s.t.Errorf("%s: the build kept the output folder; expected a full build", why)
	}
	return r
}

// kept builds and fails the test unless the build kept the output folder.
func (s *utSite) kept(why string) Result {
	s.t.Helper()
	r := s.build()
	if !wasKept(r) {
		s.t.Errorf("%s: the build ran in full (notes %q); expected it to keep the output folder", why, r.Notes)
	}
	return r
}

func (s *utSite) write(rel, data string) {
	s.t.Helper()
	p := filepath.Join(s.src, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *utSite) remove(rel string) {
	s.t.Helper()
	if err := os.Remove(filepath.Join(s.src, filepath.FromSlash(rel))); err != nil {
		s.t.Fatal(err)
	}
}

// output is the file rel of the output folder, "" when there is none.
func (s *utSite) output(rel string) string {
	data, err := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(rel)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.t.Fatal(err)
	}
	return string(data)
}

// outputHolds reports whether a file of the output folder holds text.
func (s *utSite) outputHolds(text string) bool {
	found := false
	filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !found {
			data, _ := os.ReadFile(p)
			found = strings.Contains(string(data), text)
		}
		return nil
	})
	return found
}

// snapshot is every file of the output folder with what os.Lstat says of it.
func (s *utSite) snapshot() map[string]fs.FileInfo {
	s.t.Helper()
	files := map[string]fs.FileInfo{}
	err := filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		files[p] = fi
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return files
}

// summary is the summary line without its time.
func summary(r Result) string {
	s := r.Summary()
	return s[:strings.LastIndex(s, " in ")]
}

// A second build of an unchanged site keeps the output folder as it is,
// file for file, and reports what the first build reported: the same
// warnings, notes and summary line, and a note that says it kept the
// folder. The state is kept outside the output folder.
func TestUpToDateKeepsUnchangedOutput(t *testing.T) {
	t.Parallel()
	s := newUTSite(t, "testdata/site")
	first := s.full("the first build")
	before := s.snapshot()
	second := s.kept("a second build of the same site")

	if len(first.Problems) == 0 {
		t.Fatalf("the fixture's first build has no warning: %v", first.Problems)
	}
	if !reflect.DeepEqual(second.Problems, first.Problems) {
		t.Errorf("the second build reports problems\n%v\nthe first reported\n%v", second.Problems, first.Problems)
	}
	if got, want := second.Notes[:len(second.Notes)-1], first.Notes; len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
		t.Errorf("the second build's notes %q; the first's were %q", got, want)
	}
	if got, want := summary(second), summary(first); got != want {
		t.Errorf("the second build says %q; the first said %q", got, want)
	}
	if got, want := second.Pages, first.Pages; got != want || second.Assets != first.Assets || !reflect.DeepEqual(second.Skipped, first.Skipped) || !reflect.DeepEqual(second.Drafts, first.Drafts) {
		t.Errorf("the second build's counts %+v; the first's %+v", second, first)
	}
	note := second.Notes[len(second.Notes)-1]
	if at := strings.TrimSuffix(strings.TrimPrefix(note, keptPrefix), ": the output folder was kept (-no-cache builds it again)"); at == note {
		t.Errorf("note %q; expected %q<time>: the output folder was kept (-no-cache builds it again)", note, keptPrefix)
	} else if _, err := time.Parse(time.RFC3339, at); err != nil {
		t.Errorf("note %q: the time is not RFC 3339: %v", note, err)
	}

	after := s.snapshot()
	if len(after) != len(before) {
		t.Errorf("the output folder held %d files and folders; it holds %d", len(before), len(after))
	}
	for p, fi := range before {
		now, ok := after[p]
		switch {
		case !ok:
			t.Errorf("%s is gone", p)
		case !os.SameFile(fi, now) || !fi.ModTime().Equal(now.ModTime()):
			t.Errorf("%s was written again", p)
		}
	}

	// The state is in the cache folder, not in the output folder.
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	file, ok := statePath(outPath(s.out))
	if !ok || !strings.HasPrefix(file, filepath.Join(cache, "playbook", "builds")+string(filepath.Separator)) {
		t.Errorf("the state file is %q; expected one under %s", file, filepath.Join(cache, "playbook", "builds"))
	} else if _, err := os.Stat(file); err != nil {
		t.Errorf("no state file: %v", err)
	}
}

// Every change of what a build reads, or of the output folder, makes the
// next build run in full, and what it writes shows the change; the build
// after it is recognised again. Each step starts from the state the step
// before left.
func TestUpToDateSeesChanges(t *testing.T) {
	t.Parallel()
	s := newUTSite(t, "testdata/site")
	s.full("the first build")
	s.kept("a second build")

	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, func(t *testing.T) { s.t = t; f(t) }) {
			t.FailNow()
		}
		s.t = t
	}
	step("content bytes with size and time unchanged", func(t *testing.T) {
		p := filepath.Join(s.src, "content", "pages", "glossary.md")
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		edited := strings.Replace(string(data), "often [with", "never [with", 1)
		if len(edited) != len(data) || edited == string(data) {
			t.Fatal("the edit changed the size, or nothing")
		}
		s.write("content/pages/glossary.md", edited)
		if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
			t.Fatal(err)
		}
		if now, _ := os.Stat(p); now.Size() != fi.Size() || !now.ModTime().Equal(fi.ModTime()) {
			t.Fatal("size or time not restored")
		}
		s.full("a content file's bytes changed")
		if !strings.Contains(s.output("pages/glossary/index.html"), "never") {
			t.Error("the glossary page does not show the edit")
		}
		s.kept("the build after")
	})
	step("a content file added", func(t *testing.T) {
		s.write("content/pages/added.md", "---\ntitle: Added page\n---\nNew here.\n")
		s.full("a content file was added")
		if !strings.Contains(s.output("pages/added/index.html"), "Added page") {
			t.Error("no page for the added file")
		}
		s.kept("the build after")
	})
	step("a content file deleted", func(t *testing.T) {
		s.remove("content/pages/added.md")
		s.full("a content file was deleted")
		if s.output("pages/added/index.html") != "" {
			t.Error("the deleted file's page is still there")
		}
		s.kept("the build after")
	})
	step("hidden files added", func(t *testing.T) {
		s.write("content/pages/.notes.md", "not read")
		s.write(".scratch/notes.txt", "not read")
		s.write("content/.DS_Store", "not read")
		s.kept("hidden files were added")
	})
	step("a file elsewhere in the site folder", func(t *testing.T) {
		// A page may link to it: whether it exists is read.
		s.write("notes/plan.txt", "a plan")
		s.full("a file was added beside content/")
		s.kept("the build after")
	})
	step("a theme file", func(t *testing.T) {
		s.write("themes/default/static/extra.txt", "theme file")
		s.full("a theme file was added")
		if s.output("extra.txt") != "theme file" {
			t.Error("the theme's static file is not published")
		}
		s.kept("the build after")
		s.write("themes/default/static/extra.txt", "theme file, edited")
		s.full("a theme file was edited")
		if s.output("extra.txt") != "theme file, edited" {
			t.Error("the edited theme file is not published")
		}
	})
	step("playbook.yaml", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(s.src, "playbook.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		s.write("playbook.yaml", strings.Replace(string(data), "title: Fixture Playbook", "title: Edited Playbook", 1))
		s.full("playbook.yaml changed")
		if !strings.Contains(s.output("index.html"), "Edited Playbook") {
			t.Error("the home page does not show the new title")
		}
		s.kept("the build after")
	})
	step("-drafts", func(t *testing.T) {
		s.write("content/pages/wip.md", "---\ntitle: Work in progress\ndraft: true\n---\nSoon.\n")
		if r := s.full("a draft was added"); len(r.Drafts) != 1 {
			t.Errorf("drafts %q; expected the new one", r.Drafts)
		}
		s.opts.Drafts = true
		if r := s.full("-drafts"); len(r.Drafts) != 0 || s.output("pages/wip/index.html") == "" {
			t.Errorf("-drafts left out %q", r.Drafts)
		}
		s.kept("-drafts again")
		s.opts.Drafts = false
		if r := s.full("without -drafts"); len(r.Drafts) != 1 || s.output("pages/wip/index.html") != "" {
			t.Errorf("without -drafts: drafts %q", r.Drafts)
		}
	})
	step("-base-url", func(t *testing.T) {
		s.opts.BaseURL = "https://other.example.com/"
		s.full("another base URL")
		if !strings.Contains(s.output("sitemap.xml"), "https://other.example.com/") {
			t.Error("the sitemap does not use the new base URL")
		}
		s.kept("the build after")
		s.opts.BaseURL = ""
		s.full("the base URL of playbook.yaml again")
	})
	step("-strict", func(t *testing.T) {
		// The fixture's overdue review is an error under -strict: the
		// build fails, and is not replayed as a success.
		s.opts.Strict = true
		_, err := Build(s.opts)
		var de *diag.Errors
		if !errors.As(err, &de) {
			t.Errorf("-strict: %v; expected the overdue review as an error", err)
		}
		s.opts.Strict = false
		s.kept("the build after a failed one, of what the last successful one read")
	})
	step("an output file deleted", func(t *testing.T) {
		want := s.output("index.html")
		os.Remove(filepath.Join(s.out, "index.html"))
		s.full("index.html was deleted from the output folder")
		if s.output("index.html") != want {
			t.Error("index.html was not written again")
		}
		s.kept("the build after")
	})
	step("an output file edited", func(t *testing.T) {
		want := s.output("index.html")
		os.WriteFile(filepath.Join(s.out, "index.html"), []byte(want+"<!-- edited -->"), 0o644)
		s.full("index.html was edited in the output folder")
		if s.output("index.html") != want {
			t.Error("index.html was not written again")
		}
		s.kept("the build after")
	})
	step("an output file added", func(t *testing.T) {
		os.WriteFile(filepath.Join(s.out, "stray.html"), []byte("stray"), 0o644)
		s.full("a file was added to the output folder")
		if s.output("stray.html") != "" {
			t.Error("the stray file is still there")
		}
		s.kept("the build after")
	})
	step("-no-cache", func(t *testing.T) {
		s.opts.NoCache = true
		s.full("-no-cache")
		s.opts.NoCache = false
		s.kept("the build after -no-cache, which keeps its state too")
	})
	step("a state file that is garbage or another folder's", func(t *testing.T) {
		file, _ := statePath(outPath(s.out))
		good, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{
			"garbage",
			string(good[:len(good)/2]),
			strings.Replace(string(good), `"out":"`, `"out":"/elsewhere`, 1),
			strings.Replace(string(good), `"format":`, `"format":9`, 1),
		} {
			if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
				t.Fatal(err)
			}
			s.full("a bad state file")
		}
		s.kept("the build after")
	})
	step("a link out of the site folder", func(t *testing.T) {
		secret := filepath.Join(t.TempDir(), "secret.md")
		os.WriteFile(secret, []byte("---\ntitle: Secret\n---\nsecret\n"), 0o644)
		if err := os.Symlink(secret, filepath.Join(s.src, "content", "pages", "secret.md")); err != nil {
			t.Skip("no symbolic links:", err)
		}
		r, err := Build(s.opts)
		if wasKept(r) || err == nil || !strings.Contains(err.Error(), "outside the site folder") {
			t.Errorf("a link out of the site folder: %v, notes %q; expected the build to fail with the containment error", err, r.Notes)
		}
		s.remove("content/pages/secret.md")
		s.kept("the link removed again")
	})
}

// A file in a folder that content/ links to (content/decisions ->
// ../docs/adr) is read like any other content file.
func TestUpToDateLinkedFolder(t *testing.T) {
	t.Parallel()
	s := newUTSite(t, "testdata/importlog")
	s.full("the first build")
	s.kept("a second build")
	p := filepath.Join(s.src, "docs", "adr", "0003-write-records-in-markdown.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s.write("docs/adr/0003-write-records-in-markdown.md", strings.Replace(string(data), "readable in review", "legible in a review", 1))
	s.full("a record in the linked folder changed")
	if !s.outputHolds("legible in a review") {
		t.Error("the output does not show the edited record")
	}
	s.kept("the build after")
}

// The build's date is read: a SOURCE_DATE_EPOCH on another day builds in
// full (reviews fall due on dates).
func TestUpToDateSourceDateEpoch(t *testing.T) {
	s := newUTSite(t, "testdata/site")
	day := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	t.Setenv("SOURCE_DATE_EPOCH", "1")
	epoch := func(d time.Time) { os.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(d.Unix(), 10)) }
	epoch(day)
	first := s.full("the first build")
	epoch(day.Add(3 * time.Hour))
	s.kept("another time of the same day")
	epoch(day.AddDate(0, 0, 1))
	next := s.full("the next day")
	if reflect.DeepEqual(next.Problems, first.Problems) {
		t.Errorf("the overdue review says the same on the next day: %v", next.Problems)
	}
	s.kept("the build after")
}

// The git commit checked out is read: history pages depend on it.
func TestUpToDateGitHead(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Parallel()
	s := newUTSite(t, "testdata/site")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Kim Cho", "-c", "user.email=kim@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = s.src
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")
	s.full("the first build")
	s.kept("a second build")
	git("commit", "-q", "--allow-empty", "-m", "second")
	s.full("a new commit")
	s.kept("the build after")
	s.opts.NoHistory = true
	s.full("-no-history")
	s.kept("the build after")
}

// Without a cache folder to keep the state in, every build runs in full,
// and says nothing about it.
func TestUpToDateWithoutCacheFolder(t *testing.T) {
	s := newUTSite(t, "testdata/site")
	notAFolder := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAFolder, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", notAFolder)
	first := s.full("the first build")
	second := s.full("a second build without a cache folder")
	if !reflect.DeepEqual(second.Notes, first.Notes) || len(first.Notes) != 0 {
		t.Errorf("notes %q, then %q; expected none", first.Notes, second.Notes)
	}
}

package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/generator/diag"
)

// secret is what the files outside the site folder hold: it must never
// reach the output or a message.
const secret = "CI_TOKEN=hunter2-do-not-publish"

// problemsOf builds and checks src and returns every problem of each, one
// string each, failing the test when either takes more than a few seconds
// (a pipe or a device read would hang).
func problemsOf(t *testing.T, src string, opts Options) (build, check []string) {
	t.Helper()
	run := func(f func(Options) (Result, error)) []string {
		done := make(chan []string, 1)
		go func() {
			o := opts
			o.Source, o.Now, o.NoHistory = src, fixtureNow, true
			res, err := f(o)
			var out []string
			var de *diag.Errors
			if errors.As(err, &de) {
				res.Problems = de.List
			} else if err != nil {
				out = append(out, "error: "+err.Error())
			}
			for _, d := range res.Problems {
				if d.Severity == diag.Error {
					out = append(out, d.String())
				}
			}
			done <- out
		}()
		select {
		case out := <-done:
			return out
		case <-time.After(20 * time.Second):
			t.Fatal("the run did not end within 20 s")
			return nil
		}
	}
	return run(Build), run(Check)
}

// outside makes a folder beside the site (not inside it) holding secret.
func outside(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "secret.md", []byte("---\ntitle: Secret\n---\n"+secret+"\n"))
	writeFile(t, dir, "platforms/leak.md", []byte("---\ntitle: Leak\n---\n"+secret+"\n"))
	writeFile(t, dir, ".env", []byte(secret+"\n"))
	return dir
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(name), 0o755)
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// assertNothingLeaked fails when secret appears in any file of the output
// folder or in a message.
func assertNothingLeaked(t *testing.T, src string, msgs ...[]string) {
	t.Helper()
	for _, m := range msgs {
		if strings.Contains(strings.Join(m, "\n"), "hunter2") {
			t.Errorf("a message shows the outside file's bytes:\n%s", strings.Join(m, "\n"))
		}
	}
	filepath.WalkDir(filepath.Join(src, "public"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "hunter2") {
				t.Errorf("%s publishes the outside file's bytes", p)
			}
		}
		return nil
	})
}

// noConfig is what the fixture says when its config is not read: its
// extra field is then unknown.
const noConfig = `content/pages/glossary.md:4:1: unknown field "sidebar" in a page; expected one of title, tags, description, weight, draft, aliases, slug, permalink`

// A site folder is the boundary: a symbolic link anywhere the site reads
// (content, theme, config) that leads out of it, into a hidden folder, or
// to a pipe or device is an error naming the link and where it leads, in
// build and check alike, and nothing behind it is read or published.
func TestHostileSymlinks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(t *testing.T, src, out string)
		want  []string // OUT is the outside folder, SRC the site folder (real paths)
	}{
		{"content is a link out", func(t *testing.T, src, out string) {
			os.RemoveAll(filepath.Join(src, "content"))
			symlink(t, out, filepath.Join(src, "content"))
		}, []string{"content: symbolic link to OUT, which is outside the site folder; expected a file inside the site folder"}},
		{"a folder in content links to /", func(t *testing.T, src, out string) {
			symlink(t, "/", filepath.Join(src, "content/pages/r"))
		}, []string{"content/pages/r: symbolic link to /, which is outside the site folder; expected a file inside the site folder"}},
		{"a page links out", func(t *testing.T, src, out string) {
			symlink(t, filepath.Join(out, "secret.md"), filepath.Join(src, "content/pages/secret.md"))
		}, []string{"content/pages/secret.md: symbolic link to OUT/secret.md, which is outside the site folder; expected a file inside the site folder"}},
		{"a theme file links to /etc/passwd", func(t *testing.T, src, out string) {
			symlink(t, "/etc/passwd", filepath.Join(src, "themes/default/static/passwd.txt"))
		}, []string{"themes/default/static/passwd.txt: symbolic link to /etc/passwd, which is outside the site folder; expected a file inside the site folder"}},
		{"a theme file links to /proc/self/environ", func(t *testing.T, src, out string) {
			symlink(t, "/proc/self/environ", filepath.Join(src, "themes/default/static/env.txt"))
		}, []string{"themes/default/static/env.txt: symbolic link to /proc/self/environ, which is outside the site folder; expected a file inside the site folder"}},
		{"the theme folder links out", func(t *testing.T, src, out string) {
			writeFile(t, out, "theme/static/env.txt", []byte(secret))
			symlink(t, filepath.Join(out, "theme"), filepath.Join(src, "themes/default"))
		}, []string{"themes/default: symbolic link to OUT/theme, which is outside the site folder; expected a file inside the site folder"}},
		{"the config links out", func(t *testing.T, src, out string) {
			os.Remove(filepath.Join(src, "playbook.yaml"))
			symlink(t, filepath.Join(out, ".env"), filepath.Join(src, "playbook.yaml"))
		}, []string{noConfig, "playbook.yaml: symbolic link to OUT/.env, which is outside the site folder; expected a file inside the site folder"}},
		{"the config links to /dev/zero", func(t *testing.T, src, out string) {
			os.Remove(filepath.Join(src, "playbook.yaml"))
			symlink(t, "/dev/zero", filepath.Join(src, "playbook.yaml"))
		}, []string{noConfig, "playbook.yaml: symbolic link to /dev/zero, which is outside the site folder; expected a file inside the site folder"}},
		{"the config is a named pipe", func(t *testing.T, src, out string) {
			os.Remove(filepath.Join(src, "playbook.yaml"))
			if err := mkfifo(filepath.Join(src, "playbook.yaml")); err != nil {
				t.Skip("no named pipes here:", err)
			}
		}, []string{noConfig, "playbook.yaml: a named pipe (FIFO), not a regular file; expected a regular file"}},
		{"a link to the repository's .env", func(t *testing.T, src, out string) {
			writeFile(t, src, ".env", []byte(secret))
			symlink(t, "../../.env", filepath.Join(src, "content/pages/env.txt"))
		}, []string{"content/pages/env.txt: symbolic link to .env, a hidden file or folder; expected a link to a file that is not hidden (or name it in playbook.yaml's publish_hidden list)"}},
		{"a link to the repository's .git", func(t *testing.T, src, out string) {
			writeFile(t, src, ".git/config", []byte("[remote]\n"+secret))
			symlink(t, "../../.git", filepath.Join(src, "content/pages/git"))
		}, []string{"content/pages/git: symbolic link to .git, a hidden file or folder; expected a link to a file that is not hidden (or name it in playbook.yaml's publish_hidden list)"}},
		{"a theme file links into .git", func(t *testing.T, src, out string) {
			writeFile(t, src, ".git/config", []byte("[remote]\n"+secret))
			symlink(t, "../../../.git/config", filepath.Join(src, "themes/default/static/config.txt"))
		}, []string{"themes/default/static/config.txt: symbolic link to .git/config, a hidden file or folder; expected a link to a file that is not hidden (or name it in playbook.yaml's publish_hidden list)"}},
		{"a linked decision log inside the site builds", func(t *testing.T, src, out string) {
			writeFile(t, src, "doc/adr/0042-use-sso.md", []byte("# 42. Use SSO\n\nDate: 2025-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need it.\n"))
			symlink(t, "../../doc/adr", filepath.Join(src, "content/decisions/adr"))
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, out := copyFixture(t), outside(t)
			c.setup(t, src, out)
			build, check := problemsOf(t, src, Options{})
			realOut, _ := filepath.EvalSymlinks(out)
			var want []string
			for _, w := range c.want {
				environ, _ := filepath.EvalSymlinks("/proc/self/environ")
				w = strings.ReplaceAll(w, "/proc/self/environ", environ)
				want = append(want, strings.ReplaceAll(w, "OUT", realOut))
			}
			if strings.Join(build, "\n") != strings.Join(want, "\n") {
				t.Errorf("build:\n%s\nwant:\n%s", strings.Join(build, "\n"), strings.Join(want, "\n"))
			}
			if strings.Join(check, "\n") != strings.Join(build, "\n") {
				t.Errorf("check reports other problems than build:\n%s\nbuild:\n%s", strings.Join(check, "\n"), strings.Join(build, "\n"))
			}
			assertNothingLeaked(t, src, build, check)
		})
	}
}

// A hidden folder named in publish_hidden is published; others never are.
func TestPublishHidden(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	writeFile(t, src, "content/.well-known/security.txt", []byte("Contact: mailto:security@example.com\n"))
	writeFile(t, src, "content/.drafts/secret.txt", []byte(secret))
	if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(src, "public/.well-known/security.txt")); err == nil {
		t.Error(".well-known published without being named")
	}
	cfg, _ := os.ReadFile(filepath.Join(src, "playbook.yaml"))
	writeFile(t, src, "playbook.yaml", append(cfg, "publish_hidden: [.well-known]\n"...))
	if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(src, "public/.well-known/security.txt")); err != nil {
		t.Error(".well-known named in publish_hidden but not published:", err)
	}
	assertNothingLeaked(t, src)
}

// Two things written to one output path is an error naming both, in build
// and check alike, at file:line:col; nothing the generator writes is
// replaced by content.
func TestHostileCollisions(t *testing.T) {
	t.Parallel()
	asset := func(rel string) func(t *testing.T, src string) {
		return func(t *testing.T, src string) { writeFile(t, src, rel, []byte("alert('owned')\n")) }
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, src string)
		want  []string
	}{
		{"the search script", asset("content/js/search.js"), []string{
			"content/js/search.js:1:1: published at /js/search.js, where the theme's static/js/search.js is published too; expected one file per address (rename or move one of them)"}},
		{"the stylesheet", asset("content/css/site.css"), []string{
			"content/css/site.css:1:1: published at /css/site.css, where the theme's static/css/site.css is published too; expected one file per address (rename or move one of them)"}},
		{"the home page", asset("content/index.html"), []string{
			"content/index.html:1:1: published at /index.html, where the page / is published too; expected one file per address (rename or move one of them)"}},
		{"a platform's page", asset("content/platforms/pinterest/index.html"), []string{
			"content/platforms/pinterest/index.html:1:1: published at /platforms/pinterest/index.html, where content/platforms/pinterest.md (the page /platforms/pinterest/) is published too; expected one file per address (rename or move one of them)"}},
		{"the CSV export", asset("content/exports/decisions.csv"), []string{
			"content/exports/decisions.csv:1:1: published at /exports/decisions.csv, where the export exports/decisions.csv is published too; expected one file per address (rename or move one of them)"}},
		{"the feed", asset("content/decisions/feed.xml"), []string{
			"content/decisions/feed.xml:1:1: published at /decisions/feed.xml, where the export decisions/feed.xml is published too; expected one file per address (rename or move one of them)"}},
		{"the sitemap", asset("content/sitemap.xml"), []string{
			"content/sitemap.xml:1:1: published at /sitemap.xml, where the generated sitemap is published too; expected one file per address (rename or move one of them)"}},
		{"the 404 page", asset("content/404.html"), []string{
			"content/404.html:1:1: published at /404.html, where the generated 404 page is published too; expected one file per address (rename or move one of them)"}},
		{"the search index", asset("content/search/manifest.json"), []string{
			"content/search/manifest.json:1:1: published at /search/manifest.json, where the search index is published too; expected one file per address (rename or move one of them)"}},
		{"two ids that differ in case", func(t *testing.T, src string) {
			writeFile(t, src, "content/decisions/0009-again.md", []byte("---\nid: dr-0001\ntitle: Again\ndate: 2025-03-02\nstatus: proposed\nrequested_by: Ana Lopez\nassessed_by: Kim Cho\nrisk: low\n---\nBody.\n"))
		}, []string{
			"content/decisions/0009-again.md:2:5: published at /decisions/dr-0001/index.html, where content/decisions/0001-review-process.md (the page /decisions/dr-0001/) is published too; expected one file per address (rename or move one of them)"}},
		{"a folder introduction beside a platform", func(t *testing.T, src string) {
			writeFile(t, src, "content/platforms/pinterest/_index.md", []byte("---\ntitle: Pinterest boards\n---\nBoards.\n"))
		}, []string{
			"content/platforms/pinterest/_index.md:1:1: published at /platforms/pinterest/index.html, where content/platforms/pinterest.md (the page /platforms/pinterest/) is published too; expected one file per address (rename or move one of them)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src := copyFixture(t)
			if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
				t.Fatal(err)
			}
			before := tree(t, filepath.Join(src, "public"))
			c.setup(t, src)
			build, check := problemsOf(t, src, Options{})
			if strings.Join(build, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("build:\n%s\nwant:\n%s", strings.Join(build, "\n"), strings.Join(c.want, "\n"))
			}
			if strings.Join(check, "\n") != strings.Join(build, "\n") {
				t.Errorf("check:\n%s\nbuild:\n%s", strings.Join(check, "\n"), strings.Join(build, "\n"))
			}
			if after := tree(t, filepath.Join(src, "public")); len(after) != len(before) {
				t.Errorf("the refused build changed the output: %d files, was %d", len(after), len(before))
			}
		})
	}
}

// The output folder: never inside content/ or themes/, a link to a folder
// is followed and the folder it leads to is updated, and two builds into
// one folder at once never break each other.
func TestHostileOutputFolder(t *testing.T) {
	t.Parallel()
	t.Run("inside content", func(t *testing.T) {
		t.Parallel()
		src := copyFixture(t)
		_, err := Build(Options{Source: src, Out: filepath.Join(src, "content/out"), Now: fixtureNow, NoHistory: true})
		want := "refusing to use " + filepath.Join(src, "content/out") + " as the output folder: it is inside the site's content/ folder, so every build would publish the last one again; expected a folder of its own such as " + filepath.Join(src, "public")
		if err == nil || err.Error() != want {
			t.Errorf("got %v\nwant %s", err, want)
		}
		if _, err := os.Stat(filepath.Join(src, "content/out")); err == nil {
			t.Error("content/out was made")
		}
	})
	t.Run("inside themes", func(t *testing.T) {
		t.Parallel()
		src := copyFixture(t)
		_, err := Build(Options{Source: src, Out: filepath.Join(src, "themes/default/static/out"), Now: fixtureNow, NoHistory: true})
		if err == nil || !strings.Contains(err.Error(), "it is inside the site's themes/ folder") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a link to a folder", func(t *testing.T) {
		t.Parallel()
		src := copyFixture(t)
		target := filepath.Join(t.TempDir(), "www")
		symlink(t, target, filepath.Join(src, "public"))
		for range 2 {
			if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
				t.Fatal(err)
			}
		}
		if fi, err := os.Lstat(filepath.Join(src, "public")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("public is no longer a link: %v", err)
		}
		if _, err := os.Stat(filepath.Join(target, "index.html")); err != nil {
			t.Errorf("the link's target was not built: %v", err)
		}
	})
	t.Run("two builds at once", func(t *testing.T) {
		t.Parallel()
		src := copyFixture(t)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() { _, errs[i] = Build(Options{Source: src, Now: fixtureNow, NoHistory: true}) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !strings.Contains(err.Error(), "another build is writing "+filepath.Join(src, "public")+" right now"):
				t.Errorf("a build failed otherwise: %v", err)
			}
		}
		if ok == 0 {
			t.Error("no build succeeded")
		}
		if _, err := os.Stat(filepath.Join(src, "public/index.html")); err != nil {
			t.Error(err)
		}
		entries, _ := os.ReadDir(src)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".public") {
				t.Errorf("%s left behind", e.Name())
			}
		}
	})
}

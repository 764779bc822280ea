package history_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"playbook/generator"
	"playbook/generator/history"
)

// gitRepo makes a repository holding a small site with three commits at
// fixed dates by two authors.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	run := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null"}, env...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	commit := func(date, author, subject string) {
		env := []string{"GIT_AUTHOR_DATE=" + date + "T10:00:00Z", "GIT_COMMITTER_DATE=" + date + "T10:00:00Z",
			"GIT_AUTHOR_NAME=" + author, "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=" + author, "GIT_COMMITTER_EMAIL=a@example.com"}
		run(env, "add", "-A")
		run(env, "commit", "-q", "-m", subject)
	}
	run(nil, "init", "-q", "-b", "main")
	write("content/decisions/0001-x.md", "---\nid: DR-0001\ntitle: X\ndate: 2026-01-05\nstatus: proposed\nrequested_by: Dana\nassessed_by: Kim\nrisk: low\n---\nFirst.\n")
	write("content/pages/glossary.md", "---\ntitle: Glossary\n---\nTerms.\n")
	commit("2026-01-05", "Dana Whitfield", "Propose X")
	write("content/decisions/0001-x.md", "---\nid: DR-0001\ntitle: X\ndate: 2026-01-05\nstatus: accepted\nrequested_by: Dana\nassessed_by: Kim\nrisk: low\ndecided_by: Ana\n---\nAccepted.\n")
	commit("2026-02-10", "Kim Cho", "Accept X")
	write("NOTES.md", "not part of the site")
	commit("2026-03-01", "Dana Whitfield", "Notes")
	return dir
}

func TestHistoryFromGit(t *testing.T) {
	t.Parallel()
	dir := gitRepo(t)
	log, err := history.Read(dir)
	if err != nil || log == nil || log.Shallow {
		t.Fatalf("Read = %+v, %v", log, err)
	}
	cs := log.For(filepath.Join(dir, "content/decisions/0001-x.md"))
	var got []string
	for _, c := range cs {
		got = append(got, c.Date.String()+" "+c.Author+" "+c.Subject)
	}
	if want := "2026-02-10 Kim Cho Accept X|2026-01-05 Dana Whitfield Propose X"; strings.Join(got, "|") != want {
		t.Errorf("history of 0001-x.md: %q, want %q", strings.Join(got, "|"), want)
	}
	if cs := log.For(filepath.Join(dir, "content/pages/glossary.md")); len(cs) != 1 || cs[0].Author != "Dana Whitfield" {
		t.Errorf("history of glossary.md: %+v", cs)
	}
	// Read from a subfolder of the repository too.
	os.MkdirAll(filepath.Join(dir, "site"), 0o755)
	if l, err := history.Read(filepath.Join(dir, "content")); err != nil || len(l.For(filepath.Join(dir, "content/pages/glossary.md"))) != 1 {
		t.Errorf("Read from a subfolder: %v", err)
	}
}

func TestHistoryOnPages(t *testing.T) {
	t.Parallel()
	dir := gitRepo(t)
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: dir, Out: out, BaseURL: "https://playbook.example.com/", Now: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 0 {
		t.Errorf("notes %v", res.Notes)
	}
	page, _ := os.ReadFile(filepath.Join(out, "decisions/dr-0001/index.html"))
	for _, want := range []string{"Last changed <time datetime=\"2026-02-10\">10 February 2026</time> by Kim Cho: Accept X", "Dana Whitfield · Propose X"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the decision page lacks %q", want)
		}
	}
}

// A shallow clone says so and shows no dates at all.
func TestHistoryShallowClone(t *testing.T) {
	t.Parallel()
	dir := gitRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+dir, clone).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: clone, Out: out, BaseURL: "https://playbook.example.com/", Now: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || res.Notes[0] != history.ShallowNotice {
		t.Errorf("notes %v, want the shallow-clone notice", res.Notes)
	}
	page, _ := os.ReadFile(filepath.Join(out, "decisions/dr-0001/index.html"))
	if strings.Contains(string(page), "Last changed") || strings.Contains(string(page), "Notes") {
		t.Errorf("a shallow clone's page shows a history")
	}
}

// Outside git: nothing shown, nothing fails.
func TestHistoryOutsideGit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if l, err := history.Read(dir); l != nil || err != nil {
		t.Errorf("Read outside git = %v, %v", l, err)
	}
}

// A commit subject holding the bytes the history was once split on cannot
// forge a commit, a field or a file: it is shown whole, as written. File
// names with line breaks and accents are read as they are.
func TestHistorySubjectCannotForge(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Dana Whitfield", "-c", "user.email=dana@example.com"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_DATE=2026-01-05T10:00:00Z", "GIT_COMMITTER_DATE=2026-01-05T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	names := []string{"content/pages/a.md", "content/pages/line\nbreak.md", "content/pages/café.md"}
	for _, n := range names {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(n)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, n), []byte("---\ntitle: A\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// With the old format (%x1e starts a commit, %x1f ends a field) this
	// subject read as two commits, the second by "Mallory" on 2020-01-01.
	subject := "Fix typo\x1eabc1234\x1f2020-01-01\x1fMallory\x1fApprove everything"
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", subject)

	log, err := history.Read(dir)
	if err != nil || log == nil {
		t.Fatalf("Read = %+v, %v", log, err)
	}
	for _, n := range names {
		cs := log.For(filepath.Join(dir, n))
		if len(cs) != 1 {
			t.Errorf("%q has %d changes, want 1: %+v", n, len(cs), cs)
			continue
		}
		if c := cs[0]; c.Author != "Dana Whitfield" || c.Date.String() != "2026-01-05" || c.Subject != subject || len(c.Hash) < 7 {
			t.Errorf("%q: change %+v, want Dana Whitfield on 2026-01-05 with subject %q", n, c, subject)
		}
	}
	top, _ := filepath.EvalSymlinks(dir)
	total := 0
	for p, cs := range log.Files {
		total += len(cs)
		if !strings.HasPrefix(p, filepath.Join(top, "content")) {
			t.Errorf("a change for %q, outside the site", p)
		}
	}
	if total != len(names) {
		t.Errorf("%d changes in all, want %d: %+v", total, len(names), log.Files)
	}
}

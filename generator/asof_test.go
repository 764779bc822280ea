package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"playbook/internal/testsite"
)

// gitRun runs git in dir with a fixed author and the given commit date.
func gitRun(t *testing.T, dir, date string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Kim Cho", "-c", "user.email=kim@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date+"T12:00:00Z", "GIT_COMMITTER_DATE="+date+"T12:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// build -as-of shows the playbook as the repository held it at the last
// commit on or before a date (or at a revision), with a banner naming both
// on every page; a shallow clone is told how to deepen it.
func TestBuildAsOf(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	src := filepath.Join(repo, "playbook")
	os.MkdirAll(src, 0o755)
	testsite.CopyTree(t, "testdata/site", src)
	gitRun(t, repo, "2026-01-10", "init", "-q")
	gitRun(t, repo, "2026-01-10", "add", ".")
	gitRun(t, repo, "2026-01-10", "commit", "-q", "-m", "LinkedIn approved")
	first := gitRun(t, repo, "2026-01-10", "rev-parse", "--short", "HEAD")
	p := filepath.Join(src, "content/platforms/linkedin.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "status: approved", "status: retired", 1)), 0o644)
	gitRun(t, repo, "2026-07-10", "commit", "-q", "-am", "LinkedIn retired")
	second := gitRun(t, repo, "2026-07-10", "rev-parse", "--short", "HEAD")

	page := func(out string) string {
		b, err := os.ReadFile(filepath.Join(out, "platforms/linkedin/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	out := filepath.Join(t.TempDir(), "june")
	if _, err := Build(Options{Source: src, Out: out, AsOf: "2026-06-30", Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	june := page(out)
	for _, want := range []string{`The playbook as it stood on <time datetime="2026-06-30">`, `(commit <code class="commit">` + first + `</code>: LinkedIn approved)`, "Approved"} {
		if !strings.Contains(june, want) {
			t.Errorf("the page as of 2026-06-30 lacks %s", want)
		}
	}
	if strings.Contains(june, "Retired") {
		t.Error("the page as of 2026-06-30 shows the later status")
	}
	out2 := filepath.Join(t.TempDir(), "rev")
	if _, err := Build(Options{Source: src, Out: out2, AsOf: second, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	if p := page(out2); !strings.Contains(p, "Retired") || !strings.Contains(p, `<code class="commit">`+second+`</code>`) {
		t.Errorf("the page at %s lacks the later status or the commit", second)
	}
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("-as-of with -out wrote the working copy's public/")
	}

	_, err := Build(Options{Source: src, Out: out, AsOf: "2025-12-31", Now: fixtureNow})
	if err == nil || err.Error() != "-as-of 2025-12-31: the repository has no commit on or before 2025-12-31" {
		t.Errorf("before the first commit: %v", err)
	}
	_, err = Build(Options{Source: src, Out: out, AsOf: "no-such-branch", Now: fixtureNow})
	if err == nil || !strings.Contains(err.Error(), `-as-of "no-such-branch": no such date or git revision`) {
		t.Errorf("unknown revision: %v", err)
	}
	shallow := filepath.Join(t.TempDir(), "shallow")
	gitRun(t, repo, "2026-07-10", "clone", "-q", "--depth=1", "file://"+repo, shallow)
	_, err = Build(Options{Source: filepath.Join(shallow, "playbook"), AsOf: "2026-06-30", Now: fixtureNow})
	if err == nil || err.Error() != "-as-of needs the site's whole git history, but this is a shallow clone; fetch it with: git fetch --unshallow" {
		t.Errorf("shallow clone: %v", err)
	}
}

// The /changes/ page lists every status change read from the history of the
// front matter, newest first, and a platform's page shows its own.
func TestChangesPage(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	testsite.CopyTree(t, "testdata/site", repo)
	gitRun(t, repo, "2026-01-10", "init", "-q")
	gitRun(t, repo, "2026-01-10", "add", ".")
	gitRun(t, repo, "2026-01-10", "commit", "-q", "-m", "The first playbook")
	p := filepath.Join(repo, "content/platforms/linkedin.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "status: approved", "status: retired", 1)), 0o644)
	gitRun(t, repo, "2026-07-10", "commit", "-q", "-am", "LinkedIn retired")
	hash := gitRun(t, repo, "2026-07-10", "rev-parse", "--short", "HEAD")
	if _, err := Build(Options{Source: repo, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	changes, err := os.ReadFile(filepath.Join(repo, "public/changes/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(changes)
	first := strings.Index(page, "data-filter-item")
	if first < 0 {
		t.Fatal("the changes page lists nothing")
	}
	row := page[first:]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{`data-kind="platform"`, `data-period="2026 2026-q3"`, `<a href="/platforms/linkedin/">LinkedIn</a>`, "Approved</span> → <span", "Retired", "Kim Cho", `<code class="commit">` + hash + `</code>`, "LinkedIn retired"} {
		if !strings.Contains(row, want) {
			t.Errorf("the newest change lacks %s:\n%s", want, row)
		}
	}
	if n := strings.Count(page, "data-filter-item"); n != 10 {
		t.Errorf("%d changes listed; want the 9 records added and the one status changed", n)
	}
	csv, _ := os.ReadFile(filepath.Join(repo, "public/exports/changes.csv"))
	lines := strings.Split(string(csv), "\n")
	if want := "\ufeffdate,kind,record,title,from,to,commit,author,subject,file,url"; lines[0] != want {
		t.Errorf("changes.csv header %q", lines[0])
	}
	if want := "2026-07-10,platform,linkedin,LinkedIn,approved,retired," + hash + ",Kim Cho,LinkedIn retired,content/platforms/linkedin.md,https://playbook.example.com/platforms/linkedin/"; len(lines) < 2 || lines[1] != want {
		t.Errorf("changes.csv's newest row %q\nwant %q", lines[1], want)
	}
	lp, _ := os.ReadFile(filepath.Join(repo, "public/platforms/linkedin/index.html"))
	if !strings.Contains(string(lp), "Status history") || !strings.Contains(string(lp), "added as <span") {
		t.Error("LinkedIn's page lacks its status history")
	}
}

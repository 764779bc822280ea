package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The status changes of records come from the history of their front
// matter: a platform's approval changing, a decision added and then
// accepted, a body edit (no change), a rename of a field's value back and
// forth; newest first, each with its commit, date and author.
func TestChanges(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	site := filepath.Join(repo, "docs", "playbook")
	run := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Kim Cho", "-c", "user.email=kim@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date+"T10:00:00Z", "GIT_COMMITTER_DATE="+date+"T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(rel, text string) {
		p := filepath.Join(site, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	run("2026-01-05", "init", "-q")
	write("content/platforms/tiktok.md", "---\ntitle: TikTok\nstatus: under-review\n---\nBody.\n")
	write("content/pages/glossary.md", "---\ntitle: Glossary\nstatus: draft\n---\n")
	run("2026-01-05", "add", ".")
	run("2026-01-05", "commit", "-q", "-m", "TikTok under review")
	write("content/decisions/0005-tiktok.md", "---\nid: DR-0005\ntitle: \"TikTok on work phones\"\nstatus: proposed\n---\n")
	run("2026-02-01", "add", ".")
	run("2026-02-01", "commit", "-q", "-m", "Propose DR-0005")
	write("content/platforms/tiktok.md", "---\ntitle: TikTok\nstatus: under-review\n---\nA longer body.\n")
	run("2026-02-10", "commit", "-q", "-am", "Body only")
	write("content/decisions/0005-tiktok.md", "---\nid: DR-0005\ntitle: \"TikTok on work phones\"\nstatus: accepted\n---\n")
	write("content/platforms/tiktok.md", "---\ntitle: TikTok\nstatus: conditional\n---\nA longer body.\n")
	run("2026-03-01", "commit", "-q", "-am", "Accept DR-0005; TikTok conditional")

	changes, err := Changes(site, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, strings.Join([]string{c.Commit.Date.String(), c.Kind.String(), c.Key, c.Title, c.From + " -> " + c.To, c.Path, c.Commit.Author, c.Commit.Subject}, " | "))
	}
	want := []string{
		"2026-03-01 | decision | DR-0005 | TikTok on work phones | proposed -> accepted | content/decisions/0005-tiktok.md | Kim Cho | Accept DR-0005; TikTok conditional",
		"2026-03-01 | platform | tiktok | TikTok | under-review -> conditional | content/platforms/tiktok.md | Kim Cho | Accept DR-0005; TikTok conditional",
		"2026-02-01 | decision | DR-0005 | TikTok on work phones |  -> proposed | content/decisions/0005-tiktok.md | Kim Cho | Propose DR-0005",
		"2026-01-05 | platform | tiktok | TikTok |  -> under-review | content/platforms/tiktok.md | Kim Cho | TikTok under review",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c, _ := Changes(t.TempDir(), ""); c != nil {
		t.Errorf("outside git: %v", c)
	}
}

package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"playbook/generator/diag"
)

// errorsOf builds src and returns its content errors, one string each.
func errorsOf(t *testing.T, src string) []string {
	t.Helper()
	_, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true})
	var de *diag.Errors
	if err != nil && !errors.As(err, &de) {
		t.Fatalf("build: %v", err)
	}
	if de == nil {
		return nil
	}
	var out []string
	for _, d := range de.List {
		if d.Severity == diag.Error {
			out = append(out, d.String())
		}
	}
	return out
}

func writeFile(t *testing.T, src, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(src, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Bad and huge input: each gets its own clear error naming the file (or
// builds), and never a panic or a hang.
func TestBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(t *testing.T, src string)
		want  []string // errors; nil means the site builds
	}{
		{"latin-1 text", func(t *testing.T, src string) {
			writeFile(t, src, "content/pages/cafe.md", []byte("---\ntitle: Caf\xe9\n---\n"))
		}, []string{"content/pages/cafe.md:2:11: not UTF-8 text; expected a markdown file saved as UTF-8"}},
		{"binary file named .md", func(t *testing.T, src string) {
			writeFile(t, src, "content/pages/logo.md", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
		}, []string{"content/pages/logo.md:1:1: not UTF-8 text; expected a markdown file saved as UTF-8"}},
		{"empty file", func(t *testing.T, src string) {
			writeFile(t, src, "content/pages/empty.md", nil)
		}, []string{`content/pages/empty.md:1:1: missing title; expected a "title" field or a first line "# Title"`}},
		{"empty platform", func(t *testing.T, src string) {
			writeFile(t, src, "content/platforms/threads.md", nil)
		}, []string{
			`content/platforms/threads.md:1:1: missing required field "next_review" in a platform; expected title, status, risk, owner, reviewed, next_review`,
			`content/platforms/threads.md:1:1: missing required field "owner" in a platform; expected title, status, risk, owner, reviewed, next_review`,
			`content/platforms/threads.md:1:1: missing required field "reviewed" in a platform; expected title, status, risk, owner, reviewed, next_review`,
			`content/platforms/threads.md:1:1: missing required field "risk" in a platform; expected title, status, risk, owner, reviewed, next_review`,
			`content/platforms/threads.md:1:1: missing required field "status" in a platform; expected title, status, risk, owner, reviewed, next_review`,
			`content/platforms/threads.md:1:1: missing required field "title" in a platform; expected title, status, risk, owner, reviewed, next_review`,
		}},
		{"7 MB page", func(t *testing.T, src string) {
			para := strings.Repeat("Account security review for the spring campaign. ", 20) + "\n\n"
			writeFile(t, src, "content/pages/huge.md", []byte("---\ntitle: Huge\n---\n## Everything\n\n"+strings.Repeat(para, 7<<20/len(para))))
		}, nil},
		{"20 MB page", func(t *testing.T, src string) {
			para := strings.Repeat("Account security review for the spring campaign. ", 20) + "\n\n"
			writeFile(t, src, "content/pages/huge.md", []byte("---\ntitle: Huge\n---\n## Everything\n\n"+strings.Repeat(para, 20<<20/len(para))))
		}, []string{"content/pages/huge.md: the file is 20.0 MiB; expected a markdown file of at most 8 MiB"}},
		{"20,000 levels of quotes", func(t *testing.T, src string) {
			writeFile(t, src, "content/pages/deep.md", []byte("---\ntitle: Deep\n---\nIntro.\n\n"+strings.Repeat(">", 20000)+" deep\n"))
		}, []string{"content/pages/deep.md:6:1: quoted 20000 levels deep; expected markdown nested at most 100 levels (lists, quotes)"}},
		{"nested lists", func(t *testing.T, src string) {
			var b strings.Builder
			b.WriteString("---\ntitle: Deep\n---\n")
			for i := range 300 {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			writeFile(t, src, "content/pages/deep.md", []byte(b.String()))
		}, []string{"content/pages/deep.md:205:1: indented 402 columns deep; expected markdown nested at most 100 levels (lists, quotes)"}},
		{"20,000 nested brackets and emphasis", func(t *testing.T, src string) {
			writeFile(t, src, "content/pages/brackets.md", []byte("---\ntitle: Brackets\n---\n"+strings.Repeat("[", 20000)+"x"+strings.Repeat("](https://example.com/)", 20000)+"\n\n"+strings.Repeat("*_", 20000)+"\n"))
		}, nil},
		{"symlink loop", func(t *testing.T, src string) {
			if err := os.Symlink(".", filepath.Join(src, "content/pages/again")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/pages/again: this folder is a symbolic link back to a folder already read (" + "SRC/content/pages); expected links that do not loop"}},
		{"symlinks to each other", func(t *testing.T, src string) {
			os.Symlink("b.md", filepath.Join(src, "content/pages/a.md"))
			os.Symlink("a.md", filepath.Join(src, "content/pages/b.md"))
		}, []string{
			"content/pages/a.md: cannot follow the symbolic link: the links lead round in a loop; expected a link to a file or folder inside the site folder",
			"content/pages/b.md: cannot follow the symbolic link: the links lead round in a loop; expected a link to a file or folder inside the site folder",
		}},
		{"dangling symlink", func(t *testing.T, src string) {
			os.Symlink("gone.md", filepath.Join(src, "content/pages/moved.md"))
		}, []string{"content/pages/moved.md: cannot follow the symbolic link: what it leads to does not exist; expected a link to a file or folder inside the site folder"}},
		{"a named pipe", func(t *testing.T, src string) {
			if err := mkfifo(filepath.Join(src, "content/pages/pipe.md")); err != nil {
				t.Skip("no named pipes here:", err)
			}
		}, []string{"content/pages/pipe.md: not a regular file; expected markdown or an asset"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if testing.Short() && c.name == "7 MB page" {
				t.Skip("builds a 7 MB page; runs without -short")
			}
			src := copyFixture(t)
			c.setup(t, src)
			got := errorsOf(t, src)
			real, _ := filepath.EvalSymlinks(src)
			var want []string
			for _, w := range c.want {
				want = append(want, strings.ReplaceAll(w, "SRC", real))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// An unreadable file is named with the reason (not testable as root, who
// can read anything).
func TestUnreadableFile(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	src := copyFixture(t)
	p := filepath.Join(src, "content/pages/glossary.md")
	os.Chmod(p, 0)
	defer os.Chmod(p, 0o644)
	got := errorsOf(t, src)
	if len(got) != 1 || got[0] != "content/pages/glossary.md: cannot read: permission denied" {
		t.Errorf("errors %v", got)
	}
}

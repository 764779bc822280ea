package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mkdirs(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// Every dangerous output folder is refused, with the reason, and nothing in
// it is touched.
func TestGuardRefuses(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	mkdirs(t, filepath.Join(site, "content"), filepath.Join(root, "docs"), filepath.Join(root, "other", "content"))
	os.WriteFile(filepath.Join(root, "docs", "thesis.md"), []byte("years of work"), 0o644)
	os.WriteFile(filepath.Join(root, "a-file"), []byte("x"), 0o644)
	home, _ := os.UserHomeDir()
	cases := []struct{ out, why string }{
		{site, "it is the source folder"},
		{root, "it holds the source folder"},
		{"/", "it is the root of the file system"},
		{filepath.Join(root, "other"), "it holds a content/ folder"},
		{filepath.Join(root, "docs"), "it is not empty and was not built by playbook (no .playbook-output file)"},
		{filepath.Join(root, "a-file"), "it is a file"},
	}
	if home != "" && home != "/" {
		cases = append(cases, struct{ out, why string }{home, "it is the home folder"})
	}
	for _, c := range cases {
		err := Guard(site, c.out)
		want := "refusing to use " + c.out + " as the output folder: " + c.why + "; expected a folder of its own such as " + filepath.Join(site, "public")
		if err == nil || err.Error() != want {
			t.Errorf("Guard(%s) = %v\nwant %s", c.out, err, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(root, "docs", "thesis.md")); string(b) != "years of work" {
		t.Errorf("a refused folder was touched")
	}
}

func TestGuardAccepts(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	mkdirs(t, filepath.Join(site, "content"), filepath.Join(root, "empty"), filepath.Join(root, "built"))
	os.WriteFile(filepath.Join(root, "built", Marker), nil, 0o644)
	os.WriteFile(filepath.Join(root, "built", "index.html"), nil, 0o644)
	for _, out := range []string{filepath.Join(site, "public"), filepath.Join(root, "empty"), filepath.Join(root, "built"), filepath.Join(root, "new", "deep")} {
		if err := Guard(site, out); err != nil {
			t.Errorf("Guard(%s) = %v", out, err)
		}
	}
}

func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			b.WriteString(rel + "=" + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}

func TestStageCommitAndAbort(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.WriteFile("index.html", []byte("one"))
	s.WriteFile("a/b/c.html", []byte("deep"))
	if _, err := os.Stat(out); err == nil {
		t.Errorf("the output exists before Commit")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	first := tree(t, out)
	if !strings.Contains(first, "a/b/c.html=deep") || !strings.Contains(first, Marker+"=") {
		t.Errorf("first build: %s", first)
	}
	// An aborted build leaves the output exactly as it was.
	s, _ = Begin(out)
	s.WriteFile("index.html", []byte("two"))
	s.Abort()
	if tree(t, out) != first {
		t.Errorf("an aborted build changed the output")
	}
	// A committed one replaces it whole: files of the old build are gone.
	s, _ = Begin(out)
	s.WriteFile("index.html", []byte("three"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); got != Marker+"=This folder is built by playbook and replaced on every build.\n\nindex.html=three\n" {
		t.Errorf("second build: %q", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
	if _, err := s.path("../escape.html"); err == nil {
		t.Errorf("a path out of the output folder was accepted")
	}
}

// A build killed between moving the old output aside and moving the new one
// in (possible where folders cannot be exchanged in one step) gets the old
// output back on the next run; a killed build's staging folder is removed.
func TestBeginRecoversFromKilledBuild(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	mkdirs(t, filepath.Join(root, ".public.old-abc"), filepath.Join(root, ".public.tmp-def"))
	os.WriteFile(filepath.Join(root, ".public.old-abc", "index.html"), []byte("previous"), 0o644)
	os.WriteFile(filepath.Join(root, ".public.tmp-def", "index.html"), []byte("half"), 0o644)
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "previous" {
		t.Errorf("the previous output was not put back: %q", b)
	}
	s.Abort()
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "public" {
		t.Errorf("left beside the output: %v", entries)
	}
}

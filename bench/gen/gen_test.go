package gen_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"playbook/bench/gen"
	"playbook/generator"
)

// countFiles counts the files under dir whose slash path relative to dir
// matches keep.
func countFiles(t *testing.T, dir string, keep func(rel string) bool) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !d.IsDir() && keep(filepath.ToSlash(rel)) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWriteBuildsCleanly(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 100 // still every kind of document, table, code and supersession
	}
	dir := t.TempDir()
	if err := gen.Write(dir, n); err != nil {
		t.Fatal(err)
	}
	want := gen.CountsFor(n)
	if want.Platforms+want.Tools+want.Decisions+want.Pages != n {
		t.Fatalf("CountsFor(%d) = %+v, which does not add up to %d", n, want, n)
	}
	if got := countFiles(t, filepath.Join(dir, "content"), func(rel string) bool { return strings.HasSuffix(rel, ".md") }); got != n {
		t.Errorf("wrote %d markdown files, want %d", got, n)
	}

	r, err := generator.Build(generator.Options{Source: dir, Out: filepath.Join(dir, "public")})
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if len(r.Problems) != 0 {
		t.Errorf("build reported %d problems, want none:\n%s", len(r.Problems), r.Problems)
	}
	if r.Platforms != want.Platforms || r.Tools != want.Tools || r.Decisions != want.Decisions {
		t.Errorf("built %d platforms, %d tools, %d decisions; want %d, %d, %d",
			r.Platforms, r.Tools, r.Decisions, want.Platforms, want.Tools, want.Decisions)
	}
	if r.Pages < n {
		t.Errorf("built %d pages from %d documents", r.Pages, n)
	}

	// Every document has its page.
	pub := filepath.Join(dir, "public")
	pagesIn := func(folder string) int {
		return countFiles(t, filepath.Join(pub, folder), func(rel string) bool {
			// The auditor's view lives beside the decision records.
			return strings.Count(rel, "/") == 1 && strings.HasSuffix(rel, "/index.html") && rel != "audit/index.html"
		})
	}
	if got := pagesIn("platforms"); got != want.Platforms {
		t.Errorf("%d platform pages, want %d", got, want.Platforms)
	}
	if got := pagesIn("tools"); got != want.Tools {
		t.Errorf("%d tool pages, want %d", got, want.Tools)
	}
	if got := pagesIn("decisions"); got != want.Decisions {
		t.Errorf("%d decision pages, want %d", got, want.Decisions)
	}
	if _, err := os.Stat(filepath.Join(pub, "pages", "glossary", "index.html")); err != nil {
		t.Errorf("no glossary page: %v", err)
	}

	// What the bodies promise: tables, fenced code, supersession.
	page, err := os.ReadFile(filepath.Join(pub, "platforms", "facebook", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"<table>", "<pre", "<h2", `href="/tools/`, `href="/decisions/`} {
		if !bytes.Contains(page, []byte(s)) {
			t.Errorf("the Facebook page has no %s", s)
		}
	}
	superseded := countFiles(t, filepath.Join(dir, "content", "decisions"), func(rel string) bool {
		b, _ := os.ReadFile(filepath.Join(dir, "content", "decisions", rel))
		return bytes.Contains(b, []byte("\nsuperseded_by: "))
	})
	if superseded == 0 {
		t.Error("no superseded records")
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := gen.Write(d, 120); err != nil {
			t.Fatal(err)
		}
	}
	files := 0
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
		return nil
	})
	if files == 0 {
		t.Fatal("wrote nothing")
	}
}

func TestWriteTooSmall(t *testing.T) {
	if err := gen.Write(t.TempDir(), gen.MinDocs-1); err == nil {
		t.Errorf("Write(%d) did not fail", gen.MinDocs-1)
	}
}

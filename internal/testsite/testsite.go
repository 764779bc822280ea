// Package testsite copies fixture sites for the tests of every package, so
// that a test can edit its own copy. It is test support only: it reads the
// fixture and writes into the test's temporary folders, nothing else.
package testsite

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Copy copies the site folder src into a new temporary folder and returns
// it. A public/ output folder at its top is left out.
func Copy(tb testing.TB, src string) string {
	tb.Helper()
	dst := tb.TempDir()
	CopyTree(tb, src, dst)
	return dst
}

// CopyTree copies the folder src to dst, leaving out a public/ output
// folder at its top. Symbolic links are copied as links.
func CopyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.Type()&fs.ModeSymlink != 0 {
			// A fixture's link (content/decisions → ../docs/adr) is
			// copied as a link.
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, filepath.Join(dst, rel))
		}
		if d.IsDir() {
			if rel == "public" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// RunWithTempCache runs a package's tests with the user's cache folder
// (and so playbook's body cache on disk) pointed at a temporary folder, so
// that tests, benchmarks and fuzz targets neither read nor fill the real
// one. A TestMain calls os.Exit(testsite.RunWithTempCache(m)).
func RunWithTempCache(m *testing.M) int {
	dir, err := os.MkdirTemp("", "playbook-test-cache-")
	if err != nil {
		return m.Run()
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CACHE_HOME", dir)
	return m.Run()
}

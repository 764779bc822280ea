// Package testsite copies fixture sites for the tests of every package, so
// that a test can edit its own copy. It is test support only: it reads the
// fixture and writes into the test's temporary folders, nothing else.
package testsite

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
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

// CacheEnv names the cache folder of a test binary that a test runs as a
// helper process (and may kill): RunWithTempCache then uses that folder,
// which the test made and removes, instead of making one of its own that a
// killed process would leave behind.
const CacheEnv = "PLAYBOOK_TEST_CACHE"

// RunWithTempCache runs a package's tests with the user's cache folder
// (and so playbook's body cache on disk) pointed at a temporary folder, so
// that tests, benchmarks and fuzz targets neither read nor fill the real
// one. A TestMain calls os.Exit(testsite.RunWithTempCache(m)). Like Main,
// it keeps the temporary folders in memory with -short.
func RunWithTempCache(m *testing.M) int {
	return Main(withTempCache{m})
}

type withTempCache struct{ m *testing.M }

func (w withTempCache) Run() int {
	if dir := os.Getenv(CacheEnv); dir != "" {
		os.Setenv("XDG_CACHE_HOME", dir)
		return w.m.Run()
	}
	dir, err := os.MkdirTemp("", "playbook-test-cache-")
	if err != nil {
		return w.m.Run()
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CACHE_HOME", dir)
	return w.m.Run()
}

// Main runs a package's tests (m.Run) and returns their exit code; a
// TestMain calls os.Exit(testsite.Main(m)).
//
// With -short, the quick run while working, it makes two changes that only
// make the tests faster. It collects garbage less often (as GOGC=400 would;
// not when GOGC is set): a build makes much short-lived garbage, and the
// tests have memory to spare. And it makes the tests' temporary folders
// (t.TempDir, os.MkdirTemp("", ...), and so those of the git, node and
// browser processes they start) in a folder of its own on a file system in
// memory, and removes it afterwards: the tests make tens of thousands of
// small files, which a disk can take seconds to make. It does so only when
// TMPDIR is not set (set it to choose the folder yourself), and only on
// Linux when /dev/shm is such a file system with room to spare. The full
// run keeps the defaults.
func Main(m interface{ Run() int }) int {
	if !flag.Parsed() {
		flag.Parse()
	}
	if !testing.Short() {
		return m.Run()
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("TMPDIR") != "" {
		return m.Run()
	}
	base := memoryTempBase()
	if base == "" {
		return m.Run()
	}
	removeStale(base)
	dir, err := os.MkdirTemp(base, tempPrefix)
	if err != nil {
		return m.Run()
	}
	defer os.RemoveAll(dir)
	os.Setenv("TMPDIR", dir)
	defer os.Unsetenv("TMPDIR")
	return m.Run()
}

// tempPrefix starts the name of the folder that Main makes in memory.
const tempPrefix = "playbook-test-tmp-"

// removeStale removes the folders in base that Main made for runs that
// ended without removing them (a panic, a time-out), so that they do not
// keep holding memory: the folders not changed for longer than any short
// run takes.
func removeStale(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > 6*time.Hour {
			os.RemoveAll(filepath.Join(base, e.Name()))
		}
	}
}

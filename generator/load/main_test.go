package load

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the user's cache folder (and so the body cache on disk)
// at a temporary folder, so that the tests, benchmarks and fuzz targets of
// this package neither read nor fill the real one.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "playbook-load-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

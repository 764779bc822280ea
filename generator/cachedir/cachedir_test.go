package cachedir

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// WriteFile makes the folder it needs and leaves no temporary file; Prune
// removes old entries and interrupted writes, leaves other files, and
// looks again only once Every has passed.
func TestWriteFileAndPrune(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "states")
	if err := WriteFile(filepath.Join(dir, "a.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "a.json")); err != nil || string(b) != "{}" {
		t.Fatalf("a.json: %q, %v", b, err)
	}
	now := time.Now()
	old := now.Add(-48 * time.Hour)
	for _, name := range []string{"old.json", "keep.txt", tempPrefix + "123"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, nil, 0o644)
		os.Chtimes(p, old, old)
	}
	p := Pruning{Every: time.Hour, MaxAge: 24 * time.Hour, Entry: func(n string) bool { return strings.HasSuffix(n, ".json") }}
	Prune(dir, now, p)
	if got := names(t, dir); !slices.Equal(got, []string{"a.json", "keep.txt", stamp}) {
		t.Errorf("after pruning: %v", got)
	}
	// Within Every, nothing is looked at.
	os.WriteFile(filepath.Join(dir, "old.json"), nil, 0o644)
	os.Chtimes(filepath.Join(dir, "old.json"), old, old)
	Prune(dir, now.Add(30*time.Minute), p)
	if got := names(t, dir); !slices.Contains(got, "old.json") {
		t.Errorf("pruned again within the hour: %v", got)
	}
	Prune(dir, now.Add(2*time.Hour), p)
	if got := names(t, dir); slices.Contains(got, "old.json") {
		t.Errorf("not pruned after the hour: %v", got)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"playbook/bench/gen"
)

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

// bigSite generates a 10,000-document playbook once per test binary.
func bigSite(b *testing.B) string {
	bigOnce.Do(func() {
		bigDir, bigErr = os.MkdirTemp("", "playbook-10k-")
		if bigErr == nil {
			bigErr = gen.Write(bigDir, 10000)
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigDir
}

// BenchmarkRebuildOneEdit is what serve does on a save of one page of a
// 10,000-document site: an in-memory rebuild after an edit of one body
// (body), or of one record's front matter (status), which changes lists.
func BenchmarkRebuildOneEdit(b *testing.B) {
	src := bigSite(b)
	rb := NewRebuilder(Options{Source: src, NoHistory: true})
	if _, err := rb.Rebuild(); err != nil {
		b.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(src, "content", "platforms"))
	name := filepath.Join(src, "content", "platforms", entries[1].Name())
	orig, _ := os.ReadFile(name)
	defer os.WriteFile(name, orig, 0o644)
	rel := "content/platforms/" + entries[1].Name()
	b.Run("body-pages-first", func(b *testing.B) {
		// What serve does: the pages, then the index.
		rb.DeferSearch = true
		defer func() { rb.DeferSearch = false }()
		for i := range b.N {
			os.WriteFile(name, append(append([]byte{}, orig...), fmt.Sprintf("\nEdit %d.\n", i)...), 0o644)
			if _, err := rb.Rebuild(rel); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if _, err := rb.RebuildSearch(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
	b.Run("body", func(b *testing.B) {
		for i := range b.N {
			os.WriteFile(name, append(append([]byte{}, orig...), fmt.Sprintf("\nEdit %d.\n", i)...), 0o644)
			u, err := rb.Rebuild(rel)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(u.Rendered)), "pages/op")
		}
	})
}

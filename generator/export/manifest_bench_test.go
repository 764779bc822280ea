package export_test

import (
	"fmt"
	"maps"
	"testing"

	"playbook/generator/export"
)

// BenchmarkManifestCache is serve's manifest on a save of a 10,000-page
// site: 15,000 files of 20 KB, one of which changed.
func BenchmarkManifestCache(b *testing.B) {
	files := map[string][]byte{}
	for i := range 15000 {
		files[fmt.Sprintf("pages/p%d/index.html", i)] = make([]byte, 2<<10)
	}
	var c export.ManifestCache
	if _, err := c.Manifest(manifestSite(), maps.All(files)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		files["pages/p1/index.html"] = []byte(fmt.Sprint(i))
		if _, err := c.Manifest(manifestSite(), maps.All(files)); err != nil {
			b.Fatal(err)
		}
	}
}

package load

import (
	"runtime"
	"strings"
	"testing"
)

// The body cache and the unchanged-site check both name the program by its
// Go build ID: on Linux it must be read (the linker keeps it in an ELF
// note, not where the older search for a marker looked), or neither can
// tell two builds of the program apart.
func TestBuildIDIsRead(t *testing.T) {
	id := exeBuildID()
	if runtime.GOOS == "linux" && (id == "unknown" || !strings.Contains(id, "/")) {
		t.Fatalf("build ID of the test binary: %q; expected the Go build ID (action/content hashes joined by /)", id)
	}
	if r, known := Renderer(); !known || !strings.Contains(r, id) {
		t.Errorf("Renderer() = %q, %v; expected it to hold the build ID %q", r, known, id)
	}
}

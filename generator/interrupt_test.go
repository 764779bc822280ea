package generator

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"playbook/internal/testsite"
)

// TestHelperBuildProcess is not a test: TestKilledBuildKeepsOutput runs the
// test binary with PLAYBOOK_BUILD_HELPER set, and it builds in a loop until
// it is killed.
func TestHelperBuildProcess(t *testing.T) {
	src := os.Getenv("PLAYBOOK_BUILD_HELPER")
	if src == "" {
		t.Skip("helper process only")
	}
	for {
		if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
}

// A build killed at any moment leaves the previous output whole, and the
// next build leaves no temporary folder behind. Kills land every 20 ms from
// 20 to 300 ms into a build; with -short, at 20, 160 and 300 ms.
func TestKilledBuildKeepsOutput(t *testing.T) {
	t.Parallel()
	src := copyFixture(t)
	// A bigger site, so that kills land in every phase of a build.
	for i := range 300 {
		os.WriteFile(filepath.Join(src, "content/pages", fmt.Sprintf("p%03d.md", i)),
			[]byte(fmt.Sprintf("---\ntitle: Page %d\n---\n## Section\n\n%s\n", i, strings.Repeat("Text to render. ", 200))), 0o644)
	}
	if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(src, "public")
	want := tree(t, out)
	stride := 1
	if testing.Short() {
		stride = 7
	}
	for i := 0; i < 15; i += stride {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperBuildProcess$")
		// Each helper starts from an empty body cache of its own, in a
		// folder this test removes.
		cmd.Env = append(os.Environ(), "PLAYBOOK_BUILD_HELPER="+src, testsite.CacheEnv+"="+t.TempDir())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+i*20) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := tree(t, out); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after a kill at %d ms the output is not the previous build (%d files, want %d)", 20+i*20, len(got), len(want))
		}
	}
	if _, err := Build(Options{Source: src, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	assertNoLeftovers(t, src)
	if got := tree(t, out); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the build after the kills differs")
	}
}

package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
)

// version names the module version and the commit the binary was built
// from, as the go command recorded them, instead of "dev".
func TestVersionLine(t *testing.T) {
	t.Parallel()
	platform := runtime.GOOS + "/" + runtime.GOARCH
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		rev  string
		want string
	}{
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "playbook", Version: "v1.2.0"}},
			"", "playbook v1.2.0 (commit unknown (built outside a git checkout, or with -buildvcs=false); go1.26.8 " + platform + ")"},
		{"go build in a clean checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "playbook", Version: "v0.0.0-20260530101112-17080db4e2a1"},
			Settings: vcs("vcs", "git", "vcs.revision", "17080db4e2a1c0ffee0000000000000000000000", "vcs.time", "2026-05-30T10:11:12Z", "vcs.modified", "false")},
			"", "playbook v0.0.0-20260530101112-17080db4e2a1 (commit 17080db4e2a1 of 2026-05-30; go1.26.8 " + platform + ")"},
		{"go build with uncommitted changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "playbook", Version: "v0.0.0-20260530101112-17080db4e2a1+dirty"},
			Settings: vcs("vcs.revision", "17080db4e2a1c0ffee0000000000000000000000", "vcs.time", "2026-05-30T10:11:12Z", "vcs.modified", "true")},
			"", "playbook v0.0.0-20260530101112-17080db4e2a1+dirty (commit 17080db4e2a1 of 2026-05-30, with uncommitted changes; go1.26.8 " + platform + ")"},
		{"a container build given the commit at link time", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "playbook", Version: "(devel)"}},
			"17080db4e2a1c0ffee", "playbook (devel) (commit 17080db4e2a1; go1.26.8 " + platform + ")"},
		{"no build information", nil, "", fmt.Sprintf("playbook (devel) (commit unknown (built outside a git checkout, or with -buildvcs=false); %s %s)", runtime.Version(), platform)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := versionLine(c.bi, c.rev); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

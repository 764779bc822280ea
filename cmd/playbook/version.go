package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// revision is the commit the binary was built from, for a build without
// version control information (a container build without .git): go build
// -ldflags "-X main.revision=$(git rev-parse HEAD)". The commit the go
// command records itself comes first.
var revision string

func versionCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "Prints the version of playbook: the module version, and the commit it was built from\nwith the date of that commit and whether the working tree had uncommitted changes\n(from the build information the go command records in the binary).", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(bi, revision))
	return 0
}

// versionLine says what was built: "playbook v1.2.0 (commit 17080db4e2a1
// of 2026-05-30, with uncommitted changes; go1.26.8 linux/amd64)". bi may
// be nil; rev is the commit given at link time, used when bi records none.
func versionLine(bi *debug.BuildInfo, rev string) string {
	version, goVersion := "(devel)", runtime.Version()
	var setting = map[string]string{}
	if bi != nil {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			setting[s.Key] = s.Value
		}
	}
	var about []string
	if r := setting["vcs.revision"]; r != "" {
		rev = r
	}
	if rev != "" {
		c := "commit " + rev[:min(12, len(rev))]
		if t := setting["vcs.time"]; len(t) >= 10 {
			c += " of " + t[:10]
		}
		about = append(about, c)
		if setting["vcs.modified"] == "true" {
			about = append(about, "with uncommitted changes")
		}
	} else {
		about = append(about, "commit unknown (built outside a git checkout, or with -buildvcs=false)")
	}
	return fmt.Sprintf("playbook %s (%s; %s %s/%s)", version, strings.Join(about, ", "), goVersion, runtime.GOOS, runtime.GOARCH)
}

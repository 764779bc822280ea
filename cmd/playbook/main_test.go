package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"playbook/internal/testsite"
)

func TestMain(m *testing.M) {
	testscript.Main(withTempCache{m}, map[string]func(){
		"playbook": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// withTempCache runs the tests (not the playbook commands the scripts run)
// with the body cache on disk in a temporary folder, and with -short the
// temporary folders in memory.
type withTempCache struct{ m *testing.M }

func (w withTempCache) Run() int { return testsite.RunWithTempCache(w.m) }

// TestScripts drives the CLI as a user would, from the txtar scripts in
// testdata/script: each reads like a terminal session.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// A fixed "today" so that review dates do not age.
			env.Setenv("SOURCE_DATE_EPOCH", "1780315200") // 2026-06-01
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": exits,
		},
	})
}

// exits runs a command and checks its exit status, which exec cannot:
// "exits 2 playbook new widget X". Its stdout and stderr are kept for the
// stdout and stderr commands that follow.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits STATUS COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit status", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d; want %d", args[1], got, want)
	}
}

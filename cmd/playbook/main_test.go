package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"playbook": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts drives the CLI as a user would, from the txtar scripts in
// testdata/script: each reads like a terminal session.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// A fixed "today" so that review dates do not age.
			env.Setenv("SOURCE_DATE_EPOCH", "1780315200") // 2026-06-01
			return nil
		},
	})
}

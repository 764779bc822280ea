// Command playbook-gen writes a large, realistic playbook site for
// benchmarks:
//
//	go run ./bench/gen/cmd/playbook-gen -n 10000 -out /tmp/site
//
// The same -n always gives the same site.
package main

import (
	"flag"
	"fmt"
	"os"

	"playbook/bench/gen"
)

func main() {
	n := flag.Int("n", 10000, "number of markdown documents")
	out := flag.String("out", "", "the site folder to write (created when missing)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: playbook-gen [-n N] -out DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := gen.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := gen.CountsFor(*n)
	fmt.Printf("wrote %d documents (%d platforms, %d tools, %d decisions, %d pages) to %s\n",
		*n, c.Platforms, c.Tools, c.Decisions, c.Pages, *out)
}

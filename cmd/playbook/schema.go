package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"playbook/generator/config"
	"playbook/generator/diag"
	"playbook/generator/schema"
)

func schemaCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", "Writes a JSON Schema (draft-07) of the front matter of each kind of content file:\nplatform.schema.json, tool.schema.json, decision.schema.json and page.schema.json.\nAn editor given them checks fields, values and required fields as you type, and explains\neach field; the README shows the settings. The extra_fields and statuses of\nplaybook.yaml are included. playbook check remains the final word.", stderr)
	source := fs.String("source", ".", "the site `folder`, holding playbook.yaml")
	out := fs.String("out", "", "the `folder` to write the schemas into (default SOURCE/schemas)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, probs := config.Load(*source)
	if probs.HasErrors() {
		for _, d := range probs {
			fmt.Fprintln(stderr, d)
		}
		fmt.Fprintf(stderr, "schema failed: %s\n", probs.Summary())
		return 1
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(*source, "schemas")
	}
	files, err := schema.Write(dir, schema.Kinds(), schema.Options{ExtraFields: cfg.ExtraFields, Statuses: cfg.Statuses})
	if err != nil {
		fmt.Fprintf(stderr, "playbook schema: %s\n", diag.Escape(err.Error()))
		return 1
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	fmt.Fprintf(stdout, "wrote %s into %s; see the README for the editor settings\n", strings.Join(names, ", "), filepath.ToSlash(dir))
	return 0
}

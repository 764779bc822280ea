// Package config is the room for a site's optional configuration file,
// `playbook.yaml` at the top of the site folder. It decodes it with the same
// position-keeping decoder as front matter, so a typo in the config gets the
// same "file:line:col: … did you mean" error as one in content. It may import
// frontmatter, diag and the standard library.
package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"playbook/generator/diag"
	"playbook/generator/frontmatter"
)

// FileName is the name of the config file inside the site folder.
const FileName = "playbook.yaml"

// Config is what a site may set. Every field has a working default.
type Config struct {
	Title       string   // site title in the header; default "Social Media Security Playbook"
	Description string   // meta description of the home page
	BaseURL     string   // "https://intranet.example.com/playbook"; default "/"
	IDPrefix    string   // prefix of decision IDs taken from file names; default "DR-"
	ExtraFields []string // more front-matter keys to accept silently
	UnsafeHTML  bool     // pass raw HTML in markdown through instead of escaping it
	Statuses    []string // decision statuses added to the contract's (e.g. "draft", "on-hold")
	StaleDays   int      // days a record may stay proposed or escalated before it is reported; default 30, 0 turns it off
}

// Default is the configuration of a site without a config file.
func Default() Config {
	return Config{Title: "Social Media Security Playbook", BaseURL: "/", IDPrefix: "DR-", StaleDays: 30}
}

var schema = &frontmatter.Schema{
	Kind: "config file",
	Fields: []frontmatter.Field{
		{Name: "title", Type: frontmatter.String},
		{Name: "description", Type: frontmatter.String},
		{Name: "base_url", Type: frontmatter.String},
		{Name: "id_prefix", Type: frontmatter.String},
		{Name: "extra_fields", Type: frontmatter.StringList},
		{Name: "unsafe_html", Type: frontmatter.Bool},
		{Name: "statuses", Type: frontmatter.StringList},
		{Name: "stale_after_days", Type: frontmatter.Int},
	},
	Aliases: map[string]string{"baseURL": "base_url", "baseurl": "base_url"},
}

// Load reads dir/playbook.yaml when it exists.
func Load(dir string) (Config, diag.List) {
	c := Default()
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	var probs diag.List
	if err != nil {
		probs.Errorf(FileName, 0, 0, "cannot read the config file: %v", err)
		return c, probs
	}
	v, probs := frontmatter.Decode(FileName, frontmatter.Block{Present: true, YAML: data, YAMLLine: 1}, schema)
	if s := v.Str("title"); s != "" {
		c.Title = s
	}
	c.Description = v.Str("description")
	if s := v.Str("base_url"); s != "" {
		c.BaseURL = s
	}
	if v.Has("id_prefix") {
		c.IDPrefix = v.Str("id_prefix")
	}
	c.ExtraFields = v.List("extra_fields")
	c.UnsafeHTML = v["unsafe_html"].Bool
	c.Statuses = v.List("statuses")
	if v.Has("stale_after_days") {
		c.StaleDays = v["stale_after_days"].Int
		if c.StaleDays < 0 {
			p := v["stale_after_days"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"stale_after_days\" is %d; expected a number of days, 0 or more", c.StaleDays)
		}
	}
	return c, probs
}

// Package config is the room for a site's optional configuration file,
// `playbook.yaml` at the top of the site folder. It decodes it with the same
// position-keeping decoder as front matter, so a typo in the config gets the
// same "file:line:col: … did you mean" error as one in content. It may import
// contain, frontmatter, diag, model, goccy/go-yaml (for status_map) and the
// standard library.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"playbook/generator/contain"
	"playbook/generator/diag"
	"playbook/generator/frontmatter"
	"playbook/generator/model"
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
	// PublishHidden names hidden paths under content/ (".well-known") that
	// are published all the same; every other path with a part starting
	// with "." is never read.
	PublishHidden []string
	// StatusMap maps status words of an imported decision log ("parked")
	// onto a status of the contract or of Statuses ("withdrawn").
	StatusMap map[string]string
	// RequestPage is the content path ("pages/request.md") of the page
	// that says how to ask for a platform or tool; RequestLine is the
	// line of playbook.yaml that names it.
	RequestPage string
	RequestLine int
	// RequestEmail is the address the request form sends a request to.
	RequestEmail string
	// RepoURL is the repository's address on its web host, Branch the
	// branch that links to files name (default "main").
	RepoURL, Branch string
}

// MaxSize is the largest config file read.
const MaxSize = 1 << 20

// Default is the configuration of a site without a config file.
func Default() Config {
	return Config{Title: "Social Media Security Playbook", BaseURL: "/", IDPrefix: "DR-", StaleDays: 30, Branch: "main"}
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
		{Name: "publish_hidden", Type: frontmatter.StringList},
		{Name: "repo_url", Type: frontmatter.String},
		{Name: "request_page", Type: frontmatter.String},
		{Name: "request_email", Type: frontmatter.String},
		{Name: "branch", Type: frontmatter.String},
	},
	Aliases: map[string]string{"baseURL": "base_url", "baseurl": "base_url"},
	// A mapping, which the front-matter decoder does not take: read by
	// statusMap.
	Ignored: []string{"status_map"},
}

// Load reads dir/playbook.yaml when it exists: a regular file inside the
// site folder (a link elsewhere, a pipe or a device is refused unread).
func Load(dir string) (Config, diag.List) {
	c := Default()
	var probs diag.List
	root, err := contain.New(dir)
	if err != nil {
		probs.Errorf(FileName, 0, 0, "cannot read the site folder: %v", err)
		return c, probs
	}
	data, err := root.ReadFile(FileName, MaxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if msg, ok := contain.Explain(err, "a config file"); ok {
		probs.Errorf(FileName, 0, 0, "%s", msg)
		return c, probs
	}
	if err != nil {
		probs.Errorf(FileName, 0, 0, "cannot read the config file: %v", unwrap(err))
		return c, probs
	}
	v, dp := frontmatter.Decode(FileName, frontmatter.Block{Present: true, YAML: data, YAMLLine: 1, Name: FileName}, schema)
	if s := v.Str("title"); s != "" {
		c.Title = s
	}
	c.Description = v.Str("description")
	probs.Add(dp)
	if s := v.Str("base_url"); s != "" {
		if why := BaseURLProblem(s); why != "" {
			p := v["base_url"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"base_url\" is %q: %s; expected an address such as https://intranet.example.com/playbook/ or a path such as /playbook/", s, why)
		} else {
			c.BaseURL = s
		}
	}
	if v.Has("id_prefix") {
		s := v.Str("id_prefix")
		if !idPrefix.MatchString(s) {
			p := v["id_prefix"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"id_prefix\" is %q; expected letters and digits ending in a hyphen, such as DR- or ADR-", s)
		} else {
			c.IDPrefix = s
		}
	}
	c.ExtraFields = v.List("extra_fields")
	c.UnsafeHTML = v["unsafe_html"].Bool
	c.Statuses = v.List("statuses")
	c.StatusMap, dp = statusMap(data, append(model.Statuses, c.Statuses...))
	probs.Add(dp)
	if s := v.Str("repo_url"); s != "" {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, " \"<>") {
			p := v["repo_url"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"repo_url\" is %q; expected the repository's web address, such as https://github.com/acme/playbook", s)
		} else {
			c.RepoURL = strings.TrimSuffix(s, "/")
		}
	}
	if s := v.Str("request_page"); s != "" {
		c.RequestPage = strings.TrimPrefix(path.Clean(strings.TrimPrefix(s, "/")), "content/")
		c.RequestLine = v["request_page"].At.Line
	}
	if s := v.Str("request_email"); s != "" {
		if a, err := mail.ParseAddress(s); err != nil || a.Name != "" || a.Address != s {
			p := v["request_email"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"request_email\" is %q; expected one e-mail address, such as security@example.com", s)
		} else {
			c.RequestEmail = s
		}
	}
	c.Branch = "main"
	if s := v.Str("branch"); s != "" {
		if strings.ContainsAny(s, " ?#\"<>\\") || strings.Contains(s, "..") {
			p := v["branch"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"branch\" is %q; expected a branch name such as main", s)
		} else {
			c.Branch = s
		}
	}
	for i, h := range v.List("publish_hidden") {
		clean := path.Clean("/" + h)
		if h == "" || clean == "/" || strings.Contains(h, "..") || !contain.HiddenPath(clean) {
			p := v["publish_hidden"].At
			if items := v["publish_hidden"].Items; i < len(items) {
				p = items[i]
			}
			probs.Errorf(FileName, p.Line, p.Col, "publish_hidden holds %q; expected a hidden path under content/ such as .well-known", h)
			continue
		}
		c.PublishHidden = append(c.PublishHidden, strings.TrimPrefix(clean, "/"))
	}
	if v.Has("stale_after_days") {
		c.StaleDays = v["stale_after_days"].Int
		if c.StaleDays < 0 {
			p := v["stale_after_days"].At
			probs.Errorf(FileName, p.Line, p.Col, "field \"stale_after_days\" is %d; expected a number of days, 0 or more", c.StaleDays)
		}
	}
	return c, probs
}

var idPrefix = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*-$`)

// BaseURLProblem says what is wrong with a base URL ("" when nothing): it
// must be an http(s) address or a path starting with "/", without a query,
// a fragment, a user name or a password, since every link of the site
// starts with it.
func BaseURLProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "it does not parse as an address"
	case strings.ContainsAny(s, "?#"):
		return "it holds a query or a fragment ('?' or '#'), which would cut every link"
	case strings.ContainsAny(s, " \\\t\n\"<>"):
		return "it holds spaces, quotes or angle brackets"
	case u.User != nil:
		return "it holds a user name or password"
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(s, "//"):
		return ""
	case u.Scheme != "http" && u.Scheme != "https":
		return "it is neither an http(s) address nor a path starting with /"
	case u.Host == "":
		return "it names no host"
	}
	return ""
}

func unwrap(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// statusMap reads status_map, a mapping of words to statuses, from the
// config file's YAML.
func statusMap(data []byte, allowed []string) (map[string]string, diag.List) {
	var probs diag.List
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "status_map:") {
			line = i + 1
		}
	}
	if line == 0 {
		return nil, nil
	}
	var doc struct {
		StatusMap yaml.MapSlice `yaml:"status_map"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		probs.Errorf(FileName, line, 1, "status_map is not a mapping of words to statuses; expected lines such as \"  parked: withdrawn\"")
		return nil, probs
	}
	out := map[string]string{}
	for _, it := range doc.StatusMap {
		word, _ := it.Key.(string)
		to, _ := it.Value.(string)
		to = strings.ToLower(strings.TrimSpace(to))
		if word == "" || !slices.Contains(allowed, to) {
			probs.Errorf(FileName, line, 1, "status_map maps %q to %q; expected one of %s", fmt.Sprint(it.Key), fmt.Sprint(it.Value), strings.Join(allowed, ", "))
			continue
		}
		out[strings.ToLower(strings.TrimSpace(word))] = to
	}
	return out, probs
}

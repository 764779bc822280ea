package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each setting that would break every link or move records is checked,
// with the line and what was expected.
func TestLoadRefusesBadSettings(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"id_prefix: \"../\"\n", `playbook.yaml:1:12: field "id_prefix" is "../"; expected letters and digits ending in a hyphen, such as DR- or ADR-`},
		{"base_url: https://example.com/play?x=1\n", `playbook.yaml:1:11: field "base_url" is "https://example.com/play?x=1": it holds a query or a fragment ('?' or '#'), which would cut every link; expected an address such as https://intranet.example.com/playbook/ or a path such as /playbook/`},
		{"base_url: javascript:alert(1)\n", `playbook.yaml:1:11: field "base_url" is "javascript:alert(1)": it is neither an http(s) address nor a path starting with /; expected an address such as https://intranet.example.com/playbook/ or a path such as /playbook/`},
		{"base_url: //evil.example/\n", `playbook.yaml:1:11: field "base_url" is "//evil.example/": it is neither an http(s) address nor a path starting with /; expected an address such as https://intranet.example.com/playbook/ or a path such as /playbook/`},
		{"publish_hidden: [../.git]\n", `playbook.yaml:1:18: publish_hidden holds "../.git"; expected a hidden path under content/ such as .well-known`},
		{"repo_url: git@github.com:acme/playbook.git\n", `playbook.yaml:1:11: field "repo_url" is "git@github.com:acme/playbook.git"; expected the repository's web address, such as https://github.com/acme/playbook`},
		{"status_map:\n  parked: shelved\n", `playbook.yaml:1:1: status_map maps "parked" to "shelved"; expected one of proposed, escalated, accepted, rejected, withdrawn, deprecated, superseded`},
	}
	for _, c := range cases {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, FileName), []byte(c.yaml), 0o644)
		_, probs := Load(dir)
		var got []string
		for _, p := range probs {
			got = append(got, p.String())
		}
		if strings.Join(got, "\n") != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.yaml, strings.Join(got, "\n"), c.want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte("base_url: /playbook/\nid_prefix: ADR-\nstatus_map: {parked: withdrawn, \"On ice\": proposed}\nrepo_url: https://gitlab.example.com/acme/playbook\n"), 0o644)
	c, probs := Load(dir)
	if len(probs) > 0 || c.BaseURL != "/playbook/" || c.IDPrefix != "ADR-" || c.StatusMap["on ice"] != "proposed" || c.StatusMap["parked"] != "withdrawn" || c.Branch != "main" {
		t.Errorf("good config read as %+v, %v", c, probs)
	}
}

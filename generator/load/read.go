package load

import (
	"fmt"
	"strings"
	"unicode"

	"playbook/generator/config"
	"playbook/generator/contain"
	"playbook/generator/diag"
)

// The limits on what one file may cost. A markdown file is read whole and
// parsed, so its size bounds the memory and time of a build; an asset is
// copied (or held in memory by serve).
const (
	MaxMarkdown = 8 << 20   // bytes of one markdown file
	MaxAsset    = 256 << 20 // bytes of one asset
)

// Root is the site folder through which every content file is read: only
// regular files inside it, and hidden paths only when playbook.yaml names
// them in publish_hidden.
func Root(source string, cfg config.Config) (*contain.Root, error) {
	allow := make([]string, len(cfg.PublishHidden))
	for i, h := range cfg.PublishHidden {
		allow[i] = "content/" + strings.Trim(h, "/")
	}
	return contain.New(source, allow...)
}

// readMarkdown reads one markdown file through the site's root.
func readMarkdown(site *contain.Root, rel string) ([]byte, error) {
	return site.ReadFile(rel, MaxMarkdown)
}

// readError turns an error of reading rel into a problem naming the file.
func readError(rel string, err error) diag.List {
	var probs diag.List
	what := "an asset"
	if strings.HasSuffix(rel, ".md") {
		what = "a markdown file"
	}
	if msg, ok := contain.Explain(err, what); ok {
		probs.Errorf(rel, 0, 0, "%s", msg)
	} else {
		probs.Errorf(rel, 0, 0, "cannot read: %v", unwrapPathErr(err))
	}
	return probs
}

// badName returns what in a file name would break the address it is
// published at ('#' starts a fragment, '?' a query, '%' an escape), or a
// control character that would reach a terminal raw; "" when the name is
// fine.
func badName(name string) string {
	for _, r := range name {
		switch {
		case r == '#' || r == '?' || r == '%':
			return fmt.Sprintf("%q", string(r))
		case unicode.IsControl(r):
			return fmt.Sprintf("the control character %U", r)
		}
	}
	return ""
}

package generator

import (
	"fmt"
	"html"
	"strings"

	"playbook/generator/model"
	"playbook/generator/render"
	"playbook/generator/write"
)

// aliasPath is the file of an alias: "/tools/old/" → "tools/old/index.html".
func aliasPath(alias string) string { return strings.TrimPrefix(alias, "/") + "index.html" }

// aliasClaims are the redirect pages of every page's aliases, for the
// output-collision check.
func aliasClaims(site *model.Site) []render.Claim {
	var out []render.Claim
	for _, d := range site.Docs() {
		for _, a := range d.Aliases {
			out = append(out, render.Claim{Path: aliasPath(a), Source: d.Path, What: "the alias " + a})
		}
	}
	return out
}

// writeAliases writes a redirect page at each old address a page names in
// its aliases, as Hugo does: a static site has no server to answer 301, so
// the page refreshes to the new address at once, and says where it went.
func writeAliases(site *model.Site, out write.Output) error {
	for _, d := range site.Docs() {
		for _, a := range d.Aliases {
			to := html.EscapeString(site.RelURL(d.URL))
			page := fmt.Sprintf(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s has moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="%s">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p>This page has moved to <a href="%s">%s</a>.</p>
</body>
</html>
`, html.EscapeString(d.Title), to, to, to, html.EscapeString(d.Title))
			if err := out.WriteFile(aliasPath(a), []byte(page)); err != nil {
				return fmt.Errorf("%s: cannot write the alias %s: %w", d.Path, a, err)
			}
		}
	}
	return nil
}

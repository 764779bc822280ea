package generator

import (
	"io/fs"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/export"
	"playbook/generator/model"
	"playbook/generator/render"
)

// outputProblems lists every file a build of site writes, with what puts it
// there, and reports two things written to one path as an error naming
// both: a page, an export, a theme file or an asset never silently replaces
// another. It runs in build, check and serve alike, before anything is
// rendered.
func outputProblems(site *model.Site, theme fs.FS) diag.List {
	var probs diag.List
	claims, err := render.Claims(site, theme)
	if err != nil {
		probs.Errorf("themes/default", 0, 0, "cannot list the theme's files: %v", err)
		return probs
	}
	for _, f := range export.Outputs {
		claims = append(claims, render.Claim{Path: f, What: "the export " + f})
	}
	claims = append(claims, aliasClaims(site)...)
	for _, a := range site.Assets {
		claims = append(claims, render.Claim{Path: a.Out, Source: a.Path, What: a.Path})
	}
	var dirs []render.Claim
	seen := make(map[string]render.Claim, len(claims))
	for _, c := range claims {
		if strings.HasSuffix(c.Path, "/") {
			dirs = append(dirs, c)
			continue
		}
		first, dup := seen[c.Path]
		if !dup {
			seen[c.Path] = c
			continue
		}
		collide(&probs, site, first, c, c.Path)
	}
	for _, d := range dirs {
		for _, c := range claims {
			if c.Source != "" && strings.HasPrefix(c.Path, d.Path) && c.Path != d.Path {
				collide(&probs, site, d, c, c.Path)
			}
		}
	}
	return probs
}

// collide reports that a and b are both written to out, at the content
// file of the later claim (or of the one that has a file).
func collide(probs *diag.List, site *model.Site, a, b render.Claim, out string) {
	if a.Source == "" && b.Source == "" {
		return // the generator's own files: a theme may replace them
	}
	if b.Source == "" || (a.Source != "" && a.Source > b.Source) {
		a, b = b, a
	}
	if da, db := decisionAt(site, a.Source), decisionAt(site, b.Source); da != nil && db != nil && da.ID == db.ID {
		return // a duplicate id, which check reports
	}
	line, col := 1, 1
	if d := site.DocByPath[b.Source]; d != nil {
		if p, ok := d.Fields["id"]; ok && p.Line > 0 {
			p = d.ValuePos("id")
			line, col = p.Line, p.Col
		}
	}
	other := a.What
	if a.Source != "" && a.What != a.Source {
		other = a.Source + " (" + a.What + ")"
	}
	probs.Errorf(b.Source, line, col, "published at /%s, where %s is published too; expected one file per address (rename or move one of them)", out, other)
}

func decisionAt(site *model.Site, path string) *model.Decision {
	for _, d := range site.Decisions {
		if d.Path == path {
			return d
		}
	}
	return nil
}

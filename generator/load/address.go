package load

import (
	"path"
	"regexp"
	"strings"

	"playbook/generator/diag"
	fm "playbook/generator/frontmatter"
	"playbook/generator/model"
)

// docOf is the document of a record, nil for anything else.
func docOf(rec any) *model.Doc {
	if r, ok := rec.(interface{ Document() *model.Doc }); ok {
		return r.Document()
	}
	return nil
}

var (
	slugRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	pathRE = regexp.MustCompile(`^/([A-Za-z0-9._~-]+/)*$`)
)

// address applies the keys other site tools use to set a page's address,
// as Hugo does, or refuses them with the reason: slug (the last part of the
// URL of a platform, tool or page), permalink (the whole URL of a plain
// page) and aliases (old addresses that redirect to the page). A decision
// record's address depends on its id alone, so it takes neither slug nor
// permalink.
func address(d *model.Doc, vals fm.Values, probs *diag.List) {
	if d == nil {
		return
	}
	if v, ok := vals["slug"]; ok && v.Str != "" {
		switch {
		case d.Kind == model.KindDecision:
			probs.Errorf(d.Path, v.At.Line, v.At.Col, "field \"slug\" is not used for a decision record: its address is /decisions/<id in lower case>/ whatever its file is called; expected no slug (aliases keep an old address working)")
		case !slugRE.MatchString(v.Str):
			probs.Errorf(d.Path, v.At.Line, v.At.Col, "field \"slug\" is %q; expected letters, digits, '-', '_' or '.', such as tiktok-ads", v.Str)
		case d.Slug != "_index":
			d.URL = path.Dir(strings.TrimSuffix(d.URL, "/")) + "/" + v.Str + "/"
			if d.URL[:2] == "//" {
				d.URL = d.URL[1:]
			}
		}
	}
	if v, ok := vals["permalink"]; ok && v.Str != "" {
		switch p := "/" + strings.Trim(v.Str, "/") + "/"; {
		case d.Kind != model.KindPage:
			probs.Errorf(d.Path, v.At.Line, v.At.Col, "field \"permalink\" is not used for a %s: its address is made from its %s; expected no permalink (aliases keep an old address working)", kindName(d.Kind), addressFrom(d.Kind))
		case !pathRE.MatchString(p) || strings.Contains(p, "/../") || strings.Contains(p, "/./"):
			probs.Errorf(d.Path, v.At.Line, v.At.Col, "field \"permalink\" is %q; expected a site path such as /policies/social-media/", v.Str)
		default:
			d.URL = p
		}
	}
	if v, ok := vals["aliases"]; ok {
		d.Aliases = nil
		for i, a := range v.List {
			at := v.At
			if i < len(v.Items) {
				at = v.Items[i]
			}
			p := "/" + strings.Trim(a, "/") + "/"
			if !pathRE.MatchString(p) || p == "/" || strings.Contains(p, "/../") || strings.Contains(p, "/./") {
				probs.Errorf(d.Path, at.Line, at.Col, "alias %q is not a site path; expected an old address such as /tools/old-name/", a)
				continue
			}
			d.Aliases = append(d.Aliases, p)
		}
	}
}

func kindName(k model.Kind) string {
	switch k {
	case model.KindPlatform:
		return "platform"
	case model.KindTool:
		return "tool"
	}
	return "decision record"
}

func addressFrom(k model.Kind) string {
	if k == model.KindDecision {
		return "id"
	}
	return "file name (or slug)"
}

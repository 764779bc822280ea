package load

import (
	"path/filepath"

	fm "playbook/generator/frontmatter"
	"playbook/generator/model"
)

// ReloadBody reads the file at rel (a slash path such as
// "content/tools/hootsuite.md") again into s, which must be the site of the
// last load through c, when only the markdown below its front matter changed. It then
// updates the document in place (body, HTML, table of contents, links, Rev)
// and returns it.
//
// It returns ok=false, and leaves the site as it was, whenever more than the
// body may have changed or the new body has a problem: the file is new,
// gone or unreadable; it is a folder's _index.md (whose text every page's
// navigation depends on) or an imported decision record (whose status and
// date come from its body); its front matter differs by a byte; its title
// comes from its body; or the body is too deep, fails to render or has a
// broken link. The caller then loads the whole site, which reports those
// problems where they are.
func ReloadBody(c *Cache, s *model.Site, rel string) (d *model.Doc, ok bool) {
	if s == nil || c.last.site != s {
		return nil, false
	}
	d = s.DocByPath[rel]
	if d == nil || d.Unread {
		return nil, false
	}
	if _, fromFrontMatter := d.Fields["title"]; !fromFrontMatter {
		return nil, false
	}
	switch d.Kind {
	case model.KindPage:
		if filepath.Base(rel) == "_index.md" {
			return nil, false
		}
	case model.KindDecision:
		if dec := decisionOf(s, d); dec == nil || dec.Format != "native" {
			return nil, false
		}
	}
	src, err := readMarkdown(c.last.root, rel)
	if err != nil || !isText(src) {
		return nil, false
	}
	blk, err := fm.Split(src)
	if err != nil || blk.BodyLine != d.BodyLine {
		return nil, false
	}
	next := *d
	next.Body, next.HTML, next.TOC, next.Links = blk.Body, nil, nil, nil
	next.Rev, next.MetaRev = revOf(src), revOf(blk.YAML)
	if probs := renderBody(s, &next, nil, c, c.last.shape, c.last.links); len(probs) > 0 {
		return nil, false
	}
	if next.MetaRev != d.MetaRev {
		return nil, false
	}
	for _, l := range next.Links {
		if !l.OK {
			return nil, false
		}
	}
	// Only what a body makes is written, field by field: the other fields
	// are the same, and a search index build reading them from another
	// goroutine (serve's SearchJob reads copies, but relations lead to the
	// originals) must not see a write.
	d.Body, d.HTML, d.TOC, d.Links, d.Rev = next.Body, next.HTML, next.TOC, next.Links, next.Rev
	return d, true
}

// decisionOf is the decision record whose document is d.
func decisionOf(s *model.Site, d *model.Doc) *model.Decision {
	for _, dec := range s.Decisions {
		if &dec.Doc == d {
			return dec
		}
	}
	return nil
}

package load

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"playbook/generator/contain"
	"playbook/generator/model"
)

// linkSet is what a relative link in a body may lead to: the site's pages
// and assets, and, for a file inside a linked folder (`ln -s ../doc/adr
// content/decisions`), what sits beside that folder where it really is.
type linkSet struct {
	assets map[string]bool   // content paths of assets (and of files that failed to load)
	root   *contain.Root     // the site folder
	dirs   map[string]string // content path of each folder walked → its real path
	reals  map[string]string // and back
	repo   string            // the site folder's slash path inside its git repository ("" at its top)
}

// repoPrefix is the site folder's path inside the git repository that
// holds it ("docs/playbook"), "" when it is the repository's top or in none.
// Only the existence of a .git entry is looked at.
func repoPrefix(real string) string {
	for dir := real; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			r, _ := filepath.Rel(dir, real)
			if r == "." {
				return ""
			}
			return filepath.ToSlash(r)
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// setRepoPaths gives every document the path of its file from the top of
// the repository, where it really is (content/decisions/0001-x.md is
// docs/adr/0001-x.md when content/decisions links to ../docs/adr), and the
// site the same of content/decisions/, for links to the web host.
func setRepoPaths(s *model.Site, root *contain.Root, files []fileInfo, dirs map[string]string, repo string) {
	inRepo := func(real, rel string) string {
		if inSite, ok := root.Within(real); ok && real != "" {
			rel = filepath.ToSlash(inSite)
		}
		return path.Join(repo, rel)
	}
	for _, f := range files {
		if d := s.DocByPath[f.rel]; d != nil {
			d.RepoPath = inRepo(f.real, f.rel)
		}
	}
	if real, ok := dirs["content/decisions"]; ok {
		s.DecisionsRepoDir = inRepo(real, "content/decisions") + "/"
	}
}

// resolve maps a relative link written in doc d to the URL of its target.
// A link is resolved where the file is written (content/decisions/x.md)
// and, failing that, from where the file really is when its folder is a
// symbolic link. A link to a file of the site folder that is not content
// (../../terraform/main.tf) leads to it on the repository's web host when
// repo_url is set, and otherwise is kept with a warning; ok is false only
// for a link to nothing anywhere.
func (ls *linkSet) resolve(s *model.Site, d *model.Doc, dest string) (u string, ok bool, warn string) {
	p, frag := dest, ""
	if i := strings.IndexAny(p, "#"); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	target := path.Join(path.Dir(d.Path), p)
	if u, ok := ls.content(s, target); ok {
		return u + frag, true, ""
	}
	dir, linked := ls.dirs[path.Dir(d.Path)]
	if !linked {
		return "", false, ""
	}
	real := filepath.Join(dir, filepath.FromSlash(p))
	if rel, ok := ls.contentPath(real); ok {
		if u, ok := ls.content(s, rel); ok {
			return u + frag, true, ""
		}
		return "", false, ""
	}
	inSite, ok := ls.root.Within(real)
	if !ok || ls.root.Hidden(inSite) || (inSite != "content" && strings.HasPrefix(inSite, "content/")) {
		return "", false, ""
	}
	if _, err := os.Stat(real); err != nil {
		return "", false, ""
	}
	if src := s.SourceURL("blob", path.Join(ls.repo, inSite)); src != "" {
		return src + frag, true, ""
	}
	return dest, true, fmt.Sprintf("link %q leads to %s, a file of the site folder that is not content, so it is not published; expected a link to content, or repo_url in playbook.yaml to link to it on the repository's web host", dest, inSite)
}

// content is the URL of the content path target, if it is a page, an
// asset or a folder with a list page.
func (ls *linkSet) content(s *model.Site, target string) (string, bool) {
	if !strings.HasPrefix(target, "content/") && target != "content" {
		return "", false
	}
	if doc, ok := s.DocByPath[target]; ok {
		return s.RelURL(doc.URL), true
	}
	if ls.assets[target] {
		return s.RelURL(strings.TrimPrefix(target, "content")), true
	}
	// A folder: its list page exists when it holds an _index.md or is a
	// section of the contract.
	dir := strings.TrimSuffix(target, "/")
	if _, ok := s.DocByPath[dir+"/_index.md"]; ok || dir == "content" ||
		dir == "content/platforms" || dir == "content/tools" || dir == "content/decisions" {
		return s.RelURL(strings.TrimPrefix(dir, "content") + "/"), true
	}
	return "", false
}

// contentPath maps a real path back to the content path it is read at,
// through the nearest folder walked.
func (ls *linkSet) contentPath(real string) (string, bool) {
	for dir := real; ; {
		if rel, ok := ls.reals[dir]; ok {
			r, _ := filepath.Rel(dir, real)
			return path.Join(rel, filepath.ToSlash(r)), true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

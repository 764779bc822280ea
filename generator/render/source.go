package render

import (
	"net/url"
	"strings"
	"sync"

	"playbook/generator/model"
)

// sourceLinks are the links from a page to the file it is built from, on
// the repository's web host.
type sourceLinks struct {
	Edit    string // the web host's editor for the file
	History string // the commits that changed the file
}

// sources answers, for the template functions sourceLinks and commitURL,
// where the files of a site are on its repository's web host. Without
// repo_url it answers nothing, and the theme shows no link.
type sources struct {
	site   *model.Site
	prefix string // the site folder's path inside the repository, "" or ending in "/"

	once  sync.Once
	paths map[string]string // page URL → the repository path of the file it shows
}

func newSources(site *model.Site) *sources {
	return &sources{site: site, prefix: repoPrefix(site)}
}

// links is what the page p, built from a content file, links to on the web
// host: nil for a page made by the generator alone (a list, the search
// page), and for every page without repo_url.
func (s *sources) links(p *page) *sourceLinks {
	if s.site.RepoURL == "" || p == nil {
		return nil
	}
	s.once.Do(func() {
		s.paths = map[string]string{}
		for _, d := range s.site.Docs() {
			if d.RepoPath != "" {
				s.paths[d.URL] = d.RepoPath
			} else {
				s.paths[d.URL] = s.prefix + d.Path
			}
		}
	})
	rel, ok := s.paths[p.URL]
	if !ok {
		return nil
	}
	return &sourceLinks{Edit: s.site.SourceURL("edit", rel), History: s.site.SourceURL("commits", rel)}
}

// commit is the address of a commit on the web host ("{repo}/commit/{id}",
// GitLab's "{repo}/-/commit/{id}"), "" without repo_url or id.
func (s *sources) commit(id string) string {
	if s.site.RepoURL == "" || id == "" {
		return ""
	}
	return repoBase(s.site) + "commit/" + url.PathEscape(id)
}

// repoBase is the repository's address on its web host followed by the
// separator its file and commit addresses take: "{repo}/" on GitHub (and
// Gitea, Forgejo), "{repo}/-/" on GitLab; "" without repo_url. It follows
// model.Site.SourceURL, so that every link to the host has one form.
func repoBase(site *model.Site) string {
	if site.RepoURL == "" {
		return ""
	}
	// The address of a file of kind NUL ends the part every address
	// shares: a NUL stands in no repository address or branch name.
	probe := site.SourceURL("\x00", "")
	i := strings.IndexByte(probe, 0)
	if i < 0 || strings.IndexByte(site.RepoURL, 0) >= 0 {
		return strings.TrimSuffix(site.RepoURL, "/") + "/"
	}
	return probe[:i]
}

// isGitLab says whether the web host takes GitLab's forms of addresses.
func isGitLab(site *model.Site) bool {
	return strings.HasSuffix(repoBase(site), "/-/")
}

// hostName is the web host's name for people ("github.com"), "" without
// repo_url.
func hostName(site *model.Site) string {
	u, err := url.Parse(site.RepoURL)
	if err != nil || site.RepoURL == "" {
		return ""
	}
	return u.Hostname()
}

// repoPrefix is the site folder's slash path inside its repository, ending
// in "/" ("docs/playbook/"), or "" when the site is the repository's top.
// The loader works it out (load's linkSet.repo) but model.Site does not
// carry it yet: until a field RepoPrefix is added there, it is read by
// name when present and "" otherwise. Once model.Site.RepoPrefix exists,
// replace the body with site.RepoPrefix.
func repoPrefix(site *model.Site) string {
	p := strings.Trim(site.RepoPrefix, "/")
	if p == "" {
		return ""
	}
	return p + "/"
}

// requestEmail is the address requests are sent to (request_email in
// playbook.yaml), "" when none is set.
func requestEmail(site *model.Site) string {
	return strings.TrimSpace(site.RequestEmail)
}

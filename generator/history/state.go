package history

import "strings"

// State is what the change history of a build depends on in the repository
// holding source, besides the files: the commit checked out and whether the
// clone is shallow ("<hash>\nfalse"). It is "" outside git, before the first
// commit, or when git is not installed, as Head is.
func State(source string) string {
	out, err := git(source, "rev-parse", "HEAD", "--is-shallow-repository")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

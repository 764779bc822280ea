package history

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"playbook/generator/model"
)

// Commit is one commit of the repository.
type Commit struct {
	Hash    string // in full
	Short   string
	Date    model.Date // the commit's date
	Subject string
}

var isoDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// Resolve finds the commit a build -as-of asks for: for a date
// (YYYY-MM-DD), the last commit on or before the end of that day reachable
// from HEAD; otherwise asOf is a revision (a commit id, a tag, a branch).
// The repository must hold its whole history: in a shallow clone the
// answer could be wrong, so that is an error saying how to deepen it.
func Resolve(source, asOf string) (Commit, error) {
	if _, err := git(source, "rev-parse", "--show-toplevel"); err != nil {
		return Commit{}, fmt.Errorf("-as-of needs the site's git history, but %s is not in a git repository", source)
	}
	if sh, err := git(source, "rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(sh) == "true" {
		return Commit{}, errors.New("-as-of needs the site's whole git history, but this is a shallow clone; fetch it with: git fetch --unshallow")
	}
	var rev string
	if isoDate.MatchString(asOf) {
		if _, err := model.ParseDate(asOf); err != nil {
			return Commit{}, fmt.Errorf("-as-of %s: %v; expected a date YYYY-MM-DD or a git revision", asOf, err)
		}
		out, err := git(source, "rev-list", "-1", "--before="+asOf+"T23:59:59", "HEAD")
		if err != nil {
			return Commit{}, fmt.Errorf("-as-of %s: %v", asOf, err)
		}
		if rev = strings.TrimSpace(out); rev == "" {
			return Commit{}, fmt.Errorf("-as-of %s: the repository has no commit on or before %s", asOf, asOf)
		}
	} else {
		if strings.HasPrefix(asOf, "-") {
			return Commit{}, fmt.Errorf("-as-of %q: expected a date YYYY-MM-DD or a git revision", asOf)
		}
		out, err := git(source, "rev-parse", "--verify", "--quiet", asOf+"^{commit}")
		if err != nil || strings.TrimSpace(out) == "" {
			return Commit{}, fmt.Errorf("-as-of %q: no such date or git revision; expected a date YYYY-MM-DD or a commit, tag or branch", asOf)
		}
		rev = strings.TrimSpace(out)
	}
	out, err := git(source, "show", "-s", "--date=short", "--format=%H%x00%h%x00%cd%x00%s", rev)
	if err != nil {
		return Commit{}, err
	}
	f := strings.SplitN(strings.TrimRight(out, "\n"), "\x00", 4)
	if len(f) < 4 {
		return Commit{}, fmt.Errorf("-as-of: cannot read commit %s", rev)
	}
	d, err := model.ParseDate(f[2])
	if err != nil {
		return Commit{}, err
	}
	return Commit{Hash: f[0], Short: f[1], Date: d, Subject: f[3]}, nil
}

// Checkout writes the site folder source as it stood at commit c into the
// empty folder dst: the files of that commit under the site's path in the
// repository, nothing else. dst must be a fresh temporary folder.
func Checkout(source string, c Commit, dst string) error {
	top, err := git(source, "rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	top = strings.TrimSpace(top)
	prefix, err := sitePrefix(top, source)
	if err != nil {
		return err
	}
	tree := c.Hash
	if prefix != "" {
		tree += ":" + strings.TrimSuffix(prefix, "/")
	}
	cmd := exec.Command("git", "archive", "--format=tar", tree)
	cmd.Dir = top
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("-as-of: the site folder did not exist at commit %s (%s)", c.Short, strings.TrimSpace(errb.String()))
	}
	return untar(&out, dst)
}

// untar writes the folders, regular files and symbolic links of a tar
// stream under dst; a name that would leave dst is refused.
func untar(r io.Reader, dst string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(h.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("-as-of: the commit holds a path that leaves the site folder: %q", h.Name)
		}
		p := filepath.Join(dst, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, 0o755)
		case tar.TypeReg:
			if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
				var f *os.File
				if f, err = os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err == nil {
					_, err = io.Copy(f, tr)
					if cerr := f.Close(); err == nil {
						err = cerr
					}
				}
			}
		case tar.TypeSymlink:
			// Kept as a link: the build's containment decides whether it
			// may be followed, as for a working copy.
			if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
				err = os.Symlink(h.Linkname, p)
			}
		}
		if err != nil {
			return err
		}
	}
}

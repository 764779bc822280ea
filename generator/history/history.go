// Package history is the room that reads a site's change history from git:
// for every file, the commits that changed it (date, author, subject), newest
// first. It runs the git command and reads its output; it writes nothing but
// the copy of the site that Checkout makes, for a build as of a date. A
// site outside git gets no history and no error; a shallow clone gets none
// either, with a notice, because its oldest commits would be reported as the
// files' creation and nothing may be invented. It may import model and the
// standard library.
package history

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"

	"playbook/generator/model"
)

// Log is the history of the files under a site folder.
type Log struct {
	Head    string                    // the commit the history was read at
	Shallow bool                      // a shallow clone: Files is empty
	Files   map[string][]model.Change // absolute real path → changes, newest first
}

// ShallowNotice is what a build says about a shallow clone.
const ShallowNotice = "the site is in a shallow git clone, so pages show no change history (their oldest commits would look like their creation); fetch the whole history with: git fetch --unshallow"

// Head returns the commit checked out in the repository holding source, or
// "" when source is not in a git repository (or git is not installed).
func Head(source string) string {
	out, err := git(source, "rev-parse", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// Read reads the history of every file under source. It returns nil when
// source is not in a git repository.
func Read(source string) (*Log, error) { return ReadAt(source, "") }

// ReadAt reads the history of every file under source as it stood at the
// commit rev ("" for the one checked out).
func ReadAt(source, rev string) (*Log, error) {
	top, err := git(source, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil
	}
	top = strings.TrimSpace(top)
	l := &Log{Head: Head(source), Files: map[string][]model.Change{}}
	if rev != "" {
		l.Head = rev
	}
	if l.Head == "" {
		return l, nil // a repository with no commit yet
	}
	sh, err := git(source, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(sh) == "true" {
		l.Shallow = true
		return l, nil
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	// -z ends every field, every file name and every commit with a NUL, the
	// one byte no subject, author or file name can hold (git cuts a subject
	// at a NUL). Each commit starts with an empty field, which no file name
	// can be: the output is "", hash, date, author, subject, then the file
	// names, the first after a newline.
	args := []string{"log", "-z", "--no-renames", "--date=short",
		"--format=%x00%h%x00%ad%x00%an%x00%s", "--name-only"}
	if rev != "" {
		args = append(args, rev)
	}
	out, err := git(top, append(args, "--", abs)...)
	if err != nil {
		return nil, err
	}
	parseLog(out, top, l.Files)
	return l, nil
}

// parseLog reads the output of Read's git log into files.
func parseLog(out, top string, files map[string][]model.Change) {
	fields := strings.Split(out, "\x00")
	for i := 0; i < len(fields); {
		if fields[i] != "" || i+4 >= len(fields) {
			i++ // not the start of a commit: skip up to the next one
			continue
		}
		hash, date, author, subject := fields[i+1], fields[i+2], fields[i+3], fields[i+4]
		i += 5
		var names []string
		for first := true; i < len(fields) && fields[i] != ""; i++ {
			name := fields[i]
			if first {
				name, first = strings.TrimPrefix(name, "\n"), false
			}
			if name != "" {
				names = append(names, name)
			}
		}
		d, err := model.ParseDate(date)
		if err != nil {
			continue
		}
		c := model.Change{Hash: hash, Date: d, Author: author, Subject: subject}
		for _, name := range names {
			p := filepath.Join(top, filepath.FromSlash(name))
			files[p] = append(files[p], c)
		}
	}
}

// For returns the changes of the file at path (any path that leads to it).
func (l *Log) For(path string) []model.Change {
	if l == nil || len(l.Files) == 0 {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return l.Files[abs]
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return out.String(), nil
}

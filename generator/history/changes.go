package history

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"playbook/generator/model"
)

// statusLine and the others read one top-level front-matter field; the
// history only needs these few, and a file that no longer parses at some
// commit simply shows no status there.
var (
	statusLine = regexp.MustCompile(`(?m)^status:[ \t]*(.*?)[ \t]*$`)
	idLine     = regexp.MustCompile(`(?m)^id:[ \t]*(.*?)[ \t]*$`)
	titleLine  = regexp.MustCompile(`(?m)^title:[ \t]*(.*?)[ \t]*$`)
)

// Changes reads, from the git history of the site folder source (up to rev,
// "" for HEAD), every change of a platform's or tool's status and every
// decision record added or changed in status, newest first. Each version
// of each file is read from git itself (git cat-file), and its front matter
// compared with the version before: the history of the front matter, not
// of the diff text. It returns nil outside git and in a shallow clone.
func Changes(source, rev string) ([]model.StatusChange, error) {
	top, err := git(source, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil
	}
	top = strings.TrimSpace(top)
	if sh, err := git(source, "rev-parse", "--is-shallow-repository"); err != nil || strings.TrimSpace(sh) == "true" {
		return nil, err
	}
	if Head(source) == "" {
		return nil, nil
	}
	prefix, err := sitePrefix(top, source)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, d := range []string{"content/platforms", "content/tools", "content/decisions"} {
		dirs = append(dirs, prefix+d)
	}
	args := []string{"log", "-z", "--reverse", "--no-renames", "--date=short", "--raw", "--no-abbrev",
		"--format=%x00%H%x00%ad%x00%an%x00%s"}
	// Commits are shown as git abbreviates them in this repository.
	short := 7
	if h := strings.TrimSpace(Head(source)); h != "" {
		if s, err := git(source, "rev-parse", "--short", h); err == nil && len(strings.TrimSpace(s)) > 0 {
			short = len(strings.TrimSpace(s))
		}
	}
	if rev != "" {
		args = append(args, rev)
	}
	out, err := git(top, append(append(args, "--"), dirs...)...)
	if err != nil {
		return nil, err
	}
	type touch struct {
		commit model.Change
		path   string // from the repository's top
		blob   string // "" when the file was deleted
	}
	var touches []touch
	fields := strings.Split(out, "\x00")
	for i := 0; i < len(fields); {
		if fields[i] != "" || i+4 >= len(fields) {
			i++
			continue
		}
		d, derr := model.ParseDate(fields[i+2])
		hash := fields[i+1]
		if len(hash) > short {
			hash = hash[:short]
		}
		c := model.Change{Hash: hash, Date: d, Author: fields[i+3], Subject: fields[i+4]}
		i += 5
		// Then, per file, ":old new oldblob newblob status" and the path.
		for i+1 < len(fields) && strings.HasPrefix(strings.TrimLeft(fields[i], "\n"), ":") {
			meta := strings.Fields(strings.TrimLeft(fields[i], "\n"))
			p := fields[i+1]
			i += 2
			if derr != nil || len(meta) < 5 || !strings.HasSuffix(p, ".md") || strings.HasSuffix(p, "/_index.md") {
				continue
			}
			blob := meta[3]
			if strings.HasPrefix(meta[4], "D") || strings.Trim(blob, "0") == "" {
				blob = ""
			}
			touches = append(touches, touch{commit: c, path: p, blob: blob})
		}
	}
	var blobs []string
	for _, t := range touches {
		if t.blob != "" {
			blobs = append(blobs, t.blob)
		}
	}
	heads, err := frontMatters(top, blobs)
	if err != nil {
		return nil, err
	}
	type state struct{ status, title, id string }
	last := map[string]state{}
	var changes []model.StatusChange
	for _, t := range touches {
		rel := strings.TrimPrefix(t.path, prefix)
		kind := kindOf(rel)
		if kind == model.KindPage {
			continue
		}
		var now state
		if t.blob != "" {
			fm := heads[t.blob]
			now = state{status: field(statusLine, fm), title: field(titleLine, fm), id: field(idLine, fm)}
		}
		before := last[t.path]
		last[t.path] = now
		if now.status == before.status || now.status == "" {
			continue
		}
		key := strings.TrimSuffix(filepath.Base(rel), ".md")
		if kind == model.KindDecision && now.id != "" {
			key = now.id
		}
		changes = append(changes, model.StatusChange{Path: rel, Kind: kind, Key: key, Title: now.title, From: before.status, To: now.status, Commit: t.commit})
	}
	// Newest commit first; within one commit, in path order.
	slices.Reverse(changes)
	for i := 0; i < len(changes); {
		j := i + 1
		for j < len(changes) && changes[j].Commit.Hash == changes[i].Commit.Hash {
			j++
		}
		slices.SortFunc(changes[i:j], func(a, b model.StatusChange) int { return strings.Compare(a.Path, b.Path) })
		i = j
	}
	return changes, nil
}

// sitePrefix is the site folder's path from the repository's top, ending
// in "/" ("docs/playbook/"), "" at the top.
func sitePrefix(top, source string) (string, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	r, err := filepath.Rel(top, abs)
	if err != nil || r == "." {
		return "", err
	}
	return filepath.ToSlash(r) + "/", nil
}

func kindOf(rel string) model.Kind {
	switch {
	case strings.HasPrefix(rel, "content/platforms/") && strings.Count(rel, "/") == 2:
		return model.KindPlatform
	case strings.HasPrefix(rel, "content/tools/") && strings.Count(rel, "/") == 2:
		return model.KindTool
	case strings.HasPrefix(rel, "content/decisions/"):
		return model.KindDecision
	}
	return model.KindPage
}

func field(re *regexp.Regexp, fm string) string {
	m := re.FindStringSubmatch(fm)
	if m == nil {
		return ""
	}
	v := strings.TrimSpace(m[1])
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return v
}

// frontMatters reads the front matter (the text between the first two ---
// lines) of each blob through one git cat-file --batch.
func frontMatters(top string, blobs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(blobs) == 0 {
		return out, nil
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = top
	cmd.Stdin = strings.NewReader(strings.Join(blobs, "\n") + "\n")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	r := bufio.NewReader(&stdout)
	for {
		header, err := r.ReadString('\n')
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		f := strings.Fields(header)
		if len(f) < 3 {
			continue // "<sha> missing"
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: bad header %q", header)
		}
		body := make([]byte, n+1) // and the newline after it
		if _, err := io.ReadFull(r, body); err != nil {
			return nil, err
		}
		out[f[0]] = head(body[:n])
	}
}

// head is the front matter of a file's bytes, "" without one.
func head(b []byte) string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return ""
	}
	if i := strings.Index(rest, "\n---"); i >= 0 {
		return rest[:i+1]
	}
	return ""
}

// Package write is the room that puts a built site on disk. Files go into a
// staging folder beside the output folder; only when the whole build has
// succeeded is the staging folder swapped in, so a failed or killed build
// leaves the previous output exactly as it was. It refuses output folders
// that would destroy the source. It may import golang.org/x/sys/unix (for an
// atomic exchange of two folders) and the standard library.
package write

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Output receives every generated file of a build: a Stage on disk, or a
// map in memory for serve. WriteFile is called from many goroutines at
// once. Every stage that makes files (render, search, export) writes
// through it.
type Output interface {
	// WriteFile writes data at rel, a slash path inside the output folder
	// such as "tools/hootsuite/index.html". data may be reused once it
	// returns: an Output that keeps the bytes keeps a copy.
	WriteFile(rel string, data []byte) error
}

// Keeper is an Output that can keep the file it got for rel last time
// (serve's in-memory output, for pages whose inputs did not change).
type Keeper interface {
	Keep(rel string)
}

// Marker is the file that marks a folder as built by playbook; a non-empty
// output folder without it is never replaced.
const Marker = ".playbook-output"

// Stage is an output folder being built. It is safe for concurrent use.
type Stage struct {
	out, tmp string
	mu       sync.Mutex
	dirs     map[string]bool
}

// Guard refuses output folders that would lose the author's work when
// replaced: the source folder, a folder above it, one holding content/, the
// file system root, the home folder, and any non-empty folder that playbook
// did not build.
func Guard(source, out string) error {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	src, dst = filepath.Clean(src), filepath.Clean(dst)
	refuse := func(why string) error {
		return fmt.Errorf("refusing to use %s as the output folder: %s; expected a folder of its own such as %s", out, why, filepath.Join(source, "public"))
	}
	home, _ := os.UserHomeDir()
	switch {
	case dst == filepath.Dir(dst):
		return refuse("it is the root of the file system")
	case home != "" && dst == filepath.Clean(home):
		return refuse("it is the home folder")
	case dst == src:
		return refuse("it is the source folder")
	case strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)):
		return refuse("it holds the source folder")
	}
	if fi, err := os.Stat(filepath.Join(dst, "content")); err == nil && fi.IsDir() {
		return refuse("it holds a content/ folder")
	}
	for _, d := range []string{"content", "themes"} {
		in := filepath.Join(src, d)
		if real, err := filepath.EvalSymlinks(in); err == nil {
			in = real
		}
		if realDst := realPath(dst); strings.HasPrefix(realDst+string(filepath.Separator), in+string(filepath.Separator)) || strings.HasPrefix(dst+string(filepath.Separator), filepath.Join(src, d)+string(filepath.Separator)) {
			return refuse("it is inside the site's " + d + "/ folder, so every build would publish the last one again")
		}
	}
	entries, err := os.ReadDir(dst)
	if err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dst, Marker)); err != nil {
			return refuse("it is not empty and was not built by playbook (no " + Marker + " file)")
		}
	} else if err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		if fi, serr := os.Stat(dst); serr == nil && !fi.IsDir() {
			return refuse("it is a file")
		}
		return err
	}
	return nil
}

// Resolve is the folder a build into out really writes: out itself, or,
// when out is a symbolic link to a folder, the folder it leads to, so that
// the link keeps leading to the new output.
func Resolve(out string) (string, error) {
	fi, err := os.Lstat(out)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return out, nil
	}
	real, err := filepath.EvalSymlinks(out)
	if errors.Is(err, fs.ErrNotExist) {
		// A link to a folder not built yet: build it there.
		if target, rerr := os.Readlink(out); rerr == nil {
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(out), target)
			}
			if _, lerr := os.Lstat(target); errors.Is(lerr, fs.ErrNotExist) {
				return filepath.Clean(target), nil
			}
		}
	}
	if err != nil {
		return "", fmt.Errorf("the output folder %s is a symbolic link that leads nowhere (%v); expected a link to a folder, or a folder", out, unwrap(err))
	}
	return real, nil
}

func unwrap(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Lock keeps other builds out of the output folder out until the returned
// function is called: a second build into the same folder is refused with a
// clear error instead of clearing the first one's staging folder.
func Lock(out string) (unlock func(), err error) {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	name := filepath.Join(parent, "."+base+".lock")
	// The lock file is removed when the build ends; a build that opened
	// it just before that holds a lock on a removed file, sees that, and
	// tries again.
	for range 100 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("cannot lock the output folder %s: %w", out, err)
		}
		busy, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock the output folder %s: %w", out, err)
		}
		if busy {
			f.Close()
			return nil, fmt.Errorf("another build is writing %s right now (it holds %s); expected one build at a time into one folder: wait for it to finish, or build into another -out", out, name)
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return func() { os.Remove(name); f.Close() }, nil
		}
		f.Close()
	}
	return nil, fmt.Errorf("cannot lock the output folder %s: the lock file %s keeps changing", out, name)
}

// realPath is p with symbolic links resolved as far as they exist.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if dir := filepath.Dir(p); dir != p {
		return filepath.Join(realPath(dir), filepath.Base(p))
	}
	return p
}

// Begin starts a build of the folder out. Staging folders left behind by an
// earlier build that was killed are removed first.
func Begin(out string) (*Stage, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanLeftovers(parent, base)
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(parent, "."+base+".tmp-"+hex.EncodeToString(rnd[:]))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, err
	}
	s := &Stage{out: out, tmp: tmp, dirs: map[string]bool{"": true}}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("This folder is built by playbook and replaced on every build.\n"), 0o644); err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// cleanLeftovers removes what a killed build left beside the output: its
// staging folder, and a previous output moved aside, which is put back
// first when the output folder itself is missing.
func cleanLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	out := filepath.Join(parent, base)
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, "."+base+".old-") {
			if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
				if os.Rename(filepath.Join(parent, n), out) == nil {
					continue
				}
			}
			_ = os.RemoveAll(filepath.Join(parent, n))
		}
	}
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "."+base+".tmp-") {
			_ = os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// Dir is the staging folder.
func (s *Stage) Dir() string { return s.tmp }

// mkdir makes the folder that will hold rel, and the folders above it,
// inside the staging folder. Each folder is made with one mkdir call: the
// staging folder starts empty, so a folder this Stage has not made does not
// exist yet (or another goroutine is making it right now).
func (s *Stage) mkdir(rel string) error {
	return s.ensureDir(filepath.Dir(filepath.FromSlash(rel)))
}

func (s *Stage) ensureDir(dir string) error {
	if dir == "." {
		return nil
	}
	s.mu.Lock()
	ok := s.dirs[dir]
	s.mu.Unlock()
	if ok {
		return nil
	}
	if err := s.ensureDir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(s.tmp, dir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.mu.Lock()
	s.dirs[dir] = true
	s.mu.Unlock()
	return nil
}

func (s *Stage) path(rel string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(rel))
	if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("output path %q leaves the output folder", rel)
	}
	return filepath.Join(s.tmp, clean), s.mkdir(rel)
}

// WriteFile writes one file of the site; rel is a slash path inside it.
func (s *Stage) WriteFile(rel string, data []byte) error {
	p, err := s.path(rel)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// ErrExists is returned by Copy when the file is already written: nothing
// a build writes is replaced by another.
var ErrExists = errors.New("another file of the build is already written there")

// Copy writes the bytes of r into the site at rel, at most limit of them;
// it refuses a path that is already written.
func (s *Stage) Copy(rel string, r io.Reader, limit int64) error {
	p, err := s.path(rel)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w", rel, ErrExists)
	}
	if err != nil {
		return err
	}
	n, err := io.Copy(f, r)
	if err == nil && n > limit {
		err = fmt.Errorf("more than %d bytes", limit)
	}
	if err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Commit swaps the staging folder in place of the output folder. Where the
// system can exchange two folders in one step (Linux), there is no moment
// at which the output folder is missing; elsewhere the previous output is
// moved aside first, and Begin puts it back if the build was killed between
// the two moves.
func (s *Stage) Commit() error {
	if _, err := os.Lstat(s.out); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.tmp, s.out); err != nil {
			s.Abort()
			return fmt.Errorf("cannot put the new output in place: %w", err)
		}
		return nil
	}
	if err := exchange(s.tmp, s.out); err == nil {
		// s.tmp now holds the previous output.
		_ = os.RemoveAll(s.tmp)
		return nil
	}
	i := strings.LastIndex(s.tmp, ".tmp-")
	old := s.tmp[:i] + ".old-" + s.tmp[i+5:]
	if err := os.Rename(s.out, old); err != nil {
		s.Abort()
		return fmt.Errorf("cannot move the previous output aside: %w", err)
	}
	if err := os.Rename(s.tmp, s.out); err != nil {
		_ = os.Rename(old, s.out)
		s.Abort()
		return fmt.Errorf("cannot put the new output in place: %w", err)
	}
	_ = os.RemoveAll(old)
	return nil
}

// Abort removes the staging folder and leaves the output as it was.
func (s *Stage) Abort() { _ = os.RemoveAll(s.tmp) }

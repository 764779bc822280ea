// Package contain is the room that keeps every read inside the site folder.
// Content, theme files and the config file are read through a Root, which
// follows a symbolic link only when the file it leads to is a regular file
// (or a folder) whose real path is inside the site folder and under no
// hidden folder (.git, .env), and which reads at most a set number of bytes
// without ever blocking on a pipe or a device. It may import only the
// standard library.
package contain

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Root is a site folder.
type Root struct {
	dir   string   // as given
	real  string   // absolute, symbolic links resolved
	allow []string // hidden slash paths, relative to the site folder, that may be read
}

// New makes the Root of the site folder dir. Allow names hidden paths
// ("content/.well-known") that may be read all the same.
func New(dir string, allow ...string) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &Root{dir: dir, real: real, allow: allow}, nil
}

// Dir is the site folder as given to New.
func (r *Root) Dir() string { return r.dir }

// Real is the site folder's absolute real path.
func (r *Root) Real() string { return r.real }

// Error is a file the site may not read. Path is the slash path, relative to
// the site folder, that was asked for; Target is where it really leads when
// that is not Path.
type Error struct {
	Path   string
	Target string
	Why    string
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg() }

// Msg is the error without its path, for a diagnostic that names the file
// itself.
func (e *Error) Msg() string { return e.Why }

// TooBig is returned by ReadFile when a file is larger than the limit.
type TooBig struct {
	Path  string
	Size  int64
	Limit int64
}

func (e *TooBig) Error() string { return e.Path + ": " + e.Msg() }

// Msg is the error without its path.
func (e *TooBig) Msg() string {
	return fmt.Sprintf("the file is %s; expected at most %s (the limit for this kind of file)", Size(e.Size), Size(e.Limit))
}

// Explain says what is wrong with a file the site may not read, for a
// problem that names the file: the reason of an *Error, or for a *TooBig
// "the file is 9.0 MiB; expected <what> of at most 8 MiB" (what: "a
// markdown file"). ok is false for any other error.
func Explain(err error, what string) (msg string, ok bool) {
	var ce *Error
	var big *TooBig
	switch {
	case errors.As(err, &ce):
		return ce.Msg(), true
	case errors.As(err, &big):
		return fmt.Sprintf("the file is %s; expected %s of at most %s", Size(big.Size), what, Size(big.Limit)), true
	}
	return "", false
}

// Size writes a byte count for people: "8 MiB", "4.2 MiB", "512 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Within reports whether the absolute, link-free path real is the site
// folder or inside it, and the slash path relative to it.
func (r *Root) Within(real string) (string, bool) {
	rel, err := filepath.Rel(r.real, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Hidden reports whether the slash path rel (relative to the site folder)
// is or lies under a hidden file or folder that the site did not allow.
func (r *Root) Hidden(rel string) bool {
	if rel == "." {
		return false
	}
	for p := rel; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if slices.Contains(r.allow, p) {
			return false
		}
	}
	return HiddenPath(rel)
}

// HiddenPath reports whether a part of the slash path rel starts with "."
// (".git", "content/.well-known/x"), whatever a site allows.
func HiddenPath(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return true
		}
	}
	return false
}

// Stat checks the slash path rel, relative to the site folder, and returns
// what it leads to: a regular file or a folder whose real path is inside the
// site folder and not hidden. Anything else is an *Error naming where it
// leads; a path that does not exist is fs.ErrNotExist, as from os.Stat.
func (r *Root) Stat(rel string) (fs.FileInfo, string, error) {
	p := filepath.Join(r.real, filepath.FromSlash(rel))
	lfi, err := os.Lstat(p)
	if err != nil {
		return nil, "", err
	}
	real := p
	if lfi.Mode()&fs.ModeSymlink != 0 || !r.directParents(rel) {
		real, err = filepath.EvalSymlinks(p)
		if err != nil {
			why := "cannot follow the symbolic link: " + unwrap(err).Error() + "; expected a link to a file or folder inside the site folder"
			switch {
			case errors.Is(err, fs.ErrNotExist):
				why = "cannot follow the symbolic link: what it leads to does not exist; expected a link to a file or folder inside the site folder"
			case errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links"):
				why = "cannot follow the symbolic link: the links lead round in a loop; expected a link to a file or folder inside the site folder"
			}
			return nil, "", &Error{Path: rel, Why: why}
		}
		if real, err = filepath.Abs(real); err != nil {
			return nil, "", err
		}
	}
	inside, ok := r.Within(real)
	if !ok {
		return nil, real, &Error{Path: rel, Target: real, Why: fmt.Sprintf("symbolic link to %s, which is outside the site folder; expected a file inside the site folder", real)}
	}
	if r.Hidden(inside) && !r.Hidden(rel) {
		return nil, real, &Error{Path: rel, Target: real, Why: fmt.Sprintf("symbolic link to %s, a hidden file or folder; expected a link to a file that is not hidden (or name it in playbook.yaml's publish_hidden list)", inside)}
	}
	fi := lfi // no link anywhere on the way: Lstat saw the file itself
	if real != p {
		if fi, err = os.Stat(real); err != nil {
			return nil, real, err
		}
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		what := kind(fi.Mode())
		if real != p {
			return nil, real, &Error{Path: rel, Target: real, Why: fmt.Sprintf("symbolic link to %s, %s; expected a regular file", real, what)}
		}
		return nil, real, &Error{Path: rel, Why: fmt.Sprintf("%s, not a regular file; expected a regular file", what)}
	}
	return fi, real, nil
}

// directParents reports whether no folder on the way to rel is a symbolic
// link, so that rel's real path is the joined path.
func (r *Root) directParents(rel string) bool {
	dir := path.Dir(rel)
	for dir != "." && dir != "/" {
		fi, err := os.Lstat(filepath.Join(r.real, filepath.FromSlash(dir)))
		if err != nil || fi.Mode()&fs.ModeSymlink != 0 {
			return false
		}
		dir = path.Dir(dir)
	}
	return true
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// ReadFile reads the regular file at the slash path rel, relative to the
// site folder, after the checks of Stat, and at most limit bytes of it: a
// larger file is a *TooBig error, found before it is read. It never blocks
// on a pipe or a device, even one put in place after the check.
func (r *Root) ReadFile(rel string, limit int64) ([]byte, error) {
	fi, real, err := r.Stat(rel)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &Error{Path: rel, Why: "is a folder; expected a file"}
	}
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err = f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &Error{Path: rel, Why: kind(fi.Mode()) + ", not a regular file; expected a regular file"}
	}
	if fi.Size() > limit {
		return nil, &TooBig{Path: rel, Size: fi.Size(), Limit: limit}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooBig{Path: rel, Size: int64(len(data)), Limit: limit}
	}
	return data, nil
}

// Open opens the regular file at rel after the checks of Stat, for a copy.
func (r *Root) Open(rel string) (*os.File, error) {
	fi, real, err := r.Stat(rel)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &Error{Path: rel, Why: "is a folder; expected a file"}
	}
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, &Error{Path: rel, Why: "not a regular file; expected a regular file"}
	}
	return f, nil
}

// FS is the folder at the slash path dir, relative to the site folder, as an
// fs.FS whose files are read through the checks of ReadFile, limit bytes at
// most each.
func (r *Root) FS(dir string, limit int64) fs.FS { return rootFS{r: r, dir: dir, limit: limit} }

type rootFS struct {
	r     *Root
	dir   string
	limit int64
}

func (f rootFS) rel(name string) string { return path.Join(f.dir, name) }

func (f rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	fi, _, err := f.r.Stat(f.rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if fi.IsDir() {
		entries, err := f.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &dirFile{fi: fi, entries: entries}, nil
	}
	data, err := f.r.ReadFile(f.rel(name), f.limit)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &memFile{fi: fi, data: data}, nil
}

func (f rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	fi, real, err := f.r.Stat(f.rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: syscall.ENOTDIR}
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil, err
	}
	out := entries[:0]
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") || !f.r.Hidden(f.rel(path.Join(name, e.Name()))) {
			out = append(out, e)
		}
	}
	return out, nil
}

type memFile struct {
	fi   fs.FileInfo
	data []byte
	off  int
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.fi, nil }
func (m *memFile) Close() error               { return nil }
func (m *memFile) Read(p []byte) (int, error) {
	if m.off >= len(m.data) {
		return 0, io.EOF
	}
	n := copy(p, m.data[m.off:])
	m.off += n
	return n, nil
}

type dirFile struct {
	fi      fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.fi, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.fi.Name(), Err: syscall.EISDIR}
}
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}

func unwrap(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Package cachedir is the room where playbook keeps what it reuses between
// runs, under the user's cache folder (os.UserCacheDir()/playbook): the
// body cache of package load and the build states of package generator. It
// writes each file whole (a temporary file renamed into place, so a reader
// sees the whole file or the one before) and removes what was not used for
// a while. It touches nothing outside the folders it is given. It may
// import the standard library only.
package cachedir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Dir is os.UserCacheDir()/playbook/name; ok is false when the system names
// no cache folder.
func Dir(name string) (dir string, ok bool) {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		return "", false
	}
	return filepath.Join(base, "playbook", name), true
}

// tempPrefix starts the names of the temporary files of WriteFile.
const tempPrefix = ".tmp-"

// tempMaxAge is how old a temporary file is when a write was interrupted.
const tempMaxAge = time.Hour

// stamp is the file whose time says when a folder was last pruned.
const stamp = "last-prune"

// WriteFile writes data at file through a temporary file of the same
// folder renamed into place, making the folder when it is missing.
func WriteFile(file string, data []byte) error {
	dir := filepath.Dir(file)
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			f, err = os.CreateTemp(dir, tempPrefix+"*")
		}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Pruning says what Prune removes.
type Pruning struct {
	Every  time.Duration // how often a folder is looked at
	MaxAge time.Duration // an entry not used (modified) for longer is removed
	// Entry says whether a file name is an entry of the cache; other files
	// are left alone (temporary files of WriteFile aside).
	Entry func(name string) bool
	// Shards says that the entries are in subfolders of two characters
	// (ab/abcdef…), as the body cache keeps them.
	Shards bool
}

// Prune removes, at most once every p.Every, the entries of dir not used
// for p.MaxAge and the temporary files of writes that were interrupted.
func Prune(dir string, now time.Time, p Pruning) {
	st := filepath.Join(dir, stamp)
	if fi, err := os.Stat(st); err == nil && now.Sub(fi.ModTime()) < p.Every {
		return
	}
	if err := os.WriteFile(st, nil, 0o644); err != nil {
		return
	}
	_ = os.Chtimes(st, now, now)
	folders := []string{dir}
	if p.Shards {
		folders = folders[:0]
		shards, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, s := range shards {
			if s.IsDir() && len(s.Name()) == 2 {
				folders = append(folders, filepath.Join(dir, s.Name()))
			}
		}
	}
	for _, d := range folders {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			fi, err := e.Info()
			if err != nil || !fi.Mode().IsRegular() {
				continue
			}
			age, name := now.Sub(fi.ModTime()), e.Name()
			if strings.HasPrefix(name, tempPrefix) && age > tempMaxAge || name != stamp && p.Entry(name) && age > p.MaxAge {
				os.Remove(filepath.Join(d, name))
			}
		}
	}
}

package write

import (
	"fmt"
	"io"
	"os"
)

// Link puts the file from (a file of the previous output) into the site at
// rel without rewriting it: a hard link where the system can make one (the
// staging folder sits beside the output folder, on the same file system),
// a copy otherwise. It refuses a path that is already written.
func (s *Stage) Link(rel, from string) error {
	p, err := s.path(rel)
	if err != nil {
		return err
	}
	if err := os.Link(from, p); err == nil {
		return nil
	} else if _, serr := os.Lstat(p); serr == nil {
		return fmt.Errorf("%s: %w", rel, ErrExists)
	}
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return s.Copy(rel, io.LimitReader(f, fi.Size()), fi.Size())
}

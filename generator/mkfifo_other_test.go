//go:build !unix

package generator

import "errors"

func mkfifo(path string) error { return errors.New("no named pipes") }

//go:build unix

package generator

import "syscall"

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

//go:build unix

package scaffold

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A named pipe among the records is not read: `new` would wait for a writer
// for ever.
func TestNextIDSkipsFIFO(t *testing.T) {
	dir := site(t, map[string]string{"content/decisions/0002-a.md": record("DR-0002")})
	if err := syscall.Mkfifo(filepath.Join(dir, "content/decisions/0005-pipe.md"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	done := make(chan string, 1)
	go func() {
		r, err := New(Options{Source: dir, Kind: "decision", Title: "Next", Today: today})
		if err != nil {
			done <- err.Error()
			return
		}
		done <- r.ID
	}()
	select {
	case got := <-done:
		if got != "DR-0006" {
			t.Errorf("New = %s, want DR-0006 (from the pipe's file name)", got)
		}
	case <-time.After(10 * time.Second):
		// Unblock the reader so that the test ends.
		if f, err := os.OpenFile(filepath.Join(dir, "content/decisions/0005-pipe.md"), os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("New is blocked reading a named pipe")
	}
}

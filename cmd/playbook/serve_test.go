package main

import (
	"bytes"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"testing"
)

// A taken port is reported with an address to use instead whose port is
// free: not simply the next port, which may be taken too.
func TestServeSuggestsFreePort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	next, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port+1))
	if err != nil {
		t.Skipf("cannot take the port after %d as well: %v", port, err)
	}
	defer next.Close()

	var stdout, stderr bytes.Buffer
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	if code := run([]string{"serve", "-source", t.TempDir(), "-addr", addr}, &stdout, &stderr); code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	m := regexp.MustCompile(`^playbook serve: cannot listen on 127\.0\.0\.1:(\d+): the port is already in use; choose another with -addr, for example -addr 127\.0\.0\.1:(\d+)\n$`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("stderr:\n%s", stderr.String())
	}
	suggested, _ := strconv.Atoi(m[2])
	if m[1] != strconv.Itoa(port) || suggested == port || suggested == port+1 {
		t.Errorf("for the taken ports %d and %d it suggests %d", port, port+1, suggested)
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", suggested))
	if err != nil {
		t.Errorf("the suggested port is not free: %v", err)
	} else {
		ln.Close()
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout: %s", stdout.String())
	}
}

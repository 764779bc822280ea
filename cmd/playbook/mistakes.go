package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// commands are the commands run knows, for "did you mean".
var commands = []string{"build", "check", "serve", "new", "schema", "version", "help"}

// addrMistake says what is wrong with a -addr value, or "" when it is of
// the form host:port with a port number: "8795" is a port alone, which
// net.Listen would refuse with "missing port in address".
func addrMistake(addr string) string {
	const forms = "host:port, such as 127.0.0.1:%s (this machine only) or :%s (every network interface)"
	host, port, err := net.SplitHostPort(addr)
	switch {
	case err == nil:
	case addr != "" && strings.Trim(addr, "0123456789") == "":
		return fmt.Sprintf("-addr is %q, a port alone; expected "+forms, addr, addr, addr)
	case !strings.Contains(addr, ":"):
		return fmt.Sprintf("-addr is %q, with no port; expected host:port, such as %s", addr, net.JoinHostPort(addr, "1313"))
	default:
		return fmt.Sprintf("-addr is %q; expected host:port, such as 127.0.0.1:1313", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.Trim(port, "0123456789") != "" {
		return fmt.Sprintf("-addr is %q: the port %q is not a number from 0 to 65535; expected host:port, such as %s", addr, port, net.JoinHostPort(host, "1313"))
	}
	return ""
}

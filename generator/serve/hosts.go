package serve

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
)

// hosts is the set of Host headers the preview answers to. A web page open
// in the author's browser can point a name of its own at 127.0.0.1 (DNS
// rebinding) and then read the preview as if it were its own site; the
// browser still sends that name as the Host, so refusing every name but
// this machine's keeps such a page out.
//
// On a loopback address the preview answers to the address itself,
// localhost, 127.0.0.1, [::1] and names ending in .localhost (which
// browsers resolve to loopback themselves), with any port or none. On
// any other address, specific or unspecified (":1313", "0.0.0.0:1313"), the
// author asked to be reachable from other machines, which may know this one
// by an address the server cannot list (a router's port forward, a VM's
// NAT): it also answers to every IP address, which DNS rebinding cannot
// forge since no name is resolved, and to this machine's own name
// (os.Hostname, and NAME.local). A name given in -addr is always served.
type hosts struct {
	names    map[string]bool
	ips      map[netip.Addr]bool
	anyIP    bool
	url      string // where the preview is, for the refusal
	describe string // the hosts served, for the refusal
}

// newHosts works out the hosts served from the -addr as given and the
// address actually listened on.
func newHosts(addr string, ln *net.TCPAddr, url string) *hosts {
	h := &hosts{names: map[string]bool{"localhost": true}, ips: map[netip.Addr]bool{}, url: url}
	var served []string
	name, _, err := net.SplitHostPort(addr)
	if err == nil && name != "" {
		if _, err := netip.ParseAddr(name); err != nil {
			n := strings.TrimSuffix(strings.ToLower(name), ".")
			if !h.names[n] {
				h.names[n] = true
				served = append(served, n)
			}
		}
	}
	listen, _ := netip.AddrFromSlice(ln.IP)
	listen = listen.Unmap()
	for _, ip := range []netip.Addr{listen, netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()} {
		if ip.IsValid() && !ip.IsUnspecified() && !h.ips[ip] {
			h.ips[ip] = true
			served = append(served, hostLiteral(ip))
		}
	}
	served = append(served, "localhost")
	if !listen.IsLoopback() {
		h.anyIP = true
		if me, err := os.Hostname(); err == nil && me != "" {
			me = strings.TrimSuffix(strings.ToLower(me), ".")
			short, _, _ := strings.Cut(me, ".")
			for _, n := range []string{me, short, short + ".local"} {
				if !h.names[n] {
					h.names[n] = true
					served = append(served, n)
				}
			}
		}
	}
	h.describe = strings.Join(served, ", ") + " and names ending in .localhost"
	if h.anyIP {
		h.describe += ", and any IP address"
	}
	return h
}

// hostLiteral writes an address as it appears in a Host header.
func hostLiteral(ip netip.Addr) string {
	if ip.Is6() {
		return "[" + ip.String() + "]"
	}
	return ip.String()
}

// allowed reports whether the Host header host is served.
func (h *hosts) allowed(host string) bool {
	name, ip, ok := splitHost(host)
	switch {
	case !ok:
		return false
	case ip.IsValid():
		return h.anyIP || h.ips[ip]
	}
	return h.names[name] || (strings.HasSuffix(name, ".localhost") && len(name) > len(".localhost"))
}

// splitHost parses a Host header: a name or an IP address (an IPv6 one in
// brackets), then a port or none. Names come back lower-case without a
// final dot.
func splitHost(host string) (string, netip.Addr, bool) {
	host = strings.ToLower(host)
	name, port := host, ""
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return "", netip.Addr{}, false
		}
		name, port = host[1:end], host[end+1:]
		if port != "" && !strings.HasPrefix(port, ":") {
			return "", netip.Addr{}, false
		}
		ip, err := netip.ParseAddr(name)
		if err != nil || !ip.Is6() || ip.Zone() != "" {
			return "", netip.Addr{}, false
		}
		if !validPort(strings.TrimPrefix(port, ":")) {
			return "", netip.Addr{}, false
		}
		return "", ip.Unmap(), true
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		name, port = host[:i], host[i+1:]
		if !validPort(port) {
			return "", netip.Addr{}, false
		}
	}
	if name == "" {
		return "", netip.Addr{}, false
	}
	if ip, err := netip.ParseAddr(name); err == nil {
		return "", ip.Unmap(), true
	}
	name = strings.TrimSuffix(name, ".")
	if name == "" || strings.HasPrefix(name, ".") || strings.Contains(name, "..") {
		return "", netip.Addr{}, false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", netip.Addr{}, false
		}
	}
	return name, netip.Addr{}, true
}

// validPort accepts no port, or a decimal one.
func validPort(p string) bool {
	if len(p) > 5 {
		return false
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// guard answers 421 Misdirected Request, with a short explanation, to any
// request whose Host is not served, on every route; the rest go to next.
func (h *hosts) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.allowed(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		shown := r.Host
		if len(shown) > 80 {
			shown = shown[:80] + "…"
		}
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", referrerPolicy)
		hd.Set("Cache-Control", "no-store")
		hd.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusMisdirectedRequest)
		fmt.Fprintf(w, "421 Misdirected Request: this preview is not served as host %q.\n"+
			"It answers only to %s (with any port or none), so that a web page cannot read it by pointing a name of its own at this machine (DNS rebinding).\n"+
			"Open %s instead, or give the name you use in -addr.\n", shown, h.describe, h.url)
	})
}

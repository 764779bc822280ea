package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// send writes one request to the running server exactly as given: the
// request line's target and proto, then the header lines, then reads the
// response. The body is read for at most a second (the event stream does
// not end by itself).
func send(t *testing.T, base, target, proto string, header ...string) (int, http.Header, string) {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	req := "GET " + target + " " + proto + "\r\n"
	for _, h := range header {
		req += h + "\r\n"
	}
	io.WriteString(conn, req+"Connection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s with %q: %v", target, header, err)
	}
	defer resp.Body.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// A web page in the author's browser that points a name of its own at
// 127.0.0.1 (DNS rebinding) sends that name as the Host: the preview must
// not answer it, on any route, while the names of this machine still work.
func TestServeRefusesForeignHosts(t *testing.T) {
	t.Parallel()
	r := start(t, copyFixture(t))
	addr := strings.TrimSuffix(strings.TrimPrefix(r.url, "http://"), "/")
	_, port, _ := net.SplitHostPort(addr)
	routes := []string{"/", "/platforms/pinterest/", "/platforms/pinterest", "/css/site.css", "/search/manifest.json", "/_playbook/live.js", "/_playbook/live.css", "/_playbook/events?build=1", "/no/such/page/"}

	for _, tc := range []struct {
		name   string
		proto  string
		header []string
	}{
		{"a foreign name", "HTTP/1.1", []string{"Host: evil.example"}},
		{"a foreign name with the port", "HTTP/1.1", []string{"Host: evil.example:" + port}},
		{"a foreign name with the default port", "HTTP/1.1", []string{"Host: evil.example:1313"}},
		{"loopback address as a subdomain", "HTTP/1.1", []string{"Host: 127.0.0.1.evil.example"}},
		{"localhost as a subdomain", "HTTP/1.1", []string{"Host: localhost.evil.example:" + port}},
		{"a name ending in localhost without a dot", "HTTP/1.1", []string{"Host: evillocalhost"}},
		{"a foreign IP address", "HTTP/1.1", []string{"Host: 10.0.0.1:" + port}},
		{"the real host followed by a foreign one", "HTTP/1.1", []string{"Host: 127.0.0.1:" + port + ":evil.example"}},
		{"an empty host", "HTTP/1.1", []string{"Host: "}},
		{"no host at all", "HTTP/1.0", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, route := range routes {
				code, h, body := send(t, r.url, route, tc.proto, tc.header...)
				if code != http.StatusMisdirectedRequest {
					t.Errorf("GET %s with %q = %d, want 421 Misdirected Request", route, tc.header, code)
				}
				if !strings.HasPrefix(h.Get("Content-Type"), "text/plain") || h.Get("Location") != "" {
					t.Errorf("GET %s with %q: Content-Type %q, Location %q; want plain text and no redirect", route, tc.header, h.Get("Content-Type"), h.Get("Location"))
				}
				for _, leak := range []string{"<!DOCTYPE", "<html", "Pinterest", "event:", "retry:", "EventSource", "{"} {
					if strings.Contains(body, leak) {
						t.Errorf("GET %s with %q: the refusal holds %q, a part of the preview:\n%s", route, tc.header, leak, body)
					}
				}
				if !strings.Contains(body, "DNS rebinding") || !strings.Contains(body, "127.0.0.1") || !strings.Contains(body, "localhost") {
					t.Errorf("GET %s with %q: the refusal does not say which hosts are served and why:\n%s", route, tc.header, body)
				}
			}
		})
	}

	for _, host := range []string{
		addr,
		"127.0.0.1",
		"localhost:" + port,
		"localhost",
		"LocalHost:" + port,
		"localhost.:" + port,
		"preview.localhost:" + port,
		"a.b.localhost",
		"[::1]:" + port,
		"[::1]",
	} {
		t.Run("served as "+host, func(t *testing.T) {
			code, _, body := send(t, r.url, "/platforms/pinterest/", "HTTP/1.1", "Host: "+host)
			if code != http.StatusOK || !strings.Contains(body, "<!DOCTYPE html>") {
				t.Errorf("GET /platforms/pinterest/ with Host %s = %d, want 200 and the page", host, code)
			}
			if code, _, _ := send(t, r.url, "/_playbook/live.js", "HTTP/1.1", "Host: "+host); code != http.StatusOK {
				t.Errorf("GET /_playbook/live.js with Host %s = %d, want 200", host, code)
			}
		})
	}
}

// The folder redirect ("/tools/x" → "/tools/x/") keeps exactly one leading
// slash: a browser reads "//pages" or "/\pages" in a Location as another
// host, which would make the preview an open redirect.
func TestServeRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	r := start(t, copyFixture(t))
	for _, tc := range []struct{ target, location string }{
		{"/pages/request", "/pages/request/"},
		{"//pages/request", "/pages/request/"},
		{"///pages/request", "/pages/request/"},
		{"//platforms/pinterest?utm=x", "/platforms/pinterest/?utm=x"},
		{"/%2Fpages/request", "/pages/request/"},
		{"/%2F%2Fpages/request", "/pages/request/"},
		{"/%2f%2f%2fpages/request", "/pages/request/"},
		{"//pages//request", "/pages/request/"},
		{"/\\pages/request", ""},
		{"/%5Cpages/request", ""},
		{"/%5C%5Cpages/request", ""},
		{"/\\/pages/request", ""},
		{"//evil.example", ""},
		{"//evil.example/%2e%2e/pages/request", ""},
		{"/%2F%2Fevil.example", ""},
	} {
		code, h, _ := send(t, r.url, tc.target, "HTTP/1.1", "Host: "+strings.TrimSuffix(strings.TrimPrefix(r.url, "http://"), "/"))
		loc := h.Get("Location")
		if tc.location == "" {
			if loc != "" || code/100 == 3 {
				t.Errorf("GET %s = %d to %q, want no redirect", tc.target, code, loc)
			}
			continue
		}
		if code != http.StatusMovedPermanently || loc != tc.location {
			t.Errorf("GET %s = %d to %q, want 301 to %q", tc.target, code, loc, tc.location)
		}
		if strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
			t.Errorf("GET %s redirects to %q, another host", tc.target, loc)
		}
	}
}

// On all interfaces (-addr :1313 or 0.0.0.0:1313) the author asked to be
// reached from other machines: any IP address and this machine's own name
// are served, but still no foreign name. (No server is started: tests bind
// loopback only.)
func TestHostsOnAllInterfaces(t *testing.T) {
	t.Parallel()
	me, _ := os.Hostname()
	for _, addr := range []string{":1313", "0.0.0.0:1313", "[::]:1313"} {
		h := newHosts(addr, &net.TCPAddr{IP: net.IPv4zero, Port: 1313}, "http://127.0.0.1:1313/")
		served := []string{"192.168.1.20:1313", "10.0.0.7", "[fe80::1]:1313", "127.0.0.1:1313", "localhost:1313", "preview.localhost"}
		if me != "" {
			served = append(served, me, me+":1313")
		}
		for _, host := range served {
			if !h.allowed(host) {
				t.Errorf("-addr %s: Host %q is refused, want served", addr, host)
			}
		}
		for _, host := range []string{"evil.example", "evil.example:1313", "127.0.0.1.evil.example", "", "192.168.1.20.evil.example:1313"} {
			if h.allowed(host) {
				t.Errorf("-addr %s: Host %q is served, want refused", addr, host)
			}
		}
	}
	// A name given in -addr is served as well.
	h := newHosts("devbox.lan:1313", &net.TCPAddr{IP: net.ParseIP("192.168.1.20"), Port: 1313}, "http://192.168.1.20:1313/")
	if !h.allowed("devbox.lan:1313") || !h.allowed("DEVBOX.LAN") || h.allowed("evil.example") {
		t.Errorf("-addr devbox.lan:1313 does not serve exactly its own names")
	}
}

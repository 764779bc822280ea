package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/generator"
	"playbook/internal/testsite"
)

// copyFixture copies the fixture site into a fresh folder.
func copyFixture(t testing.TB) string {
	return testsite.Copy(t, filepath.Join("..", "testdata", "site"))
}

// syncBuffer is a bytes.Buffer safe to write from the server goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type running struct {
	url            string
	dir            string
	stdout, stderr *syncBuffer
}

// start runs serve on a free loopback port until the test ends.
func start(t testing.TB, dir string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{dir: dir, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Source: dir, Addr: "127.0.0.1:0", Quiet: 20 * time.Millisecond,
			Stdout: r.stdout, Stderr: r.stderr, Ready: func(u string) { ready <- u }})
	}()
	select {
	case r.url = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped before it was ready: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("serve was not ready within 20 s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("serve did not stop within 5 s of being told to")
		}
	})
	return r
}

func get(t testing.TB, url string) (int, http.Header, string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// eventually polls f for up to 5 s.
func eventually(t testing.TB, what string, f func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if f() {
			return
		}
	}
	t.Fatalf("not within 5 s: %s", what)
}

// rawGet sends a request line exactly as given, with no client-side
// cleaning of the path, and returns the status code.
func rawGet(t *testing.T, base, target string) (int, string) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	conn, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// No request path reaches a file outside the built site, and a symbolic
// link out of the site folder is an error that publishes nothing behind it:
// the last good build stays served.
func TestServeTraversalAndSymlinks(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("TOP-SECRET"), 0o644)
	if err := os.Symlink("../decisions/risk-matrix.svg", filepath.Join(dir, "content/pages/matrix.svg")); err != nil {
		t.Fatal(err)
	}
	r := start(t, dir)
	// A symlink that stays inside the site is published like any asset.
	if code, h, _ := get(t, r.url+"pages/matrix.svg"); code != 200 || h.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("GET /pages/matrix.svg = %d %s, want 200 image/svg+xml", code, h.Get("Content-Type"))
	}
	// Links out of the site, added while serving.
	if err := os.Symlink(secret, filepath.Join(dir, "content/pages/leak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(secret), filepath.Join(dir, "content/pages/outside")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the links out of the site are reported", func() bool {
		out := r.stderr.String()
		return strings.Contains(out, "content/pages/leak.txt: symbolic link to "+secret+", which is outside the site folder") &&
			strings.Contains(out, "content/pages/outside: symbolic link to "+filepath.Dir(secret)+", which is outside the site folder")
	})
	for _, target := range []string{
		"/../../../../etc/passwd",
		"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"/..%2f..%2f..%2fetc%2fpasswd",
		"/platforms/..%2f..%2f..%2fetc/passwd",
		"/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd",
		"//etc/passwd",
		"/content/platforms/pinterest.md",
		"/playbook.yaml",
		"/pages/leak.txt",
		"/pages/outside/secret.txt",
		"/.playbook-output",
		"/%00",
	} {
		code, body := rawGet(t, r.url, target)
		if code != http.StatusNotFound && code != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 404", target, code)
		}
		if strings.Contains(body, "root:") || strings.Contains(body, "TOP-SECRET") || strings.Contains(body, "title: Pinterest") {
			t.Errorf("GET %s leaked a file outside the site", target)
		}
	}
	if code, _, _ := get(t, r.url+"pages/matrix.svg"); code != 200 {
		t.Errorf("GET /pages/matrix.svg = %d after the failed build, want the last good build served", code)
	}
}

func TestServeHeadersAndTypes(t *testing.T) {
	t.Parallel()
	r := start(t, copyFixture(t))
	for path, typ := range map[string]string{
		"":                          "text/html; charset=utf-8",
		"platforms/pinterest/":      "text/html; charset=utf-8",
		"css/site.css":              "text/css; charset=utf-8",
		"js/filter.js":              "text/javascript; charset=utf-8",
		"sitemap.xml":               "application/xml; charset=utf-8",
		"decisions/risk-matrix.svg": "image/svg+xml",
		"_playbook/live.js":         "text/javascript; charset=utf-8",
		"favicon.svg":               "image/svg+xml",
	} {
		code, h, _ := get(t, r.url+path)
		if code != 200 || h.Get("Content-Type") != typ {
			t.Errorf("GET /%s = %d %q, want 200 %q", path, code, h.Get("Content-Type"), typ)
		}
		if h.Get("Cache-Control") != "no-store" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("GET /%s headers: %v", path, h)
		}
	}
	code, _, body := get(t, r.url+"no/such/page/")
	if code != 404 || !strings.Contains(body, "<title>Page not found") {
		t.Errorf("GET a missing page = %d, want 404 with the site's 404 page; body starts %.200q", code, body)
	}
	code, h, _ := get(t, r.url+"platforms/pinterest")
	if code != http.StatusMovedPermanently || h.Get("Location") != "/platforms/pinterest/" {
		t.Errorf("GET /platforms/pinterest = %d to %q, want a redirect to the folder", code, h.Get("Location"))
	}
	if resp, err := http.Post(r.url, "text/plain", strings.NewReader("x")); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %v %v, want 405", resp, err)
	}
}

// The live-reload script is added by the server only: the served page has
// it, a build of the same site does not.
func TestLiveScriptOnlyInServe(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t)
	r := start(t, dir)
	_, _, page := get(t, r.url+"tools/hootsuite/")
	if !strings.Contains(page, `<script src="/_playbook/live.js"`) {
		t.Fatalf("the served page has no live-reload script")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(generator.Options{Source: dir, Out: out}); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("_playbook")) {
				t.Errorf("built file %s mentions the live-reload script", p)
			}
		}
		return nil
	})
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Errorf("serve wrote a public/ folder")
	}
}

// sse reads a running server's event stream.
type sse struct {
	events chan [2]string // name, data
	cancel func()
}

func openEvents(t *testing.T, url string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"_playbook/events?build=1", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &sse{events: make(chan [2]string, 64), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				s.events <- [2]string{name, data}
				name, data = "", ""
			}
		}
	}()
	t.Cleanup(cancel)
	return s
}

// changeNaming waits for a change event that names the output file rel
// (the search index is published in events of its own).
func (s *sse) changeNaming(t *testing.T, rel string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.next(t, "change"), `"`+rel+`"`) {
			return
		}
	}
	t.Fatalf("no change event named %s within 5 s", rel)
}

func (s *sse) next(t *testing.T, name string) string {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev := <-s.events:
			if ev[0] == name {
				return ev[1]
			}
		case <-timeout:
			t.Fatalf("no %q event within 5 s", name)
		}
	}
}

// What authors do in a day of writing, against the running server: saves
// by rename, new folders, deletions, broken front matter and its fix.
func TestServeFollowsEdits(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t)
	r := start(t, dir)
	ev := openEvents(t, r.url)
	pin := filepath.Join(dir, "content/platforms/pinterest.md")
	orig, _ := os.ReadFile(pin)
	_, _, manifest := get(t, r.url+"search/manifest.json")

	// An atomic save by rename.
	tmp := pin + ".tmp"
	os.WriteFile(tmp, bytes.Replace(orig, []byte("Pins link only to our shop."), []byte("Pins link to the spring catalogue."), 1), 0o644)
	os.Rename(tmp, pin)
	ev.changeNaming(t, "platforms/pinterest/index.html")
	eventually(t, "the edit is served", func() bool {
		_, _, b := get(t, r.url+"platforms/pinterest/")
		return strings.Contains(b, "spring catalogue")
	})
	// The search index follows a moment later.
	eventually(t, "the search index is rebuilt", func() bool {
		code, _, b := get(t, r.url+"search/manifest.json")
		return code == 200 && b != manifest
	})

	// A new folder with a page in it.
	os.MkdirAll(filepath.Join(dir, "content/pages/policies"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/pages/policies/ads.md"), []byte("---\ntitle: Paid ads\n---\nBudget owners approve every ad.\n"), 0o644)
	eventually(t, "the page in the new folder is served", func() bool {
		code, _, b := get(t, r.url+"pages/policies/ads/")
		return code == 200 && strings.Contains(b, "Budget owners approve")
	})

	// Broken front matter: the errors reach the page, the last good site
	// is still served, the server stays up.
	os.WriteFile(pin, bytes.Replace(orig, []byte("status: conditional"), []byte("status: conditionl"), 1), 0o644)
	data := ev.next(t, "errors")
	if !strings.Contains(data, `"file":"content/platforms/pinterest.md","line":3,"col":9`) || !strings.Contains(data, `"source":"status: conditionl"`) {
		t.Errorf("errors event %s does not name the file, line and source", data)
	}
	if _, _, b := get(t, r.url+"platforms/pinterest/"); !strings.Contains(b, "spring catalogue") {
		t.Errorf("a broken save stopped the last good page from being served")
	}
	if !strings.Contains(r.stderr.String(), `content/platforms/pinterest.md:3:9: field "status" is "conditionl"`) {
		t.Errorf("the terminal did not show the error:\n%s", r.stderr.String())
	}
	// The fix clears the errors.
	os.WriteFile(pin, orig, 0o644)
	ev.next(t, "ok")
	eventually(t, "the fixed page is served", func() bool {
		_, _, b := get(t, r.url+"platforms/pinterest/")
		return strings.Contains(b, "Pins link only to our shop.")
	})

	// Deleting a page removes it; deleting a folder removes its pages.
	os.Remove(filepath.Join(dir, "content/pages/glossary.md"))
	// The pinterest page links to the glossary: that is now a broken link.
	ev.next(t, "errors")
	os.WriteFile(pin, bytes.Replace(orig, []byte("[glossary](../pages/glossary.md)"), []byte("glossary"), 1), 0o644)
	ev.next(t, "ok")
	eventually(t, "the deleted page is gone", func() bool {
		code, _, _ := get(t, r.url+"pages/glossary/")
		return code == 404
	})
	os.RemoveAll(filepath.Join(dir, "content/pages/policies"))
	eventually(t, "the deleted folder's page is gone", func() bool {
		code, _, _ := get(t, r.url+"pages/policies/ads/")
		return code == 404
	})
	if !strings.Contains(r.stdout.String(), "rendered") {
		t.Errorf("no rebuild line on the terminal:\n%s", r.stdout.String())
	}
}

// A page that connects after missing builds is told what changed since the
// build it came from.
func TestServeCatchUp(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t)
	r := start(t, dir)
	ev := openEvents(t, r.url)
	os.WriteFile(filepath.Join(dir, "content/pages/request.md"), []byte("---\ntitle: Request\n---\nNew text.\n"), 0o644)
	ev.changeNaming(t, "pages/request/index.html")
	late := openEvents(t, r.url) // says it has build 1
	if data := late.next(t, "change"); !strings.Contains(data, "pages/request/index.html") {
		t.Errorf("catch-up event %s does not name the page changed since build 1", data)
	}
}

func TestServePortTaken(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	err = Run(context.Background(), Options{Source: copyFixture(t), Addr: addr})
	want := "cannot listen on " + addr + ": the port is already in use; choose another with -addr, for example -addr 127.0.0.1:"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Run on a taken port = %v, want %q...", err, want)
	}
}

func TestExposureWarning(t *testing.T) {
	t.Parallel()
	if w := exposure("127.0.0.1:1313", net.ParseIP("127.0.0.1")); w != "" {
		t.Errorf("loopback gave a warning: %s", w)
	}
	if w := exposure("0.0.0.0:1313", net.IPv4zero); !strings.HasPrefix(w, "warning: serving on 0.0.0.0:1313: anyone who can reach this machine") {
		t.Errorf("all interfaces gave %q", w)
	}
}

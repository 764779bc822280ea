package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"playbook/generator"
)

//go:embed live.js
var liveJS []byte

//go:embed live.css
var liveCSS []byte

// Security headers of every response. The site has no inline script and
// loads nothing from elsewhere, so the policy can be strict.
const (
	csp            = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	referrerPolicy = "no-referrer"
)

// historySize is how many builds' changes the server remembers for pages
// that reconnect after missing some.
const historySize = 256

// ErrorInfo is one problem of a failed build as the overlay shows it.
type ErrorInfo struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
	Source  string `json:"source,omitempty"` // the offending line of the file
}

// Site serves the latest good build from memory and pushes changes and
// errors to every open page over Server-Sent Events. Its zero value is not
// usable; use NewSite.
type Site struct {
	mu      sync.RWMutex
	snap    *generator.Snapshot
	errors  []ErrorInfo
	history []change
	clients map[chan event]bool
	done    chan struct{}
	closed  bool
}

type change struct {
	build   int
	changed []string
}

type event struct {
	name string
	id   int // build number, 0 for none
	data []byte
}

// NewSite returns a server with nothing built yet.
func NewSite() *Site {
	return &Site{clients: map[chan event]bool{}, done: make(chan struct{})}
}

// Close ends every open event stream.
func (s *Site) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// Publish makes snap the site being served and tells every page what
// changed.
func (s *Site) Publish(snap *generator.Snapshot, changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.snap == nil
	hadErrors := len(s.errors) > 0
	s.snap, s.errors = snap, nil
	s.history = append(s.history, change{build: snap.Build, changed: changed})
	if len(s.history) > historySize {
		s.history = slices.Delete(s.history, 0, len(s.history)-historySize)
	}
	if hadErrors {
		s.broadcast(event{name: "ok", data: []byte("{}")})
	}
	if len(changed) > 0 || first {
		s.broadcast(changeEvent(snap.Build, changed, first))
	}
}

// Fail shows errors on every open page; the last good build stays served.
func (s *Site) Fail(errs []ErrorInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errors = errs
	s.broadcast(errorsEvent(errs))
}

func changeEvent(build int, changed []string, reload bool) event {
	if changed == nil {
		changed = []string{}
	}
	data, _ := json.Marshal(struct {
		Build   int      `json:"build"`
		Changed []string `json:"changed"`
		Reload  bool     `json:"reload,omitempty"`
	}{build, changed, reload})
	return event{name: "change", id: build, data: data}
}

func errorsEvent(errs []ErrorInfo) event {
	data, _ := json.Marshal(struct {
		Errors []ErrorInfo `json:"errors"`
	}{errs})
	return event{name: "errors", data: data}
}

// broadcast sends ev to every client; a client too slow to take it is
// dropped and will reconnect, catching up from the history.
func (s *Site) broadcast(ev event) {
	for ch := range s.clients {
		select {
		case ch <- ev:
		default:
			delete(s.clients, ch)
			close(ch)
		}
	}
}

// since is what a page built at build must be told when it connects.
func (s *Site) since(build int, known bool) (event, bool) {
	if s.snap == nil || !known || build == s.snap.Build {
		return event{}, false
	}
	if build > s.snap.Build || len(s.history) == 0 || build < s.history[0].build-1 {
		return changeEvent(s.snap.Build, nil, true), true
	}
	var all []string
	for _, c := range s.history {
		if c.build > build {
			all = append(all, c.changed...)
		}
	}
	slices.Sort(all)
	return changeEvent(s.snap.Build, slices.Compact(all), false), true
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", referrerPolicy)
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/_playbook/events":
		s.events(w, r)
		return
	case "/_playbook/live.js":
		serveBytes(w, r, "live.js", liveJS, http.StatusOK)
		return
	case "/_playbook/live.css":
		serveBytes(w, r, "live.css", liveCSS, http.StatusOK)
		return
	}
	s.mu.RLock()
	snap := s.snap
	s.mu.RUnlock()
	if snap == nil {
		body := []byte("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building…</title></head><body><main><h1>The site has not built yet</h1><p>Fix the errors shown here or in the terminal; this page reloads by itself.</p></main></body></html>")
		serveBytes(w, r, "index.html", inject(body, 0, ""), http.StatusServiceUnavailable)
		return
	}
	rel, ok := cleanPath(r.URL.Path)
	if !ok {
		s.notFound(w, r, snap)
		return
	}
	data, found := snap.Files[rel]
	if !found && !strings.HasSuffix(rel, "index.html") {
		// "/tools/hootsuite" → "/tools/hootsuite/", as static hosts do.
		if _, dir := snap.Files[rel+"/index.html"]; dir {
			redirect(w, r, rel+"/")
			return
		}
	}
	if !found {
		s.notFound(w, r, snap)
		return
	}
	if isHTML(rel) {
		data = inject(data, snap.Build, rel)
	}
	serveBytes(w, r, rel, data, http.StatusOK)
}

func (s *Site) notFound(w http.ResponseWriter, r *http.Request, snap *generator.Snapshot) {
	body, ok := snap.Files["404.html"]
	if !ok {
		http.NotFound(w, r)
		return
	}
	serveBytes(w, r, "404.html", inject(body, snap.Build, "404.html"), http.StatusNotFound)
}

// cleanPath maps a request path to a file of the site. It refuses any path
// with a ".." segment, a backslash or a NUL, however it was encoded (the
// path is already decoded here), so that nothing outside the site can be
// named.
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	rel := strings.TrimPrefix(path.Clean(p), "/")
	if rel == "" || strings.HasSuffix(p, "/") {
		rel = path.Join(rel, "index.html")
	}
	return rel, true
}

// redirect sends the browser to the site's file or folder rel (a path
// relative to the site, as cleanPath gives). The Location is built from rel
// alone, escaped, with exactly one leading slash, so that no request path
// ("//evil.example/", "/%2F%2Fevil.example", "/\evil.example") can turn it
// into an address on another host.
func redirect(w http.ResponseWriter, r *http.Request, rel string) {
	rel = strings.TrimLeft(rel, "/\\")
	target := (&url.URL{Path: "/" + rel}).EscapedPath()
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
		target = "/"
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusMovedPermanently)
	if r.Method != http.MethodHead {
		io.WriteString(w, "Moved to "+target+"\n")
	}
}

func isHTML(rel string) bool { return strings.HasSuffix(rel, ".html") }

// inject adds the live-reload script and the overlay's styles to a page.
// Only the server does this; built pages never hold them. file is the
// output file served (404.html for a missing page), so that the page also
// reloads when that file changes.
func inject(page []byte, build int, file string) []byte {
	tag := []byte(`<link rel="stylesheet" href="/_playbook/live.css"><script src="/_playbook/live.js" data-build="` + strconv.Itoa(build) + `" data-file="` + html.EscapeString(file) + `" defer></script>`)
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		i = bytes.Index(page, []byte("</body>"))
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// contentType names the type of a file by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".json":
		return "application/json"
	case ".txt", ".md", ".csv":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func serveBytes(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	w.Header().Set("Content-Type", contentType(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// events is the Server-Sent Events stream of one page.
func (s *Site) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	from := r.Header.Get("Last-Event-ID")
	if from == "" {
		from = r.URL.Query().Get("build")
	}
	build, err := strconv.Atoi(from)
	known := err == nil

	ch := make(chan event, 16)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server stopping", http.StatusServiceUnavailable)
		return
	}
	s.clients[ch] = true
	var first []event
	if ev, ok := s.since(build, known); ok {
		first = append(first, ev)
	}
	if len(s.errors) > 0 {
		first = append(first, errorsEvent(s.errors))
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[ch] {
			delete(s.clients, ch)
		}
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	for _, ev := range first {
		writeEvent(w, ev)
	}
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case ev, open := <-ch:
			if !open {
				return
			}
			writeEvent(w, ev)
			fl.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, ev event) {
	if ev.id > 0 {
		fmt.Fprintf(w, "id: %d\n", ev.id)
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
}

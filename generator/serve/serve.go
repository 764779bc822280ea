// Package serve is the room of `playbook serve`: it builds the site into
// memory with generator.Rebuilder (never touching public/), serves it over
// HTTP on loopback, watches the site folder with fsnotify, rebuilds on every
// save and pushes the change, or the errors, to every open page with
// Server-Sent Events. It answers only to the hosts of its address (see
// hosts), and watches only folders inside the site folder. It may import
// package generator, diag, contain, fsnotify and the standard library; it
// writes no files.
package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"playbook/generator"
	"playbook/generator/diag"
)

// DefaultAddr is where serve listens unless told otherwise.
const DefaultAddr = "127.0.0.1:1313"

// Options configures Run.
type Options struct {
	Source string        // the site folder; default "."
	Addr   string        // host:port to listen on; default DefaultAddr
	Quiet  time.Duration // the pause that ends a burst of file events; default 20 ms
	Stdout io.Writer     // one line per rebuild
	Stderr io.Writer     // warnings and errors
	// Ready, when set, is called with the site's URL once the first build
	// is done and the server is accepting requests.
	Ready func(url string)
}

// Run serves the site until ctx ends. It returns an error only when it cannot
// start (the port is taken, the folder cannot be watched); content errors are
// shown and served around, never returned.
func Run(ctx context.Context, opts Options) error {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 20 * time.Millisecond
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if fi, err := os.Stat(opts.Source); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a folder; expected the site folder holding content/", opts.Source)
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: the port is already in use; choose another with -addr, for example -addr %s", opts.Addr, nextAddr(opts.Addr))
		}
		return fmt.Errorf("cannot listen on %s: %w", opts.Addr, err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if w := exposure(opts.Addr, addr.IP); w != "" {
		fmt.Fprintln(opts.Stderr, w)
	}
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, fmt.Sprint(addr.Port)) + "/"

	w, err := NewWatcher(opts.Source, opts.Quiet)
	if err != nil {
		ln.Close()
		return fmt.Errorf("cannot watch %s: %w", opts.Source, err)
	}
	defer w.Close()

	site := NewSite()
	// The preview shows drafts, with their banner.
	rb := generator.NewRebuilder(generator.Options{Source: opts.Source, BaseURL: url, Drafts: true})
	rb.DeferSearch = true
	p := &printer{out: opts.Stdout, errw: opts.Stderr, source: opts.Source}
	// The search index is rebuilt a little after the pages, once per burst
	// of saves, on a goroutine of its own: on a large site it takes longer
	// than the pages, and neither the reloading browsers nor the next save
	// should wait for it. An index that a later save made out of date is
	// dropped, and the next one started.
	searchTimer := time.NewTimer(time.Hour)
	searchTimer.Stop()
	defer searchTimer.Stop()
	searchDone := make(chan *generator.SearchJob, 1)
	var searching, searchAgain bool
	startSearch := func() {
		if searching {
			searchAgain = true
			return
		}
		job := rb.StartSearch()
		if job == nil {
			return
		}
		searching = true
		go func() {
			job.Run()
			searchDone <- job
		}()
	}
	publishSearch := func(su generator.Update, err error) {
		if err != nil {
			fmt.Fprintf(opts.Stderr, "search index: %v\n", err)
		} else if len(su.Changed) > 0 {
			site.Publish(su.Snapshot, su.Changed)
		}
	}
	finishSearch := func(job *generator.SearchJob) {
		searching = false
		if su, ok, err := rb.FinishSearch(job); ok || err != nil {
			publishSearch(su, err)
		}
		if searchAgain {
			searchAgain = false
			startSearch()
		}
	}
	rebuild := func(dirty []string) {
		u, err := rb.Rebuild(dirty...)
		p.report(u, err, dirty)
		var de *diag.Errors
		switch {
		case err == nil:
			site.Publish(u.Snapshot, u.Changed)
			if u.Snapshot.Build == 1 {
				// The first index before the first page is served.
				publishSearch(rb.RebuildSearch())
			} else {
				searchTimer.Reset(searchDelay)
			}
		case errors.As(err, &de):
			site.Fail(overlayErrors(opts.Source, de.List))
		default:
			site.Fail([]ErrorInfo{{File: opts.Source, Message: err.Error()}})
		}
	}
	rebuild(nil)

	srv := &http.Server{Handler: newHosts(opts.Addr, addr, url).guard(site), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Stdout, "serving %s on %s (press Ctrl+C to stop)\n", opts.Source, url)
	if opts.Ready != nil {
		opts.Ready(url)
	}
	for {
		select {
		case <-ctx.Done():
			site.Close()
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			srv.Shutdown(sctx)
			cancel()
			return nil
		case err := <-served:
			site.Close()
			return err
		case batch := <-w.Batches():
			rebuild(batch)
		case <-searchTimer.C:
			startSearch()
		case job := <-searchDone:
			finishSearch(job)
		case err := <-w.Errors():
			fmt.Fprintf(opts.Stderr, "warning: watching files: %v\n", err)
		}
	}
}

// searchDelay is how long after publishing a rebuild's pages the search
// index is rebuilt.
const searchDelay = 250 * time.Millisecond

// exposure warns when the server listens beyond this machine.
func exposure(addr string, ip net.IP) string {
	if ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("warning: serving on %s: anyone who can reach this machine can read the preview; the default -addr %s keeps it to this machine", addr, DefaultAddr)
}

// nextAddr suggests an address on the same host whose port is free: the
// ports after the taken one are tried, each by listening on it and closing
// it again at once, so that the suggestion works when it is followed (a
// moment later, unless another program takes the port meanwhile). When
// none of the next 100 is free it suggests port 0, on which the system
// picks a free port and serve prints it.
func nextAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = "127.0.0.1", "1313"
	}
	n, err := strconv.Atoi(port)
	if err != nil || n <= 0 || n >= 65535 {
		n = 1313
	}
	for p := n + 1; p <= min(n+100, 65535); p++ {
		try := net.JoinHostPort(host, strconv.Itoa(p))
		if ln, err := net.Listen("tcp", try); err == nil {
			ln.Close()
			return try
		}
	}
	return net.JoinHostPort(host, "0")
}

// printer writes the terminal's side of a rebuild.
type printer struct {
	out, errw  io.Writer
	source     string
	lastProbs  string
	lastFailed bool
}

func (p *printer) report(u generator.Update, err error, dirty []string) {
	var de *diag.Errors
	probs := u.Result.Problems
	if errors.As(err, &de) {
		probs = de.List
	}
	text := ""
	for _, d := range probs {
		text += d.String() + "\n"
	}
	for _, n := range u.Result.Notes {
		text += "note: " + n + "\n"
	}
	// The same warnings are not repeated on every save; errors always are.
	if text != p.lastProbs || err != nil {
		io.WriteString(p.errw, text)
	}
	p.lastProbs = text
	what := "first build"
	if len(dirty) > 0 {
		// Name a file that still exists: editors' temporary files are
		// gone by the time the burst ends.
		what = dirty[0]
		for _, d := range dirty {
			if _, err := os.Stat(filepath.Join(p.source, filepath.FromSlash(d))); err == nil {
				what = d
				break
			}
		}
		if len(dirty) > 1 {
			what += fmt.Sprintf(" (+%d)", len(dirty)-1)
		}
	}
	stamp := time.Now().Format("15:04:05")
	switch {
	case de != nil:
		fmt.Fprintf(p.errw, "%s %s: build failed: %s; still serving the last good build\n", stamp, what, probs.Summary())
	case err != nil:
		fmt.Fprintf(p.errw, "%s %s: build failed: %v; still serving the last good build\n", stamp, what, err)
	default:
		fmt.Fprintf(p.out, "%s %s: rendered %d of %d pages, %d %s changed, in %s\n", stamp, what, len(u.Rendered), u.Result.Pages, len(u.Changed), plural(len(u.Changed), "file", "files"), ms(u.Result.Elapsed))
	}
	p.lastFailed = err != nil
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// overlayErrors turns the errors of a build into what the overlay shows,
// with the offending line of each file.
func overlayErrors(source string, list diag.List) []ErrorInfo {
	var out []ErrorInfo
	lines := map[string][]string{}
	for _, d := range list {
		if d.Severity != diag.Error {
			continue
		}
		e := ErrorInfo{File: d.File, Line: d.Line, Col: d.Col, Message: d.Msg}
		if d.Line > 0 {
			ls, ok := lines[d.File]
			if !ok {
				ls = readLines(filepath.Join(source, filepath.FromSlash(d.File)))
				lines[d.File] = ls
			}
			if d.Line <= len(ls) {
				e.Source = ls[d.Line-1]
			}
		}
		out = append(out, e)
	}
	return out
}

// readLines reads a text file's lines, each cut to a readable length.
func readLines(name string) []string {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if len(l) > 240 {
			l = l[:240] + "…"
		}
		out = append(out, l)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

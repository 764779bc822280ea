package serve

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Eight clients read pages without pause while the content changes twenty
// times a second: no request may fail, no page may come back torn or half
// written, and the server must stay up through every rebuild. A bounded
// version of an author's busiest day: three seconds, one with -short.
func TestServeUnderLoad(t *testing.T) {
	saves := 60
	if testing.Short() {
		saves = 20
	}
	dir := copyFixture(t)
	r := start(t, dir)
	pages := []string{"", "platforms/pinterest/", "tools/hootsuite/", "decisions/", "decisions/dr-0002/", "pages/glossary/", "css/site.css", "search/manifest.json"}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	stop := make(chan struct{})
	var requests, failures atomic.Int64
	var mu sync.Mutex
	var problems []string
	fail := func(format string, args ...any) {
		failures.Add(1)
		mu.Lock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Go(func() {
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := pages[i%len(pages)]
				resp, err := client.Get(r.url + p)
				if err != nil {
					fail("GET /%s: %v", p, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				switch {
				case err != nil:
					fail("GET /%s: reading the body: %v", p, err)
				case resp.StatusCode != 200:
					fail("GET /%s: status %d", p, resp.StatusCode)
				case atoi(resp.Header.Get("Content-Length")) != len(body):
					fail("GET /%s: %d bytes, Content-Length %s", p, len(body), resp.Header.Get("Content-Length"))
				case strings.HasSuffix(p, "/") || p == "":
					if !bytes.HasPrefix(body, []byte("<!DOCTYPE html>")) || !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
						fail("GET /%s: a torn page (%d bytes)", p, len(body))
					}
				}
			}
		})
	}
	// Twenty saves a second, each a real change.
	glossary := filepath.Join(dir, "content/pages/glossary.md")
	orig, _ := os.ReadFile(glossary)
	builds := 0
	for i := range saves {
		os.WriteFile(glossary, append(append([]byte{}, orig...), fmt.Sprintf("\nSave number %d.\n", i)...), 0o644)
		time.Sleep(50 * time.Millisecond)
		builds++
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d requests failed: %s", n, requests.Load(), strings.Join(problems, "; "))
	}
	if requests.Load() < int64(saves)*5/3 {
		t.Errorf("only %d requests in %d saves", requests.Load(), saves)
	}
	t.Logf("%d requests, %d saves", requests.Load(), builds)
	// Still up, and showing the last save.
	eventually(t, "the last save is served", func() bool {
		_, _, b := get(t, r.url+"pages/glossary/")
		return strings.Contains(b, fmt.Sprintf("Save number %d.", saves-1))
	})
	if n := strings.Count(r.stdout.String(), "rendered"); n < saves/6 {
		t.Errorf("only %d rebuilds for %d saves", n, builds)
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

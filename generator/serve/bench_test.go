package serve_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"playbook/bench/gen"
	"playbook/internal/testsite"
)

// BenchmarkSaveToBrowser measures what an author waits for: from the save of
// the markdown file of the page open in the browser to the browser showing
// the new text. Each iteration appends a new word to the file and waits for
// the word to be in the page's DOM.
//
// The moment is taken inside the page, so that watching does not slow the
// page down: a script the browser runs in every new document (through the
// DevTools protocol, so the site's CSP does not apply) has a
// MutationObserver note the time the word enters the DOM, and the time of
// the next animation frame, when it is painted; the test reads those times
// every few milliseconds. Browser and test share the machine's clock.
//
// It reports the median and the worst of the b.N saves (save → word in the
// DOM), the median to the first frame showing it, and the median of serve's
// own rebuild time as serve prints it.
//
//	go test ./generator/serve -run XXX -bench SaveToBrowser -benchtime 20x
func BenchmarkSaveToBrowser(b *testing.B) {
	b.Run("sample", func(b *testing.B) {
		chromiumPath(b)
		// The sample playbook of the repository; the fixture when there
		// is none.
		root := filepath.Join("..", "..")
		var dir string
		if fi, err := os.Stat(filepath.Join(root, "content")); err == nil && fi.IsDir() {
			dir = b.TempDir()
			testsite.CopyTree(b, filepath.Join(root, "content"), filepath.Join(dir, "content"))
			if cfg, err := os.ReadFile(filepath.Join(root, "playbook.yaml")); err == nil {
				if err := os.WriteFile(filepath.Join(dir, "playbook.yaml"), cfg, 0o644); err != nil {
					b.Fatal(err)
				}
			}
		} else {
			dir = testsite.Copy(b, fixture)
		}
		benchSaveToBrowser(b, dir)
	})
	b.Run("10000pages", func(b *testing.B) {
		chromiumPath(b)
		dir := b.TempDir()
		if err := gen.Write(dir, 10000); err != nil {
			b.Fatal(err)
		}
		benchSaveToBrowser(b, dir)
	})
}

func benchSaveToBrowser(b *testing.B, dir string) {
	bctx := newBrowser(b)
	log := &rebuildLog{}
	url := startServe(b, dir, log)

	// The first platform guide is the page being edited.
	entries, err := os.ReadDir(filepath.Join(dir, "content", "platforms"))
	if err != nil {
		b.Fatal(err)
	}
	var slug string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".md") && n != "_index.md" {
			slug = strings.TrimSuffix(n, ".md")
			break
		}
	}
	if slug == "" {
		b.Fatalf("no platform guide in %s", dir)
	}
	file := filepath.Join(dir, "content", "platforms", slug+".md")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	octx, cancel := context.WithTimeout(bctx, testTimeout)
	err = chromedp.Do(octx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: seenScript})
		return err
	}))
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	open(b, octx, url+"platforms/"+slug+"/")
	cancel()
	log.reset()

	times := make([]time.Duration, 0, b.N)  // save → in the DOM
	frames := make([]time.Duration, 0, b.N) // save → first frame showing it
	b.ResetTimer()
	for i := range b.N {
		word := fmt.Sprintf("savemark%06dz", i)
		ctx, cancel := context.WithTimeout(bctx, testTimeout)
		start := time.Now()
		if err := os.WriteFile(file, append(orig[:len(orig):len(orig)], "\n\n"+word+"\n"...), 0o644); err != nil {
			cancel()
			b.Fatal(err)
		}
		seen := `window.__pbSeen && window.__pbSeen["` + word + `"] && window.__pbSeen["` + word + `"].frame`
		err := waitJS(ctx, seen, 10*time.Millisecond)
		b.StopTimer()
		if err != nil {
			cancel()
			b.Fatalf("save %d: the page did not show %q within %s: %v", i+1, word, testTimeout, err)
		}
		at, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`window.__pbSeen["`+word+`"]`))
		if err != nil {
			cancel()
			b.Fatal(err)
		}
		since := func(epochMs float64) time.Duration {
			return time.Duration(epochMs*float64(time.Millisecond)) - time.Duration(start.UnixNano())
		}
		times = append(times, since(at["dom"]))
		frames = append(frames, since(at["frame"]))
		// Let the page finish loading and reconnect before the next save.
		if err := waitJS(ctx, `document.readyState === "complete"`, 5*time.Millisecond); err != nil {
			cancel()
			b.Fatal(err)
		}
		cancel()
		time.Sleep(100 * time.Millisecond)
		b.StartTimer()
	}
	b.StopTimer()

	// ns/op would be the time until the test noticed, polling included;
	// the times measured in the page are the ones that matter.
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(msOf(median(times)), "ms/median")
	b.ReportMetric(msOf(slices.Max(times)), "ms/worst")
	b.ReportMetric(msOf(median(frames)), "ms/frame-median")
	if rb := log.times(); len(rb) > 0 {
		b.ReportMetric(msOf(median(rb)), "ms/rebuild-median")
	}
}

// seenScript runs at the start of every document the tab loads. It records,
// for each benchmark word ("savemark000012z") that enters the page, the time
// it entered the DOM and the time of the next animation frame, as
// milliseconds since 1970 (performance.timeOrigin + performance.now()).
const seenScript = `(() => {
  const seen = window.__pbSeen = {};
  const now = () => performance.timeOrigin + performance.now();
  const scan = () => {
    const text = document.body ? document.body.textContent : "";
    const words = text.match(/savemark[0-9]{6}z/g) || [];
    for (const w of words) {
      if (seen[w]) continue;
      const rec = seen[w] = {dom: now()};
      requestAnimationFrame(() => { rec.frame = now(); });
    }
  };
  new MutationObserver(scan).observe(document, {childList: true, subtree: true, characterData: true});
})();`

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// rebuildLog collects the rebuild times serve prints, one line per rebuild:
// "15:04:05 content/x.md: rendered 24 of 10027 pages, 1 file changed, in 999 ms"
// (or "in 4.2 ms" under 10 ms).
type rebuildLog struct {
	mu    sync.Mutex
	buf   []byte
	found []time.Duration
}

var rebuildLine = regexp.MustCompile(`: rendered \d+ of \d+ pages, .* in (\d+(?:\.\d)?) ms$`)

func (l *rebuildLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := slices.Index(l.buf, '\n')
		if i < 0 {
			break
		}
		line := string(l.buf[:i])
		l.buf = l.buf[i+1:]
		if m := rebuildLine.FindStringSubmatch(line); m != nil && !strings.Contains(line, " first build: ") {
			n, _ := strconv.ParseFloat(m[1], 64)
			l.found = append(l.found, time.Duration(n*float64(time.Millisecond)))
		}
	}
	return len(p), nil
}

func (l *rebuildLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.found = nil
}

func (l *rebuildLog) times() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.found)
}

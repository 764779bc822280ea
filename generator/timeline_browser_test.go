package generator

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"playbook/internal/browsertest"
)

// The decision log's timeline narrows by status, risk, platform, tool and
// tag, and reads its filters from the address.
func TestTimelineFilters(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: filepath.Join("testdata", "site"), Out: out, Now: fixtureNow, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	base := browsertest.ServeDir(t, out, "")
	ctx, cancel := context.WithTimeout(browsertest.New(t), 20*time.Second)
	defer cancel()
	shown := `Array.from(document.querySelectorAll('#decision-log [data-filter-item]')).filter(e => !e.hidden).map(e => e.querySelector('.doc-id').textContent).join(' ')`
	for _, c := range []struct{ query, want string }{
		{"", "DR-0005 DR-0004 DR-0002 DR-0003 DR-0001"},
		{"?risk=high", "DR-0005 DR-0003"},
		{"?tool=hootsuite", "DR-0004 DR-0003"},
		{"?platform=pinterest", "DR-0002"},
		{"?tag=process", "DR-0005 DR-0001"},
		{"?status=accepted&risk=medium", "DR-0004 DR-0002"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"decisions/"+c.query)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](shown))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("decisions/%s shows %q, want %q", c.query, got, c.want)
		}
	}
	// Choosing in a select narrows at once and says how many are shown.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const s = document.querySelector('select[data-filter-facet="tool"]');
		s.value = 'hootsuite'; s.dispatchEvent(new Event('change'));
		return document.querySelector('[data-filter-count]').textContent;
	})()`))
	if err != nil || got != "Showing 1 of 5 decisions." {
		t.Errorf("after choosing a tool: %q, %v", got, err)
	}
}

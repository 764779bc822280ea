package render

import (
	"strings"
	"testing"
)

// Pages link the Atom feed (in <head>, on the decision log and the
// auditor's view) only when it is written: with an absolute base_url. The
// auditor's view links every export, the review calendar included.
func TestExportLinks(t *testing.T) {
	t.Parallel()
	for base, feed := range map[string]bool{"": false, "/playbook/": false, "https://example.com/": true} {
		files, _ := render(t, testSite(base), 0)
		for _, name := range []string{"index.html", "decisions/index.html", "decisions/audit/index.html"} {
			if got := strings.Contains(string(files[name]), "feed.xml"); got != feed {
				t.Errorf("base_url %q: %s links the feed: %v, want %v", base, name, got, feed)
			}
		}
		audit := string(files["decisions/audit/index.html"])
		for _, want := range []string{"/exports/decisions.csv", "/exports/conditions.csv", "/exports/reviews.ics", "/exports/decisions.json"} {
			if !strings.Contains(audit, want) {
				t.Errorf("base_url %q: the auditor's view does not link %s", base, want)
			}
		}
	}
}

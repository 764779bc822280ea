package serve_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The error overlay can be closed, with its button or with Esc, to read the
// page behind it; the focus goes back where it was, and the next failing
// save shows the overlay again. The save that fixes the build takes it away
// as before.
func TestBrowserErrorOverlayCloses(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test; it runs without -short")
	}
	ctx, url, dir := serveFixture(t)

	open(t, ctx, url+"platforms/pinterest/")
	pin := filepath.Join(dir, "content", "platforms", "pinterest.md")
	orig, err := os.ReadFile(pin)
	if err != nil {
		t.Fatal(err)
	}
	const (
		shown   = `document.getElementById("playbook-errors")`
		gone    = `!document.getElementById("playbook-errors")`
		focused = `(document.activeElement && (document.activeElement.id || document.activeElement.className)) || ""`
		behind  = `document.body.innerText.includes("Pins link only to our shop.")`
	)
	// The reader was in the search box when the save broke the build.
	eval[bool](t, ctx, `(document.getElementById("search-q").focus(), true)`)
	replaceIn(t, pin, "status: conditional", "status: conditionl")
	mustWait(t, ctx, "the overlay appears", shown)

	// It names its close button, which has the focus, so that Enter or
	// Space closes it too.
	got := eval[map[string]string](t, ctx, `(() => {
		const b = document.querySelector("#playbook-errors button.pb-close");
		return {text: b ? b.textContent : "", focused: String(document.activeElement === b),
			modal: document.getElementById("playbook-errors").getAttribute("aria-modal") || ""};
	})()`)
	if got["text"] != "Close" || got["focused"] != "true" || got["modal"] != "true" {
		t.Errorf("close button %q, focused %s, aria-modal %q; want a focused Close button in a modal dialog", got["text"], got["focused"], got["modal"])
	}
	// Tab stays in the dialog.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if f := eval[string](t, ctx, focused); f != "pb-close" {
		t.Errorf("after Tab the focus is on %q, want the overlay's close button", f)
	}

	// The button closes it, by a real click; the page behind is the last
	// good build and the focus is back in the search box.
	if err := chromedp.Do(ctx, chromedp.Click(`#playbook-errors .pb-close`)); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "the close button closes the overlay", gone)
	if f := eval[string](t, ctx, focused); f != "search-q" {
		t.Errorf("after closing, the focus is on %q, want the search box it was in", f)
	}
	if !eval[bool](t, ctx, behind) {
		t.Error("after closing the overlay the page does not show the last good content")
	}
	// It stays closed while nothing is saved.
	time.Sleep(200 * time.Millisecond)
	if eval[bool](t, ctx, "!!"+shown) {
		t.Fatal("the overlay came back by itself")
	}

	// The next failing save shows it again; Esc closes it.
	replaceIn(t, pin, "status: conditionl", "status: conditionall")
	mustWait(t, ctx, "the next failing save shows the overlay again", shown+` && document.querySelector("#playbook-errors .pb-msg").textContent.includes("conditionall")`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "Esc closes the overlay", gone)

	// Saving the same broken file again is a failing save too.
	if err := os.WriteFile(pin, []byte(string(mustRead(t, pin))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "a failing save after Esc shows the overlay again", shown)

	// The fix takes it away and reloads the page.
	if err := os.WriteFile(pin, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	mustWait(t, ctx, "the fix removes the overlay", `document.readyState === "complete" && `+gone)
	if !eval[bool](t, ctx, behind) {
		t.Error("after the fix the page does not show its content")
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package generator

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"playbook/internal/browsertest"
)

// The browser tests of the layout (issue 15, items 3 and 5) read the sample
// playbook at the repository's root, built as of a day when some reviews
// are overdue, so that the tables show their widest cells ("Overdue by 198
// days"). Set PLAYBOOK_SCREENSHOTS to a folder to keep the screenshots the
// tests take; they are not checked in.
var layoutNow = time.Date(2027, 5, 1, 12, 0, 0, 0, time.UTC)

// siteCSP is the policy every page of the site declares; the test server
// sends it as a header too.
const siteCSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"

// a4Width is the width a browser lays a page out at to print it on A4 with
// margins of 1 cm (Chromium's default): 190 mm in CSS pixels.
const a4Width = 718

type viewport struct {
	name          string
	width, height int64
}

var (
	desktop = viewport{"desktop", 1280, 900}
	phone   = viewport{"phone", 390, 844}
)

// layoutBox is where an element is, in CSS pixels from the top of the
// document, and how wide its content is against its box.
type layoutBox struct {
	Found                            bool
	Top, Bottom, Left, Right, Height float64
	ScrollWidth, ClientWidth         float64
}

// layoutOf is what a page looks like at one size: the viewport, the width
// of the document and the boxes of the elements asked for.
type layoutOf struct {
	InnerWidth, InnerHeight, ScrollWidth float64
	Boxes                                map[string]layoutBox
}

const layoutJS = `((sels) => {
	const boxes = {};
	for (const s of sels) {
		const e = document.querySelector(s);
		if (!e) { boxes[s] = {Found: false}; continue; }
		const b = e.getBoundingClientRect();
		boxes[s] = {Found: true, Top: b.top + scrollY, Bottom: b.bottom + scrollY, Left: b.left + scrollX, Right: b.right + scrollX,
			Height: b.height, ScrollWidth: e.scrollWidth, ClientWidth: e.clientWidth};
	}
	return {InnerWidth: innerWidth, InnerHeight: innerHeight, ScrollWidth: document.documentElement.scrollWidth, Boxes: boxes};
})`

// layoutSite builds the sample playbook and serves it under the site's CSP;
// it returns the site's URL, its folder and a browser tab.
func layoutSite(t *testing.T) (string, string, context.Context) {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test; it runs without -short")
	}
	browsertest.ChromiumPath(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "..", Out: out, Now: layoutNow, NoHistory: true, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	base := browsertest.ServeDir(t, out, siteCSP)
	ctx, cancel := context.WithTimeout(browsertest.New(t), 3*time.Minute)
	t.Cleanup(cancel)
	return base, out, ctx
}

// show opens a page at a size, for a medium ("screen" or "print") and a
// colour scheme ("light" or "dark").
func show(t *testing.T, ctx context.Context, url string, vp viewport, media, scheme string) {
	t.Helper()
	if media == "screen" {
		media = "" // no emulation: what a screen shows
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(vp.width, vp.height),
		chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
			_, err := cdp.Call(ctx, tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Media: media, Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
		chromedp.Navigate(url),
	)
	if err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
}

func measure(t *testing.T, ctx context.Context, sels ...string) layoutOf {
	t.Helper()
	js, _ := json.Marshal(sels)
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layoutOf](layoutJS+"("+string(js)+")"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sels {
		if !l.Boxes[s].Found {
			t.Fatalf("%s: no element", s)
		}
	}
	return l
}

func pageEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// screenshot keeps what the first screen shows (the whole page for print)
// in PLAYBOOK_SCREENSHOTS, when it is set.
func screenshot(t *testing.T, ctx context.Context, name string, full bool) {
	t.Helper()
	dir := os.Getenv("PLAYBOOK_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The answer is on the first screen, on a desktop and on a phone, in light
// and dark: the home page's "Can I use it?" grid starts there, a platform's
// or a tool's answer and required controls come before its facts on a
// phone, and no page scrolls sideways. The tool table fits a desktop screen
// with its review dates and "Overdue" badges, and the auditor's table reads
// on a phone as a stack of cards.
func TestLayoutAnswerAboveTheFold(t *testing.T) {
	base, _, ctx := layoutSite(t)
	pages := []struct{ name, path string }{
		{"home", ""},
		{"platform", "platforms/tiktok/"},
		{"tool", "tools/hootsuite/"},
		{"tools", "tools/"},
		{"platforms", "platforms/"},
		{"audit", "decisions/audit/"},
	}
	for _, vp := range []viewport{desktop, phone} {
		for _, scheme := range []string{"light", "dark"} {
			for _, p := range pages {
				show(t, ctx, base+p.path, vp, "screen", scheme)
				screenshot(t, ctx, fmt.Sprintf("%s-%d-%s", p.name, vp.width, scheme), false)
				at := fmt.Sprintf("/%s at %d×%d (%s)", p.path, vp.width, vp.height, scheme)
				l := measure(t, ctx, "main")
				if l.ScrollWidth > l.InnerWidth {
					t.Errorf("%s scrolls sideways: the page is %.0f px wide in a %.0f px window", at, l.ScrollWidth, l.InnerWidth)
				}
				if scheme == "dark" {
					continue // the same layout in other colours
				}
				switch p.name {
				case "home":
					checkHome(t, ctx, at)
				case "platform", "tool":
					checkAnswerFirst(t, ctx, at, vp)
				case "tools":
					checkToolTable(t, ctx, at, vp)
				case "audit":
					checkAuditTable(t, ctx, at, vp)
				}
			}
		}
	}
}

// checkHome: the first card of the grid, its title and its status badge
// are on the first screen.
func checkHome(t *testing.T, ctx context.Context, at string) {
	t.Helper()
	const (
		heading = "#can-i-use"
		card    = ".can-i-use .cards > li"
		badge   = ".can-i-use .cards > li .badges"
	)
	l := measure(t, ctx, heading, card, badge)
	if b := l.Boxes[heading]; b.Top >= l.InnerHeight {
		t.Errorf("%s: the \"Can I use it?\" heading starts at %.0f px, below the first screen (%.0f px)", at, b.Top, l.InnerHeight)
	}
	if b := l.Boxes[card]; b.Top >= l.InnerHeight {
		t.Errorf("%s: the grid's first card starts at %.0f px, below the first screen (%.0f px)", at, b.Top, l.InnerHeight)
	}
	if b := l.Boxes[badge]; b.Bottom > l.InnerHeight {
		t.Errorf("%s: the first card's status ends at %.0f px, below the first screen (%.0f px)", at, b.Bottom, l.InnerHeight)
	}
}

// checkAnswerFirst: on a phone, the answer and the required controls come
// before the facts box and the contents; on a desktop the facts are beside
// the page's body, not above it.
func checkAnswerFirst(t *testing.T, ctx context.Context, at string, vp viewport) {
	t.Helper()
	const (
		answer   = ".answer"
		controls = ".callout-controls"
		facts    = ".facts-box"
		toc      = ".toc"
		body     = ".doc-main"
	)
	l := measure(t, ctx, answer, controls, facts, toc, body)
	b := l.Boxes
	if b[answer].Top >= l.InnerHeight {
		t.Errorf("%s: the answer starts at %.0f px, below the first screen", at, b[answer].Top)
	}
	if vp == phone {
		if !(b[answer].Bottom <= b[controls].Top && b[controls].Bottom <= b[facts].Top && b[facts].Top < b[toc].Top) {
			t.Errorf("%s: from the top: answer %.0f, controls %.0f, facts %.0f, contents %.0f px; want the answer, then the controls, then the facts and the contents",
				at, b[answer].Top, b[controls].Top, b[facts].Top, b[toc].Top)
		}
		return
	}
	if b[facts].Left < b[body].Right || b[facts].Top > b[controls].Top+1 {
		t.Errorf("%s: the facts box (left %.0f, top %.0f px) is not beside the body (right %.0f px, controls at %.0f px)",
			at, b[facts].Left, b[facts].Top, b[body].Right, b[controls].Top)
	}
}

// checkToolTable: on a desktop the tool table, review dates and overdue
// badges included, fits its box without a sideways scrollbar and no cell
// runs over; on a phone it scrolls in its own box, not the page.
func checkToolTable(t *testing.T, ctx context.Context, at string, vp viewport) {
	t.Helper()
	const wrap, table = ".table-wrap", "#tool-table"
	if n := pageEval[int](t, ctx, `document.querySelectorAll('#tool-table .review-cell time').length`); n < 6 {
		t.Errorf("%s: %d review dates in the tool table, want 6", at, n)
	}
	if n := pageEval[int](t, ctx, `document.querySelectorAll('#tool-table .review-cell .badge.due-overdue').length`); n == 0 {
		t.Errorf("%s: no \"Overdue\" badge in the tool table; the test needs the widest cells", at)
	}
	l := measure(t, ctx, wrap, table)
	if vp == desktop {
		if w, tw := l.Boxes[wrap], l.Boxes[table]; w.ScrollWidth > w.ClientWidth || tw.Right > w.Right {
			t.Errorf("%s: the tool table is %.0f px wide in a box of %.0f px: it scrolls sideways", at, w.ScrollWidth, w.ClientWidth)
		}
		if over := overflowingCells(t, ctx, table); len(over) > 0 {
			t.Errorf("%s: cells run over their column: %s", at, strings.Join(over, "; "))
		}
	}
}

// overflowingCells lists the cells of a table whose content is wider than
// the cell, leaving out those shown to screen readers only.
func overflowingCells(t *testing.T, ctx context.Context, table string) []string {
	t.Helper()
	return pageEval[[]string](t, ctx, `Array.from(document.querySelectorAll('`+table+` th, `+table+` td'))
		.filter(c => c.offsetParent && getComputedStyle(c).clip === 'auto' && c.scrollWidth > c.clientWidth + 1)
		.map(c => c.textContent.trim().replace(/\s+/g, ' ').slice(0, 40) + ' (' + c.scrollWidth + ' > ' + c.clientWidth + ')')`)
}

// checkAuditTable: the auditor's table does not scroll sideways, not even
// in its own box; on a phone each record is a card, its cells stacked under
// its title with their column's name, and the table is still a table to a
// screen reader.
func checkAuditTable(t *testing.T, ctx context.Context, at string, vp viewport) {
	t.Helper()
	const (
		region = ".table-scroll"
		table  = "#audit-table"
		title  = "#audit-table tbody tr:first-child > th"
		status = "#audit-table tbody tr:first-child > td:nth-of-type(1)"
		review = "#audit-table tbody tr:first-child > td:last-child"
	)
	l := measure(t, ctx, region, table, title, status, review)
	b := l.Boxes
	if b[region].ScrollWidth > b[region].ClientWidth || b[table].Right > l.InnerWidth {
		t.Errorf("%s: the auditor's table is %.0f px wide in a box of %.0f px", at, b[region].ScrollWidth, b[region].ClientWidth)
	}
	if vp != phone {
		return
	}
	if !(b[status].Top >= b[title].Bottom-1 && b[review].Top > b[status].Bottom-1 && b[status].Left-b[title].Left < 1) {
		t.Errorf("%s: the first record's cells are not stacked under its title: title %+v, status %+v, review %+v", at, b[title], b[status], b[review])
	}
	label := pageEval[string](t, ctx, `getComputedStyle(document.querySelector('`+status+`'), '::before').content`)
	if !strings.HasPrefix(label, `"Status"`) {
		t.Errorf("%s: the status cell of a card is labelled %s, want \"Status\"", at, label)
	}
	if over := overflowingCells(t, ctx, table); len(over) > 0 {
		t.Errorf("%s: cells run over their card: %s", at, strings.Join(over, "; "))
	}
	// A screen reader still reads a table: a header row and one row per
	// record, with cells.
	roles := axRoles(t, ctx)
	rows := pageEval[int](t, ctx, `document.querySelectorAll('#audit-table tr').length`)
	if roles["table"] < 1 || roles["row"] < rows || roles["cell"] < 9*(rows-1) || roles["rowheader"] < rows-1 || roles["columnheader"] < 10 {
		t.Errorf("%s: the accessibility tree has %v for a table of %d rows", at, roles, rows)
	}
}

// axRoles counts the roles of the page's accessibility tree.
func axRoles(t *testing.T, ctx context.Context) map[string]int {
	t.Helper()
	roles := map[string]int{}
	for _, n := range axTree(t, ctx) {
		if !n.Ignored {
			roles[axString(n.Role)]++
		}
	}
	return roles
}

func axTree(t *testing.T, ctx context.Context) []*accessibility.Node {
	t.Helper()
	var nodes []*accessibility.Node
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		res, err := cdp.Call(ctx, tab, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			return err
		}
		nodes = res.Nodes
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return nodes
}

func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	json.Unmarshal([]byte(v.Value), &s)
	return s
}

// Printed on A4, the tool table and the auditor's table fit the width of
// the page; the auditor's table starts on the first page and runs over the
// next ones, its rows breaking between pages (no blank first page).
func TestLayoutPrintsOnA4(t *testing.T) {
	base, _, ctx := layoutSite(t)
	paper := viewport{"A4", a4Width, 1000}
	for _, p := range []struct{ name, path, wrap, table string }{
		{"tools", "tools/", ".table-wrap", "#tool-table"},
		{"platforms", "platforms/", ".table-wrap", "#platform-table"},
		{"audit", "decisions/audit/", ".table-scroll", "#audit-table"},
		{"platform", "platforms/tiktok/", "main", "main"},
	} {
		show(t, ctx, base+p.path, paper, "print", "light")
		screenshot(t, ctx, p.name+"-print", true)
		l := measure(t, ctx, p.wrap, p.table)
		if l.ScrollWidth > l.InnerWidth || l.Boxes[p.table].Right > l.InnerWidth || l.Boxes[p.wrap].ScrollWidth > l.Boxes[p.wrap].ClientWidth {
			t.Errorf("/%s printed on A4: %s is %.0f px wide, ends at %.0f px, on a page %.0f px wide: it is cut off",
				p.path, p.table, l.Boxes[p.wrap].ScrollWidth, l.Boxes[p.table].Right, l.InnerWidth)
		}
		if p.table != "main" {
			if over := overflowingCells(t, ctx, p.table); len(over) > 0 {
				t.Errorf("/%s printed on A4: cells run over their column: %s", p.path, strings.Join(over, "; "))
			}
		}
	}

	// The auditor's view on paper, as Chromium prints it.
	show(t, ctx, base+"decisions/audit/", desktop, "screen", "light")
	pages, first := printA4(t, ctx)
	// The same page without its table: what the first page shows besides.
	pageEval[bool](t, ctx, `(document.querySelector('.table-scroll').remove(), true)`)
	_, firstWithout := printA4(t, ctx)
	if pages < 2 {
		t.Errorf("the auditor's view prints on %d page, want its table to run over several", pages)
	}
	if first <= firstWithout+40 {
		t.Errorf("the first printed page of the auditor's view shows %d pieces of text, %d without the table: the table does not start on the first page", first, firstWithout)
	}
}

// printA4 prints the page on A4 and returns the number of pages and the
// number of pieces of text (PDF text-showing operators) on the first one.
func printA4(t *testing.T, ctx context.Context) (pages, firstPageText int) {
	t.Helper()
	all, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPageRanges("1")))
	if err != nil {
		t.Fatal(err)
	}
	return len(pdfPage.FindAll(all, -1)), pdfTextOps(first)
}

var (
	pdfPage   = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	pdfTextOp = regexp.MustCompile(`\bT[jJ]\b`)
)

// pdfTextOps counts the text-showing operators in the compressed content
// streams of a PDF.
func pdfTextOps(pdf []byte) int {
	n := 0
	for _, m := range pdfStream.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err != nil || !bytes.Contains(b, []byte("BT")) {
			continue
		}
		n += len(pdfTextOp.FindAll(b, -1))
	}
	return n
}

// Pressing Tab from the top of a platform's, a tool's or a decision's page
// goes through the page's body before the facts and the contents beside
// it, on a desktop where they are laid out side by side.
func TestLayoutBodyBeforeSidebarInTabOrder(t *testing.T) {
	base, _, ctx := layoutSite(t)
	for _, path := range []string{"platforms/tiktok/", "tools/hootsuite/", "decisions/dr-0010/"} {
		show(t, ctx, base+path, desktop, "screen", "light")
		n := pageEval[int](t, ctx, `(document.getElementById('main').focus(), document.querySelectorAll('article a[href], article button, article input:not([disabled]), article [tabindex="0"]').length)`)
		var order []string
		for range n + 1 {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
			where := pageEval[string](t, ctx, `(() => { const e = document.activeElement; return e.closest('.doc-aside') ? 'aside' : e.closest('.doc-main') ? 'body' : 'other'; })()`)
			if len(order) == 0 || order[len(order)-1] != where {
				order = append(order, where)
			}
		}
		got := strings.Join(order, " → ")
		if !strings.HasPrefix(got, "body → aside") {
			t.Errorf("/%s: Tab goes through %s; want the body, then the facts and contents", path, got)
		}
	}
}

// Every task-list checkbox of the sample ("- [ ] text" in markdown) has an
// accessible name, the text of its item, as Chromium computes it for a
// screen reader; the sample's TikTok and Hootsuite pages have such lists.
func TestLayoutTaskListCheckboxesHaveNames(t *testing.T) {
	base, root, ctx := layoutSite(t)
	var pages []string
	fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			if b, _ := os.ReadFile(filepath.Join(root, p)); bytes.Contains(b, []byte(`type="checkbox"`)) {
				pages = append(pages, strings.TrimSuffix(p, "index.html"))
			}
		}
		return nil
	})
	for _, want := range []string{"platforms/tiktok/", "tools/hootsuite/"} {
		if !strings.Contains(" "+strings.Join(pages, " ")+" ", " "+want+" ") {
			t.Errorf("/%s has no task list; the test needs one (pages with one: %v)", want, pages)
		}
	}
	total := 0
	for _, p := range pages {
		show(t, ctx, base+p, desktop, "screen", "light")
		texts := pageEval[[]string](t, ctx, `Array.from(document.querySelectorAll('.prose input[type=checkbox]')).map(b => b.parentElement.textContent.trim().replace(/\s+/g, ' '))`)
		var names []string
		for _, n := range axTree(t, ctx) {
			if axString(n.Role) == "checkbox" {
				names = append(names, strings.Join(strings.Fields(axString(n.Name)), " "))
			}
		}
		if len(names) != len(texts) {
			t.Errorf("/%s: %d checkboxes in the accessibility tree, %d on the page", p, len(names), len(texts))
			continue
		}
		// The tree does not keep the page's order: each name must be the
		// text of one item.
		slices.Sort(names)
		slices.Sort(texts)
		for i, name := range names {
			if name == "" || name != texts[i] {
				t.Errorf("/%s: a checkbox is named %q, want the text of its item (%q)", p, name, texts[i])
			}
		}
		total += len(names)
	}
	if total < 10 {
		t.Errorf("only %d task-list checkboxes checked", total)
	}
}

package render

import (
	"html/template"
	"strconv"
	"strings"

	"playbook/generator/model"
)

// page is what every page template receives. URLs in it are site-relative
// ("/tools/x/"); templates pass them through `url`.
type page struct {
	Site        siteView
	Kind        string // "home", "platform", "tool-list", ...: a class on <body>
	Title       string // the <h1>
	HeadTitle   string // the <title>
	Description string // <meta name="description">
	URL         string
	Canonical   string // the absolute URL when the base URL has a host, else ""
	Nav         []navItem
	NavKey      string  // the same for every page whose Nav is the same: the key of the cached header
	Crumbs      []crumb // Home first, this page last
	Scripts     []string
	Draft       bool
	Tags        []tagLink
	TOC         []tocEntry // only when the body has two headings or more
	Body        template.HTML
	Data        any // the view of the kind of page
	// Changes is the page's change history from git, newest first;
	// AllChanges says to list them all (decision records), not only the
	// last one.
	Changes    []changeView
	AllChanges bool
	// StatusHistory is a platform's or tool's changes of status, from
	// git, newest first.
	StatusHistory []statusRow
}

// changeView is one commit that changed a page's file.
type changeView struct {
	Date    when
	Author  string
	Subject string
	Hash    string
}

// siteView is what the layout needs to know about the site.
type siteView struct {
	Title string
	Today when // the date review markers are computed against
	// AsOf names the date and commit of a build -as-of; nil otherwise.
	AsOf *model.AsOf
	// Feed is the Atom feed's URL, "" when the feed is left out (the site
	// has no absolute base_url).
	Feed string
}

// navItem is an entry of the main navigation.
type navItem struct {
	Title   string
	URL     string
	Current string // aria-current: "page" on the page itself, "true" inside its section, else ""
}

// crumb is a step of the breadcrumbs; the last one is the page itself.
type crumb struct {
	Title   string
	URL     string
	Current bool
	Key     string // all of the above, for cachedEach
}

// link is a titled site-relative URL.
type link struct {
	Title string
	URL   string
	Label string // a short prefix such as a decision ID, may be ""
}

// badge is a labelled marker. Class picks the colour; Label carries the
// meaning in words, so colour is never the only signal.
type badge struct {
	Class string
	Label string
}

// tagLink is a tag on a page.
type tagLink struct {
	Name string
	URL  string
	Key  string // both, for cachedEach
}

// tocEntry is a line of a table of contents.
type tocEntry struct {
	Level int
	ID    string
	Text  string
	Key   string // all of the above, for cachedEach: records written from
	// one template share most of their headings
}

// fact is a row of a facts box: a label and one kind of value. Missing
// marks Text as a placeholder ("not recorded").
type fact struct {
	Label   string
	Text    string
	Missing bool
	Items   []string
	Links   []link
	Badges  []badge
	Date    *when
	Href    string // an external link: Text is shown, Href is followed
	// Key is everything above in one string, for the cached template
	// (see keyed): facts such as a risk or who decided repeat on many
	// records, and each is made once per build.
	Key string
}

// keyed sets the Key of every fact and returns facts.
func keyed(facts []fact) []fact {
	var b strings.Builder
	for i := range facts {
		f := &facts[i]
		b.Reset()
		field := func(s string) { b.WriteString(s); b.WriteByte(0) }
		flag := func(v bool) {
			if v {
				field("1")
			} else {
				field("0")
			}
		}
		field(f.Label)
		field(f.Text)
		flag(f.Missing)
		field(strconv.Itoa(len(f.Items)))
		for _, it := range f.Items {
			field(it)
		}
		field(strconv.Itoa(len(f.Links)))
		for _, l := range f.Links {
			field(l.Title)
			field(l.URL)
			field(l.Label)
		}
		field(strconv.Itoa(len(f.Badges)))
		for _, bd := range f.Badges {
			field(bd.Class)
			field(bd.Label)
		}
		flag(f.Date != nil)
		if d := f.Date; d != nil {
			field(d.ISO)
			field(d.Text)
			field(d.Short)
			flag(d.Missing)
			field(d.Due)
			field(d.Note)
		}
		field(f.Href)
		f.Key = b.String()
	}
	return facts
}

// banner is a notice at the top of a page.
type banner struct {
	Class string // "warning" or "info"
	Text  string
	Link  *link
	After string // text after the link
}

const notRecorded = "not recorded"

// tocOf returns the table of contents of a doc when it has at least two
// headings.
func tocOf(d *model.Doc) []tocEntry {
	if len(d.TOC) < 2 {
		return nil
	}
	out := make([]tocEntry, len(d.TOC))
	for i, h := range d.TOC {
		out[i] = tocEntry{Level: h.Level, ID: h.ID, Text: h.Text,
			Key: strconv.Itoa(h.Level) + "\x00" + h.ID + "\x00" + h.Text}
	}
	return out
}

// people is a fact for a field naming people.
func people(label string, p model.People, missing string) fact {
	switch {
	case len(p) == 0:
		return fact{Label: label, Text: missing, Missing: true}
	case len(p) == 1:
		return fact{Label: label, Text: p[0]}
	}
	return fact{Label: label, Items: p}
}

// classKey keeps a value usable in a class name: lower-case letters, digits
// and hyphens.
func classKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '_':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

// capital upper-cases the first letter.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// approvalBadge is the badge of an approval state.
func approvalBadge(a model.Approval) badge {
	if a == "" {
		return badge{Class: "approval-unknown", Label: "Status not recorded"}
	}
	return badge{Class: "approval-" + classKey(string(a)), Label: a.Label()}
}

// statusBadge is the badge of a decision status.
func statusBadge(s model.Status) badge {
	return badge{Class: "status-" + statusKey(s), Label: s.Label()}
}

// statusKey is the status as a filter value: "unknown" when missing.
func statusKey(s model.Status) string {
	if s == model.Unknown {
		return "unknown"
	}
	return classKey(string(s))
}

// riskBadge is the badge of a risk level.
func riskBadge(r model.Risk) badge {
	if r == "" {
		return badge{Class: "risk-unknown", Label: "Risk not recorded"}
	}
	return badge{Class: "risk-" + classKey(string(r)), Label: capital(string(r)) + " risk"}
}

// dataBadge is the badge of the highest data class a tool may hold.
func dataBadge(d string) badge {
	if d == "" {
		return badge{Class: "data-unknown", Label: "Data class not recorded"}
	}
	return badge{Class: "data-" + classKey(d), Label: capital(d) + " data"}
}

// supportBadge is the badge of an `sso` or `mfa` value.
func supportBadge(s string) badge {
	if s == "" {
		return badge{Class: "support-unknown", Label: "Not recorded"}
	}
	return badge{Class: "support-" + classKey(s), Label: capital(s)}
}

// trimSlashes removes leading and trailing slashes.
func trimSlashes(s string) string { return strings.Trim(s, "/") }

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// Package model is the room for the types of the content contract: Platform,
// Tool, Decision, Page and the Site that holds them. Every stage of the
// generator takes its types from here. It imports only the standard library and
// holds no I/O: loading fills these types, checking links them, rendering reads
// them.
package model

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is the kind of a content file.
type Kind int

const (
	KindPage Kind = iota
	KindPlatform
	KindTool
	KindDecision
)

// String names the kind as the site shows it.
func (k Kind) String() string {
	switch k {
	case KindPlatform:
		return "platform"
	case KindTool:
		return "tool"
	case KindDecision:
		return "decision"
	}
	return "page"
}

// Pos is a place in a source file.
type Pos struct{ Line, Col int }

// Date is a calendar date without a time zone (front matter `YYYY-MM-DD`).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a `YYYY-MM-DD` date; it refuses any other form and
// impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != 10 {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf is the calendar date of t in UTC.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is missing.
func (d Date) IsZero() bool { return d.Year == 0 }

// String is `YYYY-MM-DD`, or "" for a missing date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time is midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int { return d.Time().Compare(e.Time()) }

// DaysUntil is the number of days from d to e (negative when e is earlier).
// It counts calendar days, so it is exact over the whole range a date can
// be written in, 0001-01-01 to 9999-12-31 (a time.Duration would overflow
// beyond 292 years).
func (d Date) DaysUntil(e Date) int { return e.dayNumber() - d.dayNumber() }

// dayNumber counts the days from 1970-01-01 to d in the proleptic Gregorian
// calendar (the days-from-civil algorithm: years begin on 1 March, so that
// the leap day ends a year, and 400 years are 146097 days).
func (d Date) dayNumber() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era-- // round down for the years before year 0
	}
	yoe := y - era*400                     // year of the era, 0…399
	mp := (m + 9) % 12                     // month from March, 0…11
	doy := (153*mp+2)/5 + d.Day - 1        // day of the year from 1 March, 0…365
	doe := yoe*365 + yoe/4 - yoe/100 + doy // day of the era, 0…146096
	return era*146097 + doe - 719468
}

// DayCount writes a number of days for readers: "1 day", "31 days".
func DayCount(n int) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " day"
	}
	return strconv.Itoa(n) + " days"
}

// Long is the date written out for readers: "3 March 2025".
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// Approval is the approval state of a platform or tool.
type Approval string

const (
	Approved    Approval = "approved"
	Conditional Approval = "conditional"
	UnderReview Approval = "under-review"
	NotApproved Approval = "not-approved"
	Retired     Approval = "retired"
)

// Approvals lists the approval states in the order the site groups them.
var Approvals = []string{"approved", "conditional", "under-review", "not-approved", "retired"}

// Label is the human wording of the state.
func (a Approval) Label() string {
	switch a {
	case Approved:
		return "Approved"
	case Conditional:
		return "Approved with conditions"
	case UnderReview:
		return "Under review"
	case NotApproved:
		return "Not approved"
	case Retired:
		return "Retired"
	}
	return string(a)
}

// Risk is a risk level.
type Risk string

// Risks lists the risk levels from lowest to highest.
var Risks = []string{"low", "medium", "high", "critical"}

// Rank orders risks: 1 for low up to 4 for critical, 0 when unknown.
func (r Risk) Rank() int { return slices.Index(Risks, string(r)) + 1 }

// DataClasses lists the data classes from least to most sensitive.
var DataClasses = []string{"public", "internal", "confidential", "restricted"}

// Supports lists the values of `sso` and `mfa`.
var Supports = []string{"enforced", "supported", "unsupported"}

// Status is the status of a decision record.
type Status string

const (
	Proposed   Status = "proposed"
	Escalated  Status = "escalated"
	Accepted   Status = "accepted"
	Rejected   Status = "rejected"
	Withdrawn  Status = "withdrawn"
	Deprecated Status = "deprecated"
	Superseded Status = "superseded"
	// Unknown is the status of an imported record that states none.
	Unknown Status = ""
)

// Statuses lists the decision statuses.
var Statuses = []string{"proposed", "escalated", "accepted", "rejected", "withdrawn", "deprecated", "superseded"}

// Decided reports whether a record in this status was decided by someone
// (accepted, rejected, and the statuses that follow a decision), so that it
// must say who decided. A withdrawn request, a pending one and the statuses
// a site adds are not.
func (s Status) Decided() bool {
	return s == Accepted || s == Rejected || s == Superseded || s == Deprecated
}

// Label is the human wording of the status.
func (s Status) Label() string {
	if s == Unknown {
		return "Status unknown"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// People is a list of people named by a front-matter field that takes a
// string or a list.
type People []string

// String joins the names with commas.
func (p People) String() string { return strings.Join(p, ", ") }

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a relative link or image in a markdown body.
type Link struct {
	Dest  string
	Pos   Pos
	Image bool
	OK    bool
}

// Doc is what every content file has.
type Doc struct {
	Kind   Kind
	Path   string // slash-separated, relative to the site folder: "content/tools/hootsuite.md"
	Slug   string // file name without ".md"
	URL    string // site-relative: "/tools/hootsuite/"
	Title  string
	Tags   []string
	Fields map[string]Pos   // where each front-matter key stands
	Values map[string]Pos   // where each front-matter value starts
	Items  map[string][]Pos // where each item of a list field starts

	// RepoPath is the file's slash path from the top of its git
	// repository, where it really is (links followed): "docs/adr/0001-x.md"
	// for content/decisions/0001-x.md when content/decisions links to
	// ../docs/adr. Set only with repo_url, for links to the web host.
	RepoPath string

	// History is the file's change history from git, newest first; empty
	// outside git and in shallow clones.
	History []Change

	// Rev identifies the file's content: it changes whenever the file's
	// bytes change. MetaRev identifies what lists show of it: its front
	// matter and title (for an imported record, whose status and date come
	// from its body, the whole file). Renderers use them to tell which
	// pages a change touches.
	Rev, MetaRev uint64

	// Unread is set when the front matter could not be parsed at all; the
	// checks that need its fields are then skipped so that one YAML
	// mistake gives one error.
	Unread bool

	Description string
	Weight      int
	Draft       bool
	Aliases     []string

	Body     []byte // the markdown after the front matter
	BodyLine int    // lines of the file before Body
	HTML     []byte // rendered Body
	TOC      []Heading
	Links    []Link
}

// Fingerprint identifies bytes: a file's (Doc.Rev), a template's. It is
// FNV-64a, which is fast and good enough to tell versions apart; it is not
// for security.
func Fingerprint(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// MetaFingerprint identifies what lists show of docs: their paths and their
// MetaRevs, in order. Renderers and exports use it to tell whether a list
// made from them can be kept.
func MetaFingerprint(docs ...*Doc) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, d := range docs {
		h.Write([]byte(d.Path))
		binary.LittleEndian.PutUint64(b[:], d.MetaRev)
		h.Write(b[:])
	}
	return h.Sum64()
}

// Change is one commit that changed a file.
type Change struct {
	Hash    string // abbreviated commit id
	Date    Date   // author date
	Author  string
	Subject string
}

// Document returns the document itself; Platform, Tool, Decision and Page
// get it from their embedded Doc.
func (d *Doc) Document() *Doc { return d }

// FieldPos is where key stands in the front matter, or line 1 when absent.
func (d *Doc) FieldPos(key string) Pos {
	if p, ok := d.Fields[key]; ok {
		return p
	}
	return Pos{1, 1}
}

// ValuePos is where the value of key starts, else where the key stands.
func (d *Doc) ValuePos(key string) Pos {
	if p, ok := d.Values[key]; ok {
		return p
	}
	return d.FieldPos(key)
}

// ItemPos is where item i of list field key starts, else where the key stands.
func (d *Doc) ItemPos(key string, i int) Pos {
	if ps := d.Items[key]; i < len(ps) {
		return ps[i]
	}
	return d.ValuePos(key)
}

// Review holds the review dates of platforms and tools.
type Review struct {
	Reviewed   Date
	NextReview Date
}

// PastDue reports whether d is a due date that has passed by today: the
// one rule of "overdue" that model, check and render share.
func (d Date) PastDue(today Date) bool { return !d.IsZero() && d.Before(today) }

// Overdue reports whether the next review date has passed.
func (r Review) Overdue(today Date) bool { return r.NextReview.PastDue(today) }

// Platform is a guide for one social platform (`content/platforms/*.md`).
type Platform struct {
	Doc
	Review
	Status      Approval
	Risk        Risk
	Owner       People
	Controls    []string
	AllowedUses []string
	Accounts    []string
	ToolRefs    []string // as written
	DecisionRef []string // as written

	// Filled by the check stage: the union of both directions of refs.
	Tools     []*Tool
	Decisions []*Decision // newest first
}

// Tool is an approved-tool entry (`content/tools/*.md`).
type Tool struct {
	Doc
	Review
	Vendor      string
	Category    string
	Status      Approval
	Data        string
	SSO, MFA    string
	Owner       People
	Conditions  []string
	PlatformRef []string
	DecisionRef []string
	Website     string

	Platforms []*Platform
	Decisions []*Decision // newest first
}

// Decision is a decision record (`content/decisions/*.md`).
type Decision struct {
	Doc
	ID     string // "DR-0007"
	Format string // "native", "madr" or "adr-tools"
	Date   Date
	Status Status
	// StatusWord is the status as an imported record writes it ("In
	// Review", "On hold"), when it is not the contract's word for Status.
	StatusWord string
	// Category is the folder of an imported record below decisions/
	// ("backend"), "" at the top.
	Category string
	// StatusUnread and DateUnread say that an imported record states a
	// status or a date that could not be read (and was reported).
	StatusUnread, DateUnread bool
	RequestedBy              People
	AssessedBy               People
	Risk                     Risk
	DecidedBy                People
	EscalatedTo              People
	Conditions               []string
	ReviewBy                 Date
	Supersedes               []string
	SupersededBy             string
	PlatformRef              []string
	ToolRef                  []string
	Consulted                People
	Informed                 People

	Platforms      []*Platform
	Tools          []*Tool
	SupersedesRecs []*Decision
	Successor      *Decision
	Chain          []*Decision // the whole supersession chain, oldest first, this record included
}

// ReviewOverdue reports whether the review of an accepted risk is past due.
func (d *Decision) ReviewOverdue(today Date) bool {
	return d.Status == Accepted && d.ReviewBy.PastDue(today)
}

// Page is a plain page (any other markdown file) or a folder's `_index.md`.
type Page struct {
	Doc
	Section string // first folder under content/, "" for the home intro
	IsIndex bool   // an _index.md
}

// Asset is any other file under content/, published beside its page.
type Asset struct {
	Path string // source path relative to the site folder
	Out  string // output path relative to the output folder
}

// Site is everything loaded from one site folder.
type Site struct {
	Title   string
	BaseURL string
	Today   Date

	// StaleDays is how long a record may stay proposed or escalated before
	// it is reported; 0 turns the check off.
	StaleDays int
	// ExtraStatuses are the decision statuses the site config adds to the
	// contract's; a record in one of them is treated as not yet decided.
	ExtraStatuses []string
	// StatusMap maps the status words of an imported log onto the
	// contract's states (status_map in playbook.yaml).
	StatusMap map[string]string
	// IDPrefix is the prefix of ids made from file numbers ("DR-").
	IDPrefix string
	// HistoryRev identifies the git history shown on pages (the commit it
	// was read at); "" when none is shown.
	HistoryRev string
	// Commit is the commit the site is built from (in full), "" outside
	// git; unlike HistoryRev it is known in a shallow clone too.
	Commit string
	// RepoURL is the repository's address on its web host
	// ("https://github.com/acme/playbook"), "" when not set; Branch is
	// the branch its links name.
	RepoURL, Branch string
	// RepoPrefix is the site folder's path inside its git repository
	// ("docs/playbook"), "" at its top; RequestEmail is the address a
	// request for a platform or tool is sent to (request_email).
	RepoPrefix, RequestEmail string
	// DecisionsRepoDir is content/decisions/ from the repository's top,
	// where it really is ("docs/adr/"); set only with repo_url.
	DecisionsRepoDir string
	// StatusChanges are the changes of status of the records, from git,
	// newest first; nil outside git.
	StatusChanges []StatusChange
	// ConfigRev fingerprints every setting the site was loaded with
	// (playbook.yaml as read, -base-url applied): a page, an export or
	// the search index may show any of them, so a cache of any of those
	// keys on it.
	ConfigRev uint64
	// AsOf is the commit a build -as-of shows the site at; nil for a
	// build of the working copy.
	AsOf *AsOf
	// RequestURL is the URL of the page that says how to ask for a
	// platform or tool (request_page), "" when none is named.
	RequestURL string
	// Drafts are the content files left out of the build because they say
	// draft: true (a build with -drafts, and serve, keep them).
	Drafts []string
	// Skipped are the content files that are neither records nor pages
	// (templates, a decision log's README beside an introduction).
	Skipped []string

	Platforms []*Platform // by title
	Tools     []*Tool     // by title
	Decisions []*Decision // by ID
	Pages     []*Page     // by path
	Assets    []Asset

	PlatformBySlug map[string]*Platform
	ToolBySlug     map[string]*Tool
	DecisionByID   map[string]*Decision
	DocByPath      map[string]*Doc // content path ("content/tools/x.md") → doc
}

// SourceURL is the address of a file of the repository (a slash path
// relative to the repository's top) on its web host, or "" without RepoURL:
// GitLab's form for a host whose name holds "gitlab", GitHub's otherwise
// (which Gitea and Forgejo share).
func (s *Site) SourceURL(kind, rel string) string {
	if s.RepoURL == "" {
		return ""
	}
	base := strings.TrimSuffix(s.RepoURL, "/")
	branch := s.Branch
	if branch == "" {
		branch = "main"
	}
	sep := "/"
	if strings.Contains(strings.ToLower(base), "gitlab") {
		sep = "/-/"
	}
	return base + sep + kind + "/" + branch + "/" + escapePath(rel)
}

func escapePath(rel string) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// RecordURL is the page of the platform, tool (by file name) or decision
// (by id) key, "" when the site has no such record.
func (s *Site) RecordURL(kind Kind, key string) string {
	switch kind {
	case KindPlatform:
		if p := s.PlatformBySlug[key]; p != nil {
			return p.URL
		}
	case KindTool:
		if t := s.ToolBySlug[key]; t != nil {
			return t.URL
		}
	case KindDecision:
		if d := s.DecisionByID[key]; d != nil {
			return d.URL
		}
	}
	return ""
}

// AbsoluteBase reports whether the site's base URL is an absolute http(s)
// address, which the sitemap, the Atom feed and absolute export links need.
func (s *Site) AbsoluteBase() bool {
	u, err := url.Parse(s.BaseURL)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// AllowedStatuses are the contract's decision statuses and the site's own.
func (s *Site) AllowedStatuses() []string {
	return append(append([]string{}, Statuses...), s.ExtraStatuses...)
}

// Docs returns every document of the site, in a stable order.
func (s *Site) Docs() []*Doc {
	var out []*Doc
	for _, p := range s.Platforms {
		out = append(out, &p.Doc)
	}
	for _, t := range s.Tools {
		out = append(out, &t.Doc)
	}
	for _, d := range s.Decisions {
		out = append(out, &d.Doc)
	}
	for _, p := range s.Pages {
		out = append(out, &p.Doc)
	}
	return out
}

// BasePath is the path part of the base URL, always ending in "/": "/" for
// "https://example.com", "/playbook/" for "https://example.com/playbook".
func (s *Site) BasePath() string {
	u := s.BaseURL
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = "/"
		}
	}
	u = "/" + strings.Trim(u, "/") + "/"
	if u == "//" {
		u = "/"
	}
	return u
}

// RelURL turns a site-relative URL ("/tools/x/") into the path a browser
// follows, under the base path ("/playbook/tools/x/").
func (s *Site) RelURL(u string) string {
	return UnderBase(s.BasePath(), u)
}

// UnderBase puts a site-relative URL under a base path (BasePath), for
// callers that work the base path out once for many URLs.
func UnderBase(base, u string) string {
	if base == "/" && strings.HasPrefix(u, "/") {
		return u
	}
	return base + strings.TrimPrefix(u, "/")
}

// AbsURL is the full URL of a site-relative URL, for the sitemap and feeds;
// without a host in the base URL it is the same as RelURL.
func (s *Site) AbsURL(u string) string {
	if i := strings.Index(s.BaseURL, "://"); i >= 0 {
		host := s.BaseURL[:i+3] + strings.SplitN(s.BaseURL[i+3:], "/", 2)[0]
		return host + s.RelURL(u)
	}
	return s.RelURL(u)
}

// AsOf is the commit a build shows the playbook at, and the date asked for.
type AsOf struct {
	Date    Date   // the date asked for, or the commit's date for a revision
	Commit  string // the commit id, short
	Subject string
}

// StatusChange is one change of a record's status found in the history of
// its front matter: a platform's or tool's approval state, or a decision
// record's status (From is "" when the record was added).
type StatusChange struct {
	Path     string // slash path relative to the site folder: "content/tools/x.md"
	Kind     Kind   // KindPlatform, KindTool or KindDecision
	Key      string // the file name without .md, or a decision's id
	Title    string
	From, To string
	Commit   Change
}

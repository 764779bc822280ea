package render

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"playbook/generator/model"
)

// requestURL is the address of the request form: a marketer describes a
// platform or tool and what marketing wants to do with it, and the page
// (request.js) writes the proposed decision record a security reviewer
// needs, in the contract's format, without a server.
const requestURL = "/request/"

// requestFormURL is where the request form is published: requestURL, or,
// when a content page or asset of the site is there already (a site's own
// content/request.md), the first free one of /request-form/,
// /request-form-2/, ...: the site's page is kept, and the build does not
// fail for a page it did not ask for.
func requestFormURL(s *model.Site) string {
	taken := map[string]bool{}
	for _, d := range s.Docs() {
		taken[d.URL] = true
	}
	for _, a := range s.Assets {
		taken["/"+strings.TrimSuffix(a.Out, "index.html")] = true
	}
	u := requestURL
	for i := 1; taken[u]; i++ {
		u = "/request-form/"
		if i > 1 {
			u = "/request-form-" + strconv.Itoa(i) + "/"
		}
	}
	return u
}

// The record the form writes must pass `playbook check`. A native record
// requires assessed_by and risk, which only security can fill in: the form
// writes these two, and the record's text says they are security's to set.
// The risk is "medium" until assessed: a known value of the contract, the
// middle of the scale, shown on the site as the risk of a record that is
// still proposed.
const (
	requestAssessedBy = "Security team (to assign)"
	requestRisk       = "medium"
)

// requestTitleMax is the longest title the form accepts, in characters.
// The build takes a title of any length; the form keeps a new record's
// title to what reads in the lists and in a file name (`playbook new`
// names the file from its first 60 characters).
const requestTitleMax = 120

// requestMaxBytes is the largest record the build reads (load.MaxMarkdown,
// which render may not import).
const requestMaxBytes = 8 << 20

// requestData is the view of the request form.
type requestData struct {
	// Config is what request.js needs, as JSON for the form's
	// data-request attribute.
	Config string
	ID     string // the id the new record takes: "DR-0014"
	// Problem says why no record can be written (no free number); the
	// form is then not shown.
	Problem     string
	Known       []requestKnown  // the platforms and tools in the playbook, for the name's suggestions
	Host        string          // the web host the record can be opened on ("github.com"), "" without repo_url
	Email       string          // the address requests go to, "" when none is set
	ProcessURL  string          // the page that explains the request process, "" when none is named
	DataClasses []requestOption // the data classes, for "what data would it touch"
	TitleMax    int
	Actions     string // what the reader can do with the record: "copy it, download it or ..."
	AssessedBy  string // what the record says until security assigns someone
	Risk        string // the risk the record states until security assesses it
}

// requestOption is an option of a select.
type requestOption struct {
	Value string
	Label string
}

// requestKnown is a platform or tool of the playbook: a name typed in the
// form that matches one of Names makes the record refer to it.
type requestKnown struct {
	Kind   string   `json:"kind"` // "platforms" or "tools": the field the ref goes in
	Slug   string   `json:"slug"`
	Title  string   `json:"title"`
	Names  []string `json:"names"`  // its title, its file name, and each part of a title such as "X (Twitter)"
	Status string   `json:"status"` // "Approved with conditions"
	URL    string   `json:"url"`    // its page, under the base path
	Label  string   `json:"-"`      // "Platform" or "Tool", for the suggestion list
}

// requestConfig is what request.js reads from the form's data-request
// attribute.
type requestConfig struct {
	ID         string            `json:"id"`      // "DR-0014"
	Number     string            `json:"number"`  // "0014": the file name starts with it
	Dir        string            `json:"dir"`     // "content/decisions/", from the site folder
	RepoDir    string            `json:"repoDir"` // the same from the repository's top
	NewURL     string            `json:"newURL"`  // the web host's "new file" address, "" without repo_url
	NameParam  string            `json:"nameParam"`
	TextParam  string            `json:"textParam"`
	Email      string            `json:"email"`
	TitleMax   int               `json:"titleMax"`
	MaxBytes   int               `json:"maxBytes"`
	AssessedBy string            `json:"assessedBy"`
	Risk       string            `json:"risk"`
	DataLabels map[string]string `json:"dataLabels"`
	Known      []requestKnown    `json:"known"`
}

// requestPage is /request/.
func (v *viewer) requestPage() *page {
	s := v.site
	pg := v.newPage("request", requestFormURL(s), "Request a platform or tool",
		"Ask to use a social platform or tool: answer a few questions, and get the decision record security reviews.")
	pg.Scripts = []string{"/js/request.js"}
	d := &requestData{
		Host:       hostName(s),
		Email:      requestEmail(s),
		ProcessURL: s.RequestURL,
		TitleMax:   requestTitleMax,
		AssessedBy: requestAssessedBy,
		Risk:       requestRisk,
	}
	actions := []string{"copy it", "download it"}
	if d.Host != "" {
		actions = append(actions, "open it as a new file on "+d.Host)
	}
	if d.Email != "" {
		actions = append(actions, "send it by e-mail")
	}
	d.Actions = strings.Join(actions[:len(actions)-1], ", ") + " or " + actions[len(actions)-1]
	cfg := requestConfig{
		Dir:        "content/decisions/",
		Email:      d.Email,
		TitleMax:   requestTitleMax,
		MaxBytes:   requestMaxBytes,
		AssessedBy: requestAssessedBy,
		Risk:       requestRisk,
		DataLabels: map[string]string{},
	}
	cfg.RepoDir = repoPrefix(s) + cfg.Dir
	if s.DecisionsRepoDir != "" {
		// content/decisions links to a log kept elsewhere in the
		// repository: the new file goes where the log really is.
		cfg.RepoDir = s.DecisionsRepoDir
	}
	if s.RepoURL != "" {
		cfg.NewURL = strings.TrimSuffix(s.SourceURL("new", ""), "/")
		cfg.NameParam, cfg.TextParam = "filename", "value"
		if isGitLab(s) {
			cfg.NameParam, cfg.TextParam = "file_name", "content"
		}
	}
	for _, c := range model.DataClasses {
		label := capital(c) + ": " + dataClassHints[c]
		d.DataClasses = append(d.DataClasses, requestOption{Value: c, Label: label})
		cfg.DataLabels[c] = capital(c)
	}
	for _, p := range s.Platforms {
		d.Known = append(d.Known, v.known("platforms", "Platform", &p.Doc, p.Status))
	}
	for _, t := range s.Tools {
		d.Known = append(d.Known, v.known("tools", "Tool", &t.Doc, t.Status))
	}
	cfg.Known = d.Known
	if n, err := nextDecisionNumber(s); err != nil {
		d.Problem = err.Error()
	} else {
		cfg.Number = fmt.Sprintf("%04d", n)
		cfg.ID = s.IDPrefix + cfg.Number
		d.ID = cfg.ID
	}
	b, err := json.Marshal(cfg)
	if err != nil { // only plain strings and numbers: cannot happen
		panic(err)
	}
	d.Config = string(b)
	pg.Data = d
	return pg
}

// dataClassHints say what each data class holds, for people who do not
// know the classes by name.
var dataClassHints = map[string]string{
	"public":       "already published, or meant to be",
	"internal":     "drafts, plans, campaign calendars and results",
	"confidential": "customer details, orders, messages, contracts",
	"restricted":   "payment data, passwords, ID documents",
}

// known is a platform or tool as the form matches typed names against it.
func (v *viewer) known(kind, label string, d *model.Doc, status model.Approval) requestKnown {
	title := orDefault(d.Title, d.Slug)
	k := requestKnown{Kind: kind, Slug: d.Slug, Title: title, Status: approvalBadge(status).Label, URL: v.site.RelURL(d.URL), Label: label}
	k.Names = []string{title, d.Slug}
	// "X (Twitter)" is also called "X" and "Twitter".
	if outer, inner, ok := strings.Cut(title, "("); ok {
		inner, _, _ = strings.Cut(inner, ")")
		for _, n := range []string{outer, inner} {
			if n = strings.TrimSpace(n); n != "" {
				k.Names = append(k.Names, n)
			}
		}
	}
	return k
}

var decisionFileNumber = regexp.MustCompile(`^([0-9]+)[-_. ]`)

// nextDecisionNumber is the number of the next decision record, as
// `playbook new decision` (package scaffold) finds it: one more than the
// highest number in use, in native records' ids (with the site's prefix)
// and in records' file names. When that would not fit in an int, it is an
// error naming the record that holds the highest number.
func nextDecisionNumber(s *model.Site) (int, error) {
	highest, at := 0, ""
	note := func(digits, where string) {
		n, err := strconv.Atoi(digits)
		if err != nil { // only too many digits
			n = math.MaxInt
		}
		if at == "" || n > highest {
			highest, at = n, where
		}
	}
	for _, d := range s.Decisions {
		if m := decisionFileNumber.FindStringSubmatch(path.Base(d.Path)); m != nil {
			note(m[1], d.Path)
		}
		if d.Format != "native" || s.IDPrefix == "" {
			continue
		}
		if digits, ok := strings.CutPrefix(d.ID, s.IDPrefix); ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
			note(digits, d.Path)
		}
	}
	if highest == math.MaxInt {
		return 0, fmt.Errorf("%s holds the highest decision number in use, and the one after it would not fit; a new record cannot be numbered until it is renumbered", at)
	}
	return highest + 1, nil
}

// requestRev identifies the settings the request form shows beside the
// site's records: a change of repository, branch or e-mail address
// renders it again.
func requestRev(s *model.Site) uint64 {
	h := fnv.New64a()
	for _, x := range []string{s.RepoURL, s.Branch, repoPrefix(s), requestEmail(s), s.RequestURL, s.IDPrefix, s.BaseURL} {
		h.Write([]byte(x))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// requestFormFor is the template function requestForm: the request form's
// URL on the page that explains the request process (request_page), so
// that the page leads to the form; "" on every other page.
func requestFormFor(site *model.Site) func(p *page) string {
	var once sync.Once
	var form string
	return func(p *page) string {
		if p == nil || site.RequestURL == "" || p.URL != site.RequestURL {
			return ""
		}
		once.Do(func() { form = requestFormURL(site) })
		return form
	}
}

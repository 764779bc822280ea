// Package gen writes large, realistic playbook sites for benchmarks: platform
// guides, approved-tool entries, decision records and plain pages that follow
// the content contract exactly, with every ref valid and written on both
// sides, supersession pairs, and bodies with headings, lists, tables, fenced
// code and relative links between documents. The same n always gives the same
// bytes.
//
// All dates that must be in the past (date, reviewed) are before 2026; all
// dates that must be in the future (next_review, review_by) are in 2030, so a
// generated site builds with no errors and no warnings until 2030.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MinDocs is the smallest site Write makes: enough documents for every
// kind and folder to have a few.
const MinDocs = 40

// Counts is how many documents of each kind a site of n documents has.
type Counts struct {
	Platforms, Tools, Decisions int
	Pages                       int // plain pages, _index.md files included
}

// CountsFor splits n documents into about 3% platforms, 7% tools, 60%
// decisions and 30% plain pages.
func CountsFor(n int) Counts {
	p := max(2, n*3/100)
	t := max(2, n*7/100)
	d := n * 60 / 100
	return Counts{Platforms: p, Tools: t, Decisions: d, Pages: n - p - t - d}
}

// pageFolders are the folders of plain pages; each has an _index.md.
var pageFolders = []string{"pages", "policies", "processes", "guides", "guides/regions"}

// indexFiles are the _index.md files Write always makes.
var indexFiles = append([]string{"", "platforms", "tools", "decisions"}, pageFolders...)

// Write writes a site of n markdown documents into dir: dir/playbook.yaml
// and dir/content/**. dir is created when missing; files of the same names
// are replaced.
func Write(dir string, n int) error {
	if n < MinDocs {
		return fmt.Errorf("gen: a site needs at least %d documents, not %d", MinDocs, n)
	}
	s := plan(n)
	w := &writer{dir: dir}
	w.file("playbook.yaml", config)
	w.file("content/decisions/risk-matrix.svg", riskMatrix)
	for _, p := range s.platforms {
		w.file("content/platforms/"+p.slug+".md", s.platformDoc(p))
	}
	for _, t := range s.tools {
		w.file("content/tools/"+t.slug+".md", s.toolDoc(t))
	}
	for _, d := range s.decisions {
		w.file("content/decisions/"+d.file, s.decisionDoc(d))
	}
	for _, f := range indexFiles {
		w.file(path("content", f, "_index.md"), s.indexDoc(f))
	}
	for _, pg := range s.pages {
		w.file("content/"+pg.folder+"/"+pg.slug+".md", s.pageDoc(pg))
	}
	return w.err
}

func path(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "/")
}

type writer struct {
	dir  string
	err  error
	made map[string]bool
}

func (w *writer) file(rel, text string) {
	if w.err != nil {
		return
	}
	name := filepath.Join(w.dir, filepath.FromSlash(rel))
	if d := filepath.Dir(name); !w.made[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			w.err = err
			return
		}
		if w.made == nil {
			w.made = map[string]bool{}
		}
		w.made[d] = true
	}
	w.err = os.WriteFile(name, []byte(text), 0o644)
}

const config = `title: Contoso Social Media Security Playbook
description: Which social platforms and tools Contoso may use, under which conditions, and every decision behind them.
# The generated records have fixed dates; proposed and escalated ones are
# all from 2025, so this keeps them from being reported as stale until 2035.
stale_after_days: 3650
`

const riskMatrix = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img" aria-label="Risk matrix"><rect width="120" height="120" fill="#fff"/><rect x="0" y="0" width="40" height="40" fill="#f4c7c3"/><rect x="40" y="0" width="80" height="40" fill="#e06666"/><rect x="0" y="40" width="80" height="40" fill="#ffe599"/><rect x="80" y="40" width="40" height="40" fill="#f4c7c3"/><rect x="0" y="80" width="120" height="40" fill="#b6d7a8"/></svg>
`

// ---- the plan of a site ----

type platform struct {
	i            int
	slug, title  string
	status, risk string
	owner        []string
	reviewed     string
	nextReview   string
	tools        []int // tool indexes
	decisions    []int // decision indexes
	tags         []string
	handle       string
}

type tool struct {
	i                      int
	slug, title, vendor    string
	category, status, data string
	sso, mfa               string
	owner                  []string
	reviewed, nextReview   string
	conditions             []string
	platforms              []int
	decisions              []int
	url                    string
	tags                   []string
}

type decision struct {
	i                   int
	id, file, title     string
	date                string
	status, risk        string
	use                 string
	platforms, tools    []int
	requestedBy         []string
	assessedBy          []string
	decidedBy           []string
	escalatedTo         string
	conditions          []string
	reviewBy            string
	supersedes          int // -1 for none
	supersededBy        int // -1 for none
	consulted, informed []string
	tags                []string
	matrix              bool
}

type page struct {
	i                   int
	folder, slug, title string
	description         string
	weight              int
	tags                []string
	links               []string // relative links from the page's folder
	topic               string
}

type site struct {
	r         *rand.Rand
	platforms []*platform
	tools     []*tool
	decisions []*decision
	pages     []*page
	idWidth   int
}

func (s *site) pick(xs []string) string { return xs[s.r.IntN(len(xs))] }

// some picks between lo and hi distinct items of xs, in the order of xs.
func (s *site) some(xs []string, lo, hi int) []string {
	k := lo + s.r.IntN(hi-lo+1)
	idx := s.r.Perm(len(xs))[:min(k, len(xs))]
	slices.Sort(idx)
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = xs[i]
	}
	return out
}

func (s *site) chance(p float64) bool { return s.r.Float64() < p }

var (
	day0      = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	futureDay = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

func ymd(t time.Time) string { return t.Format("2006-01-02") }

// past is a date in 2024 or 2025, for reviews.
func (s *site) past() string { return ymd(lastDay.AddDate(0, 0, -s.r.IntN(700))) }

// future is a date in 2030.
func (s *site) future() string { return ymd(futureDay.AddDate(0, 0, s.r.IntN(360))) }

func plan(n int) *site {
	c := CountsFor(n)
	s := &site{r: rand.New(rand.NewPCG(2026, uint64(n))), idWidth: max(4, len(strconv.Itoa(c.Decisions)))}

	for i := range c.Platforms {
		title, slug := variant(platformNames, regions, i)
		s.platforms = append(s.platforms, &platform{
			i: i, slug: slug, title: title,
			risk:       s.pick(risks),
			owner:      s.some(marketing, 1, 2),
			reviewed:   s.past(),
			nextReview: s.future(),
			tags:       s.some(platformTags, 1, 3),
			handle:     "@contoso" + strings.ReplaceAll(slug, "-", ""),
		})
	}
	for i := range c.Tools {
		title, slug := variant(toolNames, editions, i)
		base := toolNames[i%len(toolNames)]
		t := &tool{
			i: i, slug: slug, title: title,
			vendor:     base.vendor,
			category:   base.category,
			data:       s.pick(dataClasses),
			sso:        s.pick(supports),
			mfa:        s.pick(supports),
			owner:      s.some(owners, 1, 2),
			reviewed:   s.past(),
			nextReview: s.future(),
			url:        "https://www." + strings.ToLower(strings.ReplaceAll(base.name, " ", "")) + ".example/",
			tags:       s.some(toolTags, 1, 2),
		}
		// Each tool is used on one to three platforms; the platforms list
		// it back.
		for _, p := range s.r.Perm(len(s.platforms))[:min(1+s.r.IntN(3), len(s.platforms))] {
			t.platforms = append(t.platforms, p)
			s.platforms[p].tools = append(s.platforms[p].tools, i)
		}
		slices.Sort(t.platforms)
		s.tools = append(s.tools, t)
	}

	s.planDecisions(c.Decisions)
	s.planStatuses()
	s.planPages(c.Pages - len(indexFiles))
	return s
}

// variant names the i-th item: the base names first, then each base name
// again in every market or edition.
func variant[T interface{ label() string }](bases []T, suffixes []string, i int) (title, slug string) {
	b := bases[i%len(bases)].label()
	title = b
	if k := i / len(bases); k > 0 {
		title = fmt.Sprintf("%s (%s)", b, suffixes[(k-1)%len(suffixes)])
		if k > len(suffixes) {
			title = fmt.Sprintf("%s (%s %d)", b, suffixes[(k-1)%len(suffixes)], (k-1)/len(suffixes)+1)
		}
	}
	return title, slugify(title)
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (s *site) planDecisions(n int) {
	span := int(lastDay.Sub(day0).Hours() / 24)
	// The newest accepted record of each subject, which a later record
	// of the same subject may supersede.
	latest := map[string]int{}
	for i := range n {
		d := &decision{i: i, supersedes: -1, supersededBy: -1}
		d.id = fmt.Sprintf("DR-%0*d", s.idWidth, i+1)
		d.date = ymd(day0.AddDate(0, 0, i*span/max(1, n-1)))
		d.use = s.pick(uses)
		var subject string
		switch r := s.r.Float64(); {
		case r < 0.35:
			p := s.r.IntN(len(s.platforms))
			d.platforms = []int{p}
			d.title = fmt.Sprintf("%s for %s", s.platforms[p].title, d.use)
			subject = "p" + strconv.Itoa(p)
		case r < 0.85:
			t := s.r.IntN(len(s.tools))
			d.tools = []int{t}
			if s.chance(0.2) {
				if u := s.r.IntN(len(s.tools)); u != t {
					d.tools = append(d.tools, u)
					slices.Sort(d.tools)
				}
			}
			d.title = fmt.Sprintf("%s with %s", s.tools[t].title, s.pick(features))
			subject = "t" + strconv.Itoa(t)
		default:
			p, t := s.r.IntN(len(s.platforms)), s.r.IntN(len(s.tools))
			d.platforms, d.tools = []int{p}, []int{t}
			d.title = fmt.Sprintf("%s on %s for %s", s.tools[t].title, s.platforms[p].title, d.use)
			subject = "t" + strconv.Itoa(t)
		}
		d.file = fmt.Sprintf("%0*d-%s.md", s.idWidth, i+1, trimSlug(slugify(d.title), 48))
		d.risk = s.pick(risks)
		d.requestedBy = s.some(marketing, 1, 2)
		d.assessedBy = s.some(security, 1, 2)
		d.tags = s.some(decisionTags, 1, 3)
		d.matrix = s.chance(0.1)
		if s.chance(0.3) {
			d.consulted = s.some(others, 1, 2)
		}
		if s.chance(0.3) {
			d.informed = s.some(others, 1, 1)
		}

		// Open records are the newest ones, as in a real log.
		open := i >= n*9/10
		switch r := s.r.Float64(); {
		case open && r < 0.2:
			d.status = "proposed"
		case open && r < 0.35:
			d.status = "escalated"
			d.escalatedTo = s.pick(executives)
		case r < 0.70:
			d.status = "accepted"
		case r < 0.84:
			d.status = "rejected"
		case r < 0.92:
			d.status = "withdrawn"
		default:
			d.status = "deprecated"
		}
		switch d.status {
		case "accepted", "rejected", "deprecated":
			d.decidedBy = s.some(deciders, 1, 2)
		}
		if d.status == "accepted" {
			if s.chance(0.6) {
				d.conditions = s.some(conditions, 1, 3)
			}
			if s.chance(0.5) {
				d.reviewBy = s.future()
			}
			// About one accepted record in four replaces the previous
			// accepted record of its subject.
			if old, ok := latest[subject]; ok && s.chance(0.25) {
				o := s.decisions[old]
				o.status, o.supersededBy = "superseded", i
				d.supersedes = old
			}
			latest[subject] = i
		}
		s.decisions = append(s.decisions, d)
	}
}

func trimSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return s
}

// planStatuses links each record to its platforms and tools on both sides
// and sets every platform's and tool's status to agree with its latest
// accepted or rejected decision.
func (s *site) planStatuses() {
	latestP := make([]*decision, len(s.platforms))
	latestT := make([]*decision, len(s.tools))
	for _, d := range s.decisions {
		decided := d.status == "accepted" || d.status == "rejected"
		for _, p := range d.platforms {
			s.platforms[p].decisions = append(s.platforms[p].decisions, d.i)
			if decided {
				latestP[p] = d
			}
		}
		for _, t := range d.tools {
			s.tools[t].decisions = append(s.tools[t].decisions, d.i)
			if decided {
				latestT[t] = d
			}
		}
	}
	status := func(d *decision, undecided string) string {
		switch {
		case d == nil:
			return undecided
		case d.status == "rejected":
			return "not-approved"
		case len(d.conditions) > 0:
			return "conditional"
		}
		return "approved"
	}
	for i, p := range s.platforms {
		p.status = status(latestP[i], "under-review")
	}
	for i, t := range s.tools {
		undecided := "under-review"
		if i%5 == 4 {
			undecided = "retired"
		}
		t.status = status(latestT[i], undecided)
		if t.status == "conditional" {
			t.conditions = latestT[i].conditions
		}
	}
}

func (s *site) planPages(n int) {
	counts := map[string]int{}
	for i := range n {
		folder := pageFolders[i%len(pageFolders)]
		pg := &page{i: i, folder: folder, weight: i/len(pageFolders) + 1}
		if i == 0 {
			pg.slug, pg.title, pg.topic = "glossary", "Glossary", "glossary"
			pg.description = "The terms used across the playbook, from MFA to supersession."
		} else {
			topic := topics[(i/len(pageFolders))%len(topics)]
			counts[folder+topic]++
			pg.topic = topic
			pg.title = strings.ToUpper(topic[:1]) + strings.ReplaceAll(topic[1:], "-", " ")
			pg.slug = topic
			if k := counts[folder+topic]; k > 1 {
				pg.title += fmt.Sprintf(" (part %d)", k)
				pg.slug += "-" + strconv.Itoa(k)
			}
			pg.description = fmt.Sprintf("How Contoso handles %s on social media.", strings.ReplaceAll(topic, "-", " "))
		}
		pg.tags = s.some(pageTags, 1, 2)
		s.pages = append(s.pages, pg)
	}
	// Each page links to a sibling page written before it.
	for _, pg := range s.pages {
		if pg.i >= len(pageFolders) {
			prev := s.pages[pg.i-len(pageFolders)]
			pg.links = append(pg.links, prev.slug+".md")
		}
	}
}

// ---- documents ----

type doc struct{ b strings.Builder }

func (d *doc) line(format string, args ...any) {
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

func (d *doc) field(name, value string) {
	if value != "" {
		d.line("%s: %s", name, scalar(value, false))
	}
}

// date writes a YYYY-MM-DD date plainly, as authors do.
func (d *doc) date(name, value string) {
	if value != "" {
		d.line("%s: %s", name, value)
	}
}

// people writes a name or, for more than one, a flow list.
func (d *doc) people(name string, ps []string) {
	switch len(ps) {
	case 0:
	case 1:
		d.field(name, ps[0])
	default:
		d.flow(name, ps)
	}
}

func (d *doc) flow(name string, xs []string) {
	if len(xs) == 0 {
		return
	}
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = scalar(x, true)
	}
	d.line("%s: [%s]", name, strings.Join(q, ", "))
}

func (d *doc) block(name string, xs []string) {
	if len(xs) == 0 {
		return
	}
	d.line("%s:", name)
	for _, x := range xs {
		d.line("  - %s", scalar(x, false))
	}
}

func (d *doc) String() string { return d.b.String() }

// scalar writes a YAML string plainly when that is safe, else quoted. In a
// flow list ([a, b]) commas and brackets need quotes too.
func scalar(s string, flow bool) string {
	plain := s != "" && (s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":") &&
		!strings.ContainsAny(s, "\"'\\\n\t") && !(flow && strings.ContainsAny(s, "[]{},"))
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		plain = false
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

func (s *site) decisionRef(i int) string { return s.decisions[i].id }

func (s *site) decisionRefs(is []int) []string {
	out := make([]string, len(is))
	for j, i := range is {
		out[j] = s.decisionRef(i)
	}
	return out
}

func (s *site) platformDoc(p *platform) string {
	var d doc
	d.line("---")
	d.field("title", p.title)
	d.field("status", p.status)
	d.field("risk", p.risk)
	d.people("owner", p.owner)
	d.date("reviewed", p.reviewed)
	d.date("next_review", p.nextReview)
	d.block("controls", s.some(controls, 2, 4))
	d.block("allowed_uses", s.some(uses, 1, 3))
	d.block("accounts", []string{p.handle + " — brand account"})
	var tools []string
	for _, t := range p.tools {
		tools = append(tools, s.tools[t].slug)
	}
	d.flow("tools", tools)
	d.flow("decisions", s.decisionRefs(p.decisions))
	d.flow("tags", p.tags)
	d.line("---")

	d.line("%s is **%s** for Contoso. Read the controls above before you post, and tell %s when one of them lapses.", p.title, p.status, p.owner[0])
	d.line("")
	if len(p.decisions) > 0 {
		last := s.decisions[p.decisions[len(p.decisions)-1]]
		d.line("The latest record is [%s](../decisions/%s): %s.", last.id, last.file, last.title)
		d.line("")
	}
	d.line("## Account setup")
	d.line("")
	for k, step := range s.some(setupSteps, 3, 5) {
		d.line("%d. %s", k+1, step)
	}
	d.line("")
	d.line("## Roles")
	d.line("")
	d.line("| Role | Who | Can |")
	d.line("|---|---|---|")
	d.line("| Admin | %s | Manage people, billing and security settings |", p.owner[0])
	d.line("| Publisher | %s | Publish and schedule posts |", s.pick(marketing))
	d.line("| Analyst | %s | View analytics only |", s.pick(others))
	d.line("")
	if len(p.tools) > 0 {
		d.line("## Tools")
		d.line("")
		for _, t := range p.tools {
			tt := s.tools[t]
			d.line("- [%s](../tools/%s.md): %s, from %s", tt.title, tt.slug, tt.category, tt.vendor)
		}
		d.line("")
	}
	d.line("## Verification")
	d.line("")
	d.line("IT Operations keeps the domain claim in DNS:")
	d.line("")
	d.line("```text")
	d.line("contoso.example.  3600  IN  TXT  \"%s-site-verification=%016x\"", strings.SplitN(p.slug, "-", 2)[0], s.r.Uint64())
	d.line("```")
	d.line("")
	d.line("See [MFA](../pages/glossary.md) in the glossary for what counts as a second factor.")
	return d.String()
}

func (s *site) toolDoc(t *tool) string {
	var d doc
	d.line("---")
	d.field("title", t.title)
	d.field("vendor", t.vendor)
	d.field("category", t.category)
	d.field("status", t.status)
	d.field("data", t.data)
	d.field("sso", t.sso)
	d.field("mfa", t.mfa)
	d.people("owner", t.owner)
	d.date("reviewed", t.reviewed)
	d.date("next_review", t.nextReview)
	d.block("conditions", t.conditions)
	var ps []string
	for _, p := range t.platforms {
		ps = append(ps, s.platforms[p].slug)
	}
	d.flow("platforms", ps)
	d.flow("decisions", s.decisionRefs(t.decisions))
	d.field("url", t.url)
	d.flow("tags", t.tags)
	d.line("---")

	d.line("%s is a %s tool from %s. It may hold **%s** data at most.", t.title, strings.ToLower(t.category), t.vendor, t.data)
	d.line("")
	d.line("## Access")
	d.line("")
	d.line("| Control | Setting | Why |")
	d.line("|---|---|---|")
	d.line("| Single sign-on | %s | Leavers lose access in one place |", t.sso)
	d.line("| MFA | %s | Stops reused passwords |", t.mfa)
	d.line("| Seats | Per user | Every action is traceable to a person |")
	d.line("")
	if len(t.conditions) > 0 {
		d.line("## Conditions")
		d.line("")
		for _, c := range t.conditions {
			d.line("- %s", c)
		}
		d.line("")
	}
	d.line("## Connected platforms")
	d.line("")
	for _, p := range t.platforms {
		pp := s.platforms[p]
		d.line("- [%s](../platforms/%s.md), connected from an admin seat.", pp.title, pp.slug)
	}
	d.line("")
	d.line("## Offboarding")
	d.line("")
	d.line("Revoke the tool's tokens from every connected account, then export the audit log:")
	d.line("")
	d.line("```sh")
	d.line("curl -s -H \"Authorization: Bearer $TOKEN\" %sapi/v2/audit?since=90d > audit.json", t.url)
	d.line("```")
	d.line("")
	if len(t.decisions) > 0 {
		d.line("Decisions: ")
		for _, i := range t.decisions {
			dd := s.decisions[i]
			d.line("- [%s](../decisions/%s) (%s)", dd.id, dd.file, dd.status)
		}
		d.line("")
	}
	d.line("See the [glossary](../pages/glossary.md) for SSO and data classes.")
	return d.String()
}

func (s *site) decisionDoc(dr *decision) string {
	var d doc
	d.line("---")
	d.field("id", dr.id)
	d.field("title", dr.title)
	d.date("date", dr.date)
	d.field("status", dr.status)
	d.people("requested_by", dr.requestedBy)
	d.people("assessed_by", dr.assessedBy)
	d.field("risk", dr.risk)
	d.people("decided_by", dr.decidedBy)
	d.field("escalated_to", dr.escalatedTo)
	d.block("conditions", dr.conditions)
	d.date("review_by", dr.reviewBy)
	if dr.supersedes >= 0 {
		d.flow("supersedes", []string{s.decisionRef(dr.supersedes)})
	}
	if dr.supersededBy >= 0 {
		d.field("superseded_by", s.decisionRef(dr.supersededBy))
	}
	var ps, ts []string
	for _, p := range dr.platforms {
		ps = append(ps, s.platforms[p].slug)
	}
	for _, t := range dr.tools {
		ts = append(ts, s.tools[t].slug)
	}
	d.flow("platforms", ps)
	d.flow("tools", ts)
	d.people("consulted", dr.consulted)
	d.people("informed", dr.informed)
	d.flow("tags", dr.tags)
	d.line("---")

	var subjects []string
	for _, p := range dr.platforms {
		pp := s.platforms[p]
		subjects = append(subjects, fmt.Sprintf("[%s](../platforms/%s.md)", pp.title, pp.slug))
	}
	for _, t := range dr.tools {
		tt := s.tools[t]
		subjects = append(subjects, fmt.Sprintf("[%s](../tools/%s.md)", tt.title, tt.slug))
	}
	d.line("## Business need")
	d.line("")
	d.line("%s asks to use %s for %s. %s", dr.requestedBy[0], strings.Join(subjects, " and "), dr.use, s.pick(needs))
	d.line("")
	d.line("## Risk assessment")
	d.line("")
	d.line("%s rated the risk **%s**.", dr.assessedBy[0], dr.risk)
	d.line("")
	d.line("| Risk | Likelihood | Impact | Control |")
	d.line("|---|---|---|---|")
	for _, r := range s.r.Perm(len(riskRows))[:2+s.r.IntN(3)] {
		d.line("| %s | %s | %s | %s |", riskRows[r][0], s.pick(levels), s.pick(levels), riskRows[r][1])
	}
	d.line("")
	if dr.matrix {
		d.line("![Risk matrix](risk-matrix.svg)")
		d.line("")
	}
	d.line("## Options")
	d.line("")
	for k, o := range s.some(options, 2, 3) {
		d.line("%d. %s", k+1, o)
	}
	d.line("")
	d.line("## Decision")
	d.line("")
	switch dr.status {
	case "accepted", "superseded":
		d.line("Accepted by %s.", strings.Join(dr.decidedBy, " and "))
	case "rejected":
		d.line("Rejected by %s: the risk is higher than the business need justifies.", strings.Join(dr.decidedBy, " and "))
	case "deprecated":
		d.line("Deprecated by %s: the practice it allowed has ended.", strings.Join(dr.decidedBy, " and "))
	case "withdrawn":
		d.line("Withdrawn by %s before a decision.", dr.requestedBy[0])
	case "escalated":
		d.line("Marketing and Security did not agree; the request is with %s.", dr.escalatedTo)
	default:
		d.line("Not decided yet.")
	}
	if dr.supersedes >= 0 {
		o := s.decisions[dr.supersedes]
		d.line("It replaces [%s](%s).", o.id, o.file)
	}
	if dr.supersededBy >= 0 {
		n := s.decisions[dr.supersededBy]
		d.line("It was replaced by [%s](%s).", n.id, n.file)
	}
	d.line("")
	if len(dr.conditions) > 0 {
		d.line("## Conditions")
		d.line("")
		for _, c := range dr.conditions {
			d.line("- %s", c)
		}
		d.line("")
	}
	d.line("## Consequences")
	d.line("")
	d.line("- The %s shows this record on its page.", strings.Join(kinds(dr), " and "))
	d.line("- Questions go to %s.", dr.assessedBy[0])
	d.line("")
	d.line("```yaml")
	d.line("record: %s", dr.id)
	d.line("risk: %s", dr.risk)
	d.line("mfa: required")
	d.line("retention_days: %d", 30*(1+s.r.IntN(12)))
	d.line("```")
	d.line("")
	d.line("Terms are explained in the [glossary](../pages/glossary.md).")
	return d.String()
}

func kinds(d *decision) []string {
	var out []string
	if len(d.platforms) > 0 {
		out = append(out, "platform guide")
	}
	if len(d.tools) > 0 {
		out = append(out, "tool entry")
	}
	return out
}

func (s *site) indexDoc(folder string) string {
	var d doc
	title := map[string]string{
		"":               "Contoso Social Media Security Playbook",
		"platforms":      "Platforms",
		"tools":          "Tools",
		"decisions":      "Decision log",
		"pages":          "Guidance",
		"policies":       "Policies",
		"processes":      "Processes",
		"guides":         "Guides",
		"guides/regions": "Regional guides",
	}[folder]
	d.line("---")
	d.field("title", title)
	d.line("---")
	switch folder {
	case "":
		d.line("Can you use a platform or a tool? Look it up below, or read the [glossary](pages/glossary.md).")
	case "decisions":
		d.line("Every request to use a platform or a tool, and what was decided. The first record is [%s](%s).", s.decisions[0].id, s.decisions[0].file)
	default:
		d.line("Everything about %s.", strings.ToLower(title))
	}
	return d.String()
}

func (s *site) pageDoc(pg *page) string {
	up := strings.Repeat("../", strings.Count(pg.folder, "/")+1)
	var d doc
	d.line("---")
	d.field("title", pg.title)
	d.field("description", pg.description)
	d.line("weight: %d", pg.weight)
	d.flow("tags", pg.tags)
	d.line("---")
	p := s.platforms[s.r.IntN(len(s.platforms))]
	t := s.tools[s.r.IntN(len(s.tools))]
	dr := s.decisions[s.r.IntN(len(s.decisions))]
	d.line("%s This page applies to every platform, from [%s](%splatforms/%s.md) to [%s](%stools/%s.md).", pg.description, p.title, up, p.slug, t.title, up, t.slug)
	d.line("")
	d.line("## Why it matters")
	d.line("")
	d.line("%s The rule comes from [%s](%sdecisions/%s).", s.pick(needs), dr.id, up, dr.file)
	d.line("")
	d.line("## Steps")
	d.line("")
	for k, step := range s.some(setupSteps, 3, 5) {
		d.line("%d. %s", k+1, step)
	}
	d.line("")
	d.line("## Who does what")
	d.line("")
	d.line("| Role | Person | Responsibility |")
	d.line("|---|---|---|")
	d.line("| Owner | %s | Keeps this page current |", s.pick(marketing))
	d.line("| Reviewer | %s | Checks it against the risk register |", s.pick(security))
	d.line("| Approver | %s | Signs off changes |", s.pick(deciders))
	d.line("")
	d.line("## Checklist")
	d.line("")
	for _, c := range s.some(controls, 2, 4) {
		d.line("- [ ] %s", c)
	}
	d.line("")
	d.line("```json")
	d.line(`{"page": %q, "owner": %q, "review_days": %d}`, pg.slug, s.pick(owners), 90*(1+s.r.IntN(4)))
	d.line("```")
	d.line("")
	for _, l := range pg.links {
		d.line("Read next: [the previous page](%s).", l)
	}
	if pg.slug != "glossary" {
		d.line("Terms are explained in the [glossary](%spages/glossary.md).", up)
	}
	return d.String()
}

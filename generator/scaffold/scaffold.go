// Package scaffold is the room of `playbook new`: it writes one new content
// file (a platform guide, a tool entry or a decision record) with every
// required field in place, today's date, and for a decision the next free
// id. It reads the site folder only to find the ids and names in use, and
// writes exactly one new file, never over an existing one. It may import
// model, config, diag, golang.org/x/text (to make file names) and the
// standard library.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"playbook/generator/config"
	"playbook/generator/diag"
	"playbook/generator/model"
)

// Kinds are the kinds of file `new` writes.
var Kinds = []string{"platform", "tool", "decision"}

// Options says what to write.
type Options struct {
	Source string     // the site folder
	Kind   string     // "platform", "tool" or "decision"
	Title  string     // the new entry's title
	Today  model.Date // the date written into the file
}

// Result says what was written.
type Result struct {
	Path string // slash path relative to the site folder
	ID   string // the new decision's id, "" for other kinds
	Todo []string
}

// New writes the new file.
func New(opts Options) (Result, error) {
	title := strings.TrimSpace(opts.Title)
	if title == "" {
		return Result{}, errors.New("the title is empty; expected a title such as \"Threads for product launches\"")
	}
	if strings.ContainsAny(title, "\n\r") {
		return Result{}, errors.New("the title holds a line break; expected one line")
	}
	slug := Slug(title)
	if slug == "" {
		return Result{}, fmt.Errorf("the title %q has no letters or digits to name the file with", title)
	}
	if _, err := model.ParseDate(opts.Today.String()); err != nil {
		return Result{}, fmt.Errorf("today is %s; expected a date from 0001-01-01 to 9999-12-31 to write into the file (check SOURCE_DATE_EPOCH and the clock)", opts.Today)
	}
	cfg, probs := config.Load(opts.Source)
	if probs.HasErrors() {
		return Result{}, fmt.Errorf("%s", probs[0].String())
	}
	var r Result
	var text string
	switch opts.Kind {
	case "platform":
		r.Path = "content/platforms/" + slug + ".md"
		text = platform(title, opts.Today)
		r.Todo = []string{"risk", "owner"}
	case "tool":
		r.Path = "content/tools/" + slug + ".md"
		text = tool(title, opts.Today)
		r.Todo = []string{"vendor", "category", "data", "sso", "mfa", "owner"}
	case "decision":
		if same, _ := filepath.Glob(filepath.Join(opts.Source, "content", "decisions", "*-"+slug+".md")); len(same) > 0 {
			rel, _ := filepath.Rel(opts.Source, same[0])
			return Result{}, fmt.Errorf("%s already records a decision with this title; it was left as it is (choose another title, or edit that file)", filepath.ToSlash(rel))
		}
		n, err := nextNumber(opts.Source, cfg.IDPrefix)
		if err != nil {
			return Result{}, err
		}
		r.ID = fmt.Sprintf("%s%04d", cfg.IDPrefix, n)
		r.Path = fmt.Sprintf("content/decisions/%04d-%s.md", n, slug)
		text = decision(r.ID, title, opts.Today)
		r.Todo = []string{"requested_by", "assessed_by", "risk"}
	default:
		return Result{}, fmt.Errorf("unknown kind %q; expected one of %s", opts.Kind, strings.Join(Kinds, ", "))
	}
	name := filepath.Join(opts.Source, filepath.FromSlash(r.Path))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return Result{}, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return Result{}, fmt.Errorf("%s already exists; it was left as it is (choose another title, or edit that file)", r.Path)
	}
	if err != nil {
		return Result{}, err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		os.Remove(name)
		return Result{}, err
	}
	return r, f.Close()
}

// Slug makes a file name from a title: lower case ASCII letters and digits
// joined by hyphens, accents dropped ("Café Ads (EU)" → "cafe-ads-eu").
func Slug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

var fileNumber = regexp.MustCompile(`^([0-9]+)[-_. ]`)

// headSize is how much of a record nextNumber reads to find its id.
const headSize = 4096

// nextNumber is one more than the highest decision number in use, from ids
// in front matter and numbers in file names. When that would not fit in an
// int, it is an error naming where the highest number stands: an id such as
// DR-99999999999999999999 must not wrap the next one around to a negative
// number.
func nextNumber(source, prefix string) (int, error) {
	dir := filepath.Join(source, "content", "decisions")
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	idField := regexp.MustCompile(`(?m)^id:[ \t]*["']?(` + regexp.QuoteMeta(prefix) + `([0-9]+))["']?[ \t]*\r?$`)
	// highest is the highest number seen and where it stands; math.MaxInt
	// stands for every number beyond it too.
	var highest struct {
		n    int
		at   diag.Diagnostic // the file, line and column; Msg says what
		seen bool
	}
	note := func(digits string, at diag.Diagnostic) {
		n, err := strconv.Atoi(digits)
		if err != nil { // only too many digits: the patterns allow nothing else
			n = math.MaxInt
		}
		if !highest.seen || n > highest.n {
			highest.n, highest.at, highest.seen = n, at, true
		}
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		file := "content/decisions/" + e.Name()
		if m := fileNumber.FindStringSubmatch(e.Name()); m != nil {
			note(m[1], diag.Diagnostic{File: file, Msg: "the number " + m[1] + " in the file name"})
		}
		head, err := readHead(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		for _, m := range idField.FindAllSubmatchIndex(head, -1) {
			line := 1 + bytes.Count(head[:m[0]], []byte("\n"))
			col := m[2] - m[0] + 1
			note(string(head[m[4]:m[5]]), diag.Diagnostic{File: file, Line: line, Col: col, Msg: "the id " + string(head[m[2]:m[3]])})
		}
	}
	if highest.n == math.MaxInt {
		d := highest.at
		d.Msg = fmt.Sprintf("%s is the highest decision number in use, and the one after it would not fit (decision numbers go up to %d); expected a smaller number there, then run playbook new again", d.Msg, math.MaxInt)
		return 0, errors.New(d.String())
	}
	return highest.n + 1, nil
}

// readHead reads the start of a record, where its id stands. It reads only
// regular files (a named pipe would wait for a writer for ever) and only
// their first headSize bytes.
func readHead(name string) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, headSize))
}

// quote writes a YAML string that survives any title.
func quote(s string) string {
	return strconv.Quote(s)
}

// nextReview is the review date written into a new guide or entry: a year
// after today, on the 28th of the month at the latest (a date every month
// has), or 9999-12-31, the last date front matter can hold.
func nextReview(today model.Date) model.Date {
	next := model.Date{Year: today.Year + 1, Month: today.Month, Day: min(today.Day, 28)}
	if next.Year > 9999 {
		return model.Date{Year: 9999, Month: 12, Day: 31}
	}
	return next
}

func platform(title string, today model.Date) string {
	next := nextReview(today)
	return `---
title: ` + quote(title) + `
status: under-review   # approved | conditional | under-review | not-approved | retired
risk:                  # low | medium | high | critical
owner:                 # who keeps this guide up to date
reviewed: ` + today.String() + `
next_review: ` + next.String() + `
controls: []           # safeguards required before use
allowed_uses: []
accounts: []
tools: []              # tool file names, e.g. hootsuite
decisions: []          # decision ids, e.g. DR-0007
tags: []
---
## Accounts and access

Who holds the accounts, how admins sign in, and which MFA they use.

## Allowed uses

What the business may do on ` + title + `, and what it may not.

## Brand safety

What may be posted, who approves it, and how to handle comments.

## If something goes wrong

Who to call and what to do first. See the account takeover runbook.
`
}

func tool(title string, today model.Date) string {
	next := nextReview(today)
	return `---
title: ` + quote(title) + `
vendor:                # the company that sells it
category:              # e.g. Social media management
status: under-review   # approved | conditional | under-review | not-approved | retired
data:                  # highest data class allowed: public | internal | confidential | restricted
sso:                   # enforced | supported | unsupported
mfa:                   # enforced | supported | unsupported
owner:                 # who keeps this entry up to date
reviewed: ` + today.String() + `
next_review: ` + next.String() + `
conditions: []         # required when the status is conditional
platforms: []          # platform file names, e.g. pinterest
decisions: []          # decision ids, e.g. DR-0007
tags: []
---
## What it is for

## How to use it safely

## Conditions
`
}

func decision(id, title string, today model.Date) string {
	return `---
id: ` + id + `
title: ` + quote(title) + `
date: ` + today.String() + `
status: proposed
requested_by:          # who on the business side asks for it
assessed_by:           # who in security assesses the risk
risk:                  # low | medium | high | critical
decided_by: []         # required once accepted or rejected
conditions: []
platforms: []          # platform file names, e.g. pinterest
tools: []              # tool file names, e.g. hootsuite
consulted: []
informed: []
tags: []
---
## Business need

What marketing wants to do, for whom, and why now.

## Risk assessment

What security found: data involved, account security, vendor, legal.

## Options

1. 
2. 

## Decision

## Conditions

## Consequences
`
}

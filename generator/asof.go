package generator

import (
	"os"

	"playbook/generator/history"
	"playbook/generator/model"
)

// asOfBuild is what the build of a commit's copy of the site needs to
// know of the repository it came from.
type asOfBuild struct {
	repo   string // the site folder in the working copy, for git log
	commit string // the commit, in full
	info   *model.AsOf
}

// buildAsOf builds the site exactly as the repository held it at the last
// commit on or before opts.AsOf (a date), or at that revision: the commit's
// files are copied out of git into a temporary folder and built from
// there into the usual output folder, with "today" the date asked for (so
// reviews are overdue as they were then), every page's history read at
// that commit, and a banner naming the date and the commit on every page.
func buildAsOf(opts Options) (Result, error) {
	c, err := history.Resolve(opts.Source, opts.AsOf)
	if err != nil {
		return Result{}, err
	}
	date := c.Date
	if d, err := model.ParseDate(opts.AsOf); err == nil {
		date = d
	}
	tmp, err := os.MkdirTemp("", "playbook-as-of-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)
	if err := history.Checkout(opts.Source, c, tmp); err != nil {
		return Result{}, err
	}
	inner := opts
	inner.Source, inner.AsOf = tmp, ""
	inner.asOf = &asOfBuild{repo: opts.Source, commit: c.Hash, info: &model.AsOf{Date: date, Commit: c.Short, Subject: c.Subject}}
	return Build(inner)
}

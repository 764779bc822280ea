package load

import (
	"os"
	"path/filepath"
	"testing"

	"playbook/generator/check"
	"playbook/generator/config"
	"playbook/generator/link"
	"playbook/generator/model"
)

// FuzzLoad writes one fuzzed file among a few good ones and loads and checks
// the site: front matter, markdown and refs together. Problems are fine;
// panics, hangs and problems without a file are not.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: P\nstatus: approved\nrisk: low\nowner: O\nreviewed: 2026-01-01\nnext_review: 2027-01-01\ntools: [t]\ndecisions: [DR-0001]\n---\nSee [t](../tools/t.md).\n",
		"---\ntitle: P\nstatus: nope\n---\n[broken](missing.md)\n",
		"---\nid: DR-0001\n---\n",
		"# 7. Imported\n\nDate: 2026-01-01\n\n## Status\n\nSuperseded by [1. X](0001-x.md)\n",
		"\xff\xfe binary \x00",
		"",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
	}
	where := []string{"content/platforms/p.md", "content/tools/z.md", "content/decisions/0007-x.md", "content/pages/x.md"}
	f.Fuzz(func(t *testing.T, text string, kind uint8) {
		dir := t.TempDir()
		files := map[string]string{
			"content/tools/t.md":          "---\ntitle: T\nvendor: V\ncategory: C\nstatus: approved\ndata: public\nsso: enforced\nmfa: enforced\nowner: O\nreviewed: 2026-01-01\nnext_review: 2027-01-01\n---\n",
			"content/decisions/0001-x.md": "---\nid: DR-0001\ntitle: X\ndate: 2026-01-01\nstatus: accepted\nrequested_by: A\nassessed_by: B\nrisk: low\ndecided_by: C\n---\n",
		}
		files[where[int(kind)%len(where)]] = text
		for name, body := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(body), 0o644)
		}
		s, probs := Site(Options{Source: dir, Config: config.Default(), Today: model.Date{Year: 2026, Month: 6, Day: 1}})
		if !probs.HasErrors() {
			link.Site(s)
			probs.Add(check.Site(s))
		}
		for _, p := range probs {
			if p.File == "" || p.Msg == "" {
				t.Errorf("problem without a file or a message: %+v", p)
			}
		}
	})
}

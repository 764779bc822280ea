package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"playbook/generator/model"
)

var today = model.Date{Year: 2026, Month: 6, Day: 1}

// site makes a site folder holding the given files.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func record(id string) string {
	return "---\nid: " + id + "\ntitle: T\ndate: 2026-01-01\nstatus: proposed\n---\n"
}

// The next id is one more than the highest number in use, however it is
// written, as long as that fits.
func TestNextID(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"none yet", nil, "DR-0001"},
		{"from an id", map[string]string{"content/decisions/0001-a.md": record("DR-0012")}, "DR-0013"},
		{"from a file name", map[string]string{"content/decisions/0041-a.md": "# 41. A\n"}, "DR-0042"},
		{"quoted, with CRLF", map[string]string{"content/decisions/a.md": "---\r\nid: \"DR-0007\"\r\n---\r\n"}, "DR-0008"},
		{"leading zeros", map[string]string{"content/decisions/a.md": record("DR-00000000000000000000000000041")}, "DR-0042"},
		{"another prefix is not ours", map[string]string{"content/decisions/a.md": record("XDR-0099"), "content/decisions/b.md": record("DR-0003")}, "DR-0004"},
		{"the largest that leaves room", map[string]string{"content/decisions/a.md": record("DR-9223372036854775806")}, "DR-9223372036854775807"},
	}
	for _, c := range cases {
		dir := site(t, c.files)
		r, err := New(Options{Source: dir, Kind: "decision", Title: "Next", Today: today})
		if err != nil || r.ID != c.want {
			t.Errorf("%s: New = %q, %v; want %s", c.name, r.ID, err, c.want)
		}
	}
}

// A number too large for the next one to fit is an error naming the file,
// the line and the number, never a negative or wrapped id; nothing is
// written.
func TestNextIDDoesNotFit(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an id", map[string]string{
			"content/decisions/0007-big.md": record("DR-99999999999999999999"),
			"content/decisions/0008-ok.md":  record("DR-0008"),
		}, "content/decisions/0007-big.md:2:5: the id DR-99999999999999999999 is the highest decision number in use, and the one after it would not fit (decision numbers go up to 9223372036854775807); expected a smaller number there, then run playbook new again"},
		{"the largest number", map[string]string{
			"content/decisions/a.md": "---\ntitle: T\nid: 'DR-9223372036854775807'\n---\n",
		}, "content/decisions/a.md:3:6: the id DR-9223372036854775807 is the highest decision number in use, and the one after it would not fit (decision numbers go up to 9223372036854775807); expected a smaller number there, then run playbook new again"},
		{"a file name", map[string]string{
			"content/decisions/0001-a.md":                 record("DR-0001"),
			"content/decisions/99999999999999999999-b.md": "# B\n",
		}, "content/decisions/99999999999999999999-b.md: the number 99999999999999999999 in the file name is the highest decision number in use, and the one after it would not fit (decision numbers go up to 9223372036854775807); expected a smaller number there, then run playbook new again"},
		{"a hostile file name", map[string]string{
			"content/decisions/99999999999999999999-\x1b[31mred.md": "# B\n",
		}, `content/decisions/99999999999999999999-\x1b[31mred.md: the number 99999999999999999999 in the file name is the highest decision number in use, and the one after it would not fit (decision numbers go up to 9223372036854775807); expected a smaller number there, then run playbook new again`},
	}
	for _, c := range cases {
		dir := site(t, c.files)
		r, err := New(Options{Source: dir, Kind: "decision", Title: "Next", Today: today})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: New = %+v, %v\nwant error %s", c.name, r, err, c.want)
		}
		if ms, _ := filepath.Glob(filepath.Join(dir, "content/decisions/*-next.md")); len(ms) > 0 {
			t.Errorf("%s: %v written", c.name, ms)
		}
	}
}

// The review date a year ahead stays a date front matter can hold, and a
// "today" beyond it is refused.
func TestNewDatesAtTheEdges(t *testing.T) {
	dir := site(t, nil)
	r, err := New(Options{Source: dir, Kind: "tool", Title: "Late", Today: model.Date{Year: 9999, Month: 3, Day: 31}})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, r.Path))
	for _, want := range []string{"\nreviewed: 9999-03-31\n", "\nnext_review: 9999-12-31\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("%s lacks %q:\n%s", r.Path, want, text)
		}
	}
	r, err = New(Options{Source: dir, Kind: "platform", Title: "Early", Today: model.Date{Year: 1, Month: 1, Day: 31}})
	text, _ = os.ReadFile(filepath.Join(dir, r.Path))
	if err != nil || !strings.Contains(string(text), "\nnext_review: 0002-01-28\n") {
		t.Errorf("platform from 0001-01-31: %v\n%s", err, text)
	}
	_, err = New(Options{Source: dir, Kind: "platform", Title: "Too late", Today: model.Date{Year: 10000, Month: 1, Day: 1}})
	if want := "today is 10000-01-01; expected a date from 0001-01-01 to 9999-12-31 to write into the file (check SOURCE_DATE_EPOCH and the clock)"; err == nil || err.Error() != want {
		t.Errorf("year 10000: %v, want %s", err, want)
	}
}

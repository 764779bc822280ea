package history

import (
	"path/filepath"
	"reflect"
	"testing"

	"playbook/generator/model"
)

// parseLog reads commits by position: a commit without files (a merge), an
// empty subject or a file name starting with a line break shift nothing.
func TestParseLog(t *testing.T) {
	t.Parallel()
	out := "\x00m1\x002026-03-01\x00Kim\x00Merge side\x00" +
		"\x00h2\x002026-02-01\x00Dana\x00\x00\na.md\x00\nodd.md\x00" +
		"\x00h3\x00not a date\x00Eve\x00x\x00\nb.md\x00" +
		"\x00h4\x002026-01-01\x00Kim\x00First\x00\n\nnl.md\x00a.md\x00"
	files := map[string][]model.Change{}
	parseLog(out, "/top", files)
	c2 := model.Change{Hash: "h2", Date: model.Date{Year: 2026, Month: 2, Day: 1}, Author: "Dana"}
	c4 := model.Change{Hash: "h4", Date: model.Date{Year: 2026, Month: 1, Day: 1}, Author: "Kim", Subject: "First"}
	want := map[string][]model.Change{
		filepath.FromSlash("/top/a.md"):     {c2, c4},
		filepath.FromSlash("/top/\nodd.md"): {c2},
		filepath.FromSlash("/top/\nnl.md"):  {c4},
	}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("parseLog = %+v\nwant %+v", files, want)
	}
}

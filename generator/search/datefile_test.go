package search

import (
	"encoding/binary"
	"testing"

	"playbook/generator/model"
)

// TestDateFileOrdersEveryDate checks that the date file, which the client
// sorts "newest first" by, keeps the order of dates on both sides of 1970
// (a count of seconds since 1970 divided by a day once turned 1969 into
// the largest number of all) and gives a missing date 0.
func TestDateFileOrdersEveryDate(t *testing.T) {
	dates := []model.Date{{Year: 1, Month: 1, Day: 1}, {Year: 1969, Month: 12, Day: 31}, {Year: 1970, Month: 1, Day: 1}, {Year: 2026, Month: 6, Day: 30}, {}, {Year: 9999, Month: 12, Day: 31}}
	var data []*docData
	for _, d := range dates {
		data = append(data, &docData{date: d})
	}
	files := map[string][]byte{}
	m := &Manifest{Filters: map[string]string{}}
	writeFilters(files, m, data)
	b := files[filterPath("date", m.Filters["date"])]
	var got []uint64
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			t.Fatalf("date file: bad varint at %d bytes from the end", len(b))
		}
		got = append(got, v)
		b = b[n:]
	}
	want := []uint64{1, 719162, 719163, 739797, 0, 3652059}
	if len(got) != len(want) {
		t.Fatalf("date file holds %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%v: %d, want %d", dates[i], got[i], want[i])
		}
	}
}

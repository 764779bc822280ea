package model

import (
	"testing"
	"time"
)

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Day counts are exact over the whole range a date can be written in, far
// beyond the 292 years a time.Duration holds.
func TestDaysUntilEdges(t *testing.T) {
	cases := []struct {
		from, to string
		want     int
	}{
		{"2026-06-01", "2026-06-01", 0},
		{"2026-05-31", "2026-06-01", 1},
		{"2026-06-01", "2026-05-31", -1},
		{"2026-01-01", "2026-06-01", 151},
		{"2024-02-28", "2024-03-01", 2}, // a leap year
		{"2100-02-28", "2100-03-01", 1}, // not a leap year
		{"2000-02-28", "2000-03-01", 2}, // a leap year after all
		{"1969-12-31", "1970-01-01", 1},
		{"1700-01-01", "2026-06-01", 119220},
		{"0001-01-01", "2026-06-01", 739767},
		{"2026-06-01", "9999-12-31", 2912291},
		{"0001-01-01", "0001-01-02", 1},
		{"0001-01-01", "9999-12-31", 3652058},
		{"9999-12-31", "0001-01-01", -3652058},
	}
	for _, c := range cases {
		if got := mustDate(t, c.from).DaysUntil(mustDate(t, c.to)); got != c.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

// Every day of four centuries is one day after the one before, and matches
// the standard library's calendar where a time.Duration still holds it.
func TestDaysUntilAgreesWithTime(t *testing.T) {
	epoch := Date{1970, time.January, 1}
	prev := 0
	for day := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2200; day = day.AddDate(0, 0, 1) {
		d := DateOf(day)
		n := epoch.DaysUntil(d)
		if want := int(day.Unix() / 86400); n != want {
			t.Fatalf("1970-01-01.DaysUntil(%s) = %d, want %d", d, n, want)
		}
		if prev != 0 && n != prev+1 {
			t.Fatalf("%s is %d days after 1970-01-01, the day before %d", d, n, prev)
		}
		prev = n
	}
}

func TestDayCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 days", 1: "1 day", 2: "2 days", 3652058: "3652058 days"} {
		if got := DayCount(n); got != want {
			t.Errorf("DayCount(%d) = %q, want %q", n, got, want)
		}
	}
}

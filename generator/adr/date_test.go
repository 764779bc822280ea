package adr

import (
	"testing"

	"playbook/generator/model"
)

func TestParseDate(t *testing.T) {
	may22 := "2024-05-22"
	for _, tc := range []struct {
		text    string
		want    string // YYYY-MM-DD, or "" when refused
		problem string
	}{
		{"2024-05-22", may22, ""},
		{"  2024-05-22  ", may22, ""},
		{"**2024-05-22**", may22, ""},
		{"2024-05-22 (back dated)", may22, ""},
		{"2024-05-22T10:00:00Z", may22, ""},
		{"2024-05-22 10:00", may22, ""},
		{"2024/05/22", may22, ""},
		{"2024.05.22", may22, ""},
		{"2024-5-22", may22, ""},
		{"20240522", may22, ""},
		{"22/05/2024", may22, ""},
		{"22.05.2024", may22, ""},
		{"22-05-2024", may22, ""},
		{"21-02-2023", "2023-02-21", ""},
		{"05/22/2024", may22, ""},
		{"05/05/2024", "2024-05-05", ""},
		{"May 22, 2024", may22, ""},
		{"May 22 2024", may22, ""},
		{"may 22nd, 2024", may22, ""},
		{"22 May 2024", may22, ""},
		{"22nd May, 2024", may22, ""},
		{"22nd of May 2024", may22, ""},
		{"22-May-2024", may22, ""},
		{"22 MAY 2024", may22, ""},
		{"Sept. 3rd 2024", "2024-09-03", ""},
		{"3 September 2024", "2024-09-03", ""},
		{"Wed, 22 May 2024", may22, ""},
		{"Wednesday May 22, 2024", may22, ""},
		{"2024-02-29", "2024-02-29", ""},
		{"2000-02-29", "2000-02-29", ""},

		{"05/06/2024", "", `"05/06/2024" could be 5 June or 6 May 2024; expected YYYY-MM-DD`},
		{"12/01/1992", "", `"12/01/1992" could be 12 January or 1 December 1992; expected YYYY-MM-DD`},
		{"2023-13-10", "", `"2023-13-10" has no month 13; expected YYYY-MM-DD`},
		{"2023-02-30", "", `"2023-02-30" has no day 30 in February 2023; expected YYYY-MM-DD`},
		{"1900-02-29", "", `"1900-02-29" has no day 29 in February 1900; expected YYYY-MM-DD`},
		{"2023-00-10", "", `"2023-00-10" has no month 0; expected YYYY-MM-DD`},
		{"0000-01-01", "", `"0000-01-01" has no year 0; expected YYYY-MM-DD`},
		{"13/14/2024", "", `"13/14/2024" has no month 13 or 14; expected YYYY-MM-DD`},
		{"31 June 2024", "", `"31 June 2024" has no day 31 in June 2024; expected YYYY-MM-DD`},
		{"22/05/24", "", `"22/05/24" has a two-digit year; expected YYYY-MM-DD`},
		{"May 22, 24", "", `"May 22, 24" has a two-digit year; expected YYYY-MM-DD`},
		{"YYYY-MM-DD", "", `"YYYY-MM-DD" is a template's placeholder; expected YYYY-MM-DD`},
		{"{YYYY-MM-DD when the decision was last updated}", "", `"{YYYY-MM-DD when the decision was last updated}" is a template's placeholder; expected YYYY-MM-DD`},
		{"", "", "no date; expected YYYY-MM-DD"},
		{"last week", "", `"last week" is not a date; expected YYYY-MM-DD`},
		{"May 2024", "", `"May 2024" is not a date; expected YYYY-MM-DD`},
		{"2024-05", "", `"2024-05" is not a date; expected YYYY-MM-DD`},
		{"2024-05-223", "", `"2024-05-223" is not a date; expected YYYY-MM-DD`},
		{"2024-05/22", "", `"2024-05/22" is not a date; expected YYYY-MM-DD`},
		{"12345678901", "", `"12345678901" is not a date; expected YYYY-MM-DD`},
		{"~~2020-01-01~~", "", `"~~2020-01-01~~" is not a date; expected YYYY-MM-DD`},
	} {
		d, problem, ok := ParseDate(tc.text)
		if ok != (tc.want != "") || d.String() != tc.want || problem != tc.problem {
			t.Errorf("ParseDate(%q) = %v, %q, %v; want %q, %q", tc.text, d, problem, ok, tc.want, tc.problem)
		}
		if ok {
			// What is read is a date the contract takes.
			if back, err := model.ParseDate(d.String()); err != nil || back != d {
				t.Errorf("ParseDate(%q) = %v, which model.ParseDate reads as %v, %v", tc.text, d, back, err)
			}
		}
	}
}

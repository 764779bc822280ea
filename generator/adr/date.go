package adr

import (
	"fmt"
	"strings"
	"time"

	"playbook/generator/model"
)

const wantDate = "expected YYYY-MM-DD"

// ParseDate reads a date as people write it in records:
//
//	2024-05-22, 2024-5-22, 2024/05/22, 2024.05.22, 20240522
//	2024-05-22T10:00:00Z, 2024-05-22 10:00, 2024-05-22 (back dated)
//	22/05/2024, 22.05.2024, 22-05-2024, 05/22/2024 (only one reading)
//	22 May 2024, 22nd May, 2024, 22-May-2024, May 22, 2024, Sept. 3rd 2024
//	Wed, 22 May 2024, Wednesday May 22 2024
//
// Text after the date that is not part of it (a time, a remark in
// parentheses) is ignored. A day and a month both 12 or less and different
// ("05/06/2024") could be either and are refused, as are two-digit years and
// impossible dates ("2023-13-10", "2023-02-30"); problem says what was read,
// e.g. `"05/06/2024" could be 5 June or 6 May 2024; expected YYYY-MM-DD`.
func ParseDate(text string) (d model.Date, problem string, ok bool) {
	s := strings.Trim(strings.TrimSpace(text), "*_`")
	s = strings.TrimSpace(s)
	if s == "" {
		return d, "no date; " + wantDate, false
	}
	if Placeholder(s) {
		return d, fmt.Sprintf("%q is a template's placeholder; %s", s, wantDate), false
	}
	p := dateParser{s: s}
	p.skipWeekday()
	y, m, day, prob := p.parse()
	if prob != "" {
		return d, prob, false
	}
	if y < 1 || y > 9999 {
		return d, fmt.Sprintf("%q has no year %d; %s", s, y, wantDate), false
	}
	if m < 1 || m > 12 {
		return d, fmt.Sprintf("%q has no month %d; %s", s, m, wantDate), false
	}
	if day < 1 || day > daysIn(y, m) {
		return d, fmt.Sprintf("%q has no day %d in %s %d; %s", s, day, time.Month(m), y, wantDate), false
	}
	return model.Date{Year: y, Month: time.Month(m), Day: day}, "", true
}

// daysIn is the number of days of a month.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

type dateParser struct {
	s string
	i int
}

func (p *dateParser) notDate() string {
	return fmt.Sprintf("%q is not a date; %s", p.s, wantDate)
}

// skipWeekday skips "Wed, " or "Wednesday ".
func (p *dateParser) skipWeekday() {
	j := wordEnd(p.s, 0)
	w := strings.ToLower(p.s[:j])
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if w != "" && (w == d || (len(w) >= 3 && strings.HasPrefix(d, w) && len(w) <= 4)) {
			p.i = j
			p.seps()
			return
		}
	}
}

// seps skips the separators between a textual date's parts.
func (p *dateParser) seps() {
	for p.i < len(p.s) && strings.IndexByte(" \t,-./", p.s[p.i]) >= 0 {
		p.i++
	}
}

// number reads digits; n is how many.
func (p *dateParser) number() (v, n int) {
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' && n < 10 {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n
}

// month reads a month's name or abbreviation ("May", "Sept.").
func (p *dateParser) month() int {
	j := wordEnd(p.s, p.i)
	w := strings.ToLower(p.s[p.i:j])
	if len(w) < 3 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if w == name || w == name[:3] || (m == time.September && w == "sept") {
			p.i = j
			if p.i < len(p.s) && p.s[p.i] == '.' {
				p.i++
			}
			return int(m)
		}
	}
	return 0
}

// ordinal skips "st", "nd", "rd", "th" after a day.
func (p *dateParser) ordinal() {
	if p.i+2 <= len(p.s) {
		switch strings.ToLower(p.s[p.i : p.i+2]) {
		case "st", "nd", "rd", "th":
			if p.i+2 == len(p.s) || !isLetter(p.s[p.i+2]) {
				p.i += 2
			}
		}
	}
}

// end reports whether the date ends at i: the text ends, or goes on with
// something that is not a digit or a letter ("T10:00", " (back dated)").
func (p *dateParser) end() bool {
	if p.i >= len(p.s) {
		return true
	}
	c := p.s[p.i]
	if (c == 'T' || c == 't') && p.i+1 < len(p.s) && p.s[p.i+1] >= '0' && p.s[p.i+1] <= '9' {
		return true
	}
	return !(c >= '0' && c <= '9') && !isLetter(c)
}

func (p *dateParser) parse() (y, m, d int, problem string) {
	if p.i >= len(p.s) {
		return 0, 0, 0, p.notDate()
	}
	if c := p.s[p.i]; c < '0' || c > '9' {
		// "May 22, 2024"
		if m = p.month(); m == 0 {
			return 0, 0, 0, p.notDate()
		}
		p.seps()
		d, dn := p.number()
		if dn == 0 || dn > 2 {
			return 0, 0, 0, p.notDate()
		}
		p.ordinal()
		p.seps()
		y, yn := p.number()
		return p.year(y, yn, m, d)
	}
	a, an := p.number()
	if an == 8 && p.end() {
		return a / 10000, a / 100 % 100, a % 100, "" // 20240522
	}
	if p.i >= len(p.s) || an > 4 {
		return 0, 0, 0, p.notDate()
	}
	sep := p.s[p.i]
	if an <= 2 && !(sep >= '0' && sep <= '9') {
		// "22 May 2024", "22nd of May 2024"
		save := p.i
		p.ordinal()
		p.seps()
		if strings.HasPrefix(strings.ToLower(p.s[p.i:]), "of ") {
			p.i += 3
		}
		if m := p.month(); m > 0 {
			p.seps()
			y, yn := p.number()
			return p.year(y, yn, m, a)
		}
		p.i = save
	}
	if sep != '-' && sep != '/' && sep != '.' {
		return 0, 0, 0, p.notDate()
	}
	p.i++
	b, bn := p.number()
	if bn == 0 || bn > 2 || p.i >= len(p.s) || p.s[p.i] != sep {
		return 0, 0, 0, p.notDate()
	}
	p.i++
	c, cn := p.number()
	if cn == 0 || !p.end() {
		return 0, 0, 0, p.notDate()
	}
	switch {
	case an == 4 && cn <= 2:
		return a, b, c, "" // year first
	case an <= 2 && cn == 4:
		return p.dayMonth(a, b, c)
	case an <= 2 && cn == 2:
		return 0, 0, 0, fmt.Sprintf("%q has a two-digit year; %s", p.s, wantDate)
	}
	return 0, 0, 0, p.notDate()
}

// year finishes a textual date.
func (p *dateParser) year(y, yn, m, d int) (int, int, int, string) {
	switch {
	case yn == 4 && p.end():
		return y, m, d, ""
	case yn == 2 && p.end():
		return 0, 0, 0, fmt.Sprintf("%q has a two-digit year; %s", p.s, wantDate)
	}
	return 0, 0, 0, p.notDate()
}

// dayMonth reads a day and a month written before the year: day first,
// unless only the other order is a date ("05/22/2024").
func (p *dateParser) dayMonth(a, b, y int) (int, int, int, string) {
	switch {
	case a == b || b <= 12 && a > 12:
		return y, b, a, ""
	case a <= 12 && b > 12:
		return y, a, b, ""
	case a <= 12 && b <= 12:
		if a == 0 || b == 0 {
			return y, b, a, ""
		}
		return 0, 0, 0, fmt.Sprintf("%q could be %d %s or %d %s %d; %s", p.s, a, time.Month(b), b, time.Month(a), y, wantDate)
	}
	return 0, 0, 0, fmt.Sprintf("%q has no month %d or %d; %s", p.s, a, b, wantDate)
}

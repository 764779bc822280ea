package adr

import (
	"path"
	"strings"
	"time"

	"playbook/generator/model"
)

// FileID is what a record's file name says of it.
type FileID struct {
	Number int        // "0007-x" → 7; 0 for a dated name
	Dated  bool       // log4brains' "20250108-x" or "2025-01-08-x"
	Date   model.Date // the date of a dated name
	Slug   string     // what follows: "x"; "" for "0017"
}

// ParseFileID reads the record number or date from a file name (".md" and
// any folder are dropped): "0007-x", "0007_x", "0007.x", "7-x", "0017" →
// Number 7 or 17; "adr-017-simplify-model", "ADR-0017-x", "adr_0017",
// "ADR0017-x", "dr-7-x", "RFC-12-x", "SEC-0042-x" (a prefix of capitals
// and a hyphen) → 17, 12, 42; log4brains' "20250108-use-markdown" and
// "2025-01-08-use-markdown" → Dated, Date 2025-01-08, Slug "use-markdown".
// A number of more than 9 digits is not a number: ok is false, as for a
// name without a number ("use-markdown", "v2-api").
func ParseFileID(name string) (FileID, bool) {
	s := trimExt(path.Base(name))
	// A dated name.
	if len(s) >= 8 && allDigits(s[:8]) && (len(s) == 8 || isSep(s[8])) {
		if d, ok := validDate(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])); ok {
			return FileID{Dated: true, Date: d, Slug: slugAfter(s, 8)}, true
		}
	}
	if len(s) >= 10 && allDigits(s[:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' && allDigits(s[8:10]) && (len(s) == 10 || isSep(s[10])) {
		if d, ok := validDate(atoi(s[:4]), atoi(s[5:7]), atoi(s[8:10])); ok {
			return FileID{Dated: true, Date: d, Slug: slugAfter(s, 10)}, true
		}
	}
	// A prefix: "adr-", "ADR", "SEC-".
	i := 0
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	if i > 0 {
		switch strings.ToLower(s[:i]) {
		case "adr", "dr", "rfc", "decision", "record":
			if i < len(s) && (s[i] == '-' || s[i] == '_' || s[i] == ' ') {
				i++
			}
		default:
			if i > 8 || strings.ToUpper(s[:i]) != s[:i] || i >= len(s) || (s[i] != '-' && s[i] != '_') {
				return FileID{}, false
			}
			i++
		}
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i || j-i > 9 || (j < len(s) && !isSep(s[j])) {
		return FileID{}, false
	}
	return FileID{Number: atoi(s[i:j]), Slug: slugAfter(s, j)}, true
}

// IsFolderFile reports the names that are a folder's own files, never
// records (any folder and ".md" are dropped; case does not matter):
// index, _index, readme, summary, toc, contents; names starting with "_"
// or "." (_sidebar, _footer); and templates: a name that holds "template"
// and no record number, or number 0 ("template", "adr-template",
// "_template", "TEMPLATE", "adr-template-bare-minimal", "0000-template").
// A numbered record about templates ("0042-use-templates-for-emails") is a
// record, and so is MADR's "0000-use-markdown-architectural-decision-records".
func IsFolderFile(name string) bool {
	s := trimExt(path.Base(name))
	low := strings.ToLower(s)
	switch low {
	case "index", "_index", "readme", "summary", "toc", "contents", "table-of-contents":
		return true
	}
	if strings.HasPrefix(low, "_") || strings.HasPrefix(low, ".") {
		return true
	}
	if strings.Contains(low, "template") {
		id, ok := ParseFileID(s)
		return !ok || (id.Number == 0 && !id.Dated)
	}
	return false
}

func trimExt(s string) string {
	low := strings.ToLower(s)
	for _, e := range []string{".md", ".markdown", ".mdx"} {
		if strings.HasSuffix(low, e) {
			return s[:len(s)-len(e)]
		}
	}
	return s
}

func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' || c == ' ' }

func slugAfter(s string, i int) string {
	if i < len(s) {
		return s[i+1:]
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads at most 9 digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// validDate makes a date of a plausible record's date (1900 to 2999).
func validDate(y, m, d int) (model.Date, bool) {
	if y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return model.Date{}, false
	}
	return model.Date{Year: y, Month: time.Month(m), Day: d}, true
}

package adr

import (
	"reflect"
	"testing"
	"time"

	"playbook/generator/model"
)

func TestPeople(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"adh, jspring", []string{"adh", "jspring"}},
		{"Jane Doe, John Smith", []string{"Jane Doe", "John Smith"}},
		{"Jane Doe and John Smith", []string{"Jane Doe", "John Smith"}},
		{"A; B", []string{"A", "B"}},
		{"A & B", []string{"A", "B"}},
		{"A, B, and C", []string{"A", "B", "C"}},
		{"Ana Lopez (CMO)", []string{"Ana Lopez (CMO)"}},
		{"Ana Lopez (CMO, EMEA), Tom", []string{"Ana Lopez (CMO, EMEA)", "Tom"}},
		{"[Jane](https://example.org/jane), [John Smith](mailto:js@example.org)", []string{"Jane", "John Smith"}},
		{"platui, design resources, dias", []string{"platui", "design resources", "dias"}},
		{"Ana Lopez (CMO), [Jane](https://example.org/jane)", []string{"Ana Lopez (CMO)", "Jane"}},
		{"- Jane\n- John", []string{"Jane", "John"}},
		{"**PlatUI**", []string{"PlatUI"}},
		{"Jane,, ,John,", []string{"Jane", "John"}},
		{"Sandra Anderson", []string{"Sandra Anderson"}},
		{"[list everyone involved in the decision]", nil},
		{"{list everyone involved in the decision}", nil},
		{"", nil},
		{"  ", nil},
	} {
		if got := People(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("People(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestParseFileID(t *testing.T) {
	date := func(y, m, d int) model.Date { return model.Date{Year: y, Month: time.Month(m), Day: d} }
	for _, tc := range []struct {
		name string
		want FileID
		ok   bool
	}{
		{"0007-x", FileID{Number: 7, Slug: "x"}, true},
		{"0007-x.md", FileID{Number: 7, Slug: "x"}, true},
		{"doc/adr/0007-x.md", FileID{Number: 7, Slug: "x"}, true},
		{"0007_x", FileID{Number: 7, Slug: "x"}, true},
		{"0007.x", FileID{Number: 7, Slug: "x"}, true},
		{"7-x", FileID{Number: 7, Slug: "x"}, true},
		{"0017", FileID{Number: 17}, true},
		{"0000-use-markdown-architectural-decision-records", FileID{Number: 0, Slug: "use-markdown-architectural-decision-records"}, true},
		{"adr-017-simplify-model", FileID{Number: 17, Slug: "simplify-model"}, true},
		{"ADR-0017-x", FileID{Number: 17, Slug: "x"}, true},
		{"adr_0017", FileID{Number: 17}, true},
		{"ADR0017-x", FileID{Number: 17, Slug: "x"}, true},
		{"DR-0007", FileID{Number: 7}, true},
		{"rfc-12-x", FileID{Number: 12, Slug: "x"}, true},
		{"SEC-0042-x", FileID{Number: 42, Slug: "x"}, true},
		{"0038-mongo_replacement_by_documentdb", FileID{Number: 38, Slug: "mongo_replacement_by_documentdb"}, true},
		{"123456789-x", FileID{Number: 123456789, Slug: "x"}, true},
		{"20250108-use-markdown", FileID{Dated: true, Date: date(2025, 1, 8), Slug: "use-markdown"}, true},
		{"20200924-use-markdown-architectural-decision-records.md", FileID{Dated: true, Date: date(2020, 9, 24), Slug: "use-markdown-architectural-decision-records"}, true},
		{"2025-01-08-use-markdown", FileID{Dated: true, Date: date(2025, 1, 8), Slug: "use-markdown"}, true},
		{"20250108", FileID{Dated: true, Date: date(2025, 1, 8)}, true},
		{"00000007-x", FileID{Number: 7, Slug: "x"}, true},        // not a date: a number
		{"20251399-x", FileID{Number: 20251399, Slug: "x"}, true}, // not a date: a number

		{"1234567890-x", FileID{}, false}, // more than 9 digits never wraps
		{"99999999999999999999-x", FileID{}, false},
		{"use-markdown", FileID{}, false},
		{"v2-api", FileID{}, false},
		{"V2-api", FileID{}, false},
		{"7a-x", FileID{}, false},
		{"README", FileID{}, false},
		{"adr-template", FileID{}, false},
		{"adr_with_a_WeIrd-filename", FileID{}, false},
		{"", FileID{}, false},
	} {
		got, ok := ParseFileID(tc.name)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseFileID(%q) = %+v, %v; want %+v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestIsFolderFile(t *testing.T) {
	for name, want := range map[string]bool{
		"index.md":          true,
		"README.md":         true,
		"readme.md":         true,
		"_index.md":         true,
		"SUMMARY.md":        true,
		"template.md":       true,
		"TEMPLATE.md":       true,
		"adr-template.md":   true,
		"_template.md":      true,
		"_sidebar.md":       true,
		"0000-template.md":  true,
		"adr-template-bare": true,
		"doc/adr/index.md":  true,

		"0000-use-markdown-architectural-decision-records.md": false,
		"0042-use-templates-for-emails.md":                    false,
		"20250108-use-a-template-engine.md":                   false,
		"0001-record-architecture-decisions.md":               false,
		"adr-017-simplify-model.md":                           false,
		"indexing-strategy.md":                                false,
	} {
		if got := IsFolderFile(name); got != want {
			t.Errorf("IsFolderFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	for text, want := range map[string]bool{
		"{YYYY-MM-DD when the decision was last updated}":                            true,
		"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}": true,
		"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123":  true, // MADR 4 leaves it open
		"{list everyone involved in the decision}":                                   true,
		"[name]": true,
		"[list everyone involved in the decision]":                                                      true,
		"[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]": true,
		"[YYYY-MM-DD when the decision was last updated]":                                               true,
		"YYYY-MM-DD": true,
		"yyyy-mm-dd": true,
		"DD/MM/YYYY": true,
		"YYYY-MM-DD when the decision was last updated": true,
		"<date>":              true,
		"<list of people>":    true,
		"proposed | accepted": true,
		"TBD":                 true,
		"todo":                true,
		"…":                   true,
		"...":                 true,
		"DATE":                true,
		"STATUS":              true,

		"":                                    false,
		"2024-05-22":                          false,
		"accepted":                            false,
		"Jane Doe":                            false,
		"[ADR-0005](0005-x.md)":               false,
		"superseded by [ADR-0005](0005-x.md)": false,
		"<https://example.org/issues/2>":      false,
		"<jane@example.org>":                  false,
		"Date":                                false,
		"Status quo":                          false,
		"MM":                                  false,
	} {
		if got := Placeholder(text); got != want {
			t.Errorf("Placeholder(%q) = %v, want %v", text, got, want)
		}
	}
}

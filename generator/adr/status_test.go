package adr

import (
	"reflect"
	"testing"

	"playbook/generator/model"
)

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Status
	}{
		{"Accepted", Status{State: model.Accepted, Word: "Accepted", Known: true}},
		{"accepted.", Status{State: model.Accepted, Word: "accepted", Known: true}},
		{"Accepted on 2016-02-12", Status{State: model.Accepted, Word: "Accepted", Known: true}},
		{"**Accepted**", Status{State: model.Accepted, Word: "Accepted", Known: true}},
		{"* Approved", Status{State: model.Accepted, Word: "Approved", Known: true}},
		{"Status: adopted", Status{State: model.Accepted, Word: "adopted", Known: true}},
		{"✅ Agreed", Status{State: model.Accepted, Word: "Agreed", Known: true}},
		{"Done", Status{State: model.Accepted, Word: "Done", Known: true}},
		{"implemented", Status{State: model.Accepted, Word: "implemented", Known: true}},
		{"Proposed", Status{State: model.Proposed, Word: "Proposed", Known: true}},
		{"Pending", Status{State: model.Proposed, Word: "Pending", Known: true}},
		{"draft", Status{State: model.Proposed, Word: "draft", Known: true}},
		{"In Review", Status{State: model.Proposed, Word: "In Review", Known: true}},
		{"under-review", Status{State: model.Proposed, Word: "under-review", Known: true}},
		{"IN_PROGRESS", Status{State: model.Proposed, Word: "IN_PROGRESS", Known: true}},
		{"inprogress", Status{State: model.Proposed, Word: "inprogress", Known: true}},
		{"Open", Status{State: model.Proposed, Word: "Open", Known: true}},
		{"RFC", Status{State: model.Proposed, Word: "RFC", Known: true}},
		{"on hold", Status{State: model.Proposed, Word: "on hold", Known: true}},
		{"Escalated to the CISO", Status{State: model.Escalated, Word: "Escalated", Known: true}},
		{"Rejected", Status{State: model.Rejected, Word: "Rejected", Known: true}},
		{"Declined", Status{State: model.Rejected, Word: "Declined", Known: true}},
		{"not approved", Status{State: model.Rejected, Word: "not approved", Known: true}},
		{"Deprecated", Status{State: model.Deprecated, Word: "Deprecated", Known: true}},
		{"obsolete", Status{State: model.Deprecated, Word: "obsolete", Known: true}},
		{"Retired", Status{State: model.Deprecated, Word: "Retired", Known: true}},
		{"Withdrawn", Status{State: model.Withdrawn, Word: "Withdrawn", Known: true}},
		{"cancelled", Status{State: model.Withdrawn, Word: "cancelled", Known: true}},
		{"Superseded", Status{State: model.Superseded, Word: "Superseded", Known: true}},
		{"superseded by ADR-0005", Status{State: model.Superseded, Word: "superseded", SupersededBy: "ADR-0005", Known: true}},
		{"superseded by 5", Status{State: model.Superseded, Word: "superseded", SupersededBy: "5", Known: true}},
		{"superseded by [ADR-0005](0005-x.md)", Status{State: model.Superseded, Word: "superseded", SupersededBy: "0005-x.md", Known: true}},
		{"Superseded by [3. Use X](0003-use-x.md#decision)", Status{State: model.Superseded, Word: "Superseded", SupersededBy: "0003-use-x.md", Known: true}},
		{"Superceded by [14. One scheduler](0014-one-scheduler.md)", Status{State: model.Superseded, Word: "Superceded", SupersededBy: "0014-one-scheduler.md", Known: true}},
		{"Replaced by ADR 7", Status{State: model.Superseded, Word: "Replaced", SupersededBy: "ADR 7", Known: true}},
		{"~~Accepted~~ Superseded by ADR-0007", Status{State: model.Superseded, Word: "Superseded", SupersededBy: "ADR-0007", Known: true}},
		{"Accepted, superseded by #12", Status{State: model.Superseded, Word: "superseded", SupersededBy: "12", Known: true}},
		{"Partly superseded", Status{State: model.Accepted, Word: "Partly superseded", Known: true}},
		{"partially superseded by ADR-0009", Status{State: model.Accepted, Word: "partially superseded", By: "ADR-0009", Known: true}},
		{"Accepted, partly superseded by ADR-0009", Status{State: model.Accepted, Word: "Accepted", Known: true}},
		{"Amended by [9. Help scripts](0009-help-scripts.md)", Status{State: model.Accepted, Word: "Amended", By: "0009-help-scripts.md", Known: true}},
		{"accepted; supersedes ADR-0045", Status{State: model.Accepted, Word: "accepted", Supersedes: []string{"ADR-0045"}, Known: true}},
		{"Accepted (supersedes [2](0002-x.md), [3](0003-y.md) and ADR-4)", Status{State: model.Accepted, Word: "Accepted", Supersedes: []string{"0002-x.md", "0003-y.md", "ADR-4"}, Known: true}},
		{"Ratified by the board", Status{State: model.Accepted, Word: "Ratified", Known: true}},
		{"Under consideration", Status{State: model.Proposed, Word: "Under consideration", Known: true}},
		{"Brainstorming", Status{Word: "Brainstorming"}},
		{"**Mulling it over** <!-- x -->", Status{Word: "Mulling it over"}},
		{"", Status{}},
		{"[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]", Status{Word: "[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]"}},
		{"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123", Status{Word: "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123"}},
		{"~~Accepted~~", Status{State: model.Accepted, Word: "Accepted", Known: true}},
	} {
		got := ParseStatus(tc.text, nil)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseStatus(%q) =\n %+v, want\n %+v", tc.text, got, tc.want)
		}
	}
}

func TestParseStatusExtra(t *testing.T) {
	extra := map[string]model.Status{
		"done":         model.Status("done"), // overrides Words
		"in-legal":     model.Status("in-legal"),
		"parked":       model.Proposed,
		"awaiting cab": model.Escalated,
	}
	for _, tc := range []struct {
		text string
		want Status
	}{
		{"Done", Status{State: "done", Word: "Done", Known: true}},
		{"In legal", Status{State: "in-legal", Word: "In legal", Known: true}},
		{"In-Legal since May", Status{State: "in-legal", Word: "In-Legal", Known: true}},
		{"Parked", Status{State: model.Proposed, Word: "Parked", Known: true}},
		{"Awaiting CAB", Status{State: model.Escalated, Word: "Awaiting CAB", Known: true}},
		{"Accepted", Status{State: model.Accepted, Word: "Accepted", Known: true}},
	} {
		if got := ParseStatus(tc.text, extra); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseStatus(%q, extra) = %+v, want %+v", tc.text, got, tc.want)
		}
	}
}

// Every word maps onto a state of the contract, and is written as
// ParseStatus looks it up.
func TestWords(t *testing.T) {
	contract := map[model.Status]bool{}
	for _, s := range model.Statuses {
		contract[model.Status(s)] = true
	}
	for w, st := range Words {
		if !contract[st] {
			t.Errorf("Words[%q] = %q, not a state of the contract", w, st)
		}
		if got := ParseStatus(w, nil); !got.Known || got.State != st {
			t.Errorf("ParseStatus(%q) = %+v, want %q", w, got, st)
		}
	}
	for _, s := range model.Statuses {
		if got := ParseStatus(s, nil); got.State != model.Status(s) {
			t.Errorf("the contract's %q reads as %q", s, got.State)
		}
	}
}

func TestParseLink(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Link
		ok   bool
	}{
		{"Supersedes [2. Use X](0002-use-x.md)", Link{"supersedes", "2. Use X", "0002-use-x.md"}, true},
		{"Superceded by [14. One](0014-one.md)", Link{"superseded by", "14. One", "0014-one.md"}, true},
		{"Amended by [9. Help scripts](0009-help-scripts.md)", Link{"amended by", "9. Help scripts", "0009-help-scripts.md"}, true},
		{"- Amends: [ADR-0010](0010-x.md)", Link{"amends", "ADR-0010", "0010-x.md"}, true},
		{"* **Refined by** [[nested] text](./0005-x.md#top \"Title\")", Link{"refined by", "[nested] text", "./0005-x.md"}, true},
		{"Clarified by [3. Names](0003-names.md)", Link{"clarified by", "3. Names", "0003-names.md"}, true},
		{"Superseded by ADR-0007", Link{"superseded by", "", "ADR-0007"}, true},
		{"Supersedes: #4", Link{"supersedes", "", "4"}, true},
		{"Accepted", Link{}, false},
		{"Superseded by", Link{}, false},
		{"[Some page](https://example.org/)", Link{}, false},
		{"See the notes about it", Link{}, false},
		{"Liked by everyone", Link{}, false},
		{"", Link{}, false},
	} {
		got, ok := ParseLink(tc.text)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseLink(%q) = %+v, %v; want %+v, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

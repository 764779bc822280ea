package render

import (
	"html/template"
	"reflect"
	"strings"
	"testing"
)

// TestFactKeyCoversEveryField changes each field of a fact, and of the
// links, badges and date in it, one at a time: the key of the cached fact
// template must change every time, or a page would show another record's
// fact. A field added to these types without being added to keyed fails
// here.
func TestFactKeyCoversEveryField(t *testing.T) {
	t.Parallel()
	base := func() fact {
		return fact{
			Label: "Decided by", Text: "Ana", Items: []string{"a", "b"},
			Links:  []link{{Title: "T", URL: "/u/", Label: "DR-1"}},
			Badges: []badge{{Class: "risk-low", Label: "Low"}},
			Date:   &when{ISO: "2026-01-02", Text: "2 January 2026", Short: "2 Jan 2026", Due: "soon", Note: "due"},
			Href:   "https://x.example/",
		}
	}
	key := func(f fact) string { return keyed([]fact{f})[0].Key }
	want := key(base())
	if key(base()) != want {
		t.Fatal("the key of the same fact differs between two calls")
	}
	// leaves calls visit for every leaf of v (a string, a bool, a pointer
	// that may be nil, a slice that may grow) with a name and a function
	// that changes it.
	var leaves func(v reflect.Value, name string, visit func(name string, set func()))
	leaves = func(v reflect.Value, name string, visit func(string, func())) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if f.Name == "Key" {
					continue
				}
				leaves(v.Field(i), name+"."+f.Name, visit)
			}
		case reflect.Pointer:
			visit(name+"=nil", func() { v.Set(reflect.Zero(v.Type())) })
			if !v.IsNil() {
				leaves(v.Elem(), name, visit)
			}
		case reflect.Slice:
			visit(name+"+1", func() { v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem()))) })
			for i := range v.Len() {
				leaves(v.Index(i), name+"[]", visit)
			}
		case reflect.String:
			visit(name, func() { v.SetString(v.String() + "x") })
		case reflect.Bool:
			visit(name, func() { v.SetBool(!v.Bool()) })
		default:
			t.Fatalf("%s: a %s field; teach this test and keyed about it", name, v.Kind())
		}
	}
	// Count the leaves of a fresh fact, then change each one in a copy.
	var names []string
	f0 := base()
	leaves(reflect.ValueOf(&f0).Elem(), "fact", func(n string, _ func()) { names = append(names, n) })
	for i, n := range names {
		f := base()
		j := 0
		leaves(reflect.ValueOf(&f).Elem(), "fact", func(_ string, set func()) {
			if j == i {
				set()
			}
			j++
		})
		if key(f) == want {
			t.Errorf("changing %s leaves the key as it was", n)
		}
	}
	if len(names) < 20 {
		t.Fatalf("only %d fields visited: %v", len(names), names)
	}
	// Moving a value from one field to the next must change the key too.
	a, b := base(), base()
	a.Label, a.Text = "ab", ""
	b.Label, b.Text = "a", "b"
	if key(a) == key(b) {
		t.Error("Label+Text \"ab\"+\"\" and \"a\"+\"b\" have the same key")
	}
}

// TestCachedEach joins the fragments of a list's items, each made once per
// key, and says what it expected when the list is not one.
func TestCachedEach(t *testing.T) {
	t.Parallel()
	set := template.Must(template.New("").Parse(`{{define "it"}}<li>{{.Title}}</li>{{end}}`))
	f := &fragments{set: set, done: map[fragKey]template.HTML{}}
	items := []pageItem{{Title: "a", Key: "1"}, {Title: "b", Key: "2"}, {Title: "changed", Key: "1"}}
	got, err := f.cachedEach("it", items)
	if err != nil {
		t.Fatal(err)
	}
	if want := template.HTML("\n<li>a</li>\n<li>b</li>\n<li>a</li>"); got != want {
		t.Errorf("got %q, want %q (the third item has the first one's key)", got, want)
	}
	noKey := []pageItem{{Title: "c"}, {Title: "d"}}
	if got, _ := f.cachedEach("it", noKey); got != "\n<li>c</li>\n<li>d</li>" {
		t.Errorf("items without a key: got %q, want each made on its own", got)
	}
	if _, err := f.cachedEach("it", []string{"x"}); err == nil || !strings.Contains(err.Error(), "expected a list of items with a string field Key") {
		t.Errorf("a list of strings: err = %v", err)
	}
	if _, err := f.cachedEach("it", 3); err == nil || !strings.Contains(err.Error(), "expected a list") {
		t.Errorf("a number: err = %v", err)
	}
}

package generator

import (
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Each package of the generator says in its doc comment what it may
// import ("It may import model, diag and the standard library."). This
// test turns that sentence into a rule, as the Go tree's deps_test.go does
// for the standard library: an import the sentence does not name fails the
// build of the tests, so the layering lives beside the code.
func TestPackagesImportOnlyWhatTheirDocSays(t *testing.T) {
	dirs, _ := filepath.Glob("*")
	dirs = append(dirs, ".")
	checked := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || dir == "testdata" {
			continue
		}
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			continue
		}
		rule := mayImport(packageDoc(t, dir, pkg.GoFiles))
		if rule == "" {
			t.Errorf("package %s: its doc comment does not say what it may import (\"It may import ... and the standard library.\")", pkg.Name)
			continue
		}
		allowed := allowedBy(rule)
		for _, imp := range pkg.Imports {
			if !allowed(imp) {
				t.Errorf("package %s imports %s, which its doc comment does not allow: %q", pkg.Name, imp, rule)
			}
		}
		checked++
	}
	if checked < 15 {
		t.Errorf("checked %d packages; expected every package under generator/", checked)
	}
}

// packageDoc is the package's doc comment, from whichever file holds it.
func packageDoc(t *testing.T, dir string, files []string) string {
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, f), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if af.Doc != nil {
			return af.Doc.Text()
		}
	}
	return ""
}

var mayRE = regexp.MustCompile(`(?i)(?:may import|imports only) ([^.]*(?:\.[a-z][^.]*)*)\.`)

// mayImport finds the "may import" sentence of a package doc, on one line.
func mayImport(doc string) string {
	text := strings.Join(strings.Fields(doc), " ")
	if m := mayRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// allowedBy reads a rule such as "model, diag, frontmatter (for did you
// mean) and the standard library" into a test of an import path.
func allowedBy(rule string) func(string) bool {
	rule = regexp.MustCompile(`\([^)]*\)`).ReplaceAllString(rule, "")
	var names []string
	for _, part := range regexp.MustCompile(`,| and | plus `).Split(rule, -1) {
		p := strings.TrimSpace(part)
		p = strings.TrimPrefix(p, "package ")
		p = strings.TrimPrefix(p, "only ")
		if p != "" {
			names = append(names, p)
		}
	}
	std := slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "standard library") || strings.Contains(n, "std lib") })
	everyStage := slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "every stage package") })
	return func(imp string) bool {
		first, _, _ := strings.Cut(imp, "/")
		if std && !strings.Contains(first, ".") && first != "playbook" {
			return true
		}
		if everyStage && strings.HasPrefix(imp, "playbook/generator/") {
			return true
		}
		for _, n := range names {
			switch {
			case n == "the default theme" && imp == "playbook/themes/default":
				return true
			case strings.Contains(n, "/") && (imp == n || strings.HasPrefix(imp, n+"/") || strings.HasSuffix(imp, "/"+n) || strings.Contains(imp, n)):
				return true
			case !strings.Contains(n, "/") && slices.Contains(strings.Split(imp, "/"), n):
				return true
			}
		}
		return false
	}
}

package testutil

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// DocumentedType is one entry of a package's hand-written list of its types (triggers and
// resumes have no registry, so a Docs list is where their documentation lives).
type DocumentedType struct {
	Name        string
	Description string
	Example     string
}

// CheckTypeDocs checks a package's list of documented types (kind names them in failures,
// e.g. "trigger") against the Type... string constants of the Go file (relative to the
// package): each constant listed exactly once and nothing else listed, each entry with a
// description, and each example read by read as a value of its own type. It keeps a new
// type from going undocumented.
func CheckTypeDocs(t testing.TB, kind, file string, docs []DocumentedType, read func(example string) (typeName string, err error)) {
	t.Helper()
	constants := TypeConstants(t, file)
	if len(constants) == 0 {
		t.Fatalf("no Type constants found in %s", file)
	}
	documented := map[string]int{}
	for _, d := range docs {
		documented[d.Name]++
		if strings.TrimSpace(d.Description) == "" {
			t.Errorf("%s type %s has no description", kind, d.Name)
		}
		typeName, err := read(d.Example)
		if err != nil {
			t.Errorf("example of %s type %s doesn't read: %s", kind, d.Name, err)
			continue
		}
		if typeName != d.Name {
			t.Errorf("example of %s type %s is of type %s", kind, d.Name, typeName)
		}
	}
	for _, c := range constants {
		if documented[c] != 1 {
			t.Errorf("%s type %s is listed %d times in Docs, want once", kind, c, documented[c])
		}
	}
	if len(documented) != len(constants) {
		t.Errorf("Docs lists %d types, %s declares %d", len(documented), file, len(constants))
	}
}

// TypeConstants returns the values of the string constants named Type... in a Go file,
// in declaration order.
func TypeConstants(t testing.TB, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Type") || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					values = append(values, v)
				}
			}
		}
	}
	return values
}

package resumes

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// TestDocsListEveryType checks that Docs names each Type constant of resume.go once, so a
// new resume type cannot go undocumented, and that each example reads as its type.
func TestDocsListEveryType(t *testing.T) {
	constants := typeConstants(t, "resume.go")
	if len(constants) == 0 {
		t.Fatal("no Type constants found in resume.go")
	}
	documented := map[string]int{}
	for _, d := range Docs() {
		documented[d.Name]++
		if strings.TrimSpace(d.Description) == "" {
			t.Errorf("resume type %s has no description", d.Name)
		}
		resume, err := Read([]byte(d.Example))
		if err != nil {
			t.Errorf("example of resume type %s doesn't read: %s", d.Name, err)
			continue
		}
		if resume.Type != d.Name {
			t.Errorf("example of resume type %s is of type %s", d.Name, resume.Type)
		}
	}
	for _, c := range constants {
		if documented[c] != 1 {
			t.Errorf("resume type %s is listed %d times in Docs, want once", c, documented[c])
		}
	}
	if len(documented) != len(constants) {
		t.Errorf("Docs lists %d types, resume.go declares %d", len(documented), len(constants))
	}
}

// typeConstants returns the values of the string constants named Type... in a file.
func typeConstants(t *testing.T, file string) []string {
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

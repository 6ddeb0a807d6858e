package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// goPackage is the parsed source of one package (test files excluded), kept to look up the
// doc comments of its types, constants and functions by name.
type goPackage struct {
	dir   string // relative to the repository root, slash separated
	fset  *token.FileSet
	files map[string]*ast.File // by file name
}

// loadPackage parses the non-test Go files of a package directory with their comments.
func loadPackage(root, dir string) (*goPackage, error) {
	pkg := &goPackage{dir: dir, fset: token.NewFileSet(), files: map[string]*ast.File{}}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(pkg.fset, filepath.Join(root, filepath.FromSlash(dir), name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		pkg.files[name] = f
	}
	if len(pkg.files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	return pkg, nil
}

// fileNames returns the package's file names sorted, so that everything derived from the
// source comes out in a stable order.
func (p *goPackage) fileNames() []string {
	names := make([]string, 0, len(p.files))
	for n := range p.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// typeDoc returns the doc comment of the named type and the file declaring it.
func (p *goPackage) typeDoc(name string) (doc, file string, found bool) {
	for _, fn := range p.fileNames() {
		for _, decl := range p.files[fn].Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				if ts.Name.Name != name {
					continue
				}
				group := ts.Doc
				if group == nil && len(gen.Specs) == 1 {
					group = gen.Doc
				}
				return group.Text(), p.dir + "/" + fn, true
			}
		}
	}
	return "", "", false
}

// stringConst is a string constant of the package with its doc comment.
type stringConst struct {
	Name, Value, Doc, File string
}

// stringConsts lists the package's string constants whose names start with prefix, in
// file and declaration order.
func (p *goPackage) stringConsts(prefix string) []stringConst {
	var consts []stringConst
	for _, fn := range p.fileNames() {
		for _, decl := range p.files[fn].Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				group := vs.Doc
				if group == nil && len(gen.Specs) == 1 {
					group = gen.Doc
				}
				for i, id := range vs.Names {
					if !strings.HasPrefix(id.Name, prefix) || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					value, _ := strconv.Unquote(lit.Value)
					consts = append(consts, stringConst{Name: id.Name, Value: value, Doc: group.Text(), File: p.dir + "/" + fn})
				}
			}
		}
	}
	return consts
}

// registration is a function registered by a call in an init function, such as
// registerArgs("upper", 1, 1, upper), with the doc comment that describes it.
type registration struct {
	Name   string
	GoName string // the name the doc comment starts with: the Go function's, or Name above a call
	Doc    string
	File   string
}

// registrations finds the calls in the package's init functions whose first argument is a
// string literal and whose callee is one of registerFuncs. A registration's doc is the
// comment written right above the call when there is one, else the doc comment of the
// expression function (a func of the form func(env, args...)) named among its arguments.
func (p *goPackage) registrations(registerFuncs ...string) ([]registration, error) {
	funcs := map[string]*ast.FuncDecl{}
	for _, f := range p.files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil {
				funcs[fd.Name.Name] = fd
			}
		}
	}
	isRegister := map[string]bool{}
	for _, n := range registerFuncs {
		isRegister[n] = true
	}

	var regs []registration
	for _, fn := range p.fileNames() {
		f := p.files[fn]
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "init" || fd.Recv != nil || fd.Body == nil {
				continue
			}
			for _, stmt := range fd.Body.List {
				es, ok := stmt.(*ast.ExprStmt)
				if !ok {
					continue
				}
				call, ok := es.X.(*ast.CallExpr)
				if !ok || len(call.Args) < 2 {
					continue
				}
				callee, ok := call.Fun.(*ast.Ident)
				if !ok || !isRegister[callee.Name] {
					continue
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				name, _ := strconv.Unquote(lit.Value)
				doc, goName := p.commentAbove(f, stmt), name
				if doc == "" {
					if xf := lastExpressionFunc(call.Args[1:], funcs); xf != nil {
						doc, goName = xf.Doc.Text(), xf.Name.Name
					}
				}
				if strings.TrimSpace(doc) == "" {
					return nil, fmt.Errorf("%s/%s: function %s has no doc comment (write one on its Go function or above its registration)", p.dir, fn, name)
				}
				regs = append(regs, registration{Name: name, GoName: goName, Doc: doc, File: p.dir + "/" + fn})
			}
		}
	}
	return regs, nil
}

// commentAbove returns the text of a comment group ending on the line right above node.
func (p *goPackage) commentAbove(f *ast.File, node ast.Node) string {
	line := p.fset.Position(node.Pos()).Line
	for _, cg := range f.Comments {
		if p.fset.Position(cg.End()).Line == line-1 && cg.Pos() > f.Package {
			return cg.Text()
		}
	}
	return ""
}

// lastExpressionFunc returns the last package function named in args that has the shape
// of an expression function: two parameters, the second variadic. Wrappers such as
// WithArity(1, 1, upper) are skipped that way.
func lastExpressionFunc(args []ast.Expr, funcs map[string]*ast.FuncDecl) *ast.FuncDecl {
	var found *ast.FuncDecl
	for _, arg := range args {
		ast.Inspect(arg, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				return false // another package's name
			case *ast.Ident:
				if fd, ok := funcs[n.Name]; ok && isExpressionFunc(fd) {
					found = fd
				}
			}
			return true
		})
	}
	return found
}

// isExpressionFunc reports whether fd looks like func(env envs.Environment, args ...types.XValue).
func isExpressionFunc(fd *ast.FuncDecl) bool {
	params := fd.Type.Params.List
	count := 0
	for _, p := range params {
		if len(p.Names) == 0 {
			count++
		} else {
			count += len(p.Names)
		}
	}
	if count != 2 {
		return false
	}
	_, variadic := params[len(params)-1].Type.(*ast.Ellipsis)
	return variadic
}

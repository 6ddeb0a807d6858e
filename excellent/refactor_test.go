package excellent

import (
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

func TestContextPaths(t *testing.T) {
	tests := []struct {
		template string
		paths    string // paths joined by "." and separated by " | "
	}{
		{"plain text", ""},
		{"@contact.name", "contact.name"},
		{"@(upper(contact.name))", "contact.name"},
		{"Hi @contact, @fields.age!", "contact | fields.age"},
		{`@(contact.fields["age"] + results.x.value)`, "contact.fields.age | results.x.value"},
		{`@(contact.urns[0].path)`, "contact.urns"},
		{`@(fields[input.text])`, "fields | input.text"},
		{`@(foreach(contact.groups, (g) => g.name & run.uuid))`, "contact.groups | run.uuid"},
		{`@(((f) => f)(test_upper))`, ""},
		{`@(((f) => f)(contact))`, "contact"},
		{`@(array(upper)[0]("abc"))`, ""},
		{"@(1 + )", ""},
		{"foo@bar.com @@contact", "bar.com"},
		{"@(-fields.age)", "fields.age"},
	}
	for _, tc := range tests {
		var got []string
		for _, p := range ContextPaths(tc.template) {
			got = append(got, strings.Join(p, "."))
		}
		check(t, tc.paths, strings.Join(got, " | "), "paths of %q", tc.template)
	}
}

// renameField rewrites fields.x to contact.fields.x, as a migration might.
func renameField(e Expr) Expr {
	var walk func(Expr) Expr
	walk = func(e Expr) Expr {
		switch x := e.(type) {
		case *ContextRef:
			if strings.EqualFold(x.Name, "fields") {
				return &PropertyLookup{Container: &ContextRef{Name: "contact"}, Name: "fields"}
			}
		case *PropertyLookup:
			return &PropertyLookup{Container: walk(x.Container), Name: x.Name}
		case *IndexLookup:
			return &IndexLookup{Container: walk(x.Container), Index: walk(x.Index)}
		case *Call:
			args := make([]Expr, len(x.Args))
			for i, a := range x.Args {
				args[i] = walk(a)
			}
			return &Call{Function: walk(x.Function), Args: args}
		case *BinaryOp:
			return &BinaryOp{Op: x.Op, Left: walk(x.Left), Right: walk(x.Right)}
		case *Group:
			return &Group{Inner: walk(x.Inner)}
		}
		return e
	}
	return walk(e)
}

func TestRewriteTemplate(t *testing.T) {
	tests := []struct{ template, identity, renamed string }{
		{"plain @@ text", "plain @@ text", "plain @@ text"},
		{"Age: @fields.age.", "Age: @fields.age.", "Age: @contact.fields.age."},
		{"@(fields.age+1)", "@(fields.age + 1)", "@(contact.fields.age + 1)"},
		{`@(test_upper( fields.name ))!`, `@(test_upper(fields.name))!`, `@(test_upper(contact.fields.name))!`},
		{"@(1 +) @fields.x", "@(1 +) @fields.x", "@(1 +) @contact.fields.x"},
		{"foo@bar.com", "foo@bar.com", "foo@bar.com"},
		{"x@ y@(1", "x@ y@(1", "x@ y@(1"},
		{`@("a\nb" & 'x')`, `@("a\nb" & 'x')`, `@("a\nb" & 'x')`}, // doesn't parse: kept
		{`@("a\nb" & "\w")`, `@("a\nb" & "\\w")`, `@("a\nb" & "\\w")`},
		{"@((x) => x * 2)", "@((x) => x * 2)", "@((x) => x * 2)"},
		{"@(-(1 + 2) ^ 2)", "@(-(1 + 2) ^ 2)", "@(-(1 + 2) ^ 2)"},
		{"@(1.50 * 2)", "@(1.50 * 2)", "@(1.50 * 2)"},
		{`@(fields["my key"])`, `@(fields["my key"])`, `@(contact.fields["my key"])`},
	}
	for _, tc := range tests {
		check(t, tc.identity, RewriteTemplate(tc.template, func(e Expr) Expr { return e }), "identity rewrite of %q", tc.template)
		check(t, tc.renamed, RewriteTemplate(tc.template, renameField), "renaming rewrite of %q", tc.template)
	}

	// a path rewritten into something that isn't a path becomes @(...)
	got := RewriteTemplate("Hi @contact.name!", func(e Expr) Expr {
		return &Call{Function: &ContextRef{Name: "upper"}, Args: []Expr{e}}
	})
	check(t, "Hi @(upper(contact.name))!", got, "path to call")
	got = RewriteTemplate("@contact.name", func(e Expr) Expr {
		return &PropertyLookup{Container: &ContextRef{Name: "contact"}, Name: "my key"}
	})
	check(t, `@(contact["my key"])`, got, "path to key lookup")
}

func TestStringRoundTrips(t *testing.T) {
	// nodes built by hand get the parentheses precedence needs
	built := &BinaryOp{Op: OpMultiply,
		Left:  &BinaryOp{Op: OpAdd, Left: &NumberLiteral{Value: num("1")}, Right: &NumberLiteral{Value: num("2")}},
		Right: &Negation{Operand: &BinaryOp{Op: OpSubtract, Left: &ContextRef{Name: "a"}, Right: &NullLiteral{}}},
	}
	check(t, "(1 + 2) * -(a - null)", built.String(), "built")
	check(t, "3", evalText("("+built.Left.String()+")"), "built operand evaluates")

	for _, src := range []string{
		`upper(contact.name)`,
		`a.b[0]["c d"](1, "x", true, false, null)`,
		`(a, b) => a & b`,
		`f((x) => x + 1, 2)`,
		`1 - (2 - 3) - 4`,
		`2 ^ (3 ^ 2)`,
		`-(-1)`,
		`"quote \" and \\ and \t"`,
	} {
		e, err := ParseExpression(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		again, err := ParseExpression(e.String())
		if err != nil {
			t.Errorf("%s reparsing %s: %v", src, e.String(), err)
			continue
		}
		check(t, e.String(), again.String(), "round trip of %s", src)
	}
}

// TestConformanceVectors runs the vectors of the groups the language core owns
// ("operators", and "types" as far as the functions they use are registered) against a
// context holding the one contact field they read.
func TestConformanceVectors(t *testing.T) {
	vectors := testutil.ReadVectors(t)
	settings, err := envs.ReadSettings(testutil.ReadExpressionSession(t).Environment)
	if err != nil {
		t.Fatal(err)
	}
	env := envs.NewEnv(settings, utils.FixedClock{T: time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)}, utils.NewSeededRandom(1), nil)
	ctx := types.NewXObject(map[string]types.XValue{
		"fields": types.NewXObject(map[string]types.XValue{"age": num("23")}),
	})
	ran, waiting := 0, 0
	for _, v := range vectors {
		// every vector, whichever group, is valid syntax
		if _, err := ParseTemplate(v.Template); err != nil {
			t.Errorf("%s: %s doesn't parse: %v", v.Name, v.Template, err)
		}
		if v.Group != "operators" && v.Group != "types" {
			continue
		}
		if missing := missingFunctions(v.Template); missing != "" {
			waiting++
			t.Logf("not yet runnable, %s isn't registered: %s", missing, v.Template)
			continue
		}
		ran++
		out, errs := EvaluateTemplate(env, ctx, v.Template, nil)
		if v.Error {
			check(t, true, len(errs) > 0, "%s: %s gives an error", v.Name, v.Template)
			continue
		}
		check(t, 0, len(errs), "%s: errors of %s (%v)", v.Name, v.Template, errs)
		check(t, v.Output, out, "%s: %s", v.Name, v.Template)
	}
	t.Logf("%d vectors run, %d wait for functions", ran, waiting)
	if ran == 0 {
		t.Fatal("no vectors were run")
	}
}

// missingFunctions names a function called by the template that isn't registered.
func missingFunctions(template string) string {
	missing := ""
	RewriteTemplate(template, func(e Expr) Expr {
		var walk func(Expr)
		walk = func(e Expr) {
			switch x := e.(type) {
			case *Call:
				if ref, ok := x.Function.(*ContextRef); ok {
					if _, ok := functions.Lookup(ref.Name); !ok {
						missing = ref.Name
					}
				}
				walk(x.Function)
				for _, a := range x.Args {
					walk(a)
				}
			case *ContextRef:
				if _, ok := functions.Lookup(x.Name); !ok && x.Name != "fields" {
					missing = x.Name
				}
			case *PropertyLookup:
				walk(x.Container)
			case *IndexLookup:
				walk(x.Container)
				walk(x.Index)
			case *BinaryOp:
				walk(x.Left)
				walk(x.Right)
			case *Group:
				walk(x.Inner)
			}
		}
		walk(e)
		return e
	})
	return missing
}

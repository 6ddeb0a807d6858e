package functions_test

import (
	"regexp"
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// needsContext matches templates that read the session (contact, urns, results...), which
// this package's test has no context for: the flowrunner eval conformance covers them.
var needsContext = regexp.MustCompile(`\b(contact|urns|fields|results|run|input|webhook|node|parent|child|trigger|globals|undeclared|locals)\b\s*[.\[),]`)

// randomVectors depend on the reference engine's own random generator, which a seeded
// source of ours can't reproduce; rand and rand_between are checked for range instead.
var randomVectors = map[string]bool{"rand": true, "rand_between": true}

var calledName = regexp.MustCompile(`\b([a-z_]+)\(`)

// TestConformanceVectors evaluates the expression vectors of the function and type groups
// that need no session context, in the vectors' environment.
func TestConformanceVectors(t *testing.T) {
	vectors := testutil.ReadVectors(t)
	fixture := testutil.ReadExpressionSession(t)
	settings, err := envs.ReadSettings(fixture.Environment)
	if err != nil {
		t.Fatal(err)
	}
	env := promptEnv{envs.NewEnv(settings, utils.FixedClock{T: fixture.Now}, utils.NewSeededRandom(123456), nil)}
	ctx := types.NewXObject(nil)

	ran, skipped := 0, 0
	for _, v := range vectors {
		if (v.Group != "functions" && v.Group != "types") || randomVectors[v.Name] || needsContext.MatchString(v.Template) || !allRegistered(v.Template) {
			skipped++
			continue
		}
		ran++
		out, errs := excellent.EvaluateTemplate(env, ctx, v.Template, nil)
		switch {
		case v.Error && len(errs) == 0:
			t.Errorf("%s: expected an error, got %q", v.Template, out)
		case !v.Error && len(errs) > 0:
			t.Errorf("%s: expected %q, got errors %v", v.Template, v.Output, errs[0])
		case !v.Error && out != v.Output:
			t.Errorf("%s: expected %q, got %q", v.Template, v.Output, out)
		}
	}
	t.Logf("%d vectors run, %d need context, other groups or unregistered functions", ran, skipped)
	if ran == 0 {
		t.Fatal("no vectors were run")
	}
}

// promptEnv carries the prompt templates the reference engine evaluating the vectors was
// configured with: its categorize prompt is shorter than the one of its LLM test service
// (functions.DefaultPrompt), so flowrunner eval must configure the same.
type promptEnv struct{ *envs.Env }

func (promptEnv) LLMPrompt(name string) (string, bool) {
	if name == "categorize" {
		return "Categorize the following text into one of the following: {{ .arg1 }}", true
	}
	return "", false
}

// allRegistered says whether every function the template calls is registered (the case
// tests register theirs from another package).
func allRegistered(template string) bool {
	for _, m := range calledName.FindAllStringSubmatch(template, -1) {
		if _, ok := functions.Lookup(m[1]); !ok {
			return false
		}
	}
	return true
}

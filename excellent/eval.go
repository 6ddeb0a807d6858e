package excellent

import (
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// evaluation is the state of evaluating one expression: its inputs and the budget it has
// used. It is made per evaluation, never shared between goroutines, which is what keeps
// parsed templates safe for concurrent use.
type evaluation struct {
	env   envs.Environment
	ctx   types.XObject
	steps int
	depth int
	err   types.XError // set once the budget is exhausted; every later step returns it
	funcs budgetEnv    // the environment functions are called with
}

func newEvaluation(env envs.Environment, ctx types.XObject) *evaluation {
	ev := &evaluation{env: env, ctx: ctx}
	ev.funcs = budgetEnv{Environment: env, ev: ev}
	return ev
}

// budgetEnv is the environment functions are called with: the caller's, carrying the
// evaluation's budget (functions.Budget) so that work such as matching a regular
// expression is charged to it.
type budgetEnv struct {
	envs.Environment
	ev *evaluation
}

// Charge takes steps from the evaluation's budget.
func (b *budgetEnv) Charge(steps int) bool {
	ev := b.ev
	if ev.err != nil {
		return false
	}
	ev.steps += steps
	if ev.steps > MaxSteps || ev.steps < 0 {
		ev.err = types.NewXErrorf("expression evaluation exceeded the maximum of %d steps", MaxSteps)
		return false
	}
	return true
}

// Unwrap returns the caller's environment (see functions.UnwrapEnv).
func (b *budgetEnv) Unwrap() envs.Environment { return b.Environment }

// reset prepares the evaluation for the next expression of a template, which gets a fresh
// budget.
func (ev *evaluation) reset() {
	ev.steps, ev.depth, ev.err = 0, 0, nil
}

// step charges one unit of work, reporting false when the budget is gone.
func (ev *evaluation) step() bool {
	if ev.err != nil {
		return false
	}
	ev.steps++
	if ev.steps > MaxSteps {
		ev.err = types.NewXErrorf("expression evaluation exceeded the maximum of %d steps", MaxSteps)
		return false
	}
	return true
}

// evaluate runs e against the context with a fresh budget. A panic in a function (a bug,
// never an input) is turned into an error value rather than taking the engine down; its
// message starts with "internal error" so tests can tell it from ordinary errors.
func (ev *evaluation) evaluate(e Expr) (result types.XValue) {
	ev.reset()
	defer func() {
		if r := recover(); r != nil {
			result = types.NewXErrorf("internal error evaluating %s: %v", e.String(), r)
		}
	}()
	v := e.eval(ev, nil)
	if ev.err != nil {
		return ev.err
	}
	return v
}

// scope holds the parameters of a lambda invocation; names are looked up innermost first,
// then in the context.
type scope struct {
	names  []string
	values []types.XValue
	parent *scope
}

func (s *scope) lookup(name string) (types.XValue, bool) {
	for ; s != nil; s = s.parent {
		for i, n := range s.names {
			if strings.EqualFold(n, name) {
				return s.values[i], true
			}
		}
	}
	return nil, false
}

// resolveName finds a bare name: a lambda parameter, then a context property, then a
// built-in function (so `@(upper)` is the function value).
func (ev *evaluation) resolveName(sc *scope, name string) types.XValue {
	if v, ok := sc.lookup(name); ok {
		return v
	}
	if ev.ctx != nil {
		if v, ok := ev.ctx.Get(name); ok {
			return v
		}
	}
	if fn, ok := functions.Lookup(name); ok {
		return fn
	}
	return types.NewXErrorf("context has no property '%s'", name)
}

func (x *ContextRef) eval(ev *evaluation, sc *scope) types.XValue {
	if !ev.step() {
		return ev.err
	}
	return ev.resolveName(sc, x.Name)
}

func (x *PropertyLookup) eval(ev *evaluation, sc *scope) types.XValue {
	container := x.Container.eval(ev, sc)
	if !ev.step() {
		return ev.err
	}
	return lookupProperty(container, x.Name)
}

// lookupProperty gets a property of an object by name, case-insensitively.
func lookupProperty(container types.XValue, name string) types.XValue {
	switch c := container.(type) {
	case types.XError:
		return c
	case types.XObject:
		if v, ok := c.Get(name); ok {
			return v
		}
		return types.NewXErrorf("%s has no property '%s'", types.Describe(container), name)
	}
	// only objects have properties: null, numbers, texts and arrays refuse a property lookup
	// as they refuse an index lookup
	return types.NewXErrorf("%s doesn't support lookups", types.Describe(container))
}

func (x *IndexLookup) eval(ev *evaluation, sc *scope) types.XValue {
	container := x.Container.eval(ev, sc)
	index := x.Index.eval(ev, sc)
	if !ev.step() {
		return ev.err
	}
	if types.IsXError(container) {
		return container
	}
	if types.IsXError(index) {
		return index
	}
	switch c := container.(type) {
	case types.XArray:
		i, xerr := types.ToInteger(ev.env, index)
		if xerr != nil {
			return xerr
		}
		n := c.Count()
		if i >= n || i < -n {
			return types.NewXErrorf("index %d out of range for %d items", i, n)
		}
		if i < 0 {
			i += n
		}
		return c.Get(i)
	case types.XObject:
		key, xerr := types.ToXText(ev.env, index)
		if xerr != nil {
			return xerr
		}
		return lookupProperty(c, key.Native())
	}
	return types.NewXErrorf("%s doesn't support lookups", types.Describe(container))
}

func (x *Call) eval(ev *evaluation, sc *scope) types.XValue {
	var callee types.XValue
	if x.builtin != nil {
		callee = x.builtin
	} else if ref, ok := x.Function.(*ContextRef); ok {
		// a callee name is looked up among lambda parameters, then built-ins, then the
		// context (only reached for calls built by rewriters or parsed before a built-in
		// was registered)
		if v, ok := sc.lookup(ref.Name); ok {
			callee = v
		} else if fn, ok := functions.Lookup(ref.Name); ok {
			callee = fn
		} else {
			callee = ev.resolveName(nil, ref.Name)
		}
	} else {
		callee = x.Function.eval(ev, sc)
	}
	if types.IsXError(callee) {
		return callee
	}
	fn, ok := callee.(types.XFunction)
	if !ok {
		return types.NewXErrorf("%s is not a function", types.Describe(callee))
	}
	var args []types.XValue
	if len(x.Args) > 0 {
		args = make([]types.XValue, len(x.Args))
		for i, a := range x.Args {
			args[i] = a.eval(ev, sc)
		}
	}
	return ev.call(fn, args)
}

// call invokes a function value within the call depth and step budget, wraps an error a
// built-in returns with its name (WrapCallError), and refuses texts longer than
// MaxTextLength in its result.
func (ev *evaluation) call(fn types.XFunction, args []types.XValue) types.XValue {
	if !ev.step() {
		return ev.err
	}
	if ev.depth >= MaxCallDepth {
		ev.err = types.NewXErrorf("expression evaluation exceeded the maximum call depth of %d", MaxCallDepth)
		return ev.err
	}
	ev.depth++
	result := fn.Call(&ev.funcs, args)
	ev.depth--
	if ev.err != nil {
		return ev.err
	}
	if xe, isErr := result.(types.XError); isErr {
		if _, anonymous := fn.(*lambdaValue); !anonymous {
			return WrapCallError(fn.Name(), xe)
		}
	}
	return checkTextLength(result)
}

// WrapCallError is the error of a call to the named built-in that returned err (its own or
// an argument's passed on), as the established engine words it, so nested calls read from
// the outside in: "error calling upper(...): error calling lower(...): object has no
// property 'x'".
func WrapCallError(name string, err types.XError) types.XError {
	return types.NewXErrorf("error calling %s(...): %s", name, err.Error())
}

// checkTextLength turns a text over MaxTextLength into an error.
func checkTextLength(v types.XValue) types.XValue {
	if t, ok := v.(types.XText); ok && len(t.Native()) > MaxTextLength {
		return textTooLong()
	}
	return v
}

func textTooLong() types.XError {
	return types.NewXErrorf("text exceeds the maximum length of %d bytes", MaxTextLength)
}

func (x *Lambda) eval(ev *evaluation, sc *scope) types.XValue {
	if !ev.step() {
		return ev.err
	}
	return &lambdaValue{def: x, scope: sc, ev: ev}
}

// lambdaValue is the function value of an evaluated lambda. It keeps the evaluation that
// made it so calls from built-ins such as foreach are charged to the same budget.
type lambdaValue struct {
	def   *Lambda
	scope *scope
	ev    *evaluation
}

func (f *lambdaValue) Name() string                   { return "anonymous" }
func (f *lambdaValue) Describe() string               { return "function" }
func (f *lambdaValue) Truthy() bool                   { return true }
func (f *lambdaValue) Render() string                 { return f.def.String() }
func (f *lambdaValue) Format(envs.Environment) string { return f.Render() }
func (f *lambdaValue) String() string                 { return "XFunction(" + f.def.String() + ")" }
func (f *lambdaValue) MarshalJSON() ([]byte, error)   { return []byte("null"), nil }

// Equals is identity: two lambdas are the same only if they are one value.
func (f *lambdaValue) Equals(o types.XValue) bool {
	g, ok := o.(*lambdaValue)
	return ok && g == f
}

// Call runs the lambda's body with its parameters bound to args.
func (f *lambdaValue) Call(env envs.Environment, args []types.XValue) types.XValue {
	ev := f.ev
	if err := types.CheckArity(len(f.def.Params), len(f.def.Params), len(args)); err != nil {
		return err
	}
	if !ev.step() {
		return ev.err
	}
	if ev.depth >= MaxCallDepth {
		ev.err = types.NewXErrorf("expression evaluation exceeded the maximum call depth of %d", MaxCallDepth)
		return ev.err
	}
	ev.depth++
	defer func() { ev.depth-- }()
	inner := &scope{names: f.def.Params, values: args, parent: f.scope}
	v := f.def.Body.eval(ev, inner)
	if ev.err != nil {
		return ev.err
	}
	return v
}

func (x *BinaryOp) eval(ev *evaluation, sc *scope) types.XValue {
	left := x.Left.eval(ev, sc)
	right := x.Right.eval(ev, sc)
	if !ev.step() {
		return ev.err
	}
	return applyOperator(ev.env, x.Op, left, right)
}

func (x *Negation) eval(ev *evaluation, sc *scope) types.XValue {
	v := x.Operand.eval(ev, sc)
	if !ev.step() {
		return ev.err
	}
	n, xerr := types.ToXNumber(ev.env, v)
	if xerr != nil {
		return xerr
	}
	return types.NewXNumber(n.Native().Neg())
}

func (x *Group) eval(ev *evaluation, sc *scope) types.XValue { return x.Inner.eval(ev, sc) }

func (x *TextLiteral) eval(ev *evaluation, sc *scope) types.XValue {
	if x.value != nil {
		return x.value
	}
	return types.NewXText(x.Value)
}

func (x *NumberLiteral) eval(ev *evaluation, sc *scope) types.XValue {
	if x.value != nil {
		return x.value
	}
	return x.Value
}

func (x *BooleanLiteral) eval(ev *evaluation, sc *scope) types.XValue {
	return types.NewXBoolean(x.Value)
}

func (x *NullLiteral) eval(ev *evaluation, sc *scope) types.XValue { return nil }

// EvaluateExpression evaluates a bare expression (no @), e.g. a case test's argument.
// Syntax errors and evaluation errors are returned as XError values.
func EvaluateExpression(env envs.Environment, ctx types.XObject, expression string) types.XValue {
	e, err := cachedExpression(expression)
	if err != nil {
		return types.NewXError(err)
	}
	return newEvaluation(env, ctx).evaluate(e)
}

package functions

import (
	"regexp"
	"regexp/syntax"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
)

// Limits on the regular expressions flow authors write (has_pattern, regex_match). Go's
// regular expressions run in time linear in the input, but the factor is the size of the
// compiled pattern, so both sizes are bounded and their product is charged as work.
const (
	// MaxPatternLength bounds the length in bytes of a pattern.
	MaxPatternLength = 2000
	// RegexCacheSize bounds how many compiled patterns are kept (twice this at most).
	RegexCacheSize = 1000
	// MaxWorkPerCall bounds the work one call may do when it runs outside an expression's
	// evaluation (a router's case test), in the units of the evaluation budget, which
	// inside an expression bounds the call instead (excellent.MaxSteps, the same value).
	MaxWorkPerCall = 1_000_000
)

// Budget is implemented by the environment functions are called with while an expression
// is evaluated: functions whose work grows with their inputs charge it there, so it counts
// against the expression's evaluation budget like the expression's own steps.
type Budget interface {
	// Charge takes steps units of work from the budget, reporting false once the budget
	// is exhausted (the evaluation then fails with its own error).
	Charge(steps int) bool
}

// ErrWorkExceeded is the error of a call whose work exceeds what may be spent on it.
var errWorkExceeded = types.NewXErrorf("expression evaluation exceeded the maximum of %d steps", MaxWorkPerCall)

// Charge charges steps units of work to env's budget when it has one, or checks them
// against MaxWorkPerCall when it doesn't. It returns the error to return when the work
// may not be done, before doing it.
func Charge(env envs.Environment, steps int) types.XError {
	if b, ok := env.(Budget); ok {
		if !b.Charge(steps) {
			return errWorkExceeded
		}
		return nil
	}
	if steps > MaxWorkPerCall {
		return errWorkExceeded
	}
	return nil
}

// UnwrapEnv returns the environment an evaluation's budget wraps, or env itself, so that
// functions can look for optional interfaces (such as PromptSource) of the caller's
// environment.
func UnwrapEnv(env envs.Environment) envs.Environment {
	for {
		u, ok := env.(interface{ Unwrap() envs.Environment })
		if !ok {
			return env
		}
		env = u.Unwrap()
	}
}

// UserRegex is a compiled pattern written by a flow author, case-insensitive and
// multi-line as case tests use it, with the size its matching costs per input byte.
type UserRegex struct {
	re   *regexp.Regexp
	cost int
	err  types.XError
}

var regexCache = utils.NewCache[*UserRegex](RegexCacheSize)

// CompileUserRegex compiles a pattern once and then returns it from a bounded cache;
// patterns longer than MaxPatternLength are refused.
func CompileUserRegex(pattern string) (*UserRegex, types.XError) {
	if len(pattern) > MaxPatternLength {
		return nil, types.NewXErrorf("regular expression is longer than the maximum of %d bytes", MaxPatternLength)
	}
	r := regexCache.Get(pattern, compileUserRegex)
	if r.err != nil {
		return nil, r.err
	}
	return r, nil
}

func compileUserRegex(pattern string) *UserRegex {
	full := "(?mi)" + pattern
	re, err := regexp.Compile(full)
	if err != nil {
		return &UserRegex{err: types.NewXErrorf("'%s' is not a valid regular expression", pattern)}
	}
	// the matcher's work per input byte is at most the compiled program's size
	cost := len(full)
	if parsed, err := syntax.Parse(full, syntax.Perl); err == nil {
		if prog, err := syntax.Compile(parsed.Simplify()); err == nil {
			cost = max(cost, len(prog.Inst))
		}
	}
	return &UserRegex{re: re, cost: cost}
}

// NumSubexp returns the number of parenthesized groups of the pattern.
func (r *UserRegex) NumSubexp() int { return r.re.NumSubexp() }

// FindSubmatch returns the first match of the pattern in s and its groups, nil when there
// is none, charging the match's work (pattern size × input length) to env first.
func (r *UserRegex) FindSubmatch(env envs.Environment, s string) ([]string, types.XError) {
	if err := Charge(env, r.cost*(len(s)+1)); err != nil {
		return nil, err
	}
	return r.re.FindStringSubmatch(s), nil
}

package excellent

import "github.com/shopspring/decimal"

// The evaluation budget. Templates come from flow authors and expression values from
// contacts and webhooks, so nothing an expression does may exhaust memory, the stack or the
// CPU: every limit below turns runaway work into an ordinary evaluation error.
const (
	// MaxParseDepth bounds how deeply an expression may nest (parentheses, operands,
	// arguments, lambdas). The parser is recursive, so this keeps hostile input such as
	// ten thousand "(" from growing the stack without bound.
	MaxParseDepth = 100

	// MaxExpressionTokens bounds the number of tokens of one expression. Operators of one
	// precedence chain without nesting (1 + 1 + 1 ...), and evaluating such a chain
	// recurses once per operator, so its length needs a bound of its own.
	MaxExpressionTokens = 10_000

	// MaxCallDepth bounds how many function calls may be active at once during one
	// evaluation. Lambdas can be passed to themselves, which is the only way to recurse in
	// the language, and this stops `((f) => f(f))((f) => f(f))` long before the stack does.
	MaxCallDepth = 100

	// MaxSteps bounds the number of expression nodes one expression may evaluate, counting
	// every evaluation inside lambdas called by functions such as foreach. It stops
	// branching recursion, whose depth is small but whose work is exponential.
	MaxSteps = 1_000_000

	// MaxTextLength bounds the length in bytes of any text an expression produces (by
	// concatenation, by a function, or as its output). Message and webhook texts are far
	// smaller; anything bigger is a mistake or an attack such as repeat("x", 100000000).
	MaxTextLength = 1 << 20

	// MaxNumberDigits bounds the integer digits of numbers computed by arithmetic. Numbers
	// end up in result and field values stored as decimal(36, 8), so bigger values are
	// errors rather than huge allocations (2 ^ 400 is an error, 2 ^ 100 is not).
	MaxNumberDigits = 36
	// MaxExponent bounds the magnitude of exponents of ^ (other than of 0, 1 and -1), so
	// that raising a number with many decimal places stays cheap.
	MaxExponent = 1000
)

// maxNumber is the smallest magnitude that is out of range: 10^MaxNumberDigits.
var maxNumber = decimal.New(1, MaxNumberDigits)

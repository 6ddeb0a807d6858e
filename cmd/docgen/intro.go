package main

// ExampleNow is the instant the clock is fixed at when the function and case test
// examples are evaluated; the intros below state it, the tests use it.
const ExampleNow = "2024-06-10T08:30:15.123456Z"

// ExampleSeed seeds the random source of the example environment.
const ExampleSeed = 123456

const actionsIntro = `
Actions are the steps of a flow's nodes. Each does one thing for the run (send a message,
save a field, call a webhook) and logs events saying what happened. In a flow definition an
action is a JSON object whose ` + "`type`" + ` names one of the types below and whose ` + "`uuid`" + `
identifies it, for translations and for the session's path. ` + "`flowrunner actions`" + ` lists the
same types. Each type has a page with an example and the table of its fields: their JSON
type, whether they are required, and their limits (a flow breaking them is refused when it
is read). Every example is read and validated by the project's tests, as the engine reads
flows.
`

const eventsIntro = `
A sprint returns the events it logged, in order. Some ask the caller to act (send the
message of ` + "`msg_created`" + `, dial the number of ` + "`dial_wait`" + `), the others say what changed (a
contact field, the groups, a result) so the caller can store it. Every event also has a
` + "`uuid`" + ` and a ` + "`created_on`" + ` time, omitted from the examples. The project's tests read each
example and refuse fields an event doesn't have.
`

const triggersIntro = `
A trigger starts a session: it names the flow, says when (` + "`triggered_on`" + `) and why. Some
carry what caused them (an incoming message, a channel event, the parent run); the flow
reads the trigger as ` + "`@trigger`" + `. Besides the fields shown, every trigger may carry
` + "`contact`" + ` and ` + "`environment`" + ` to use instead of the caller's. The project's tests read every
example as a session start does.
`

const resumesIntro = `
A resume continues a session that is waiting: the contact replied, the wait timed out or
expired, or a dial ended. It says when (` + "`resumed_on`" + `) and carries the event that happened.
A waiting session accepts only the resumes its wait can take (a dial wait takes a dial, a
message wait a message, a timeout or an expiration). The project's tests read every example
as a session does when it is resumed.
`

const functionsIntro = `
Functions are called in expressions: ` + "`@(upper(contact.name))`" + `, ` + "`@(datetime_add(now(), 1, \"D\"))`" + `.
Names are case-insensitive. The case tests of routers are functions too; they have
[their own page](cases.md).

Each function shows how it is called, then a table of its parameters. In a call such as
` + "`trim(text [, chars])`" + `, a parameter in brackets is optional and may be left out with the
ones after it (the table says what it stands for then), and one written with ` + "`...`" + ` may be
repeated: ` + "`max(numbers...)`" + ` takes one or more numbers, ` + "`array([values...])`" + ` any number of
values. The type says what the function reads the argument as: an argument
of another type is converted (the text ` + "`\"12\"`" + ` is read as the number 12), or the call is
an error when it can't be.

A test evaluates every example below in the default environment (timezone UTC, dates
YYYY-MM-DD, times tt:mm), with the clock fixed at ` + ExampleNow + `, a seeded random source
and the locations Rwanda > Kigali City > Gasabo > Gisozi. An example reading the session
(` + "`contact`, `results`, `input`" + `...) is shown, not run. ` + "`→ ERROR`" + ` means the expression fails.
`

const casesIntro = `
Case tests decide which case of a switch router matches: the router calls each case's test
with its operand (usually ` + "`@input.text`" + `) and the case's arguments, and takes the first case
that matches. A test that matches returns a value that is true and has two properties:
` + "`match`" + `, the part of the operand that matched, saved as the result's value, and ` + "`extra`" + `,
anything more it found (regex groups, entities). A test that doesn't match returns false.
Tests are functions too: ` + "`@(has_number(\"I have 3 cows\").match)`" + ` is 3 in any template.

Each test shows how it is called, the operand first, and a table of its parameters; a
parameter in brackets is optional, one written with ` + "`...`" + ` may be repeated. In
a flow, a case names its test in ` + "`type`" + ` and lists the arguments after the operand in
` + "`arguments`" + `, each a template evaluated to text when the router runs:
` + "`{\"type\": \"has_any_word\", \"arguments\": [\"yes ok\"]}`" + ` matches a reply holding yes or ok.

The examples are evaluated by a test as the [function examples](functions.md) are.
`

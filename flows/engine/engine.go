// Package engine runs sessions: it starts a session for a contact from a trigger, steps
// through the flow node by node, pauses when a router waits, and resumes later. Time,
// UUIDs and randomness come from the sources in Options, so runs are reproducible.
//
// Each start or resume is a sprint and takes a context.Context first:
//
//	session, sprint, err := eng.NewSession(ctx, sa, settings, contact, trigger, nil)
//	...store session (MarshalJSON), act on sprint.Events...
//	session, err = eng.ReadSession(sa, stored, contact, nil)
//	sprint, err = session.Resume(ctx, resume)
//
// The context reaches every service call the actions make (webhooks, email, airtime,
// LLMs, ticketing), so it carries deadlines and trace values to them. A sprint whose
// context ends stops at the next safe point (before a node, an action or a routing) with a
// failure event naming the cause, its runs and session failed, and an error wrapping
// ErrSprintInterrupted; Options.SprintTimeout gives every sprint a wall-clock bound.
package engine

import (
	"time"

	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// Limits of a session, failing it cleanly rather than looping or nesting without end.
const (
	// DefaultMaxStepsPerSprint bounds how many nodes one sprint may visit.
	DefaultMaxStepsPerSprint = 100
	// MaxSubflowDepth bounds how deep enter_flow may nest runs.
	MaxSubflowDepth = 256
	// DefaultDialLimitSeconds is how long a dial wait rings when the flow does not say.
	DefaultDialLimitSeconds = 60
	// DefaultCallLimitSeconds is how long a dialled call may last when the flow does not say.
	DefaultCallLimitSeconds = 7200
	// DefaultExpireAfterMinutes is how long a messaging wait lasts when the flow does not say.
	DefaultExpireAfterMinutes = 3 * 24 * 60
)

// Options configure an engine. Zero values are filled with real sources.
type Options struct {
	// Clock is read for every time the engine records (the system clock when nil).
	Clock utils.Clock
	// UUIDs gives sessions, runs and events their UUIDs (time-ordered v7 UUIDs from Clock
	// when nil).
	UUIDs utils.UUIDGenerator
	// Random is the one source of randomness of sessions: random routers and rand() (a
	// system-seeded source when nil; utils.NewSeededRandom for reproducible runs).
	Random utils.Random
	// Services are what actions reach the world through; a nil field is a service not
	// configured, which actions needing it report as an error event (see package services).
	Services *services.Services
	// MaxStepsPerSprint bounds the nodes one sprint visits (DefaultMaxStepsPerSprint when
	// zero); past it the session fails.
	MaxStepsPerSprint int
	// Limits are the budgets of each sprint and caps of each session (defaults when zero).
	Limits Limits
	// SprintTimeout, when positive, bounds the wall-clock time of every sprint: each runs
	// under a context that expires after it, on top of the caller's own (see NewSession).
	SprintTimeout time.Duration
	// MsgCheck, when set, is asked about every message an action sends (send_msg, say_msg,
	// send_broadcast, ...) and returns why it may not be sent, e.g. "forbidden_content",
	// or "" when it may. The reason becomes the message's unsendable_reason; the message
	// is still logged, and the caller decides what to do with it.
	MsgCheck func(msg *events.MsgOut) string
	// LLMPrompts are the named prompt templates prompt() renders (Go text/template, the
	// arguments as {{ .arg1 }}, {{ .arg2 }} ...), keyed by lower case name. Nil means the
	// built-in ones (functions.DefaultPrompt).
	LLMPrompts map[string]string
	// OnVisit, when set, is told of every node a run arrives at and of every exit it leaves
	// a node by, with the category its router picked, as they happen. Coverage reports and
	// path drawings (flowrunner test -cover, flowrunner graph -session) are built on it.
	OnVisit func(v Visit)
}

// Visit is a run arriving at a node (ExitUUID empty) or leaving it by an exit; CategoryUUID
// is the category the node's router picked, empty for a node without a router.
type Visit struct {
	FlowUUID     utils.UUID
	NodeUUID     utils.UUID
	CategoryUUID utils.UUID
	ExitUUID     utils.UUID
}

// Engine starts and resumes sessions. It holds no per-session state, so one engine can
// serve many sessions at once.
type Engine struct {
	opts Options
}

// New creates an engine, filling unset options with the system clock, random v7 UUIDs and a
// system-seeded random source.
func New(opts Options) *Engine {
	if opts.Clock == nil {
		opts.Clock = utils.RealClock{}
	}
	if opts.Random == nil {
		opts.Random = utils.NewRandom()
	}
	if opts.UUIDs == nil {
		opts.UUIDs = utils.NewV7Generator(opts.Clock)
	}
	if opts.MaxStepsPerSprint <= 0 {
		opts.MaxStepsPerSprint = DefaultMaxStepsPerSprint
	}
	opts.Limits = opts.Limits.withDefaults()
	return &Engine{opts: opts}
}

// Options returns the engine's options.
func (e *Engine) Options() Options { return e.opts }

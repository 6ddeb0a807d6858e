// Package flows holds the core model that the engine, the actions and the flow reader share:
// flow types, the Action contract, and what an action may ask of the run it executes in,
// plus the contact model.
package flows

import (
	"context"
	"encoding/json"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// FlowType says which channel kind a flow runs on, and so which actions and waits it may use.
type FlowType string

// The flow types of the spec.
const (
	FlowTypeMessaging           FlowType = "messaging"
	FlowTypeMessagingBackground FlowType = "messaging_background"
	FlowTypeMessagingOffline    FlowType = "messaging_offline"
	FlowTypeVoice               FlowType = "voice"
)

// AllFlowTypes lists every flow type, in spec order.
var AllFlowTypes = []FlowType{FlowTypeMessaging, FlowTypeMessagingBackground, FlowTypeMessagingOffline, FlowTypeVoice}

// Allows reports whether t is one of types.
func (t FlowType) Allows(types []FlowType) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// RunStatus is where a run is in its life.
type RunStatus string

// The run statuses.
const (
	RunStatusActive      RunStatus = "active"
	RunStatusWaiting     RunStatus = "waiting"
	RunStatusCompleted   RunStatus = "completed"
	RunStatusExpired     RunStatus = "expired"
	RunStatusInterrupted RunStatus = "interrupted"
	RunStatusFailed      RunStatus = "failed"
)

// SessionStatus is where a session is in its life.
type SessionStatus string

// The session statuses.
const (
	SessionStatusActive      SessionStatus = "active"
	SessionStatusWaiting     SessionStatus = "waiting"
	SessionStatusCompleted   SessionStatus = "completed"
	SessionStatusInterrupted SessionStatus = "interrupted"
	SessionStatusExpired     SessionStatus = "expired"
	SessionStatusFailed      SessionStatus = "failed"
)

// Action is one step of a node: it validates itself when read and executes against a run,
// logging events. Each action type lives in its own file under flows/actions.
type Action interface {
	UUID() utils.UUID
	Type() string
	// Validate checks the action's own fields after it is decoded (struct tags, limits).
	Validate() error
	// AllowedFlowTypes lists the flow types this action may appear in.
	AllowedFlowTypes() []FlowType
	// Execute runs the action. ctx is the context of the sprint under way (the one given
	// to engine.NewSession or Session.Resume): actions pass it to every service call, so a
	// cancelled or expired sprint stops waiting on the world. A returned error is a
	// failure of the whole session (the engine logs a failure event); problems a flow
	// author can fix are logged as error events through the run instead.
	Execute(ctx context.Context, run Run, log events.Callback) error
	// Inspect reports the templates, localizable texts, asset references, results and
	// locals of the action, in the order of its JSON fields.
	Inspect(ins Inspector)
}

// Localizable is an action or category whose texts can be translated; the localization of
// a flow maps its UUID to translated values by key (e.g. "text", "quick_replies").
type Localizable interface {
	LocalizationUUID() utils.UUID
}

// Inspector collects what a flow component refers to, for `flowrunner check` and flow
// inspection. Components call it in the order of their JSON fields, so that lists of
// templates and dependencies come out in that order.
type Inspector interface {
	// Templates reports texts evaluated at run time that are not translatable
	// (e.g. a webhook URL, template variables).
	Templates(texts ...string)
	// LocalizedTemplates reports translatable texts evaluated at run time: the texts are
	// templates and localizables, and each of their translations under key in the flow's
	// localization is a template too, reported right after the texts.
	LocalizedTemplates(uuid utils.UUID, key string, texts []string)
	// Localizable reports translatable texts that are not templates (e.g. a result
	// category, the recorded audio of say_msg).
	Localizable(uuid utils.UUID, key string, texts []string)
	// Dependency reports an asset the component needs. The reference's JSON ({"uuid",
	// "name"} or {"key", "name"}) plus its Type() is what inspection lists; the inspector
	// checks it against the assets to flag missing ones.
	Dependency(ref assets.Reference)
	// Result reports a result the component saves, with the categories it may take.
	Result(name string, categories []string)
	// Local reports a run local the component writes.
	Local(name string)
	// Issue reports a problem a flow author should look at that does not prevent the flow
	// from running, e.g. ("legacy_vars", "use of expressions instead of contact query",
	// {"vars": [...]}); extra's entries are added to the issue's JSON.
	Issue(typ string, description string, extra map[string]any)
}

// Modifier is one change to a contact (name, language, field, groups, URNs, channel,
// status, timezone, tickets, ...). Actions build modifiers and hand them to
// Run.ApplyModifier; modifiers live in flows/modifiers.
type Modifier interface {
	// Type is the modifier's type name, e.g. "field".
	Type() string
	// Apply changes the contact, logging the events that describe the change (e.g.
	// contact_field_changed), and reports whether the contact changed.
	Apply(env envs.Environment, sa *assets.Collection, contact *Contact, log events.Callback) bool
}

// Run is what an action sees of the run it executes in. The engine's run implements it.
type Run interface {
	UUID() utils.UUID
	// Env is the session environment (merged with the contact's timezone and language).
	Env() envs.Environment
	// Contact is the session's contact, nil when the session has none.
	Contact() *Contact
	// FlowUUID and FlowName identify the flow of the run.
	FlowUUID() utils.UUID
	FlowName() string
	FlowType() FlowType
	// FlowLanguage is the base language of the flow (its "language").
	FlowLanguage() envs.Language
	// FlowLanguages lists, sorted, the languages the flow's localization has translations in.
	FlowLanguages() []envs.Language
	// Session gives access to the session-wide parts: assets, services, trigger, input.
	Session() Session

	// Context returns the root object templates are evaluated against.
	Context() types.XObject
	// EvaluateTemplate renders a template, escaping expression results with escaping
	// when not nil (e.g. URL escaping for webhook URLs), and logs an error event per
	// failing expression.
	EvaluateTemplate(tpl string, escaping excellent.Escaping, log events.Callback) string
	// EvaluateTemplateValue returns the value of a single-expression template (or text),
	// logging an error event per failing expression; ok is false when any failed.
	EvaluateTemplateValue(tpl string, log events.Callback) (types.XValue, bool)
	// LocalizedText returns the translation of a localizable text into the contact's
	// language when the flow has one, else the given text, and the language used.
	LocalizedText(uuid utils.UUID, key string, native string) (string, envs.Language)
	// LocalizedTexts is LocalizedText for lists of texts (quick replies, attachments).
	LocalizedTexts(uuid utils.UUID, key string, native []string) ([]string, envs.Language)
	// TranslatedTexts returns the translation of texts into lang from the flow's
	// localization, or native when there is none (used by send_broadcast, which sends
	// every translation).
	TranslatedTexts(lang envs.Language, uuid utils.UUID, key string, native []string) []string

	// SaveResult saves a result and logs run_result_changed. The run fills in the node
	// UUID and creation time; a new value of an existing result is logged with its previous
	// value.
	SaveResult(result *Result, log events.Callback)
	// SetLocal sets a run local, e.g. by set_run_local. The empty string is a value.
	SetLocal(key string, value string)
	// Local reads a run local.
	Local(key string) (string, bool)
	// ClearLocal removes a run local.
	ClearLocal(key string)
	// SetWebhook records the last webhook call for @webhook.
	SetWebhook(value types.XValue)

	// ApplyModifier applies a change to the contact, logging the modifier's events, and,
	// when the contact changed, re-evaluates the query-based groups, logging
	// contact_groups_changed when membership changed. It reports whether the contact changed.
	ApplyModifier(mod Modifier, log events.Callback) bool

	// Summary is the run as a session started by this one sees it in @parent and as
	// session_triggered carries it: {"uuid", "flow", "contact", "status", "results"}.
	Summary() json.RawMessage

	// LogError logs an error event with the given text.
	LogError(text string, log events.Callback)
}

// PathStep is a visit of a node by a run, as resthook payloads list them.
type PathStep struct {
	NodeUUID  utils.UUID
	ArrivedOn time.Time
}

// RunPath is implemented by runs that can list the nodes they visited, oldest first and
// the current node last. call_resthook puts the path in its payload (an empty path
// otherwise); it is an interface of its own so that runs can add it without breaking.
type RunPath interface {
	PathSteps() []PathStep
}

// Result is a named result saved by a router or set_run_result.
type Result struct {
	Name              string          `json:"name"`
	Value             string          `json:"value"`
	Category          string          `json:"category,omitempty"`
	CategoryLocalized string          `json:"category_localized,omitempty"`
	NodeUUID          utils.UUID      `json:"node_uuid"`
	Input             string          `json:"input,omitempty"`
	Extra             json.RawMessage `json:"extra,omitempty"`
	CreatedOn         time.Time       `json:"created_on"`
}

// Call is the voice call a voice session runs on: voice actions speak on its channel to
// its URN.
type Call struct {
	UUID    utils.UUID               `json:"uuid"`
	Channel *assets.ChannelReference `json:"channel"`
	URN     urns.URN                 `json:"urn"`
}

// Session is what an action sees of the session: the assets and services it may use, how
// it was triggered, and the hooks for actions that start other flows or sessions.
type Session interface {
	UUID() utils.UUID
	Type() FlowType
	// Env is the session's environment.
	Env() envs.Environment
	// NewUUID generates a UUID from the engine's generator.
	NewUUID() utils.UUID
	// Clock is the engine's clock, which actions read to time service calls (e.g. the
	// elapsed_ms of llm_called), so that replays time them like the recordings.
	Clock() utils.Clock
	// EnterFlow asks the engine to start a child run of the flow once the current action
	// list finishes; terminal ends the parent run instead of returning to it.
	EnterFlow(flowUUID utils.UUID, terminal bool)

	// Assets are the assets the session runs with; lookups return nil for missing assets,
	// which actions report as missing dependency errors.
	Assets() *assets.Collection
	// Services are the engine's services (webhooks, email, airtime, LLMs, ...).
	Services() *services.Services
	// BatchStart reports whether the session was started by a trigger marked as batch,
	// during which actions that fan out to groups or queries are refused.
	BatchStart() bool
	// InputUUID is the UUID of the message the session was started or last resumed with,
	// empty when there is none.
	InputUUID() utils.UUID
	// Call is the session's voice call, nil for sessions without one.
	Call() *Call
	// History is the session's own ancestry (zero for a session not started by another);
	// start_session derives the new sessions' history from it.
	History() events.SessionHistory
	// UnsendableReason asks the engine's options whether a message may be sent, returning
	// a reason such as "forbidden_content", or "" when it may.
	UnsendableReason(msg *events.MsgOut) string
}

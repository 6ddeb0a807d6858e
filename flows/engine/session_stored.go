package engine

import (
	"strconv"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
)

// The stored session, described once per object (see session_shape.go). Each shape lists
// its keys in the order they are written; the live value a key is written from is on the
// left of each field, the stored struct it is read into on the right.

// sessionShape is the stored session: written from a Session, read into sessionJSON.
var sessionShape = newShape(
	field[Session, sessionJSON]{key: "uuid",
		write: func(b []byte, s *Session) ([]byte, bool) { return appendString(b, string(s.uuid)), true },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.UUID, ok = r.UUID(); return }},
	field[Session, sessionJSON]{key: "type",
		write: func(b []byte, s *Session) ([]byte, bool) { return appendString(b, string(s.typ)), true },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { return readString(r, &j.Type) }},
	field[Session, sessionJSON]{key: "created_on",
		write: func(b []byte, s *Session) ([]byte, bool) { return appendTime(b, s.created) },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.CreatedOn, ok = r.Time(); return }},
	// a session always has settings; one stored without them reads as the defaults
	field[Session, sessionJSON]{key: "environment",
		write: func(b []byte, s *Session) ([]byte, bool) { return settingsShape.write(b, &s.settings) },
		read:  func(r *jsonReader, j *sessionJSON) bool { return readPointer(r, &j.Environment, settingsShape.read) }},
	field[Session, sessionJSON]{key: "trigger",
		write: writeTrigger,
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.Trigger, ok = r.Raw(); return }},
	// the contact is kept by the caller; its UUID is stored for whoever reads the text
	field[Session, sessionJSON]{key: "contact_uuid",
		omit:  func(s *Session) bool { return s.contact == nil || s.contact.UUID() == "" },
		write: func(b []byte, s *Session) ([]byte, bool) { return appendString(b, string(s.contact.UUID())), true },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.ContactUUID, ok = r.UUID(); return }},
	field[Session, sessionJSON]{key: "call_uuid",
		omit:  func(s *Session) bool { return s.callUUID == "" },
		write: func(b []byte, s *Session) ([]byte, bool) { return appendString(b, string(s.callUUID)), true },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.CallUUID, ok = r.UUID(); return }},
	field[Session, sessionJSON]{key: "runs",
		write: func(b []byte, s *Session) ([]byte, bool) {
			if s.runs == nil {
				// a session always has a run once started; this keeps json.Marshal's []
				return append(b, "[]"...), true
			}
			return writeList(b, s.runs, func(b []byte, r **Run) ([]byte, bool) { return runShape.write(b, *r) })
		},
		read: func(r *jsonReader, j *sessionJSON) bool {
			return readList(r, &j.Runs, func(r *jsonReader, rj **runJSON) bool { return readPointer(r, rj, runShape.read) })
		}},
	field[Session, sessionJSON]{key: "status",
		write: func(b []byte, s *Session) ([]byte, bool) { return appendString(b, string(s.status)), true },
		read:  func(r *jsonReader, j *sessionJSON) bool { return readString(r, &j.Status) }},
	field[Session, sessionJSON]{key: "input",
		omit:  func(s *Session) bool { return s.input == nil },
		write: func(b []byte, s *Session) ([]byte, bool) { return inputShape.write(b, s.input) },
		read:  func(r *jsonReader, j *sessionJSON) bool { return readPointer(r, &j.Input, inputShape.read) }},
	field[Session, sessionJSON]{key: "sprints",
		write: func(b []byte, s *Session) ([]byte, bool) { return strconv.AppendInt(b, int64(s.sprints), 10), true },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.Sprints, ok = r.Integer(); return }},
	field[Session, sessionJSON]{key: "version",
		write: func(b []byte, s *Session) ([]byte, bool) { return strconv.AppendInt(b, SessionVersion, 10), true },
		read:  func(r *jsonReader, j *sessionJSON) (ok bool) { j.Version, ok = r.Integer(); return }},
)

// writeTrigger writes the session's trigger, compacted as json.Marshal writes raw JSON.
// The trigger never changes, so its written form is kept for the session's next write.
func writeTrigger(b []byte, s *Session) ([]byte, bool) {
	if s.trigger == nil {
		return append(b, "null"...), true
	}
	if s.triggerJSON == nil {
		raw, err := s.trigger.MarshalJSON()
		if err != nil {
			return b, false
		}
		var ok bool
		if s.triggerJSON, ok = appendRaw(nil, raw); !ok {
			s.triggerJSON = nil
			return b, false
		}
	}
	return append(b, s.triggerJSON...), true
}

// runShape is a stored run: written from a Run, read into runJSON.
var runShape = newShape(
	field[Run, runJSON]{key: "uuid",
		write: func(b []byte, r *Run) ([]byte, bool) { return appendString(b, string(r.uuid)), true },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.UUID, ok = r.UUID(); return }},
	field[Run, runJSON]{key: "flow",
		write: func(b []byte, r *Run) ([]byte, bool) { return flowRefShape.write(b, r.flow) },
		read:  func(r *jsonReader, j *runJSON) bool { return flowRefShape.read(r, &j.Flow) }},
	// the path is what a waiting run resumes from; an exited run doesn't keep it
	field[Run, runJSON]{key: "path",
		omit:  func(r *Run) bool { return r.exited() || len(r.path) == 0 },
		write: func(b []byte, r *Run) ([]byte, bool) { return writeList(b, r.path, stepShape.write) },
		read:  func(r *jsonReader, j *runJSON) bool { return readList(r, &j.Path, stepShape.read) }},
	field[Run, runJSON]{key: "results",
		omit: func(r *Run) bool { return len(r.results) == 0 },
		write: func(b []byte, r *Run) ([]byte, bool) {
			return writeMap(b, r.results, func(b []byte, res *flows.Result) ([]byte, bool) { return writeShape(b, resultShape, res) })
		},
		read: func(r *jsonReader, j *runJSON) bool {
			return readMap(r, &j.Results, func(r *jsonReader) (*flows.Result, bool) {
				res := &flows.Result{}
				return res, resultShape.read(r, res)
			})
		}},
	field[Run, runJSON]{key: "locals",
		omit: func(r *Run) bool { return len(r.locals) == 0 },
		write: func(b []byte, r *Run) ([]byte, bool) {
			return writeMap(b, r.locals, func(b []byte, v string) ([]byte, bool) { return appendString(b, v), true })
		},
		read: func(r *jsonReader, j *runJSON) bool { return readMap(r, &j.Locals, (*jsonReader).Str) }},
	field[Run, runJSON]{key: "status",
		write: func(b []byte, r *Run) ([]byte, bool) { return appendString(b, string(r.status)), true },
		read:  func(r *jsonReader, j *runJSON) bool { return readString(r, &j.Status) }},
	field[Run, runJSON]{key: "parent_uuid",
		omit:  func(r *Run) bool { return r.parentUUID == "" },
		write: func(b []byte, r *Run) ([]byte, bool) { return appendString(b, string(r.parentUUID)), true },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.ParentUUID, ok = r.UUID(); return }},
	field[Run, runJSON]{key: "had_input",
		omit:  func(r *Run) bool { return !r.hadInput },
		write: func(b []byte, r *Run) ([]byte, bool) { return append(b, "true"...), true },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.HadInput, ok = r.Boolean(); return }},
	field[Run, runJSON]{key: "webhook",
		omit:  func(r *Run) bool { return len(r.webhook) == 0 },
		write: func(b []byte, r *Run) ([]byte, bool) { return appendRaw(b, r.webhook) },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.Webhook, ok = r.Raw(); return }},
	field[Run, runJSON]{key: "created_on",
		write: func(b []byte, r *Run) ([]byte, bool) { return appendTime(b, r.createdOn) },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.CreatedOn, ok = r.Time(); return }},
	field[Run, runJSON]{key: "modified_on",
		write: func(b []byte, r *Run) ([]byte, bool) { return appendTime(b, r.modifiedOn) },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.ModifiedOn, ok = r.Time(); return }},
	// null while the run goes on
	field[Run, runJSON]{key: "exited_on",
		write: func(b []byte, r *Run) ([]byte, bool) {
			if r.exitedOn == nil {
				return append(b, "null"...), true
			}
			return appendTime(b, *r.exitedOn)
		},
		read: func(r *jsonReader, j *runJSON) bool {
			return readPointer(r, &j.ExitedOn, func(r *jsonReader, t *time.Time) (ok bool) { *t, ok = r.Time(); return })
		}},
	field[Run, runJSON]{key: "terminal",
		omit:  func(r *Run) bool { return !r.terminal },
		write: func(b []byte, r *Run) ([]byte, bool) { return append(b, "true"...), true },
		read:  func(r *jsonReader, j *runJSON) (ok bool) { j.Terminal, ok = r.Boolean(); return }},
)

// flowRefShape is a run's flow: written from the flow itself, read into its reference.
var flowRefShape = newShape(
	field[definition.Flow, definition.FlowRef]{key: "uuid",
		write: func(b []byte, f *definition.Flow) ([]byte, bool) { return appendString(b, string(f.UUID)), true },
		read:  func(r *jsonReader, ref *definition.FlowRef) (ok bool) { ref.UUID, ok = r.UUID(); return }},
	field[definition.Flow, definition.FlowRef]{key: "name",
		write: func(b []byte, f *definition.Flow) ([]byte, bool) { return appendString(b, f.Name), true },
		read:  func(r *jsonReader, ref *definition.FlowRef) (ok bool) { ref.Name, ok = r.Str(); return }},
)

// stepShape is one step of a run's path.
var stepShape = newShape(
	field[Step, Step]{key: "node_uuid",
		write: func(b []byte, st *Step) ([]byte, bool) { return appendString(b, string(st.NodeUUID)), true },
		read:  func(r *jsonReader, st *Step) (ok bool) { st.NodeUUID, ok = r.UUID(); return }},
	field[Step, Step]{key: "arrived_on",
		write: func(b []byte, st *Step) ([]byte, bool) { return appendTime(b, st.ArrivedOn) },
		read:  func(r *jsonReader, st *Step) (ok bool) { st.ArrivedOn, ok = r.Time(); return }},
)

// resultShape is a result a run saved, under its key in the run's results.
var resultShape = newShape(
	field[flows.Result, flows.Result]{key: "name",
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendString(b, res.Name), true },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.Name, ok = r.Str(); return }},
	field[flows.Result, flows.Result]{key: "value",
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendString(b, res.Value), true },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.Value, ok = r.Str(); return }},
	field[flows.Result, flows.Result]{key: "category",
		omit:  func(res *flows.Result) bool { return res.Category == "" },
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendString(b, res.Category), true },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.Category, ok = r.Str(); return }},
	field[flows.Result, flows.Result]{key: "category_localized",
		omit:  func(res *flows.Result) bool { return res.CategoryLocalized == "" },
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendString(b, res.CategoryLocalized), true },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.CategoryLocalized, ok = r.Str(); return }},
	field[flows.Result, flows.Result]{key: "node_uuid",
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendString(b, string(res.NodeUUID)), true },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.NodeUUID, ok = r.UUID(); return }},
	field[flows.Result, flows.Result]{key: "input",
		omit:  func(res *flows.Result) bool { return res.Input == "" },
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendString(b, res.Input), true },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.Input, ok = r.Str(); return }},
	field[flows.Result, flows.Result]{key: "extra",
		omit:  func(res *flows.Result) bool { return len(res.Extra) == 0 },
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendRaw(b, res.Extra) },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.Extra, ok = r.Raw(); return }},
	field[flows.Result, flows.Result]{key: "created_on",
		write: func(b []byte, res *flows.Result) ([]byte, bool) { return appendTime(b, res.CreatedOn) },
		read:  func(r *jsonReader, res *flows.Result) (ok bool) { res.CreatedOn, ok = r.Time(); return }},
)

// inputShape is the message the session was last started or resumed with.
var inputShape = newShape(
	field[Input, Input]{key: "type",
		write: func(b []byte, in *Input) ([]byte, bool) { return appendString(b, in.Type), true },
		read:  func(r *jsonReader, in *Input) (ok bool) { in.Type, ok = r.Str(); return }},
	field[Input, Input]{key: "uuid",
		write: func(b []byte, in *Input) ([]byte, bool) { return appendString(b, string(in.UUID)), true },
		read:  func(r *jsonReader, in *Input) (ok bool) { in.UUID, ok = r.UUID(); return }},
	field[Input, Input]{key: "created_on",
		write: func(b []byte, in *Input) ([]byte, bool) { return appendTime(b, in.CreatedOn) },
		read:  func(r *jsonReader, in *Input) (ok bool) { in.CreatedOn, ok = r.Time(); return }},
	field[Input, Input]{key: "channel",
		omit:  func(in *Input) bool { return in.Channel == nil },
		write: func(b []byte, in *Input) ([]byte, bool) { return channelRefShape.write(b, in.Channel) },
		read:  func(r *jsonReader, in *Input) bool { return readPointer(r, &in.Channel, channelRefShape.read) }},
	field[Input, Input]{key: "urn",
		omit:  func(in *Input) bool { return in.URN == "" },
		write: func(b []byte, in *Input) ([]byte, bool) { return appendString(b, in.URN), true },
		read:  func(r *jsonReader, in *Input) (ok bool) { in.URN, ok = r.Str(); return }},
	field[Input, Input]{key: "text",
		write: func(b []byte, in *Input) ([]byte, bool) { return appendString(b, in.Text), true },
		read:  func(r *jsonReader, in *Input) (ok bool) { in.Text, ok = r.Str(); return }},
	field[Input, Input]{key: "attachments",
		omit:  func(in *Input) bool { return len(in.Attachments) == 0 },
		write: func(b []byte, in *Input) ([]byte, bool) { return writeList(b, in.Attachments, writeStringItem) },
		read:  func(r *jsonReader, in *Input) bool { return readList(r, &in.Attachments, readStringItem) }},
	field[Input, Input]{key: "external_id",
		omit:  func(in *Input) bool { return in.ExternalID == "" },
		write: func(b []byte, in *Input) ([]byte, bool) { return appendString(b, in.ExternalID), true },
		read:  func(r *jsonReader, in *Input) (ok bool) { in.ExternalID, ok = r.Str(); return }},
)

// channelRefShape is the channel an input came in on.
var channelRefShape = newShape(
	field[ChannelRef, ChannelRef]{key: "uuid",
		write: func(b []byte, ch *ChannelRef) ([]byte, bool) { return appendString(b, string(ch.UUID)), true },
		read:  func(r *jsonReader, ch *ChannelRef) (ok bool) { ch.UUID, ok = r.UUID(); return }},
	field[ChannelRef, ChannelRef]{key: "name",
		write: func(b []byte, ch *ChannelRef) ([]byte, bool) { return appendString(b, ch.Name), true },
		read:  func(r *jsonReader, ch *ChannelRef) (ok bool) { ch.Name, ok = r.Str(); return }},
)

// settingsShape is the session's environment.
var settingsShape = newShape(
	field[envs.Settings, envs.Settings]{key: "date_format",
		write: func(b []byte, st *envs.Settings) ([]byte, bool) { return appendString(b, string(st.DateFormat_)), true },
		read:  func(r *jsonReader, st *envs.Settings) bool { return readString(r, &st.DateFormat_) }},
	field[envs.Settings, envs.Settings]{key: "time_format",
		write: func(b []byte, st *envs.Settings) ([]byte, bool) { return appendString(b, string(st.TimeFormat_)), true },
		read:  func(r *jsonReader, st *envs.Settings) bool { return readString(r, &st.TimeFormat_) }},
	field[envs.Settings, envs.Settings]{key: "timezone",
		write: func(b []byte, st *envs.Settings) ([]byte, bool) { return appendString(b, st.Timezone_), true },
		read:  func(r *jsonReader, st *envs.Settings) bool { return readString(r, &st.Timezone_) }},
	field[envs.Settings, envs.Settings]{key: "allowed_languages",
		write: func(b []byte, st *envs.Settings) ([]byte, bool) {
			return writeList(b, st.AllowedLanguages_, writeStringItem)
		},
		read: func(r *jsonReader, st *envs.Settings) bool {
			return readList(r, &st.AllowedLanguages_, readStringItem)
		}},
	field[envs.Settings, envs.Settings]{key: "default_country",
		omit: func(st *envs.Settings) bool { return st.DefaultCountry_ == "" },
		write: func(b []byte, st *envs.Settings) ([]byte, bool) {
			return appendString(b, string(st.DefaultCountry_)), true
		},
		read: func(r *jsonReader, st *envs.Settings) bool { return readString(r, &st.DefaultCountry_) }},
	field[envs.Settings, envs.Settings]{key: "number_format",
		omit:  func(st *envs.Settings) bool { return st.NumberFormat_ == nil },
		write: func(b []byte, st *envs.Settings) ([]byte, bool) { return numberFormatShape.write(b, st.NumberFormat_) },
		read: func(r *jsonReader, st *envs.Settings) bool {
			return readPointer(r, &st.NumberFormat_, numberFormatShape.read)
		}},
	field[envs.Settings, envs.Settings]{key: "redaction_policy",
		write: func(b []byte, st *envs.Settings) ([]byte, bool) {
			return appendString(b, string(st.RedactionPolicy_)), true
		},
		read: func(r *jsonReader, st *envs.Settings) bool { return readString(r, &st.RedactionPolicy_) }},
	field[envs.Settings, envs.Settings]{key: "input_collation",
		omit: func(st *envs.Settings) bool { return st.InputCollation_ == "" },
		write: func(b []byte, st *envs.Settings) ([]byte, bool) {
			return appendString(b, string(st.InputCollation_)), true
		},
		read: func(r *jsonReader, st *envs.Settings) bool { return readString(r, &st.InputCollation_) }},
)

// numberFormatShape is how the environment writes numbers.
var numberFormatShape = newShape(
	field[envs.NumberFormat, envs.NumberFormat]{key: "decimal_symbol",
		write: func(b []byte, nf *envs.NumberFormat) ([]byte, bool) { return appendString(b, nf.DecimalSymbol), true },
		read:  func(r *jsonReader, nf *envs.NumberFormat) (ok bool) { nf.DecimalSymbol, ok = r.Str(); return }},
	field[envs.NumberFormat, envs.NumberFormat]{key: "digit_grouping_symbol",
		write: func(b []byte, nf *envs.NumberFormat) ([]byte, bool) {
			return appendString(b, nf.DigitGroupingSymbol), true
		},
		read: func(r *jsonReader, nf *envs.NumberFormat) (ok bool) { nf.DigitGroupingSymbol, ok = r.Str(); return }},
)

package engine

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
)

// decodeSession reads the stored form of a session. A caller reads the session before
// every resume, and encoding/json first validates the whole text and then decodes it by
// reflection, which made reading cost more than the sprint that follows. The stored form
// is ours, so a strict reader of exactly that shape does it in one pass; anything it does
// not expect (a key it doesn't know or sees twice, a null or a type out of place, a number
// that isn't a plain integer, text that isn't valid JSON) sends the whole text to
// encoding/json, so the result, and any error, is always what encoding/json gives.
func decodeSession(data []byte, j *sessionJSON) error {
	r := &jsonReader{data: data}
	if r.session(j) {
		r.space()
		if r.pos == len(r.data) {
			return nil
		}
	}
	*j = sessionJSON{}
	if err := json.Unmarshal(data, j); err != nil {
		return err
	}
	// nothing read may be dropped on the next write: a field this engine doesn't know is
	// an error rather than silently lost
	*j = sessionJSON{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(j)
}

var sessionKeys = []string{"uuid", "type", "created_on", "environment", "trigger", "contact_uuid", "call_uuid", "runs", "status", "input", "sprints", "version"}

func (r *jsonReader) session(j *sessionJSON) bool {
	return r.fields(sessionKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			j.UUID, ok = r.uuid()
		case 1:
			var s string
			s, ok = r.str()
			j.Type = flows.FlowType(s)
		case 2:
			j.CreatedOn, ok = r.time()
		case 3:
			if r.literal("null") {
				j.Environment = nil
				return true
			}
			j.Environment = &envs.Settings{}
			ok = r.settings(j.Environment)
		case 4:
			j.Trigger, ok = r.raw()
		case 5:
			j.ContactUUID, ok = r.uuid()
		case 6:
			j.CallUUID, ok = r.uuid()
		case 7:
			if r.literal("null") {
				j.Runs = nil
				return true
			}
			j.Runs = []*runJSON{}
			ok = r.array(func() bool {
				rj := &runJSON{}
				j.Runs = append(j.Runs, rj)
				return r.run(rj)
			})
		case 8:
			var s string
			s, ok = r.str()
			j.Status = flows.SessionStatus(s)
		case 9:
			if r.literal("null") {
				j.Input = nil
				return true
			}
			j.Input = &Input{}
			ok = r.input(j.Input)
		case 10:
			j.Sprints, ok = r.integer()
		case 11:
			j.Version, ok = r.integer()
		}
		return ok
	})
}

var settingsKeys = []string{"date_format", "time_format", "timezone", "allowed_languages", "default_country", "number_format", "redaction_policy", "input_collation"}

func (r *jsonReader) settings(st *envs.Settings) bool {
	return r.fields(settingsKeys, func(i int) bool {
		if i == 3 {
			if r.literal("null") {
				st.AllowedLanguages_ = nil
				return true
			}
			st.AllowedLanguages_ = []envs.Language{}
			return r.array(func() bool {
				s, ok := r.str()
				st.AllowedLanguages_ = append(st.AllowedLanguages_, envs.Language(s))
				return ok
			})
		}
		if i == 5 {
			if r.literal("null") {
				st.NumberFormat_ = nil
				return true
			}
			nf := &envs.NumberFormat{}
			st.NumberFormat_ = nf
			return r.fields([]string{"decimal_symbol", "digit_grouping_symbol"}, func(i int) bool {
				var ok bool
				if i == 0 {
					nf.DecimalSymbol, ok = r.str()
				} else {
					nf.DigitGroupingSymbol, ok = r.str()
				}
				return ok
			})
		}
		s, ok := r.str()
		switch i {
		case 0:
			st.DateFormat_ = envs.DateFormat(s)
		case 1:
			st.TimeFormat_ = envs.TimeFormat(s)
		case 2:
			st.Timezone_ = s
		case 4:
			st.DefaultCountry_ = envs.Country(s)
		case 6:
			st.RedactionPolicy_ = envs.RedactionPolicy(s)
		case 7:
			st.InputCollation_ = envs.Collation(s)
		}
		return ok
	})
}

var runKeys = []string{"uuid", "flow", "path", "results", "locals", "status", "parent_uuid", "had_input", "webhook", "created_on", "modified_on", "exited_on", "terminal"}

func (r *jsonReader) run(rj *runJSON) bool {
	return r.fields(runKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			rj.UUID, ok = r.uuid()
		case 1:
			ok = r.fields([]string{"uuid", "name"}, func(i int) bool {
				var ok bool
				if i == 0 {
					rj.Flow.UUID, ok = r.uuid()
				} else {
					rj.Flow.Name, ok = r.str()
				}
				return ok
			})
		case 2:
			if r.literal("null") {
				rj.Path = nil
				return true
			}
			rj.Path = []Step{}
			ok = r.array(func() bool {
				var st Step
				ok := r.fields([]string{"node_uuid", "arrived_on"}, func(i int) bool {
					var ok bool
					if i == 0 {
						st.NodeUUID, ok = r.uuid()
					} else {
						st.ArrivedOn, ok = r.time()
					}
					return ok
				})
				rj.Path = append(rj.Path, st)
				return ok
			})
		case 3:
			if r.literal("null") {
				rj.Results = nil
				return true
			}
			rj.Results = map[string]*flows.Result{}
			seen := map[string]bool{}
			ok = r.object(func(key string) bool {
				if seen[key] {
					return false
				}
				seen[key] = true
				res := &flows.Result{}
				rj.Results[key] = res
				return r.result(res)
			})
		case 4:
			if r.literal("null") {
				rj.Locals = nil
				return true
			}
			rj.Locals = map[string]string{}
			ok = r.object(func(key string) bool {
				if _, dup := rj.Locals[key]; dup {
					return false
				}
				v, ok := r.str()
				rj.Locals[key] = v
				return ok
			})
		case 5:
			var s string
			s, ok = r.str()
			rj.Status = flows.RunStatus(s)
		case 6:
			rj.ParentUUID, ok = r.uuid()
		case 7:
			rj.HadInput, ok = r.boolean()
		case 8:
			rj.Webhook, ok = r.raw()
		case 9:
			rj.CreatedOn, ok = r.time()
		case 10:
			rj.ModifiedOn, ok = r.time()
		case 11:
			if r.literal("null") {
				rj.ExitedOn = nil
				return true
			}
			var t time.Time
			t, ok = r.time()
			rj.ExitedOn = &t
		case 12:
			rj.Terminal, ok = r.boolean()
		}
		return ok
	})
}

var resultKeys = []string{"name", "value", "category", "category_localized", "node_uuid", "input", "extra", "created_on"}

func (r *jsonReader) result(res *flows.Result) bool {
	return r.fields(resultKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			res.Name, ok = r.str()
		case 1:
			res.Value, ok = r.str()
		case 2:
			res.Category, ok = r.str()
		case 3:
			res.CategoryLocalized, ok = r.str()
		case 4:
			res.NodeUUID, ok = r.uuid()
		case 5:
			res.Input, ok = r.str()
		case 6:
			res.Extra, ok = r.raw()
		case 7:
			res.CreatedOn, ok = r.time()
		}
		return ok
	})
}

var inputKeys = []string{"type", "uuid", "created_on", "channel", "urn", "text", "attachments", "external_id"}

func (r *jsonReader) input(in *Input) bool {
	return r.fields(inputKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			in.Type, ok = r.str()
		case 1:
			in.UUID, ok = r.uuid()
		case 2:
			in.CreatedOn, ok = r.time()
		case 3:
			if r.literal("null") {
				in.Channel = nil
				return true
			}
			ch := &ChannelRef{}
			in.Channel = ch
			ok = r.fields([]string{"uuid", "name"}, func(i int) bool {
				var ok bool
				if i == 0 {
					ch.UUID, ok = r.uuid()
				} else {
					ch.Name, ok = r.str()
				}
				return ok
			})
		case 4:
			in.URN, ok = r.str()
		case 5:
			in.Text, ok = r.str()
		case 6:
			if r.literal("null") {
				in.Attachments = nil
				return true
			}
			in.Attachments = []string{}
			ok = r.array(func() bool {
				s, ok := r.str()
				in.Attachments = append(in.Attachments, s)
				return ok
			})
		case 7:
			in.ExternalID, ok = r.str()
		}
		return ok
	})
}

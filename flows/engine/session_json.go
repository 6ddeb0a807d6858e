package engine

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
)

// Writing a session is on every caller's hot path (a waiting session is stored after each
// sprint), so it is written directly rather than through encoding/json's reflection. The
// output is byte for byte what json.Marshal gives for sessionJSON (HTML-safe escaping,
// compacted raw parts, sorted map keys); a test holds the two together. Anything the direct
// writer can't produce the same way (a time outside what JSON can hold, raw JSON that isn't
// valid) makes it return ok=false and the caller falls back to json.Marshal.

// appendSession writes the stored form of s.
func appendSession(b []byte, s *Session) ([]byte, bool) {
	var ok bool
	b = append(b, `{"uuid":`...)
	b = appendString(b, string(s.uuid))
	b = append(b, `,"type":`...)
	b = appendString(b, string(s.typ))
	b = append(b, `,"created_on":`...)
	if b, ok = appendTime(b, s.created); !ok {
		return b, false
	}
	b = append(b, `,"environment":`...)
	b = appendSettings(b, &s.settings)
	b = append(b, `,"trigger":`...)
	if s.trigger == nil {
		b = append(b, "null"...)
	} else {
		// the trigger never changes, so its compacted form is kept for the next write
		if s.triggerJSON == nil {
			raw, err := s.trigger.MarshalJSON()
			if err != nil {
				return b, false
			}
			if s.triggerJSON, ok = appendRaw(nil, raw); !ok {
				s.triggerJSON = nil
				return b, false
			}
		}
		b = append(b, s.triggerJSON...)
	}
	if s.contact != nil && s.contact.UUID() != "" {
		b = append(b, `,"contact_uuid":`...)
		b = appendString(b, string(s.contact.UUID()))
	}
	if s.callUUID != "" {
		b = append(b, `,"call_uuid":`...)
		b = appendString(b, string(s.callUUID))
	}
	b = append(b, `,"runs":[`...)
	for i, r := range s.runs {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = appendRun(b, r); !ok {
			return b, false
		}
	}
	b = append(b, `],"status":`...)
	b = appendString(b, string(s.status))
	if s.input != nil {
		b = append(b, `,"input":`...)
		if b, ok = appendInput(b, s.input); !ok {
			return b, false
		}
	}
	b = append(b, `,"sprints":`...)
	b = strconv.AppendInt(b, int64(s.sprints), 10)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, SessionVersion, 10)
	return append(b, '}'), true
}

func appendSettings(b []byte, st *envs.Settings) []byte {
	b = append(b, `{"date_format":`...)
	b = appendString(b, string(st.DateFormat_))
	b = append(b, `,"time_format":`...)
	b = appendString(b, string(st.TimeFormat_))
	b = append(b, `,"timezone":`...)
	b = appendString(b, st.Timezone_)
	b = append(b, `,"allowed_languages":`...)
	if st.AllowedLanguages_ == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range st.AllowedLanguages_ {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(l))
		}
		b = append(b, ']')
	}
	if st.DefaultCountry_ != "" {
		b = append(b, `,"default_country":`...)
		b = appendString(b, string(st.DefaultCountry_))
	}
	if st.NumberFormat_ != nil {
		b = append(b, `,"number_format":{"decimal_symbol":`...)
		b = appendString(b, st.NumberFormat_.DecimalSymbol)
		b = append(b, `,"digit_grouping_symbol":`...)
		b = appendString(b, st.NumberFormat_.DigitGroupingSymbol)
		b = append(b, '}')
	}
	b = append(b, `,"redaction_policy":`...)
	b = appendString(b, string(st.RedactionPolicy_))
	if st.InputCollation_ != "" {
		b = append(b, `,"input_collation":`...)
		b = appendString(b, string(st.InputCollation_))
	}
	return append(b, '}')
}

func appendRun(b []byte, r *Run) ([]byte, bool) {
	var ok bool
	ref := r.flow.Reference()
	b = append(b, `{"uuid":`...)
	b = appendString(b, string(r.uuid))
	b = append(b, `,"flow":{"uuid":`...)
	b = appendString(b, string(ref.UUID))
	b = append(b, `,"name":`...)
	b = appendString(b, ref.Name)
	b = append(b, '}')
	if !r.exited() && len(r.path) > 0 {
		b = append(b, `,"path":[`...)
		for i, st := range r.path {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"node_uuid":`...)
			b = appendString(b, string(st.NodeUUID))
			b = append(b, `,"arrived_on":`...)
			if b, ok = appendTime(b, st.ArrivedOn); !ok {
				return b, false
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(r.results) > 0 {
		b = append(b, `,"results":{`...)
		for i, k := range sortedKeys(r.results) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			if b, ok = appendResult(b, r.results[k]); !ok {
				return b, false
			}
		}
		b = append(b, '}')
	}
	if len(r.locals) > 0 {
		b = append(b, `,"locals":{`...)
		for i, k := range sortedKeys(r.locals) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, r.locals[k])
		}
		b = append(b, '}')
	}
	b = append(b, `,"status":`...)
	b = appendString(b, string(r.status))
	if r.parentUUID != "" {
		b = append(b, `,"parent_uuid":`...)
		b = appendString(b, string(r.parentUUID))
	}
	if r.hadInput {
		b = append(b, `,"had_input":true`...)
	}
	if len(r.webhook) > 0 {
		b = append(b, `,"webhook":`...)
		if b, ok = appendRaw(b, r.webhook); !ok {
			return b, false
		}
	}
	b = append(b, `,"created_on":`...)
	if b, ok = appendTime(b, r.createdOn); !ok {
		return b, false
	}
	b = append(b, `,"modified_on":`...)
	if b, ok = appendTime(b, r.modifiedOn); !ok {
		return b, false
	}
	b = append(b, `,"exited_on":`...)
	if r.exitedOn == nil {
		b = append(b, "null"...)
	} else if b, ok = appendTime(b, *r.exitedOn); !ok {
		return b, false
	}
	if r.terminal {
		b = append(b, `,"terminal":true`...)
	}
	return append(b, '}'), true
}

func appendResult(b []byte, res *flows.Result) ([]byte, bool) {
	if res == nil {
		return append(b, "null"...), true
	}
	var ok bool
	b = append(b, `{"name":`...)
	b = appendString(b, res.Name)
	b = append(b, `,"value":`...)
	b = appendString(b, res.Value)
	if res.Category != "" {
		b = append(b, `,"category":`...)
		b = appendString(b, res.Category)
	}
	if res.CategoryLocalized != "" {
		b = append(b, `,"category_localized":`...)
		b = appendString(b, res.CategoryLocalized)
	}
	b = append(b, `,"node_uuid":`...)
	b = appendString(b, string(res.NodeUUID))
	if res.Input != "" {
		b = append(b, `,"input":`...)
		b = appendString(b, res.Input)
	}
	if len(res.Extra) > 0 {
		b = append(b, `,"extra":`...)
		if b, ok = appendRaw(b, res.Extra); !ok {
			return b, false
		}
	}
	b = append(b, `,"created_on":`...)
	if b, ok = appendTime(b, res.CreatedOn); !ok {
		return b, false
	}
	return append(b, '}'), true
}

func appendInput(b []byte, in *Input) ([]byte, bool) {
	var ok bool
	b = append(b, `{"type":`...)
	b = appendString(b, in.Type)
	b = append(b, `,"uuid":`...)
	b = appendString(b, string(in.UUID))
	b = append(b, `,"created_on":`...)
	if b, ok = appendTime(b, in.CreatedOn); !ok {
		return b, false
	}
	if in.Channel != nil {
		b = append(b, `,"channel":{"uuid":`...)
		b = appendString(b, string(in.Channel.UUID))
		b = append(b, `,"name":`...)
		b = appendString(b, in.Channel.Name)
		b = append(b, '}')
	}
	if in.URN != "" {
		b = append(b, `,"urn":`...)
		b = appendString(b, in.URN)
	}
	b = append(b, `,"text":`...)
	b = appendString(b, in.Text)
	if len(in.Attachments) > 0 {
		b = append(b, `,"attachments":[`...)
		for i, a := range in.Attachments {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, a)
		}
		b = append(b, ']')
	}
	if in.ExternalID != "" {
		b = append(b, `,"external_id":`...)
		b = appendString(b, in.ExternalID)
	}
	return append(b, '}'), true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// appendTime writes a time as time.Time's MarshalJSON does; ok is false where that fails.
func appendTime(b []byte, t time.Time) ([]byte, bool) {
	b = append(b, '"')
	n0 := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	// the checks time.Time's MarshalJSON makes: a four-digit year, an offset under 24 hours
	if b[n0+4] != '-' {
		return b, false
	}
	if b[len(b)-1] != 'Z' {
		c := b[len(b)-6]
		h := 10*(b[len(b)-5]-'0') + (b[len(b)-4] - '0')
		if ('0' <= c && c <= '9') || h >= 24 {
			return b, false
		}
	}
	return append(b, '"'), true
}

// appendRaw writes raw JSON compacted and HTML-escaped as json.Marshal writes a
// json.RawMessage; ok is false when it isn't valid JSON.
func appendRaw(b []byte, raw []byte) ([]byte, bool) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return b, false
	}
	compact := buf.Bytes()
	if needsHTMLEscape(compact) {
		var esc bytes.Buffer
		json.HTMLEscape(&esc, compact)
		compact = esc.Bytes()
	}
	return append(b, compact...), true
}

// needsHTMLEscape reports whether compacted JSON holds <, >, & or (from the lead byte of
// U+2028 and U+2029) possibly one of those two.
func needsHTMLEscape(b []byte) bool {
	for _, c := range b {
		if c == '<' || c == '>' || c == '&' || c == 0xE2 {
			return true
		}
	}
	return false
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string the way json.Marshal does: HTML-safe (<, > and &
// escaped), control characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028 and
// U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

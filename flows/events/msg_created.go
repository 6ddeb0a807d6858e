package events

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils/jsonw"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeMsgCreated is logged when a flow sends a message.
const TypeMsgCreated = "msg_created"

func init() { register(TypeMsgCreated, func() Event { return &MsgCreated{} }) }

// QuickReply is a reply a contact can pick; extra is shown under it where channels allow
// (written "text<extra>more" in flows).
type QuickReply struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Extra string `json:"extra,omitempty"`
}

// TemplatingComponent maps a component of a channel template to the indexes of the
// variables it uses.
type TemplatingComponent struct {
	Name      string         `json:"name"`
	Type      string         `json:"type"`
	Variables map[string]int `json:"variables"`
}

// TemplatingVariable is an evaluated template variable.
type TemplatingVariable struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Templating says which channel template a message was sent with, so that the channel can
// send the approved template rather than free text.
type Templating struct {
	Template   *assets.TemplateReference `json:"template"`
	Components []*TemplatingComponent    `json:"components,omitempty"`
	Variables  []*TemplatingVariable     `json:"variables,omitempty"`
}

// MsgOut is an outgoing message as the caller must send it. Without URN and channel (or
// with an unsendable reason) the caller records it but cannot deliver it.
type MsgOut struct {
	URN              urns.URN                 `json:"urn,omitempty"`
	Channel          *assets.ChannelReference `json:"channel,omitempty"`
	Text             string                   `json:"text"`
	Attachments      []string                 `json:"attachments,omitempty"`
	QuickReplies     []*QuickReply            `json:"quick_replies,omitempty"`
	Templating       *Templating              `json:"templating,omitempty"`
	Locale           envs.Locale              `json:"locale,omitempty"`
	UnsendableReason string                   `json:"unsendable_reason,omitempty"`
}

// MsgCreated says a message was created for the contact; the caller sends it.
//
//	{"type": "msg_created", "msg": {"urn": "tel:+12065551212", "channel": {"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "My Android Phone"}, "text": "Hi there", "locale": "eng-US"}}
type MsgCreated struct {
	Base
	Msg *MsgOut `json:"msg"`
}

// NewMsgCreated creates a msg_created event.
func NewMsgCreated(msg *MsgOut) *MsgCreated {
	return &MsgCreated{Base: NewBase(TypeMsgCreated), Msg: msg}
}

func (e *MsgCreated) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"msg":`)
	writeMsgOut(w, e.Msg)
	w.Byte('}')
}

// writeMsgOut writes an outgoing message, the msg of msg_created and ivr_created.
func writeMsgOut(w *jsonw.Writer, m *MsgOut) {
	if m == nil {
		w.Raw("null")
		return
	}
	w.Byte('{')
	if m.URN != "" {
		w.Raw(`"urn":`)
		w.String(string(m.URN))
		w.Byte(',')
	}
	if m.Channel != nil {
		w.Raw(`"channel":`)
		writeChannelRef(w, m.Channel)
		w.Byte(',')
	}
	w.Raw(`"text":`)
	w.String(m.Text)
	if len(m.Attachments) > 0 {
		w.Raw(`,"attachments":`)
		w.Strings(m.Attachments)
	}
	if len(m.QuickReplies) > 0 {
		w.Raw(`,"quick_replies":[`)
		for i, q := range m.QuickReplies {
			if i > 0 {
				w.Byte(',')
			}
			if q == nil {
				w.Raw("null")
				continue
			}
			w.Raw(`{"type":`)
			w.String(q.Type)
			w.Raw(`,"text":`)
			w.String(q.Text)
			if q.Extra != "" {
				w.Raw(`,"extra":`)
				w.String(q.Extra)
			}
			w.Byte('}')
		}
		w.Byte(']')
	}
	if m.Templating != nil {
		// rare, and holds a map of ints: left to encoding/json
		w.Raw(`,"templating":`)
		w.Value(m.Templating)
	}
	if m.Locale != "" {
		w.Raw(`,"locale":`)
		w.String(string(m.Locale))
	}
	if m.UnsendableReason != "" {
		w.Raw(`,"unsendable_reason":`)
		w.String(m.UnsendableReason)
	}
	w.Byte('}')
}

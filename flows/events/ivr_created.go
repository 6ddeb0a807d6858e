package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeIVRCreated is logged when a voice flow says or plays something on the call.
const TypeIVRCreated = "ivr_created"

func init() { register(TypeIVRCreated, func() Event { return &IVRCreated{} }) }

// IVRCreated says a message was created for the call: text to speak and/or an audio
// attachment to play.
//
//	{"type": "ivr_created", "msg": {"urn": "tel:+12065551212", "channel": {"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "My Android Phone"}, "text": "Hi there", "attachments": ["audio:http://uploads.temba.io/welcome.m4a"], "locale": "eng-US"}}
type IVRCreated struct {
	Base
	Msg *MsgOut `json:"msg"`
}

// NewIVRCreated creates an ivr_created event.
func NewIVRCreated(msg *MsgOut) *IVRCreated {
	return &IVRCreated{Base: NewBase(TypeIVRCreated), Msg: msg}
}

func (e *IVRCreated) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"msg":`)
	writeMsgOut(w, e.Msg)
	w.Byte('}')
}

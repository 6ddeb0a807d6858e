package actions

import (
	"context"

	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypePlayAudio is the type of PlayAudio.
const TypePlayAudio = "play_audio"

func init() {
	mustRegister(TypeInfo{Name: TypePlayAudio, New: func() flows.Action { return &PlayAudio{baseAction: newBase(TypePlayAudio, "")} },
		Description: "Plays a recording on the call", Category: CategoryVoice})
}

// PlayAudio plays a recording on the call. Its URL is a translatable template, so that a
// recording can be chosen per contact, e.g. one recorded earlier in the call.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "play_audio", "audio_url": "http://uploads.temba.io/2353262.m4a"}
type PlayAudio struct {
	baseAction
	AudioURL string `json:"audio_url" validate:"required"`
}

// Validate checks the fields.
func (a *PlayAudio) Validate() error { return validate(a) }

// AllowedFlowTypes allows voice flows.
func (a *PlayAudio) AllowedFlowTypes() []flows.FlowType { return voiceTypes }

// Execute evaluates the URL and logs ivr_created.
func (a *PlayAudio) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	audioURL, lang := run.LocalizedText(a.UUID(), "audio_url", a.AudioURL)
	evaluated, ok := evaluate(run, audioURL, nil, log)
	if !ok {
		return nil
	}
	evaluated = strings.TrimSpace(evaluated)
	if evaluated == "" {
		log(events.NewError("Audio URL evaluated to empty, skipping"))
		return nil
	}
	log(events.NewIVRCreated(newIVRMsg(run, "", []string{"audio:" + evaluated}, lang)))
	return nil
}

// Inspect reports the translatable URL.
func (a *PlayAudio) Inspect(ins flows.Inspector) {
	ins.LocalizedTemplates(a.UUID(), "audio_url", []string{a.AudioURL})
}

// newIVRMsg builds a message spoken on the session's call: to the call's URN on its
// channel, or else the contact's route.
func newIVRMsg(run flows.Run, text string, attachments []string, lang envs.Language) *events.MsgOut {
	msg := &events.MsgOut{Text: text, Attachments: attachments, Locale: msgLocale(run, lang)}
	if call := run.Session().Call(); call != nil {
		msg.URN, msg.Channel = call.URN, call.Channel
	} else if contact := run.Contact(); contact != nil {
		if u, ch := msgDestination(contact); u != nil {
			msg.URN, msg.Channel = u.URN(), ch.Reference()
		}
	}
	return msg
}

package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSayMsg is the type of SayMsg.
const TypeSayMsg = "say_msg"

func init() {
	mustRegister(TypeInfo{Name: TypeSayMsg, New: func() flows.Action { return &SayMsg{baseAction: newBase(TypeSayMsg, "")} },
		Description: "Speaks text on the call, or plays its recording", Category: CategoryVoice})
}

// SayMsg speaks a text on the call. When a recording of the text is given (audio_url) it
// is played instead, the text being the fallback. Both are translatable; the recording is
// not a template.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "say_msg", "text": "Hi @contact.name, are you ready?", "audio_url": "http://uploads.temba.io/2353262.m4a"}
type SayMsg struct {
	baseAction
	Text     string `json:"text" validate:"required"`
	AudioURL string `json:"audio_url,omitempty"`
}

// Validate checks the fields.
func (a *SayMsg) Validate() error { return validate(a) }

// AllowedFlowTypes allows voice flows.
func (a *SayMsg) AllowedFlowTypes() []flows.FlowType { return voiceTypes }

// Execute evaluates the text and logs ivr_created.
func (a *SayMsg) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	text, lang := run.LocalizedText(a.UUID(), "text", a.Text)
	audioURL, _ := run.LocalizedText(a.UUID(), "audio_url", a.AudioURL)

	evaluated, _ := evaluate(run, text, nil, log)
	if evaluated == "" && audioURL == "" {
		log(events.NewError("Can't say message without audio URL or backdown text"))
		return nil
	}
	var attachments []string
	if audioURL != "" {
		attachments = []string{"audio:" + audioURL}
	}
	log(events.NewIVRCreated(newIVRMsg(run, evaluated, attachments, lang)))
	return nil
}

// Inspect reports the translatable text and recording.
func (a *SayMsg) Inspect(ins flows.Inspector) {
	ins.LocalizedTemplates(a.UUID(), "text", []string{a.Text})
	if a.AudioURL != "" {
		ins.Localizable(a.UUID(), "audio_url", []string{a.AudioURL})
	}
}

package engine

import (
	"encoding/json"
	"time"

	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/utils"
)

// ChannelRef is a {uuid, name} channel reference.
type ChannelRef struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Input is what the contact last sent: the message that triggered or resumed the session.
type Input struct {
	Type        string      `json:"type"`
	UUID        utils.UUID  `json:"uuid"`
	CreatedOn   time.Time   `json:"created_on"`
	Channel     *ChannelRef `json:"channel,omitempty"`
	URN         string      `json:"urn,omitempty"`
	Text        string      `json:"text"`
	Attachments []string    `json:"attachments,omitempty"`
	ExternalID  string      `json:"external_id,omitempty"`
}

type msgReceived struct {
	UUID      utils.UUID `json:"uuid"`
	CreatedOn time.Time  `json:"created_on"`
	Msg       struct {
		UUID        utils.UUID  `json:"uuid"`
		Channel     *ChannelRef `json:"channel"`
		URN         string      `json:"urn"`
		Text        string      `json:"text"`
		Attachments []string    `json:"attachments"`
		ExternalID  string      `json:"external_id"`
	} `json:"msg"`
}

func (s *Session) inputFromEvent(data json.RawMessage) *Input {
	ev := &msgReceived{}
	if err := json.Unmarshal(data, ev); err != nil {
		return nil
	}
	uuid := ev.UUID
	if uuid == "" {
		uuid = s.NewUUID()
	}
	in := &Input{
		Type:        "msg",
		UUID:        uuid,
		CreatedOn:   ev.CreatedOn,
		URN:         ev.Msg.URN,
		Text:        ev.Msg.Text,
		Attachments: ev.Msg.Attachments,
		ExternalID:  ev.Msg.ExternalID,
	}
	if ev.Msg.Channel != nil {
		ch := *ev.Msg.Channel
		if asset := s.assets.Channels.Get(ch.UUID); asset != nil {
			ch.Name = asset.Name
		}
		in.Channel = &ch
	}
	return in
}

// prepareInputFromTrigger takes the triggering message as input; the contact was seen then.
func (s *Session) prepareInputFromTrigger() {
	if s.trigger.Type == triggers.TypeMsg && len(s.trigger.Event) > 0 {
		s.input = s.inputFromEvent(s.trigger.Event)
		if s.contact != nil && s.input != nil {
			s.contact.SetLastSeenOn(s.input.CreatedOn)
		}
	}
}

func (s *Session) prepareInputFromResume(r *resumes.Resume) {
	if in := s.inputFromEvent(r.Event); in != nil {
		s.input = in
	}
}

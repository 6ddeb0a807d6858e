package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// TypeSetContactChannel is the type of SetContactChannel.
const TypeSetContactChannel = "set_contact_channel"

func init() {
	mustRegister(TypeInfo{Name: TypeSetContactChannel, New: func() flows.Action { return &SetContactChannel{baseAction: newBase(TypeSetContactChannel, "")} },
		Description: "Sets the channel messages to the contact go through", Category: CategoryContacts})
}

// SetContactChannel makes a channel the contact's preferred one (null clears the
// preference). The channel must be able to send.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_contact_channel", "channel": {"uuid": "3a05eaf5-cb1b-4246-bef1-f277419c83a7", "name": "Nexmo"}}
type SetContactChannel struct {
	baseAction
	Channel *assets.ChannelReference `json:"channel"`
}

// Validate checks the fields.
func (a *SetContactChannel) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetContactChannel) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute changes the contact's URN affinities.
func (a *SetContactChannel) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	var channel *assets.Channel
	if a.Channel != nil {
		if channel = run.Session().Assets().Channels.Get(a.Channel.UUID); channel == nil {
			logMissingDependency(log, "channel", "uuid", string(a.Channel.UUID), a.Channel.Name)
			return nil
		}
	}
	applyModifier(run, modifiers.NewChannel(channel), log)
	return nil
}

// Inspect reports the channel.
func (a *SetContactChannel) Inspect(ins flows.Inspector) {
	if a.Channel != nil {
		ins.Dependency(a.Channel)
	}
}

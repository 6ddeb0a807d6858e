package actions

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// contactModifier adapts a modifier of flows/modifiers to flows.Modifier, the form the run
// applies (the run then re-evaluates smart groups itself).
type contactModifier struct{ mod modifiers.Modifier }

func (m contactModifier) Type() string { return m.mod.Type() }

func (m contactModifier) Apply(env envs.Environment, sa *assets.Collection, contact *flows.Contact, log events.Callback) bool {
	return m.mod.Apply(&modifiers.Context{Env: env, Assets: sa}, contact, log)
}

// applyModifier applies a contact modifier through the run.
func applyModifier(run flows.Run, mod modifiers.Modifier, log events.Callback) bool {
	return run.ApplyModifier(contactModifier{mod}, log)
}

package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeAddInputLabels is the type of AddInputLabels.
const TypeAddInputLabels = "add_input_labels"

func init() {
	mustRegister(TypeInfo{Name: TypeAddInputLabels, New: func() flows.Action { return &AddInputLabels{baseAction: newBase(TypeAddInputLabels, "")} },
		Description: "Labels the message the session was started or resumed with", Category: CategoryMessaging})
}

// AddInputLabels labels the session's input message. Labels are given by UUID or by a
// name_match template resolved when the action runs.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "add_input_labels", "labels": [{"uuid": "3f65d88a-95dc-4140-9451-943e94e06fea", "name": "Spam"}]}
type AddInputLabels struct {
	baseAction
	Labels []*assets.LabelReference `json:"labels" validate:"required,dive"`
}

// Validate checks the fields.
func (a *AddInputLabels) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that talk to the contact.
func (a *AddInputLabels) AllowedFlowTypes() []flows.FlowType { return interactiveTypes }

// Execute resolves the labels and logs input_labels_added.
func (a *AddInputLabels) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	inputUUID := run.Session().InputUUID()
	if inputUUID == "" {
		log(events.NewError("No input to add labels to"))
		return nil
	}
	labels := resolveLabels(run, a.Labels, log)
	if len(labels) == 0 {
		return nil
	}
	refs := make([]*assets.LabelReference, len(labels))
	for i, l := range labels {
		refs[i] = l.Reference()
	}
	log(events.NewInputLabelsAdded(inputUUID, refs))
	return nil
}

// Inspect reports the labels: by UUID as dependencies, by name as templates.
func (a *AddInputLabels) Inspect(ins flows.Inspector) {
	for _, ref := range a.Labels {
		if ref.NameMatch != "" {
			ins.Templates(ref.NameMatch)
		} else {
			ins.Dependency(ref)
		}
	}
}

package events

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeInputLabelsAdded is logged when labels are added to the session's input message.
const TypeInputLabelsAdded = "input_labels_added"

func init() { register(TypeInputLabelsAdded, func() Event { return &InputLabelsAdded{} }) }

// InputLabelsAdded asks the caller to label the message the session was started or resumed with.
//
//	{"type": "input_labels_added", "input_uuid": "01969b47-0583-76f8-924e-9de1a11831b3", "labels": [{"uuid": "3f65d88a-95dc-4140-9451-943e94e06fea", "name": "Spam"}]}
type InputLabelsAdded struct {
	Base
	InputUUID utils.UUID               `json:"input_uuid"`
	Labels    []*assets.LabelReference `json:"labels"`
}

// NewInputLabelsAdded creates an input_labels_added event.
func NewInputLabelsAdded(inputUUID utils.UUID, labels []*assets.LabelReference) *InputLabelsAdded {
	return &InputLabelsAdded{Base: NewBase(TypeInputLabelsAdded), InputUUID: inputUUID, Labels: labels}
}

func (e *InputLabelsAdded) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"input_uuid":`)
	w.String(string(e.InputUUID))
	w.Raw(`,"labels":`)
	writeLabelRefs(w, e.Labels)
	w.Byte('}')
}

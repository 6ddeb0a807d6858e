package actions

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
)

// TypeCallResthook is the type of CallResthook.
const TypeCallResthook = "call_resthook"

func init() {
	mustRegister(TypeInfo{Name: TypeCallResthook, New: func() flows.Action { return &CallResthook{baseAction: newBase(TypeCallResthook, "")} },
		Description: "Posts the run's details to every subscriber of a resthook", Category: CategoryServices})
}

// resthookPayload is the JSON posted to resthook subscribers: the contact, flow, path,
// results, run, input and channel.
const resthookPayload = `@(json(object(
  "contact", object("uuid", contact.uuid, "name", contact.name, "urn", contact.urn, "language", contact.language),
  "flow", run.flow,
  "path", foreach(run.path, extract_object, "node_uuid", "arrived_on"),
  "results", foreach_value(results, extract_object, "value", "category", "category_localized", "input", "name", "node_uuid", "created_on"),
  "run", object("uuid", run.uuid, "created_on", run.created_on),
  "input", input,
  "channel", default(input.channel, null)
)))`

// CallResthook posts the run's details to every subscriber of a resthook. With a result
// name, the result is the last failed call, or else the last call.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "call_resthook", "resthook": "new-registration", "result_name": "Registration"}
type CallResthook struct {
	baseAction
	Resthook   string `json:"resthook" validate:"required"`
	ResultName string `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// Validate checks the fields.
func (a *CallResthook) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *CallResthook) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute posts the payload to each subscriber, logging resthook_called and one
// webhook_called per call. A resthook that doesn't exist is skipped.
func (a *CallResthook) Execute(run flows.Run, log events.Callback) error {
	resthook := run.Session().Assets().Resthooks.FindBySlug(a.Resthook)
	if resthook == nil {
		return nil
	}
	payload, _ := evaluate(run, resthookPayload, nil, log)
	raw := json.RawMessage(payload)
	if !json.Valid(raw) {
		raw, _ = json.Marshal(payload)
	}
	log(events.NewResthookCalled(a.Resthook, raw))

	var last, lastFailed *services.Call
	for _, subscriber := range resthook.Subscribers {
		req := &services.Request{Method: "POST", URL: subscriber, Headers: map[string]string{"Content-Type": "application/json"}, Body: payload}
		call := callWebhook(run, req, log)
		if call == nil {
			continue
		}
		trace := services.NewHTTPTrace(call)
		trace.Status = call.ResthookStatus()
		log(events.NewWebhookCalled(trace, a.Resthook))

		last = call
		if trace.Status == services.CallStatusResponseError || trace.Status == services.CallStatusConnectionError {
			lastFailed = call
		}
	}
	chosen := last
	if lastFailed != nil {
		chosen = lastFailed
	}
	if chosen == nil {
		return nil
	}
	run.SetWebhook(webhookValue(chosen))
	if a.ResultName != "" {
		saveWebhookResult(run, a.ResultName, chosen, log)
	}
	return nil
}

// Inspect reports the result.
func (a *CallResthook) Inspect(ins flows.Inspector) {
	if a.ResultName != "" {
		ins.Result(a.ResultName, webhookCategories)
	}
}

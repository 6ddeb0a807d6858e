package actions

import (
	"context"

	"encoding/json"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils/urns"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// TypeCallResthook is the type of CallResthook.
const TypeCallResthook = "call_resthook"

func init() {
	mustRegister(TypeInfo{Name: TypeCallResthook, New: func() flows.Action { return &CallResthook{baseAction: newBase(TypeCallResthook, "")} },
		Description: "Posts the run's details to every subscriber of a resthook", Category: CategoryServices})
}

// resthookPayload is the JSON posted to resthook subscribers, less the run's path which
// is added from the run: the contact, flow, results, run, input and channel.
const resthookPayload = `@(json(object(
  "contact", object("uuid", contact.uuid, "name", contact.name, "urn", contact.urn, "language", contact.language),
  "flow", run.flow,
  "results", foreach_value(results, extract_object, "value", "category", "category_localized", "input", "name", "node_uuid", "created_on"),
  "run", object("uuid", run.uuid, "created_on", run.created_on),
  "input", input,
  "channel", default(input.channel, null)
)))`

// payloadTimeLayout is how times are written in payloads: microseconds, as the expression
// language writes datetimes in JSON.
const payloadTimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// payloadPathStep is a visited node in a resthook payload.
type payloadPathStep struct {
	ArrivedOn string     `json:"arrived_on"`
	NodeUUID  utils.UUID `json:"node_uuid"`
}

// buildPayload evaluates the payload and adds the run's path, keeping keys sorted.
func buildPayload(run flows.Run, log events.Callback) string {
	evaluated, _ := evaluate(run, resthookPayload, nil, log)
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(evaluated), &fields); err != nil {
		return evaluated
	}
	path := []payloadPathStep{}
	if rp, ok := run.(flows.RunPath); ok {
		for _, s := range rp.PathSteps() {
			path = append(path, payloadPathStep{ArrivedOn: s.ArrivedOn.UTC().Format(payloadTimeLayout), NodeUUID: s.NodeUUID})
		}
	}
	fields["path"], _ = json.Marshal(path)
	fields["input"] = payloadInput(run, fields["input"])
	out, err := json.Marshal(fields)
	if err != nil {
		return evaluated
	}
	return string(out)
}

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
func (a *CallResthook) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	resthook := run.Session().Assets().Resthooks.FindBySlug(a.Resthook)
	if resthook == nil {
		return nil
	}
	payload := buildPayload(run, log)
	raw := json.RawMessage(payload)
	if !json.Valid(raw) {
		raw, _ = json.Marshal(payload)
	}
	log(events.NewResthookCalled(a.Resthook, raw))

	var last, lastSuccess, lastFailed *services.Call
	for _, subscriber := range resthook.Subscribers {
		req := &services.Request{Method: "POST", URL: subscriber, Headers: map[string]string{"Content-Type": "application/json"}, Body: payload}
		call := callWebhook(ctx, run, req, log)
		if call == nil {
			continue
		}
		trace := services.NewHTTPTrace(call)
		trace.Status = call.ResthookStatus()
		log(events.NewWebhookCalled(trace, a.Resthook))

		last = call
		switch trace.Status {
		case services.CallStatusResponseError, services.CallStatusConnectionError:
			lastFailed = call
		case services.CallStatusSuccess:
			lastSuccess = call
		}
	}
	// a failure wins, then the last success; a gone subscriber is neither
	chosen := last
	if lastFailed != nil {
		chosen = lastFailed
	} else if lastSuccess != nil {
		chosen = lastSuccess
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

// payloadAttachment is an attachment as resthook payloads show it.
type payloadAttachment struct {
	ContentType string `json:"content_type"`
	URL         string `json:"url"`
}

// payloadURN is a URN as resthook payloads show it.
type payloadURN struct {
	Display string `json:"display"`
	Path    string `json:"path"`
	Scheme  string `json:"scheme"`
}

// payloadInput rewrites the input's JSON in the shape resthook subscribers expect:
// attachments split into content type and URL, the URN split into its parts (redacted
// when the environment redacts URNs).
func payloadInput(run flows.Run, raw json.RawMessage) json.RawMessage {
	var input map[string]json.RawMessage
	if err := json.Unmarshal(raw, &input); err != nil || input == nil {
		return raw
	}
	var attachments []string
	if json.Unmarshal(input["attachments"], &attachments) == nil {
		parts := make([]payloadAttachment, len(attachments))
		for i, a := range attachments {
			parts[i].ContentType, parts[i].URL, _ = strings.Cut(a, ":")
		}
		input["attachments"], _ = json.Marshal(parts)
	}
	var urn string
	if json.Unmarshal(input["urn"], &urn) == nil && urn != "" {
		u := urns.URN(urn)
		p := payloadURN{Scheme: u.Scheme(), Path: u.Path(), Display: u.Format()}
		if run.Env().RedactionPolicy() == envs.RedactionPolicyURNs {
			p.Path, p.Display = urns.RedactedPath, urns.RedactedPath
		}
		input["urn"], _ = json.Marshal(p)
	}
	for key := range input {
		if !payloadInputKeys[key] {
			delete(input, key)
		}
	}
	out, err := json.Marshal(input)
	if err != nil {
		return raw
	}
	return out
}

// payloadInputKeys are the input properties a resthook payload carries.
var payloadInputKeys = map[string]bool{"attachments": true, "channel": true, "created_on": true, "text": true, "type": true, "urn": true, "uuid": true}

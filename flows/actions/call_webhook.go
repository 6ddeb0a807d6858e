package actions

import (
	"context"

	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// TypeCallWebhook is the type of CallWebhook.
const TypeCallWebhook = "call_webhook"

func init() {
	mustRegister(TypeInfo{Name: TypeCallWebhook, New: func() flows.Action { return &CallWebhook{baseAction: newBase(TypeCallWebhook, "")} },
		Description: "Calls a URL and saves the response as @webhook and, optionally, a result", Category: CategoryServices})
}

// CallWebhook makes an HTTP request. URL (whose expressions are URL-escaped), header
// values and body are templates. The response is available as @webhook; with a result name
// its status code is saved as a result, categorized Success or Failure, its JSON body as
// the result's extra.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "call_webhook", "method": "GET", "url": "http://localhost:49998/?cmd=success", "headers": {"Authorization": "Token AAFFZZHH"}, "result_name": "webhook"}
type CallWebhook struct {
	baseAction
	Method     string            `json:"method" validate:"required,http_method"`
	URL        string            `json:"url" validate:"required,max=8192"`
	Headers    map[string]string `json:"headers,omitempty" validate:"max=10,dive,keys,max=100,endkeys,max=5000"`
	Body       string            `json:"body,omitempty" validate:"max=20000"`
	ResultName string            `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// Validate checks the fields, and that header names are valid HTTP header names.
func (a *CallWebhook) Validate() error {
	if err := validate(a); err != nil {
		return err
	}
	for _, name := range a.headerNames() {
		if !utils.IsHTTPHeaderName(name) {
			return &utils.ValidationError{Field: "headers", Tag: "http_header_name", Message: "header '" + name + "' is not a valid HTTP header"}
		}
	}
	return nil
}

// headerNames returns the header names in sorted order, so that requests and errors
// don't depend on map order.
func (a *CallWebhook) headerNames() []string {
	names := make([]string, 0, len(a.Headers))
	for name := range a.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// AllowedFlowTypes allows flows that can call services.
func (a *CallWebhook) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute evaluates and makes the request, logging webhook_called.
func (a *CallWebhook) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	u, _ := evaluate(run, a.URL, nil, log)
	u = strings.TrimSpace(u)

	headers := make(map[string]string, len(a.Headers))
	for _, name := range a.headerNames() {
		headers[name], _ = evaluate(run, a.Headers[name], nil, log)
	}
	body, _ := evaluate(run, a.Body, nil, log)

	if e := checkWebhookURL(u); e != nil {
		log(e)
		return nil
	}

	call := callWebhook(ctx, run, &services.Request{Method: a.Method, URL: u, Headers: headers, Body: body}, log)
	if call == nil {
		return nil
	}
	log(events.NewWebhookCalled(services.NewHTTPTrace(call), ""))
	run.SetWebhook(webhookValue(call))
	if a.ResultName != "" {
		saveWebhookResult(run, a.ResultName, call, log)
	}
	return nil
}

// Inspect reports the URL, header and body templates and the result.
func (a *CallWebhook) Inspect(ins flows.Inspector) {
	ins.Templates(a.URL)
	for _, name := range a.headerNames() {
		ins.Templates(a.Headers[name])
	}
	ins.Templates(a.Body)
	if a.ResultName != "" {
		ins.Result(a.ResultName, webhookCategories)
	}
}

package actions

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
)

// Limits on evaluated webhook requests.
const (
	maxWebhookURLLength   = 2048
	maxURLInErrorLength   = 255
	webhookCategorySucces = "Success"
	webhookCategoryFail   = "Failure"
)

// webhookCategories are the categories of a webhook or resthook result.
var webhookCategories = []string{webhookCategorySucces, webhookCategoryFail}

// checkWebhookURL returns the error event of an evaluated URL that can't be called, or nil.
func checkWebhookURL(u string) *events.Error {
	if u == "" {
		return events.NewError("Webhook URL evaluated to empty string")
	}
	// a URL that parses but is relative or of another scheme is tried, and the webhook
	// service's error logged, as the established engine does
	_, err := url.Parse(u)
	if err != nil || len(u) > maxWebhookURLLength {
		shown := truncateEllipsis(u, maxURLInErrorLength)
		return errorEvent(fmt.Sprintf("Webhook URL evaluated to an invalid URL: '%s'", shown), "url:invalid", map[string]string{"url": shown})
	}
	return nil
}

// callWebhook makes a webhook call through the service, logging the errors that prevent
// it. It returns nil when no request was sent.
func callWebhook(ctx context.Context, run flows.Run, req *services.Request, log events.Callback) *services.Call {
	if size := services.RequestSize(req); size > services.MaxRequestBytes {
		log(errorEvent(
			fmt.Sprintf("Webhook request evaluated to %d bytes, exceeding the limit of %d", size, services.MaxRequestBytes),
			"webhook:request_size",
			map[string]string{"limit": strconv.Itoa(services.MaxRequestBytes), "size": strconv.Itoa(size)},
		))
		return nil
	}
	service := run.Session().Services().Webhook
	if service == nil {
		log(events.NewError("no webhook service configured"))
		return nil
	}
	call, err := service.Call(ctx, req)
	if err != nil {
		var blocked *services.BlockedHostError
		if errors.As(err, &blocked) {
			log(errorEvent(blocked.Error(), "url:blocked", map[string]string{"hostname": blocked.Hostname}))
		} else {
			logServiceError(ctx, err.Error(), log)
		}
		return nil
	}
	if refused, ok := netguard.IsRefused(call.Err); ok {
		// the call fails (its Failure category); this says why
		log(errorEvent(fmt.Sprintf("Webhook call to %s refused: %s", truncateEllipsis(req.URL, maxURLInErrorLength), refused.Reason()),
			"webhook:refused", map[string]string{"reason": string(refused.Kind)}))
	}
	if call.ResponseTooLarge {
		log(errorWarning(fmt.Sprintf("Webhook response exceeded the limit of %d bytes", services.MaxResponseBodyBytes),
			"webhook:response_size", map[string]string{"limit": strconv.Itoa(services.MaxResponseBodyBytes)}))
	}
	return call
}

// errorWarning creates a warning event with a code and extra values.
func errorWarning(text, code string, extra map[string]string) *events.Warning {
	w := events.NewWarning(text)
	w.Code, w.Extra = code, extra
	return w
}

// webhookValue is the @webhook value of a call: its method, URL, status, response headers
// (null without a response) and JSON body (null when not JSON).
func webhookValue(call *services.Call) types.XValue {
	var headers types.XValue
	if call.StatusCode != 0 {
		props := make(map[string]types.XValue, len(call.ResponseHeaders))
		for k, v := range call.ResponseHeaders {
			props[k] = types.NewXText(v)
		}
		headers = types.NewXObject(props)
	}
	var body types.XValue
	if raw := call.JSON(); raw != nil {
		body = types.ReadXValue(raw)
	}
	// @webhook renders as "METHOD URL", e.g. "GET http://temba.io/"
	return types.NewXObjectWithDefault(types.NewXText(call.Method+" "+call.URL), map[string]types.XValue{
		"method":  types.NewXText(call.Method),
		"url":     types.NewXText(call.URL),
		"status":  types.NewXNumberFromInt(call.StatusCode),
		"headers": headers,
		"json":    body,
	})
}

// maxResultExtraBytes is the largest JSON body saved as a result's extra; larger bodies
// are only available as @webhook.
const maxResultExtraBytes = 10000

// saveWebhookResult saves the result of a call: its status code as value, Success or
// Failure as category, and its JSON body as extra when it isn't too large.
func saveWebhookResult(run flows.Run, name string, call *services.Call, log events.Callback) {
	category := webhookCategoryFail
	if call.Status == services.CallStatusSuccess {
		category = webhookCategorySucces
	}
	extra := call.JSON()
	if len(extra) > maxResultExtraBytes {
		extra = nil
	}
	run.SaveResult(&flows.Result{Name: name, Value: strconv.Itoa(call.StatusCode), Category: category, Input: call.Method + " " + call.URL, Extra: extra}, log)
}

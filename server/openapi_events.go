package server

// The routes of sinks, subscriptions and inbound events, added to the OpenAPI document.
var eventOperations = map[string]operation{
	"GET /api/v1/sinks":           {summary: "The workspace's sinks", ok: 200, okSchema: "SinkList"},
	"POST /api/v1/sinks":          {summary: "Create a sink: a CEL filter, destinations (webhooks, NATS subjects) and an optional payload of templates", body: "SinkInput", ok: 201, okSchema: "SinkResult", errors: []int{400, 422}},
	"GET /api/v1/sinks/{uuid}":    {summary: "A sink", ok: 200, okSchema: "SinkResult", errors: []int{404, 422}},
	"PUT /api/v1/sinks/{uuid}":    {summary: "Replace a sink (the secret is kept when none is given)", body: "SinkInput", ok: 200, okSchema: "SinkResult", errors: []int{400, 404, 422}},
	"DELETE /api/v1/sinks/{uuid}": {summary: "Delete a sink with its pending deliveries and failures", ok: 204, errors: []int{404, 422}},
	"GET /api/v1/sinks/{uuid}/failures": {summary: "A sink's deliveries that ran out of attempts (dead letters), after a cursor", ok: 200, okSchema: "FailureList",
		errors: []int{404, 422}, query: []string{"after", "limit"}},
	"POST /api/v1/sinks/{uuid}/failures/{id}/retry": {summary: "Try a failed delivery again, from its first attempt", ok: 204, errors: []int{404, 422}},
	"DELETE /api/v1/sinks/{uuid}/failures/{id}":     {summary: "Discard a failed delivery", ok: 204, errors: []int{404, 422}},

	"POST /api/v1/subscriptions": {summary: "Subscribe to the events of a source ('events' or an inbound source) that a CEL filter chooses, from now on", body: "SubscriptionInput", ok: 201, okSchema: "Subscription", errors: []int{400, 422, 429}},
	"GET /api/v1/subscriptions/next": {summary: "Wait for the next event of any of the subscriptions given by id; 204 when the timeout passes", ok: 200, okSchema: "SubscriptionMessage",
		errors: []int{404, 422, 503}, query: []string{"id", "timeout"}, empty: []int{204}},
	"DELETE /api/v1/subscriptions/{id}": {summary: "End a subscription", ok: 204, errors: []int{404}},

	"GET /api/v1/sessions/{uuid}/sprints": {summary: "What each sprint of the session did: its actions with outcome (ok, failed, skipped), duration and error, after a cursor",
		ok: 200, okSchema: "SprintRecordList", errors: []int{404, 422}, query: []string{"after", "limit"}},

	"POST /api/v1/inbound/{source}": {summary: "An event from an outside system (any JSON object), with the workspace token or signed with the source's secret; starts the flows of matching event triggers",
		body: "InboundInput", ok: 202, okSchema: "InboundResult", errors: []int{400, 401, 413, 422}},
	"PUT /api/v1/inbound/{source}/secret":    {summary: "Set the secret a source signs its events with", body: "InboundSecret", ok: 200, okSchema: "InboundSource", errors: []int{400, 422}},
	"DELETE /api/v1/inbound/{source}/secret": {summary: "Remove a source's secret", ok: 204, errors: []int{404}},
}

var eventSchemas = map[string]any{
	"DryRunCall": obj([]string{"service", "answer"}, map[string]any{
		"service": map[string]any{"type": "string", "enum": []string{"webhook", "email", "airtime", "llm", "classifier", "ticket"}},
		"method":  str, "url": str, "headers": map[string]any{"type": "object", "additionalProperties": str}, "body": str,
		"to": strList, "subject": str, "sender": str, "recipient": str, "amounts": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "number"}},
		"llm": anyObject, "classifier": anyObject, "instructions": str, "input": str, "max_tokens": integer, "topic": anyObject, "assignee": anyObject, "note": str,
		"answer": obj([]string{"by"}, map[string]any{"by": map[string]any{"type": "string", "enum": []string{"mock", "stand-in", "refused"}},
			"status": integer, "body": str, "error": str})}),
	"DryRunDelivery": obj([]string{"sink", "event_uuid", "event_type", "type", "headers", "body"}, map[string]any{"sink": anyObject, "event_uuid": uuidStr,
		"event_type": str, "type": map[string]any{"type": "string", "enum": []string{"webhook", "nats"}}, "url": str, "method": str, "subject": str,
		"headers": map[string]any{"type": "object", "additionalProperties": str}, "body": map[string]any{}}),
	"DryRunResult": obj([]string{"dry_run", "contact", "session", "events", "calls", "deliveries"}, map[string]any{"dry_run": boolean,
		"contact": schemaRef("Contact"), "session": schemaRef("Session"), "events": map[string]any{"type": "array", "items": anyObject},
		"calls": map[string]any{"type": "array", "items": schemaRef("DryRunCall")}, "deliveries": map[string]any{"type": "array", "items": schemaRef("DryRunDelivery")}}),
	"DryFlowStartResult": obj([]string{"dry_run", "flow", "total", "started", "skipped", "failed", "contacts"}, map[string]any{"dry_run": boolean,
		"flow": anyObject, "total": integer, "started": integer, "skipped": integer, "failed": integer,
		"contacts": map[string]any{"type": "array", "items": obj([]string{"contact_uuid"}, map[string]any{"contact_uuid": uuidStr, "skipped": boolean, "error": str,
			"dry_run": boolean, "contact": schemaRef("Contact"), "session": schemaRef("Session"), "events": map[string]any{"type": "array", "items": anyObject},
			"calls": map[string]any{"type": "array", "items": schemaRef("DryRunCall")}, "deliveries": map[string]any{"type": "array", "items": schemaRef("DryRunDelivery")}})}}),
	"ActionRun": obj([]string{"flow_uuid", "node_uuid", "action_uuid", "type", "outcome", "duration_ms"}, map[string]any{"flow_uuid": uuidStr, "node_uuid": uuidStr,
		"action_uuid": uuidStr, "type": str, "outcome": map[string]any{"type": "string", "enum": []string{"ok", "failed", "skipped"}}, "duration_ms": map[string]any{"type": "number"}, "error": str}),
	"SprintRecord": obj([]string{"id", "sprint_uuid", "kind", "created_on", "actions"}, map[string]any{"id": integer, "sprint_uuid": uuidStr, "kind": str,
		"created_on": dateTime, "actions": map[string]any{"type": "array", "items": schemaRef("ActionRun")}}),
	"SprintRecordList": obj([]string{"sprints", "cursor"}, map[string]any{"sprints": map[string]any{"type": "array", "items": schemaRef("SprintRecord")}, "cursor": integer}),
	"InboundInput":     anyObject,
	"InboundSecret":    obj([]string{"secret"}, map[string]any{"secret": str}),
	"InboundSource":    obj([]string{"source", "workspace"}, map[string]any{"source": str, "workspace": uuidStr}),
	"InboundResult": obj([]string{"uuid", "source", "started"}, map[string]any{"uuid": uuidStr, "source": str, "started": map[string]any{"type": "array",
		"items": obj([]string{"trigger", "flow"}, map[string]any{"trigger": uuidStr, "flow": anyObject, "contact": uuidStr, "urn": str, "session": schemaRef("Session"), "error": str, "duplicate": boolean})}}),
	"Destination": obj([]string{"type"}, map[string]any{"type": map[string]any{"type": "string", "enum": []string{"webhook", "nats"}},
		"url": str, "http_method": map[string]any{"type": "string", "enum": []string{"POST", "PUT", "PATCH"}},
		"headers": map[string]any{"type": "object", "additionalProperties": str}, "timeout_secs": integer, "subject": str}),
	"SinkInput": obj([]string{"name", "destinations"}, map[string]any{"name": str, "filter": str, "active": boolean,
		"destinations": map[string]any{"type": "array", "items": schemaRef("Destination")}, "payload": anyObject, "secret": str}),
	"Sink": obj([]string{"uuid", "name", "filter", "active", "destinations", "secret"}, map[string]any{"uuid": uuidStr, "name": str, "filter": str,
		"active": boolean, "destinations": map[string]any{"type": "array", "items": schemaRef("Destination")}, "payload": anyObject, "secret": str,
		"created_on": dateTime, "modified_on": dateTime}),
	"SinkResult": obj([]string{"sink"}, map[string]any{"sink": schemaRef("Sink")}),
	"SinkList":   listOf("sinks", "Sink"),
	"Failure": obj([]string{"id", "event_uuid", "attempts", "last_error", "request"}, map[string]any{"id": integer, "event_uuid": uuidStr,
		"attempts": integer, "last_error": str, "created_on": dateTime, "failed_on": dateTime, "request": anyObject}),
	"FailureList":       obj([]string{"failures", "cursor"}, map[string]any{"failures": map[string]any{"type": "array", "items": schemaRef("Failure")}, "cursor": integer}),
	"SubscriptionInput": obj(nil, map[string]any{"source": str, "filter": str}),
	"Subscription":      obj([]string{"id", "source", "filter", "expires_after_secs"}, map[string]any{"id": str, "source": str, "filter": str, "expires_after_secs": integer}),
	"SubscriptionMessage": obj([]string{"subscription", "source", "seq", "event"}, map[string]any{"subscription": str, "source": str, "seq": integer,
		"event": anyObject, "dropped": integer}),
}

func init() {
	for k, v := range eventOperations {
		operations[k] = v
	}
	for k, v := range eventSchemas {
		schemas[k] = v
	}
	// event triggers' fields
	for _, name := range []string{"Trigger", "TriggerInput"} {
		props := schemas[name].(map[string]any)["properties"].(map[string]any)
		props["source"], props["filter"], props["urn"] = str, str, str
	}
}

package server

import (
	"net/http"
	"strings"
)

// operation documents one route of the API for the OpenAPI document.
type operation struct {
	summary string
	// body names the request body's schema (empty when none).
	body string
	// ok is the success status and the name of its schema (empty: no body).
	ok       int
	okSchema string
	// errors are the problem statuses the route may answer besides 401 and 500.
	errors []int
	// query lists the query parameters.
	query []string
	// empty lists other success statuses, answered without a body (204 of a long-poll).
	empty []int
	// okAlso names another schema the success status may answer (a dry run's answer).
	okAlso string
	// more lists other success statuses with a body, and their schemas.
	more map[int]string
}

// operations documents every route, by "METHOD path". A test checks that this and the
// route table name the same routes, and the e2e suite that each answer's status is listed.
var operations = map[string]operation{
	"GET /healthz":      {summary: "Whether the server and its database answer", ok: 200, okSchema: "Health", errors: []int{503}},
	"GET /metrics":      {summary: "Prometheus metrics: sprints and their duration, webhook calls by status, queue depths", ok: 200},
	"GET /openapi.json": {summary: "This document", ok: 200},

	"PUT /api/v1/assets": {summary: "Replace the workspace's assets with an assets or export file; flows of any spec are migrated and validated, a broken one refuses the whole upload",
		body: "Assets", ok: 200, okSchema: "FlowList", errors: []int{400, 413, 422}},
	"GET /api/v1/flows":                  {summary: "The workspace's current flows", ok: 200, okSchema: "FlowList"},
	"GET /api/v1/flows/{uuid}":           {summary: "A flow's current definition", ok: 200, okSchema: "FlowDefinition", errors: []int{404, 422}},
	"GET /api/v1/flows/{uuid}/revisions": {summary: "A flow's revisions, newest first", ok: 200, okSchema: "RevisionList", errors: []int{404, 422}},

	"POST /api/v1/contacts":                  {summary: "Create a contact", body: "ContactInput", ok: 201, okSchema: "ContactResult", errors: []int{400, 409, 422}},
	"GET /api/v1/contacts":                   {summary: "Find a contact by URN, or list contacts", ok: 200, okSchema: "ContactList", errors: []int{422}, query: []string{"urn", "after", "limit"}},
	"GET /api/v1/contacts/{uuid}":            {summary: "A contact", ok: 200, okSchema: "ContactResult", errors: []int{404, 422}},
	"PATCH /api/v1/contacts/{uuid}":          {summary: "Change a contact (omitted fields stay as they are)", body: "ContactInput", ok: 200, okSchema: "ContactResult", errors: []int{400, 404, 409, 422}},
	"DELETE /api/v1/contacts/{uuid}":         {summary: "Delete a contact with its sessions and runs", ok: 204, errors: []int{404, 422}},
	"GET /api/v1/contacts/{uuid}/session":    {summary: "The contact's latest session", ok: 200, okSchema: "SessionResult", errors: []int{404, 422}},
	"POST /api/v1/contacts/{uuid}/interrupt": {summary: "End the contact's waiting session", ok: 200, okSchema: "InterruptResult", errors: []int{404, 422}},

	"POST /api/v1/messages": {summary: "An incoming message: resumes the contact's waiting session, or starts the flow a trigger picks; with dry_run=true nothing is stored or sent and the answer lists what would have been (DryRunResult)",
		body: "MessageInput", ok: 200, okSchema: "SprintResult", okAlso: "DryRunResult", errors: []int{400, 413, 422}, query: []string{"dry_run"}},
	"POST /api/v1/channel_events": {summary: "A channel event (new conversation, referral, call, opt-in/out, closed ticket) that may start a flow",
		body: "ChannelEventInput", ok: 200, okSchema: "SprintResult", errors: []int{400, 422}},

	"GET /api/v1/triggers":           {summary: "The workspace's triggers", ok: 200, okSchema: "TriggerList"},
	"POST /api/v1/triggers":          {summary: "Create a trigger", body: "TriggerInput", ok: 201, okSchema: "TriggerResult", errors: []int{400, 422}},
	"GET /api/v1/triggers/{uuid}":    {summary: "A trigger", ok: 200, okSchema: "TriggerResult", errors: []int{404, 422}},
	"PUT /api/v1/triggers/{uuid}":    {summary: "Replace a trigger", body: "TriggerInput", ok: 200, okSchema: "TriggerResult", errors: []int{400, 404, 422}},
	"DELETE /api/v1/triggers/{uuid}": {summary: "Delete a trigger", ok: 204, errors: []int{404, 422}},

	"POST /api/v1/flow_starts": {summary: "Start a flow for many contacts in the background; with \"dry_run\": true, run it at once for at most 100 contacts, storing and sending nothing, and answer 200 with what each would have done",
		body: "FlowStartInput", ok: 202, okSchema: "FlowStartResult", more: map[int]string{200: "DryFlowStartResult"}, errors: []int{400, 422}},
	"GET /api/v1/flow_starts/{uuid}": {summary: "A flow start's progress", ok: 200, okSchema: "FlowStartResult", errors: []int{404, 422}},

	"GET /api/v1/sessions/{uuid}": {summary: "A session", ok: 200, okSchema: "SessionResult", errors: []int{404, 422}},
	"GET /api/v1/events": {summary: "The event log, oldest first, after a cursor; wait long-polls for new events", ok: 200, okSchema: "EventList",
		errors: []int{422}, query: []string{"contact", "after", "limit", "wait"}},
	"GET /api/v1/runs": {summary: "Runs with their results, after a cursor", ok: 200, okSchema: "RunList", errors: []int{422}, query: []string{"flow", "after", "limit"}},

	"POST /api/v1/simulate/start":  {summary: "Start a flow without storing anything", body: "SimulateStartInput", ok: 200, okSchema: "SimulateResult", errors: []int{400, 422}},
	"POST /api/v1/simulate/resume": {summary: "Resume a simulated session without storing anything", body: "SimulateResumeInput", ok: 200, okSchema: "SimulateResult", errors: []int{400, 422}},
	"GET /api/v1/actions":          {summary: "The registered action types with the JSON Schema of their fields", ok: 200, okSchema: "ActionList"},
}

var (
	str       = map[string]any{"type": "string"}
	uuidStr   = map[string]any{"type": "string", "format": "uuid"}
	dateTime  = map[string]any{"type": "string", "format": "date-time"}
	integer   = map[string]any{"type": "integer"}
	boolean   = map[string]any{"type": "boolean"}
	anyObject = map[string]any{"type": "object"}
	strList   = map[string]any{"type": "array", "items": str}
)

func obj(required []string, props map[string]any) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func schemaRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func listOf(key, item string) map[string]any {
	return obj([]string{key}, map[string]any{key: map[string]any{"type": "array", "items": schemaRef(item)}})
}

var schemas = map[string]any{
	"Problem": obj([]string{"status", "title"}, map[string]any{"status": integer, "title": str, "detail": str, "field": str, "value": map[string]any{}}),
	"Health":  obj([]string{"status"}, map[string]any{"status": str, "error": str}),
	"Assets":  obj(nil, map[string]any{"flows": map[string]any{"type": "array", "items": anyObject}, "environment": anyObject}),
	"Flow": obj([]string{"uuid", "name", "type", "spec_version", "revision", "modified_on"}, map[string]any{
		"uuid": uuidStr, "name": str, "type": str, "spec_version": str, "revision": integer, "modified_on": dateTime}),
	"FlowList":       listOf("flows", "Flow"),
	"FlowDefinition": obj([]string{"flow", "definition"}, map[string]any{"flow": schemaRef("Flow"), "definition": anyObject}),
	"Revision":       obj([]string{"revision", "created_on", "definition"}, map[string]any{"revision": integer, "created_on": dateTime, "definition": anyObject}),
	"RevisionList":   listOf("revisions", "Revision"),
	"Contact": obj([]string{"uuid", "status", "created_on"}, map[string]any{"uuid": uuidStr, "name": str, "language": str, "status": str,
		"timezone": str, "created_on": dateTime, "last_seen_on": dateTime, "urns": strList, "groups": map[string]any{"type": "array", "items": anyObject}, "fields": anyObject}),
	"ContactInput": obj(nil, map[string]any{"name": str, "language": str, "timezone": str, "status": str, "urns": strList,
		"fields": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": []string{"string", "null"}}}, "groups": strList}),
	"ContactResult": obj([]string{"contact"}, map[string]any{"contact": schemaRef("Contact")}),
	"ContactList":   obj([]string{"contacts"}, map[string]any{"contacts": map[string]any{"type": "array", "items": schemaRef("Contact")}, "next": str}),
	"MessageInput":  obj([]string{"urn"}, map[string]any{"urn": str, "text": str, "attachments": strList, "channel": uuidStr, "http_mocks": anyObject, "external_id": str}),
	"ChannelEventInput": obj([]string{"type", "urn"}, map[string]any{"type": map[string]any{"type": "string", "enum": sortedKeys(channelEventTriggers)},
		"urn": str, "channel": uuidStr, "referrer_id": str, "optin": uuidStr, "ticket": anyObject, "params": anyObject, "external_id": str}),
	"Session": obj([]string{"uuid", "contact_uuid", "status", "flow_uuid", "created_on", "modified_on"}, map[string]any{
		"uuid": uuidStr, "contact_uuid": uuidStr, "status": str, "flow_uuid": str, "timeout_on": dateTime, "expires_on": dateTime,
		"created_on": dateTime, "modified_on": dateTime, "session": anyObject}),
	"SessionResult":   obj([]string{"session"}, map[string]any{"session": schemaRef("Session")}),
	"InterruptResult": obj([]string{"interrupted", "session"}, map[string]any{"interrupted": boolean, "session": schemaRef("Session")}),
	"SprintResult": obj([]string{"contact", "session", "events"}, map[string]any{"contact": schemaRef("Contact"), "session": schemaRef("Session"),
		"events": map[string]any{"type": "array", "items": anyObject}, "duplicate": boolean}),
	"Trigger": obj([]string{"uuid", "type", "flow", "channels", "groups", "exclude_groups", "active"}, map[string]any{
		"uuid": uuidStr, "type": map[string]any{"type": "string", "enum": triggerTypes}, "flow": anyObject, "keywords": strList,
		"match_type": map[string]any{"type": "string", "enum": []string{MatchFirstWord, MatchOnlyWord}}, "referrer_id": str, "optin": uuidStr,
		"channels": strList, "groups": strList, "exclude_groups": strList, "active": boolean}),
	"TriggerInput": obj([]string{"type", "flow"}, map[string]any{
		"type": map[string]any{"type": "string", "enum": triggerTypes}, "flow": uuidStr, "keywords": strList,
		"match_type": map[string]any{"type": "string", "enum": []string{MatchFirstWord, MatchOnlyWord}}, "referrer_id": str, "optin": uuidStr,
		"channels": strList, "groups": strList, "exclude_groups": strList, "active": boolean}),
	"TriggerResult": obj([]string{"trigger"}, map[string]any{"trigger": schemaRef("Trigger")}),
	"TriggerList":   listOf("triggers", "Trigger"),
	"FlowStartInput": obj([]string{"flow"}, map[string]any{"flow": uuidStr, "contacts": strList, "urns": strList, "groups": strList,
		"params": anyObject, "exclude_active": boolean, "dry_run": boolean, "http_mocks": anyObject}),
	"FlowStart": obj([]string{"uuid", "flow", "status", "total", "started", "skipped", "failed"}, map[string]any{
		"uuid": uuidStr, "flow": uuidStr, "status": map[string]any{"type": "string", "enum": []string{"pending", "started", "completed", "failed", "interrupted"}},
		"total": integer, "started": integer, "skipped": integer, "failed": integer, "created_on": dateTime, "modified_on": dateTime}),
	"FlowStartResult": obj([]string{"flow_start"}, map[string]any{"flow_start": schemaRef("FlowStart")}),
	"Event":           obj([]string{"id", "contact_uuid", "event"}, map[string]any{"id": integer, "contact_uuid": uuidStr, "session_uuid": uuidStr, "event": anyObject}),
	"EventList":       obj([]string{"events", "cursor"}, map[string]any{"events": map[string]any{"type": "array", "items": schemaRef("Event")}, "cursor": integer}),
	"Run": obj([]string{"seq", "uuid", "flow_uuid", "contact_uuid", "session_uuid", "status", "results"}, map[string]any{
		"seq": integer, "uuid": uuidStr, "flow_uuid": uuidStr, "contact_uuid": uuidStr, "session_uuid": uuidStr, "status": str,
		"results": anyObject, "created_on": dateTime, "modified_on": dateTime, "exited_on": dateTime}),
	"RunList":             obj([]string{"runs", "cursor"}, map[string]any{"runs": map[string]any{"type": "array", "items": schemaRef("Run")}, "cursor": integer}),
	"SimulateStartInput":  obj(nil, map[string]any{"flow": uuidStr, "trigger": anyObject, "contact": anyObject, "text": str, "params": anyObject}),
	"SimulateResumeInput": obj([]string{"session"}, map[string]any{"session": anyObject, "contact": anyObject, "text": str, "resume": anyObject}),
	"SimulateResult": obj([]string{"status", "session", "events"}, map[string]any{"status": str, "session": anyObject, "contact": schemaRef("Contact"),
		"events": map[string]any{"type": "array", "items": anyObject}}),
	"ActionType": obj([]string{"name", "description", "category", "schema"}, map[string]any{"name": str, "description": str, "category": str, "schema": anyObject}),
	"ActionList": listOf("actions", "ActionType"),
}

// OpenAPI returns the OpenAPI 3.1 document of the routes.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routeTable() {
		op, ok := operations[rt.method+" "+rt.path]
		if !ok {
			continue
		}
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		responses := map[string]any{}
		okResp := map[string]any{"description": http.StatusText(op.ok)}
		if op.okSchema != "" {
			schema := schemaRef(op.okSchema)
			if op.okAlso != "" {
				schema = map[string]any{"oneOf": []any{schemaRef(op.okSchema), schemaRef(op.okAlso)}}
			}
			okResp["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
		}
		responses[itoa(op.ok)] = okResp
		for c, name := range op.more {
			responses[itoa(c)] = map[string]any{"description": http.StatusText(c),
				"content": map[string]any{"application/json": map[string]any{"schema": schemaRef(name)}}}
		}
		for _, c := range op.empty {
			responses[itoa(c)] = map[string]any{"description": http.StatusText(c)}
		}
		problem := map[string]any{"application/problem+json": map[string]any{"schema": schemaRef("Problem")}}
		codes := append([]int{}, op.errors...)
		if rt.auth {
			codes = append(codes, http.StatusUnauthorized)
		}
		codes = append(codes, http.StatusInternalServerError)
		for _, c := range codes {
			responses[itoa(c)] = map[string]any{"description": http.StatusText(c), "content": problem}
		}
		o := map[string]any{"summary": op.summary, "responses": responses}
		var params []any
		for _, seg := range strings.Split(rt.path, "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				name = strings.TrimSuffix(name, "}")
				schema := str
				if name == "uuid" {
					schema = uuidStr
				}
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": schema})
			}
		}
		for _, q := range op.query {
			schema := str
			if q == "dry_run" {
				schema = boolean
			}
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": schema})
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.body != "" {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaRef(op.body)}}}
		}
		if rt.auth {
			o["security"] = []any{map[string]any{"token": []string{}}}
		}
		item[strings.ToLower(rt.method)] = o
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "flowserver", "version": "1",
			"description": "Rivulet's flow service: assets, contacts, messages, triggers, sessions, events. Authenticate with 'Authorization: Token <token>'."},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{"token": map[string]any{"type": "apiKey", "in": "header", "name": "Authorization",
				"description": "Token <token>, as printed by `flowserver workspace create NAME`"}},
		},
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, s.OpenAPI())
}

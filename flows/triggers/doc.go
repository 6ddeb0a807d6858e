package triggers

// TypeDoc describes a trigger type for people: the generated reference page
// (docs/reference/triggers.md) lists these, and a test reads every Example with Read.
type TypeDoc struct {
	Name        string
	Description string
	Example     string
}

// Docs describes every trigger type, in the order a reader meets them; the registry Read
// checks types against holds what is checked, this list what people read. A test checks it
// names each Type constant once and each registered type. Each call returns a new slice,
// so callers may change it freely.
func Docs() []TypeDoc {
	return []TypeDoc{
		{
			Name:        TypeManual,
			Description: "A person or an API call started the flow for the contact. Any params are available to the flow as @trigger.params.",
			Example:     `{"type": "manual", "flow": {"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "name": "Two Questions"}, "triggered_on": "2024-03-01T10:00:00Z", "params": {"source": "website"}, "user": {"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f44", "name": "Bob"}, "origin": "ui"}`,
		},
		{
			Name:        TypeMsg,
			Description: "An incoming message started the flow, usually because it matched a keyword (keyword_match says which and how). The message is the run's first input, so a flow can route on it without waiting.",
			Example:     `{"type": "msg", "flow": {"uuid": "fad83839-593e-401c-beba-850ae07cbc2c", "name": "Volunteer Sign-up"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"uuid": "341fc5ea-cd84-41b8-8c2b-941f9f1fecaf", "type": "msg_received", "created_on": "2024-06-10T08:00:00Z", "msg": {"urn": "tel:+250788400500", "channel": {"uuid": "e1f7a72a-1430-4f07-a59d-449e660b6946", "name": "Kigali SMS"}, "text": "JOIN nadia uwimana"}}, "keyword_match": {"type": "first_word", "keyword": "join"}}`,
		},
		{
			Name:        TypeFlowAction,
			Description: "A start_session action of another session started this one. run_summary is the starting run (its flow, contact and results), readable as @parent in the new flow.",
			Example:     `{"type": "flow_action", "flow": {"uuid": "bc5f77a5-ce43-4ab3-b40b-98030c63089d", "name": "Post-natal Follow-up"}, "triggered_on": "2024-06-10T08:00:00Z", "run_summary": {"uuid": "9ef77bcd-0626-4ec6-a44b-ca7dc4bea9e9", "flow": {"uuid": "6626b812-4280-44bc-93b1-6f3ca11c67f1", "name": "Clinic Visit"}, "contact": {"uuid": "140176ee-f646-44ba-b93e-7bee917e6208", "name": "Claudine Ingabire", "status": "active", "fields": {}, "created_on": "2024-06-01T07:00:00Z"}, "status": "completed", "results": {"visit": {"name": "Visit", "value": "postnatal", "category": "Postnatal", "node_uuid": "a7cfd2de-2f90-4d3a-8a2a-eebea405e1f2", "created_on": "2024-06-09T09:00:00Z"}}}}`,
		},
		{
			Name:        TypeCampaign,
			Description: "A campaign point fired for the contact: its event must be a campaign_fired naming the campaign and the point.",
			Example:     `{"type": "campaign", "flow": {"uuid": "b433ba8e-87e1-42d3-963d-4cb7d1a62297", "name": "Market Prices"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"uuid": "55c10ccb-407e-4cec-9299-3b10ce411a77", "type": "campaign_fired", "created_on": "2024-06-10T08:00:00Z", "campaign": {"uuid": "f326ac02-5fbc-4ac5-b97d-3142be81898e", "name": "Weekly Prices"}, "point_uuid": "a6269df7-5819-4018-a3c3-e3ff00a2d369"}}`,
		},
		{
			Name:        TypeChannel,
			Description: "Something happened on a channel that the flow should answer, such as a new conversation or a referral; the event (required) names it and the channel.",
			Example:     `{"type": "channel", "flow": {"uuid": "77abb7fd-c2e5-495d-9648-ab378bd6405b", "name": "Guess The Type"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"type": "new_conversation", "channel": {"uuid": "41c87f07-f8e5-4793-b0c8-b82900a16a9b", "name": "Quiz Line"}}, "params": {"referrer": "poster"}}`,
		},
		{
			Name:        TypeChat,
			Description: "The contact opened a chat (for example a web chat widget); the event names the channel and any params the page passed.",
			Example:     `{"type": "chat", "flow": {"uuid": "1551d323-d77d-473a-ac35-d5af87158460", "name": "Greeter"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"uuid": "a2535b64-16cc-4869-b2d7-468080c2b334", "type": "chat_started", "created_on": "2024-06-10T08:00:00Z", "channel": {"uuid": "d1361f61-be51-497a-b004-de468c6a3d05", "name": "Web Chat"}, "params": {"source": "homepage"}}}`,
		},
		{
			Name:        TypeCall,
			Description: "An incoming call started a voice flow; the event carries the call, its channel and URN.",
			Example:     `{"type": "call", "flow": {"uuid": "b3cb9a07-128c-4449-ba3a-ae75ab333f43", "name": "Farmers Hotline"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"uuid": "91d0b87e-605f-45ef-b8ff-459822d89a7e", "type": "call_received", "created_on": "2024-06-10T08:00:00Z", "call": {"uuid": "8f7bd5f1-a355-4b71-85e2-e51e26fef01e", "channel": {"uuid": "6b9f2911-6ef0-46d2-a35f-f6f4310a4ebd", "name": "Hotline"}, "urn": "tel:+250788333444"}}}`,
		},
		{
			Name:        TypeTicket,
			Description: "A ticket of the contact changed, e.g. was closed; ticket (required) is the ticket as it is now and the event says what happened to it.",
			Example:     `{"type": "ticket", "flow": {"uuid": "1551d323-d77d-473a-ac35-d5af87158460", "name": "Greeter"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"uuid": "f749a800-ff57-4683-aee8-1f12643b82d5", "type": "ticket_closed", "created_on": "2024-06-10T08:00:00Z", "ticket_uuid": "b6d91a25-5609-47d5-b7e9-6b51212e3707"}, "ticket": {"uuid": "b6d91a25-5609-47d5-b7e9-6b51212e3707", "status": "closed", "topic": {"uuid": "bfc6b87a-fedd-4cd6-8fe3-dd7f85119883", "name": "Deliveries"}}}`,
		},
		{
			Name:        TypeOptIn,
			Description: "The contact opted in to (or out of) an opt-in topic on a channel; the event names the opt-in and the channel.",
			Example:     `{"type": "optin", "flow": {"uuid": "1551d323-d77d-473a-ac35-d5af87158460", "name": "Greeter"}, "triggered_on": "2024-06-10T08:00:00Z", "event": {"uuid": "19a089c8-b5cc-4251-8b6a-dba0c0d32168", "type": "optin_started", "created_on": "2024-06-10T08:00:00Z", "optin": {"uuid": "56df569e-6f83-4fc9-87f0-d1be0477f5d2", "name": "Harvest News"}, "channel": {"uuid": "d1361f61-be51-497a-b004-de468c6a3d05", "name": "Web Chat"}}}`,
		},
	}
}

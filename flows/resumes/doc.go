package resumes

// TypeDoc describes a resume type for people: the generated reference page
// (docs/reference/resumes.md) lists these, and a test reads every Example with Read.
type TypeDoc struct {
	Name        string
	Description string
	Example     string
}

// Docs describes every resume type; the registry Read checks types against holds what is
// checked, this list what people read. A test checks it names each Type constant once and
// each registered type. Each call returns a new slice.
func Docs() []TypeDoc {
	return []TypeDoc{
		{
			Name:        TypeMsg,
			Description: "The contact replied to a flow waiting for a message. The msg_received event (required) is the reply; it becomes the run's input and the waiting router routes on it.",
			Example:     `{"type": "msg", "resumed_on": "2024-06-10T08:01:00Z", "event": {"uuid": "6644e952-de13-4b2b-8390-120d8ea12177", "type": "msg_received", "created_on": "2024-06-10T08:01:00Z", "msg": {"urn": "tel:+250788500600", "channel": {"uuid": "41c87f07-f8e5-4793-b0c8-b82900a16a9b", "name": "Quiz Line"}, "text": "me@example.com"}}}`,
		},
		{
			Name:        TypeWaitTimeout,
			Description: "The contact did not reply within the wait's timeout: the router takes the timeout category's exit. Only a wait with a timeout accepts it.",
			Example:     `{"type": "wait_timeout", "resumed_on": "2024-06-10T08:07:00Z", "event": {"uuid": "00b870b9-9eb9-464b-af41-5e5a823c8d71", "type": "wait_timed_out", "created_on": "2024-06-10T08:07:00Z"}}`,
		},
		{
			Name:        TypeWaitExpiration,
			Description: "The session waited longer than the flow's expiration: the waiting run ends as expired, and a parent run waiting on it continues.",
			Example:     `{"type": "wait_expiration", "resumed_on": "2024-06-10T08:06:00Z", "event": {"uuid": "f80e6f2c-8300-4344-bfe7-8deeda48f6c0", "type": "wait_expired", "created_on": "2024-06-10T08:06:00Z"}}`,
		},
		{
			Name:        TypeDial,
			Description: "A voice flow waiting on a dial learns how the call went. The dial_ended event (required) holds the status (answered, no_answer, busy or failed) and the duration in seconds.",
			Example:     `{"type": "dial", "resumed_on": "2024-06-10T08:02:00Z", "event": {"uuid": "105dffe1-9109-4892-8786-c8292fd70439", "type": "dial_ended", "created_on": "2024-06-10T08:02:00Z", "dial": {"status": "busy", "duration": 0}}}`,
		},
	}
}

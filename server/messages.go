package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

// messageInput is the body of POST /messages.
type messageInput struct {
	URN         string   `json:"urn"`
	Text        string   `json:"text"`
	Attachments []string `json:"attachments"`
	Channel     string   `json:"channel"`
	// HTTPMocks answer the webhooks of a dry run (?dry_run=true), in the test files' form.
	HTTPMocks json.RawMessage `json:"http_mocks"`
	// ExternalID is the sender's id of the message: a message sent again with the same
	// one is answered as a duplicate and not run again (see once.go).
	ExternalID string `json:"external_id"`
}

type ref struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

// channelRef checks an optional channel UUID against the workspace's channels.
func channelRef(wa *workspaceAssets, field, u string) (*ref, error) {
	if u == "" {
		return nil, nil
	}
	if !isUUID(u) {
		return nil, invalid(field, u, "field '%s' has invalid value '%s': not a UUID", field, u)
	}
	ch := wa.sa.Channels.Get(assetsUUID(u))
	if ch == nil {
		return nil, invalid(field, u, "field '%s' has invalid value '%s': no such channel in the workspace's assets", field, u)
	}
	return &ref{UUID: u, Name: ch.Name}, nil
}

// contactFor finds the contact owning the URN or creates one.
func (s *Server) contactFor(ctx context.Context, ws *store.Workspace, wa *workspaceAssets, urn string) (string, error) {
	id, err := s.store.ContactUUIDByURN(ctx, ws.ID, urn)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	rec, err := s.newContactRecord(wa, urn)
	if err != nil {
		return "", err
	}
	if err := s.store.CreateContact(ctx, ws.ID, rec); err != nil {
		if errors.Is(err, store.ErrConflict) {
			// another request created it first
			return s.store.ContactUUIDByURN(ctx, ws.ID, urn)
		}
		return "", err
	}
	return rec.UUID, nil
}

// newContactRecord makes a new active contact with the URN, not stored.
func (s *Server) newContactRecord(wa *workspaceAssets, urn string) (*store.Contact, error) {
	now := s.clock.Now()
	doc, _ := json.Marshal(map[string]any{"uuid": uuid.NewString(), "status": "active", "created_on": now, "urns": []string{urn}})
	contact, err := flows.ReadContact(wa.sa.Collection, doc, nil)
	if err != nil {
		return nil, invalid("urn", urn, "field 'urn' has invalid value '%s': %s", urn, strings.TrimPrefix(err.Error(), "unable to read contact: "))
	}
	rec, err := contactRecord(contact, nil, nil)
	if err != nil {
		return nil, err
	}
	rec.URNs, rec.CreatedOn, rec.ModifiedOn = []string{urn}, now, now
	return rec, nil
}

func (s *Server) handleMessage(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	dry, err := queryDryRun(r)
	if err != nil {
		return err
	}
	in := &messageInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	if err := checkMocks(in.HTTPMocks, dry); err != nil {
		return err
	}
	urn, err := normalizeURN("urn", in.URN)
	if err != nil {
		return err
	}
	if in.Text == "" && len(in.Attachments) == 0 {
		return invalid("text", in.Text, "field 'text' is required when there are no attachments")
	}
	if err := checkText("text", in.Text); err != nil {
		return err
	}
	if len(in.Attachments) > utils.MaxInputAttachments {
		return invalid("attachments", len(in.Attachments), "%s", utils.CheckInputAttachments("attachments", in.Attachments))
	}
	for i, a := range in.Attachments {
		field := fmt.Sprintf("attachments[%d]", i)
		if err := utils.CheckInputAttachment(field, a); err != nil {
			return invalid(field, utf8.RuneCountInString(a), "%s", err)
		}
		if ct, u, ok := strings.Cut(a, ":"); !ok || ct == "" || u == "" {
			return invalid(field, a, "field '%s' has invalid value '%s': must read 'content/type:url'", field, a)
		}
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	ch, err := channelRef(wa, "channel", in.Channel)
	if err != nil {
		return err
	}
	trigs, err := s.loadTriggers(r.Context(), ws)
	if err != nil {
		return err
	}
	if len(in.ExternalID) > maxExternalID {
		return invalid("external_id", in.ExternalID, "field 'external_id' has invalid value '%s': longer than %d bytes", in.ExternalID, maxExternalID)
	}
	fn := func(c *sprintCtx) error {
		if in.ExternalID != "" {
			if done, err := c.once(msgKey(in.ExternalID)); done || err != nil {
				return err
			}
		}
		now := s.clock.Now()
		evtUUID, evtJSON, err := newMsgReceived(urn, in.Text, in.Attachments, ch, now)
		if err != nil {
			return err
		}
		c.addEvent(evtUUID, "", "msg_received", evtJSON, now)
		c.contact.SetLastSeenOn(now)

		if sess := c.waitingSession(); sess != nil {
			resume, err := msgResumeJSON(evtJSON, now)
			if err != nil {
				return err
			}
			if err := c.resume(sess, resume); err == nil {
				return nil
			} else {
				c.log.Warn("waiting session refused the message, ending it", "session", c.state.Waiting.UUID, "error", err)
				c.endWaiting(statusFailed)
			}
		}
		m := matchMessage(trigs, in.Text, ch, c.contact)
		if m == nil {
			return nil
		}
		trig := map[string]any{"type": "msg", "flow": m.trigger.Flow, "triggered_on": now, "event": json.RawMessage(evtJSON)}
		if m.keyword != "" {
			trig["keyword_match"] = map[string]string{"type": m.trigger.MatchType, "keyword": m.keyword}
		}
		tj, _ := json.Marshal(trig)
		return c.start(tj, nil)
	}
	if dry {
		t, err := s.dryContact(r.Context(), ws, wa, urn)
		if err != nil {
			return err
		}
		dr, err := s.newDryRunner(in.HTTPMocks)
		if err != nil {
			return err
		}
		res, err := s.drySprint(r.Context(), ws, t, "msg", dr, fn)
		if err != nil {
			return asProblem(err, "contact", "urn", urn)
		}
		return writeJSON(w, http.StatusOK, res)
	}
	res, contactUUID, err := s.sprintByURN(r.Context(), ws, wa, urn, "msg", fn)
	if errors.Is(err, store.ErrDuplicate) {
		res, err = s.duplicateResult(r.Context(), ws, contactUUID)
	}
	if err != nil {
		return asProblem(err, "contact", "urn", urn)
	}
	return writeJSON(w, http.StatusOK, res)
}

// channelEventInput is the body of POST /channel_events: something that happened on a
// channel and may start a flow through a trigger.
type channelEventInput struct {
	Type       string          `json:"type"`
	URN        string          `json:"urn"`
	Channel    string          `json:"channel"`
	ReferrerID string          `json:"referrer_id"`
	OptIn      string          `json:"optin"`
	Ticket     json.RawMessage `json:"ticket"`
	Params     json.RawMessage `json:"params"`
	// ExternalID is the sender's id of the event: one sent again with the same id is
	// answered as a duplicate and not run again, as with messages.
	ExternalID string `json:"external_id"`
}

// channelEventTriggers maps channel event types to the trigger types they fire.
var channelEventTriggers = map[string]string{
	"new_conversation": TriggerNewConversation,
	"referral":         TriggerReferral,
	"missed_call":      TriggerMissedCall,
	"incoming_call":    TriggerIncomingCall,
	"optin":            TriggerOptIn,
	"optout":           TriggerOptOut,
	"ticket_closed":    TriggerClosedTicket,
}

func (s *Server) handleChannelEvent(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &channelEventInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	trigType, ok := channelEventTriggers[in.Type]
	if !ok {
		return invalid("type", in.Type, "field 'type' has invalid value '%s': must be one of %s", in.Type, strings.Join(sortedKeys(channelEventTriggers), ", "))
	}
	urn, err := normalizeURN("urn", in.URN)
	if err != nil {
		return err
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	ch, err := channelRef(wa, "channel", in.Channel)
	if err != nil {
		return err
	}
	var optin *ref
	if trigType == TriggerOptIn || trigType == TriggerOptOut {
		if !isUUID(in.OptIn) {
			return invalid("optin", in.OptIn, "field 'optin' has invalid value '%s': an opt-in UUID is required", in.OptIn)
		}
		o := wa.sa.OptIns.Get(assetsUUID(in.OptIn))
		if o == nil {
			return invalid("optin", in.OptIn, "field 'optin' has invalid value '%s': no such opt-in in the workspace's assets", in.OptIn)
		}
		optin = &ref{UUID: in.OptIn, Name: o.Name}
	}
	var ticketUUID string
	if trigType == TriggerClosedTicket {
		if len(in.Ticket) == 0 {
			return invalid("ticket", nil, "field 'ticket' is required for a ticket_closed event")
		}
		var t struct {
			UUID string `json:"uuid"`
		}
		if err := json.Unmarshal(in.Ticket, &t); err != nil || !isUUID(t.UUID) {
			return invalid("ticket.uuid", t.UUID, "field 'ticket.uuid' has invalid value '%s': not a UUID", t.UUID)
		}
		ticketUUID = t.UUID
	}
	if in.Params != nil && (len(in.Params) == 0 || in.Params[0] != '{') {
		return invalid("params", string(in.Params), "field 'params' must be an object")
	}
	if len(in.ExternalID) > maxExternalID {
		return invalid("external_id", in.ExternalID, "field 'external_id' has invalid value '%s': longer than %d bytes", in.ExternalID, maxExternalID)
	}
	contactUUID, err := s.contactFor(r.Context(), ws, wa, urn)
	if err != nil {
		return err
	}
	trigs, err := s.loadTriggers(r.Context(), ws)
	if err != nil {
		return err
	}
	res, err := s.sprint(r.Context(), ws, contactUUID, "channel_event", func(c *sprintCtx) error {
		if in.ExternalID != "" {
			if done, err := c.once(channelEventKey(in.ExternalID)); done || err != nil {
				return err
			}
		}
		m := matchEvent(trigs, trigType, in.ReferrerID, in.OptIn, ch, c.contact)
		if m == nil {
			return nil
		}
		now := s.clock.Now()
		c.endWaiting(statusInterrupted)
		trig := map[string]any{"flow": m.Flow, "triggered_on": now}
		if in.Params != nil {
			trig["params"] = in.Params
		}
		var call *flows.Call
		switch trigType {
		case TriggerOptIn, TriggerOptOut:
			typ := "optin_started"
			if trigType == TriggerOptOut {
				typ = "optin_stopped"
			}
			evt := map[string]any{"uuid": uuid.NewString(), "type": typ, "created_on": now, "optin": optin}
			if ch != nil {
				evt["channel"] = ch
			}
			trig["type"], trig["event"] = "optin", evt
		case TriggerClosedTicket:
			trig["type"] = "ticket"
			trig["event"] = map[string]any{"uuid": uuid.NewString(), "type": "ticket_closed", "created_on": now, "ticket_uuid": ticketUUID}
			trig["ticket"] = in.Ticket
		case TriggerIncomingCall:
			callUUID := uuid.NewString()
			callJSON := map[string]any{"uuid": callUUID, "urn": urn}
			if ch != nil {
				callJSON["channel"] = ch
			}
			trig["type"] = "call"
			trig["event"] = map[string]any{"uuid": uuid.NewString(), "type": "call_received", "created_on": now, "call": callJSON}
			cj, _ := json.Marshal(callJSON)
			call = &flows.Call{}
			if err := json.Unmarshal(cj, call); err != nil {
				return fmt.Errorf("unable to build call: %w", err)
			}
		default:
			evt := map[string]any{"type": in.Type}
			if ch != nil {
				evt["channel"] = ch
			}
			if in.ReferrerID != "" {
				evt["referrer_id"] = in.ReferrerID
			}
			trig["type"], trig["event"] = "channel", evt
		}
		tj, _ := json.Marshal(trig)
		return c.start(tj, call)
	})
	if errors.Is(err, store.ErrDuplicate) {
		res, err = s.duplicateResult(r.Context(), ws, contactUUID)
	}
	if err != nil {
		return asProblem(err, "contact", "urn", urn)
	}
	return writeJSON(w, http.StatusOK, res)
}

// checkText refuses a message text longer than the engine reads (utils.MaxInputTextLength)
// as the client's mistake, naming the field and the text's length rather than echoing it.
func checkText(field, text string) error {
	if err := utils.CheckInputText(field, text); err != nil {
		return invalid(field, utf8.RuneCountInString(text), "%s", err)
	}
	return nil
}

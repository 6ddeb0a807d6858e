package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/filter"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

// Inbound events: an outside system posts JSON to /api/v1/inbound/{source}; event triggers
// of that source whose filter chooses it start their flow for the contact their URN
// template names, with the payload as @trigger.params; subscriptions on the source see it.

// InboundEventType is the event_type filters see for inbound events.
const InboundEventType = "inbound"

// WorkspaceHeader names the workspace of an inbound event signed with its source's
// secret instead of sent with a token.
const WorkspaceHeader = "X-Rivulet-Workspace"

const maxInboundBytes = 1 << 20

// checkEventTrigger checks the fields of an event trigger, and that other triggers have none.
func checkEventTrigger(in *triggerInput, t *Trigger) error {
	if in.Type != TriggerEvent {
		for name, v := range map[string]string{"source": in.Source, "filter": in.Filter, "urn": in.URN} {
			if v != "" {
				return invalid(name, v, "field '%s' is only for event triggers", name)
			}
		}
		return nil
	}
	if !sourceName.MatchString(in.Source) || in.Source == SourceEvents {
		return invalid("source", in.Source, "field 'source' has invalid value '%s': an inbound source name (lowercase letters, digits, - and _, up to 64; not 'events')", in.Source)
	}
	if _, err := filter.Compile(in.Filter); err != nil {
		return filterProblem("filter", in.Filter, err)
	}
	if strings.TrimSpace(in.URN) == "" {
		return invalid("urn", in.URN, "field 'urn' is required for an event trigger: a template giving the contact's URN, such as @(\"tel:\" & data.customer.phone)")
	}
	if err := checkTemplate("urn", in.URN); err != nil {
		return err
	}
	if len(in.Channels) > 0 {
		return invalid("channels", in.Channels, "field 'channels' is not for event triggers")
	}
	t.Source, t.Filter, t.URN = in.Source, in.Filter, in.URN
	return nil
}

// InboundStart is a flow an inbound event started (or failed to).
type InboundStart struct {
	Trigger string       `json:"trigger"`
	Flow    *ref         `json:"flow"`
	Contact string       `json:"contact,omitempty"`
	URN     string       `json:"urn,omitempty"`
	Session *SessionView `json:"session,omitempty"`
	Error   string       `json:"error,omitempty"`
	// Duplicate is set when an event with the same Idempotency-Key started this trigger's
	// flow for the contact before: nothing was run again.
	Duplicate bool `json:"duplicate,omitempty"`
}

// IdempotencyHeader names an inbound event's id: an event posted again with the same one
// (an outside system retrying, or a Rivulet sink, which sends each event's UUID in it)
// starts no flow a second time.
const IdempotencyHeader = "Idempotency-Key"

// authenticateInbound accepts the workspace token, or the source's secret signature with
// the workspace named by header.
func (s *Server) authenticateInbound(r *http.Request, source string, body []byte) (*store.Workspace, error) {
	if r.Header.Get("Authorization") != "" {
		return s.authenticate(r)
	}
	wsUUID := r.Header.Get(WorkspaceHeader)
	sig := r.Header.Get(delivery.SignatureHeader)
	if wsUUID == "" || sig == "" {
		return nil, problemf(http.StatusUnauthorized, "Authorization", nil,
			"header 'Authorization' (Token <token>) is required, or headers '%s' and '%s' signed with the source's secret", WorkspaceHeader, delivery.SignatureHeader)
	}
	refused := problemf(http.StatusUnauthorized, delivery.SignatureHeader, nil, "the signature doesn't match the source's secret")
	if !isUUID(wsUUID) {
		return nil, refused
	}
	ws, err := s.store.WorkspaceByUUID(r.Context(), wsUUID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, refused
		}
		return nil, err
	}
	secret, err := s.store.InboundSecret(r.Context(), ws.ID, source)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, refused
		}
		return nil, err
	}
	if !delivery.Verify(secret, body, sig) {
		return nil, refused
	}
	return ws, nil
}

func (s *Server) handleInbound(w http.ResponseWriter, r *http.Request) error {
	source := r.PathValue("source")
	if !sourceName.MatchString(source) || source == SourceEvents {
		return invalid("source", source, "path parameter 'source' has invalid value '%s': an inbound source name (lowercase letters, digits, - and _, up to 64; not 'events')", source)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxInboundBytes))
	if err != nil {
		return problemf(http.StatusRequestEntityTooLarge, "", nil, "request body is larger than %d bytes", maxInboundBytes)
	}
	ws, err := s.authenticateInbound(r, source, body)
	if err != nil {
		return err
	}
	var payload map[string]any
	if err := json.Unmarshal(body, &payload); err != nil || payload == nil {
		return badRequest("", nil, "request body must be a JSON object")
	}
	key := r.Header.Get(IdempotencyHeader)
	if len(key) > maxExternalID {
		return invalid(IdempotencyHeader, key, "header '%s' has invalid value '%s': longer than %d bytes", IdempotencyHeader, key, maxExternalID)
	}
	res, err := s.Inbound(r.Context(), ws, source, body, key)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, res)
}

// InboundResult is what POST /inbound answers.
type InboundResult struct {
	UUID    string          `json:"uuid"`
	Source  string          `json:"source"`
	Started []*InboundStart `json:"started"`
}

// Inbound takes an event from an outside system: the event triggers of its source whose
// filter chooses it start their flows, and the source's subscriptions see it. With an
// idempotency key, each trigger's start for its contact runs once: an event given again
// with the key starts nothing it started before (the subscriptions see it again).
func (s *Server) Inbound(ctx context.Context, ws *store.Workspace, source string, payload json.RawMessage, idempotencyKey string) (*InboundResult, error) {
	eventUUID := uuid.NewString()
	ec := &EventContext{EventType: InboundEventType, Event: payload, Contact: json.RawMessage(`null`), Run: json.RawMessage(`null`),
		Flow: json.RawMessage(`null`), Workspace: workspaceJSON(ws)}
	oe := newOutEvent(source, eventUUID, ec)
	res := &InboundResult{UUID: eventUUID, Source: source, Started: []*InboundStart{}}

	trigs, err := s.loadTriggers(ctx, ws)
	if err != nil {
		return nil, err
	}
	wa, err := s.workspaceAssets(ctx, ws)
	if err != nil {
		return nil, err
	}
	env := envs.NewEnv(wa.settings, s.clock, utils.NewRandom(), wa.sa.LocationResolver())
	xctx, _ := types.ReadXValue(payload).(types.XObject)
	tplCtx := types.NewXObject(map[string]types.XValue{"data": xctx, "source": types.NewXText(source), "event_type": types.NewXText(InboundEventType)})
	for _, t := range trigs {
		if t.Type != TriggerEvent || t.Source != source || (t.Active != nil && !*t.Active) {
			continue
		}
		f, err := filter.Compile(t.Filter)
		if err != nil {
			return nil, fmt.Errorf("stored trigger %s has a bad filter: %w", t.UUID, err)
		}
		if ok, _ := f.Match(oe.input); !ok {
			continue
		}
		st := &InboundStart{Trigger: t.UUID, Flow: t.Flow}
		res.Started = append(res.Started, st)
		raw, errs := excellent.EvaluateTemplate(env, tplCtx, t.URN, nil)
		if len(errs) > 0 || strings.TrimSpace(raw) == "" {
			st.Error = fmt.Sprintf("the trigger's urn template '%s' gave no URN", t.URN)
			if len(errs) > 0 {
				st.Error += ": " + errs[0].Message
			}
			continue
		}
		urn, err := normalizeURN("urn", strings.TrimSpace(raw))
		if err != nil {
			st.Error = fmt.Sprintf("the trigger's urn template gave '%s', not a URN", raw)
			continue
		}
		st.URN = urn
		contactUUID, err := s.contactFor(ctx, ws, wa, urn)
		if err != nil {
			var p *Problem
			if errors.As(err, &p) {
				st.Error = p.Detail
				continue
			}
			return nil, err
		}
		st.Contact = contactUUID
		out, err := s.sprint(ctx, ws, contactUUID, "inbound", func(c *sprintCtx) error {
			if idempotencyKey != "" {
				if done, err := c.once(inboundKey(source, idempotencyKey, t.UUID)); done || err != nil {
					return err
				}
			}
			if c.state.Waiting != nil {
				c.endWaiting(statusInterrupted)
			}
			tj, _ := json.Marshal(map[string]any{"type": "manual", "flow": t.Flow, "triggered_on": s.clock.Now(), "params": payload})
			return c.start(tj, nil)
		})
		if errors.Is(err, store.ErrDuplicate) {
			out, err = s.duplicateResult(ctx, ws, contactUUID)
		}
		if err != nil {
			var p *Problem
			if errors.As(err, &p) {
				st.Error = p.Detail
				continue
			}
			s.log.Warn("inbound event failed to start a flow", "trigger", t.UUID, "error", err)
			st.Error = err.Error()
			continue
		}
		st.Session, st.Duplicate = out.Session, out.Duplicate
	}
	s.out.subs.publish(ws.ID, []*outEvent{oe})
	return res, nil
}

func (s *Server) handlePutInboundSecret(w http.ResponseWriter, r *http.Request) error {
	source := r.PathValue("source")
	if !sourceName.MatchString(source) || source == SourceEvents {
		return invalid("source", source, "path parameter 'source' has invalid value '%s': an inbound source name", source)
	}
	in := &struct {
		Secret string `json:"secret"`
	}{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	if len(in.Secret) < minSecretLength {
		return invalid("secret", nil, "field 'secret' must be at least %d characters long", minSecretLength)
	}
	if err := s.store.SetInboundSecret(r.Context(), workspaceOf(r).ID, source, in.Secret, s.clock.Now()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"source": source, "workspace": workspaceOf(r).UUID})
}

func (s *Server) handleDeleteInboundSecret(w http.ResponseWriter, r *http.Request) error {
	source := r.PathValue("source")
	if err := s.store.DeleteInboundSecret(r.Context(), workspaceOf(r).ID, source); err != nil {
		return asProblem(err, "inbound source secret", "source", source)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/rivuletflows/rivulet/services/dryrun"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/services/webhooks"
	"github.com/rivuletflows/rivulet/store"
)

// maxDryRunContacts is how many contacts a dry-run flow start may be for: it runs while
// the request waits, and its answer holds every contact's sprint.
const maxDryRunContacts = 100

// DryRunResult is the answer of a dry run: the sprint as it would have gone (contact,
// session, events, none of them stored), every call a service would have been asked to
// make, in order, and every sink delivery the events would have queued.
type DryRunResult struct {
	SprintResult
	DryRun     bool            `json:"dry_run"`
	Calls      []*dryrun.Call  `json:"calls"`
	Deliveries []*DeliveryView `json:"deliveries"`
}

// DeliveryView is a delivery a dry run would have queued: for an event, an active sink
// whose filter chose it, and one of the sink's destinations, what would have been sent.
type DeliveryView struct {
	Sink      ref               `json:"sink"`
	EventUUID string            `json:"event_uuid"`
	EventType string            `json:"event_type"`
	Type      string            `json:"type"`
	URL       string            `json:"url,omitempty"`
	Method    string            `json:"method,omitempty"`
	Subject   string            `json:"subject,omitempty"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
}

// DryFlowStartResult is the answer of a dry-run flow start: the counts a real start would
// reach and, for each contact, its dry run.
type DryFlowStartResult struct {
	DryRun   bool               `json:"dry_run"`
	Flow     *ref               `json:"flow"`
	Total    int                `json:"total"`
	Started  int                `json:"started"`
	Skipped  int                `json:"skipped"`
	Failed   int                `json:"failed"`
	Contacts []*DryStartContact `json:"contacts"`
}

// DryStartContact is one contact of a dry-run flow start: its dry run, or why there is
// none (skipped as already in a flow, or failed).
type DryStartContact struct {
	ContactUUID string `json:"contact_uuid"`
	Skipped     bool   `json:"skipped,omitempty"`
	Error       string `json:"error,omitempty"`
	*DryRunResult
}

// queryDryRun reads the dry_run query parameter: true, false or absent (false).
func queryDryRun(r *http.Request) (bool, error) {
	q := r.URL.Query()
	if !q.Has("dry_run") {
		return false, nil
	}
	switch v := q.Get("dry_run"); v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	default:
		return false, badRequest("dry_run", v, "query parameter 'dry_run' has invalid value '%s': must be true or false", v)
	}
}

// dryRunner is the engine of one dry run, on a recorder standing in for the services.
type dryRunner struct {
	mocks json.RawMessage
	rec   *dryrun.Recorder
	eng   *engine.Engine
}

// checkMocks validates a request's http_mocks; they are only read by dry runs.
func checkMocks(mocks json.RawMessage, dry bool) error {
	if len(mocks) == 0 {
		return nil
	}
	if !dry {
		return invalid("http_mocks", nil, "field 'http_mocks' is only read by dry runs")
	}
	if _, err := servicestest.NewMockTransport(mocks); err != nil {
		return invalid("http_mocks", nil, "field 'http_mocks': %s", err)
	}
	return nil
}

// newDryRunner builds a fresh recorder, answering webhooks from the mocks (checked by
// checkMocks) before its stand-in, for the services the server has.
func (s *Server) newDryRunner(mocks json.RawMessage) (*dryRunner, error) {
	mt, err := servicestest.NewMockTransport(mocks)
	if err != nil {
		return nil, invalid("http_mocks", nil, "field 'http_mocks': %s", err)
	}
	rec := dryrun.New(dryrun.Config{Mocks: mt, Policy: s.policy, DeniedHosts: webhooks.DefaultDeniedHosts(), Only: s.services, Clock: s.clock})
	opts := s.engine.Options()
	opts.Services = rec.Services()
	return &dryRunner{mocks: mocks, rec: rec, eng: engine.New(opts)}, nil
}

// target is a contact a sprint is for: a stored one by UUID, or fresh, one a dry run
// keeps in memory because its URN is new.
type target struct {
	uuid  string
	fresh *store.Contact
}

// drySprint runs fn as sprint does, on the dry run's engine, and writes nothing: no
// contact, session, run, event, sprint record or outbox row, no due time, nobody told.
// A stored contact is locked while it runs, so that it sees a consistent state.
func (s *Server) drySprint(ctx context.Context, ws *store.Workspace, t target, kind string, dr *dryRunner, fn func(c *sprintCtx) error) (*DryRunResult, error) {
	wa, err := s.workspaceAssets(ctx, ws)
	if err != nil {
		return nil, err
	}
	var out *DryRunResult
	run := func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		c, err := s.newSprintCtx(ctx, ws, wa, st, kind)
		if err != nil {
			return nil, err
		}
		c.eng, c.dry = dr.eng, true
		before := len(dr.rec.Calls())
		if err := fn(c); err != nil {
			return nil, err
		}
		if err := c.queueOutgoing(); err != nil {
			return nil, err
		}
		if _, err := c.finish(); err != nil {
			return nil, err
		}
		deliveries, err := s.deliveryViews(ctx, ws, c.write.Events, c.write.Deliveries)
		if err != nil {
			return nil, err
		}
		calls := dr.rec.Since(before)
		if calls == nil {
			calls = []*dryrun.Call{}
		}
		out = &DryRunResult{SprintResult: c.result, DryRun: true, Calls: calls, Deliveries: deliveries}
		return nil, nil // a nil write changes nothing
	}
	if t.fresh != nil {
		_, err = run(ctx, &store.SprintState{Contact: t.fresh})
	} else {
		err = s.store.Sprint(ctx, ws.ID, t.uuid, run)
	}
	if err != nil {
		return nil, err
	}
	s.metrics.dryRuns.WithLabelValues(kind).Inc()
	return out, nil
}

// deliveryViews shows the deliveries a sprint would have queued as they would be sent.
func (s *Server) deliveryViews(ctx context.Context, ws *store.Workspace, evs []*store.Event, ds []*store.Delivery) ([]*DeliveryView, error) {
	out := []*DeliveryView{}
	if len(ds) == 0 {
		return out, nil
	}
	set, err := s.workspaceSinks(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	types := make(map[string]string, len(evs))
	for _, e := range evs {
		types[e.UUID] = e.Type
	}
	for _, d := range ds {
		req := &delivery.Request{}
		if err := json.Unmarshal(d.Request, req); err != nil {
			return nil, fmt.Errorf("unable to read delivery of sink %s: %w", d.SinkUUID, err)
		}
		v := &DeliveryView{Sink: ref{UUID: d.SinkUUID}, EventUUID: d.EventUUID, EventType: types[d.EventUUID], Type: req.Type,
			URL: req.URL, Method: req.Method, Subject: req.Subject, Body: req.Body}
		secret := ""
		if k := set.byUUID[d.SinkUUID]; k != nil {
			v.Sink.Name, secret = k.Name, k.Secret
		}
		if v.Type == delivery.TypeWebhook && v.Method == "" {
			v.Method = http.MethodPost
		}
		v.Headers = delivery.WireHeaders(req, &delivery.Envelope{EventUUID: d.EventUUID, SinkUUID: d.SinkUUID, Secret: secret})
		out = append(out, v)
	}
	return out, nil
}

// dryContact finds the contact owning a URN, or makes one in memory (nothing stored) for
// a URN no contact has.
func (s *Server) dryContact(ctx context.Context, ws *store.Workspace, wa *workspaceAssets, urn string) (target, error) {
	id, err := s.store.ContactUUIDByURN(ctx, ws.ID, urn)
	if err == nil {
		return target{uuid: id}, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return target{}, err
	}
	rec, err := s.newContactRecord(wa, urn)
	if err != nil {
		return target{}, err
	}
	return target{uuid: rec.UUID, fresh: rec}, nil
}

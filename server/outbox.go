package server

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/filter"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

// outbound is everything that carries events out of the server: the sinks with their
// outbox worker and the subscriptions.
type outbound struct {
	s       *Server
	cfg     EventsConfig
	policy  *netguard.Policy
	nats    *delivery.NATS
	senders delivery.Router
	backoff delivery.Backoff
	cache   sinkCache
	subs    *hub
	wake    chan struct{}
	wg      sync.WaitGroup // the worker and the subscriptions' expiry
	// deliveries counts attempts by outcome (sent, retried, failed).
	deliveries *prometheus.CounterVec
}

func newOutbound(s *Server, cfg Config) (*outbound, error) {
	sc := cfg.Events
	if sc.MaxAttempts <= 0 {
		sc.MaxAttempts = defaultMaxAttempts
	}
	if sc.BaseBackoff <= 0 {
		sc.BaseBackoff = defaultBaseBackoff
	}
	if sc.MaxBackoff <= 0 {
		sc.MaxBackoff = defaultMaxBackoff
	}
	if sc.Lease <= 0 {
		sc.Lease = defaultDeliveryLease
	}
	if sc.Senders <= 0 {
		sc.Senders = defaultSenders
	}
	if sc.Poll <= 0 {
		sc.Poll = time.Second
	}
	o := &outbound{s: s, cfg: sc, policy: netguard.AllowingPrivate(cfg.AllowPrivateWebhooks),
		backoff: delivery.Backoff{Base: sc.BaseBackoff, Max: sc.MaxBackoff},
		cache:   sinkCache{sets: map[int64]*sinkSet{}}, subs: newHub(func() time.Time { return s.clock.Now() }), wake: make(chan struct{}, 1)}
	o.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowserver_sink_deliveries_total",
		Help: "Sink delivery attempts by outcome: sent, retried (failed, tried again later) or failed (out of attempts)."}, []string{"outcome"})
	pending := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "flowserver_sink_deliveries_pending",
		Help: "Deliveries waiting in the outbox, across workspaces."}, func() float64 {
		ctx, cancel := s.scrapeContext()
		defer cancel()
		n, err := s.store.CountPendingDeliveries(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	s.metrics.registry.MustRegister(o.deliveries, pending)
	o.senders = delivery.Router{delivery.TypeWebhook: delivery.NewWebhooks(o.policy)}
	if sc.NATSURL != "" {
		n, err := delivery.DialNATS(sc.NATSURL)
		if err != nil {
			return nil, err
		}
		o.nats = n
		o.senders[delivery.TypeNATS] = n
	}
	return o, nil
}

func (o *outbound) close() {
	o.wg.Wait()
	if o.nats != nil {
		o.nats.Close()
	}
}

func (o *outbound) wakeUp() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// outEvent is an event with the context sinks and subscriptions see it in.
type outEvent struct {
	uuid    string
	source  string
	input   *filter.Input
	context json.RawMessage // {"event_type", "event", "contact", "run", "flow", "workspace"}
	xctx    types.XObject
}

// EventContext is an event as sinks send it by default and subscriptions return it.
type EventContext struct {
	EventType string          `json:"event_type"`
	Event     json.RawMessage `json:"event"`
	Contact   json.RawMessage `json:"contact"`
	Run       json.RawMessage `json:"run"`
	Flow      json.RawMessage `json:"flow"`
	Workspace json.RawMessage `json:"workspace"`
}

func newOutEvent(source, uuid string, ec *EventContext) *outEvent {
	data, _ := json.Marshal(ec)
	in := &filter.Input{EventType: ec.EventType}
	in.Data, _ = filter.Object(ec.Event)
	in.Contact, _ = filter.Object(ec.Contact)
	in.Flow, _ = filter.Object(ec.Flow)
	in.Workspace, _ = filter.Object(ec.Workspace)
	return &outEvent{uuid: uuid, source: source, input: in, context: data}
}

func orNull(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage(`null`)
	}
	return b
}

func workspaceJSON(ws *store.Workspace) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"uuid": ws.UUID, "name": ws.Name})
	return b
}

// sessionContext is the run and flow of a session, for its events.
type sessionContext struct{ run, flow json.RawMessage }

// currentRun picks out of a session's JSON its run under way (or its last) and that run's flow.
func currentRun(data []byte) sessionContext {
	var j struct {
		Runs []struct {
			UUID       string          `json:"uuid"`
			Flow       json.RawMessage `json:"flow"`
			Status     string          `json:"status"`
			Results    json.RawMessage `json:"results"`
			CreatedOn  *time.Time      `json:"created_on"`
			ModifiedOn *time.Time      `json:"modified_on"`
			ExitedOn   *time.Time      `json:"exited_on"`
		} `json:"runs"`
	}
	if json.Unmarshal(data, &j) != nil || len(j.Runs) == 0 {
		return sessionContext{}
	}
	pick := len(j.Runs) - 1
	for i, r := range j.Runs {
		if r.Status == "active" || r.Status == "waiting" {
			pick = i
		}
	}
	r := j.Runs[pick]
	results := r.Results
	if len(results) == 0 {
		results = json.RawMessage(`{}`)
	}
	run, _ := json.Marshal(map[string]any{"uuid": r.UUID, "status": r.Status, "results": results, "created_on": r.CreatedOn, "exited_on": r.ExitedOn})
	return sessionContext{run: run, flow: r.Flow}
}

// queueOutgoing chooses, for each event the sprint logged, the sinks it goes to, adding
// their deliveries to the sprint's write (the same transaction), and keeps the events for
// the subscriptions to see once it is committed.
func (c *sprintCtx) queueOutgoing() error {
	o := c.s.out
	if len(c.write.Events) == 0 {
		return nil
	}
	set, err := c.s.workspaceSinks(c.ctx, c.ws.ID)
	if err != nil {
		return err
	}
	if len(set.sinks) == 0 && !o.subs.watching(c.ws.ID, SourceEvents) {
		return nil
	}
	contact, err := json.Marshal(c.contact)
	if err != nil {
		return fmt.Errorf("unable to write contact: %w", err)
	}
	// an event logged outside a session (the message that started one) is seen with the
	// sprint's last session
	sessions := map[string]sessionContext{}
	for _, ss := range c.write.Sessions {
		sessions[ss.UUID] = currentRun(ss.Data)
		sessions[""] = sessions[ss.UUID]
	}
	wsJSON := workspaceJSON(c.ws)
	env := envs.NewEnv(c.wa.settings, c.s.clock, utils.NewRandom(), c.wa.sa.LocationResolver())
	now := c.s.clock.Now()
	for _, e := range c.write.Events {
		sc := sessions[e.SessionUUID]
		oe := newOutEvent(SourceEvents, e.UUID, &EventContext{EventType: e.Type, Event: e.Data, Contact: contact,
			Run: orNull(sc.run), Flow: orNull(sc.flow), Workspace: wsJSON})
		c.outgoing = append(c.outgoing, oe)
		ds, err := o.deliveriesFor(set, c.ws, env, oe, now)
		if err != nil {
			return err
		}
		c.write.Deliveries = append(c.write.Deliveries, ds...)
	}
	return nil
}

// deliveriesFor renders an event's deliveries for the active sinks whose filter chooses it.
func (o *outbound) deliveriesFor(set *sinkSet, ws *store.Workspace, env envs.Environment, oe *outEvent, now time.Time) ([]*store.Delivery, error) {
	var out []*store.Delivery
	for _, k := range set.sinks {
		if !k.Active {
			continue
		}
		ok, err := k.filter.Match(oe.input)
		if err != nil {
			o.s.log.Debug("sink filter failed on event", "sink", k.UUID, "event", oe.uuid, "error", err)
		}
		if !ok {
			continue
		}
		reqs, err := o.render(k, ws, env, oe)
		if err != nil {
			return nil, err
		}
		for _, req := range reqs {
			data, err := json.Marshal(req)
			if err != nil {
				return nil, fmt.Errorf("unable to write delivery of sink %s: %w", k.UUID, err)
			}
			out = append(out, &store.Delivery{WorkspaceID: ws.ID, SinkUUID: k.UUID, EventUUID: oe.uuid, Request: data,
				Status: store.DeliveryPending, NextAttempt: now, CreatedOn: now})
		}
	}
	return out, nil
}

// render builds the requests of an event for each destination of the sink.
func (o *outbound) render(k *compiledSink, ws *store.Workspace, env envs.Environment, oe *outEvent) ([]*delivery.Request, error) {
	if oe.xctx == nil {
		obj, ok := types.ReadXValue(oe.context).(types.XObject)
		if !ok {
			return nil, fmt.Errorf("event context of %s doesn't read as an object", oe.uuid)
		}
		oe.xctx = obj
	}
	body := oe.context
	if k.payload != nil {
		b, err := json.Marshal(renderValue(env, oe.xctx, k.payload))
		if err != nil {
			return nil, fmt.Errorf("unable to write payload of sink %s: %w", k.UUID, err)
		}
		body = b
	}
	out := make([]*delivery.Request, 0, len(k.Destinations))
	for _, d := range k.Destinations {
		req := &delivery.Request{Type: d.Type, URL: d.URL, Method: d.HTTPMethod, TimeoutSecs: d.TimeoutSecs, Body: body}
		if len(d.Headers) > 0 {
			req.Headers = map[string]string{}
			for h, tpl := range d.Headers {
				v, _ := excellent.EvaluateTemplate(env, oe.xctx, tpl, nil)
				req.Headers[h] = v
			}
		}
		if d.Type == delivery.TypeNATS {
			flowUUID, _ := oe.input.Flow["uuid"].(string)
			contactUUID, _ := oe.input.Contact["uuid"].(string)
			req.Subject = renderSubject(d.Subject, map[string]string{"workspace": ws.UUID, "event_type": oe.input.EventType,
				"contact": contactUUID, "flow": flowUUID})
		}
		out = append(out, req)
	}
	return out, nil
}

// renderValue evaluates every string of a payload as a template: one that is a single
// expression keeps its value's JSON type, others become text.
func renderValue(env envs.Environment, ctx types.XObject, v any) any {
	switch t := v.(type) {
	case string:
		x, _ := excellent.EvaluateTemplateValue(env, ctx, t)
		if _, isText := x.(types.XText); isText || x == nil {
			if x == nil {
				return nil
			}
			return x.(types.XText).Native()
		}
		j, err := types.ToXJSON(x)
		if err != nil {
			return nil
		}
		return json.RawMessage(j.Native())
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = renderValue(env, ctx, x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = renderValue(env, ctx, x)
		}
		return out
	}
	return v
}

// afterCommit tells the worker there is work and the subscriptions what happened.
func (o *outbound) afterCommit(ws int64, evs []*outEvent, queued bool) {
	if queued {
		o.wakeUp()
	}
	if len(evs) > 0 {
		o.subs.publish(ws, evs)
	}
}

// run sends due deliveries until the server closes.
func (o *outbound) run(ctx context.Context) {
	t := time.NewTicker(o.cfg.Poll)
	defer t.Stop()
	for {
		n, err := o.deliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			o.s.log.Error("unable to deliver to sinks", "error", err)
		}
		if n > 0 && err == nil {
			continue // there may be more
		}
		select {
		case <-ctx.Done():
			return
		case <-o.wake:
		case <-t.C:
		}
	}
}

const claimBatch = 100

// deliverDue claims due deliveries and sends them, Senders at a time, returning how many
// were tried.
func (o *outbound) deliverDue(ctx context.Context) (int, error) {
	now := o.s.clock.Now()
	ds, err := o.s.store.ClaimDeliveries(ctx, now, now.Add(o.cfg.Lease), claimBatch)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	sem := make(chan struct{}, o.cfg.Senders)
	var wg sync.WaitGroup
	for _, d := range ds {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			o.deliver(ctx, d)
		}()
	}
	wg.Wait()
	return len(ds), nil
}

func (o *outbound) deliver(ctx context.Context, d *store.Delivery) {
	log := o.s.log.With("sink", d.SinkUUID, "event", d.EventUUID, "delivery", d.ID)
	err := o.send(ctx, d)
	if ctx.Err() != nil {
		return // shutting down: the lease runs out and the delivery is claimed again
	}
	now := o.s.clock.Now()
	if err == nil {
		o.deliveries.WithLabelValues("sent").Inc()
		if err := o.s.store.DeliveryDone(ctx, d.ID); err != nil {
			log.Error("unable to record delivery", "error", err)
		}
		return
	}
	attempts := d.Attempts + 1
	msg := err.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	if attempts >= o.cfg.MaxAttempts {
		o.deliveries.WithLabelValues("failed").Inc()
		log.Warn("delivery failed for good", "attempts", attempts, "error", msg)
		if err := o.s.store.DeliveryDead(ctx, d.ID, attempts, now, msg); err != nil {
			log.Error("unable to record failed delivery", "error", err)
		}
		return
	}
	o.deliveries.WithLabelValues("retried").Inc()
	next := now.Add(o.backoff.Delay(attempts))
	log.Info("delivery failed, retrying", "attempts", attempts, "next", next, "error", msg)
	if err := o.s.store.DeliveryRetry(ctx, d.ID, attempts, next, msg); err != nil {
		log.Error("unable to record delivery attempt", "error", err)
	}
}

func (o *outbound) send(ctx context.Context, d *store.Delivery) error {
	req := &delivery.Request{}
	if err := json.Unmarshal(d.Request, req); err != nil {
		return fmt.Errorf("stored delivery doesn't read: %w", err)
	}
	set, err := o.s.workspaceSinks(ctx, d.WorkspaceID)
	if err != nil {
		return err
	}
	k := set.byUUID[d.SinkUUID]
	if k == nil {
		// the sink may be newer than the cache
		o.s.forgetSinks(d.WorkspaceID)
		if set, err = o.s.workspaceSinks(ctx, d.WorkspaceID); err != nil {
			return err
		}
		if k = set.byUUID[d.SinkUUID]; k == nil {
			return fmt.Errorf("sink %s no longer exists", d.SinkUUID)
		}
	}
	return o.senders.Send(ctx, req, &delivery.Envelope{EventUUID: d.EventUUID, SinkUUID: d.SinkUUID, Secret: k.Secret})
}

// DeliverDue sends the deliveries due now, once, and returns how many were tried: what the
// worker does every moment, for tests and tools that run without it.
func (s *Server) DeliverDue(ctx context.Context) (int, error) { return s.out.deliverDue(ctx) }

// startOutbound starts the outbox worker (unless delivery is manual) and the expiry of
// unused subscriptions; both stop when the server closes.
func (s *Server) startOutbound() {
	if s.out.cfg.SubscriptionTTL > 0 {
		s.out.subs.ttl = s.out.cfg.SubscriptionTTL
	}
	if !s.out.cfg.ManualDelivery {
		s.out.wg.Add(1)
		go func() {
			defer s.out.wg.Done()
			s.out.run(s.ctx)
		}()
	}
	s.out.wg.Add(1)
	go func() {
		defer s.out.wg.Done()
		t := time.NewTicker(min(s.out.subs.ttl/4, time.Minute))
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				h := s.out.subs
				h.mu.Lock()
				h.expire(h.now())
				h.mu.Unlock()
			}
		}
	}()
}

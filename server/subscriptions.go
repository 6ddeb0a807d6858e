package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/filter"
	"github.com/rivuletflows/rivulet/store"
)

// SourceEvents is the source of the events sprints log; any other source is an inbound one.
const SourceEvents = "events"

// Limits of subscriptions.
const (
	maxSubscriptionQueue   = 10000
	defaultSubscriptionTTL = 10 * time.Minute
	maxSubscriptionsPerWS  = 1000
	maxNextIDs             = 32
)

var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ErrNoSubscription is returned for a subscription that doesn't exist (or expired).
var ErrNoSubscription = errors.New("no such subscription")

// Subscription queues the events of one source its filter chooses, from the moment it
// was made, for Next to return in arrival order. Subscriptions live in the process that
// made them.
type Subscription struct {
	ID     string
	Source string
	Filter string

	ws       int64
	filter   *filter.Filter
	queue    []*Message
	dropped  int
	lastUsed time.Time
	waiting  int
}

// Message is an event as Next returns it: the subscription it matched, the source, an
// arrival number (growing within the process) and the event in its context.
type Message struct {
	Subscription string          `json:"subscription"`
	Source       string          `json:"source"`
	Seq          int64           `json:"seq"`
	Event        json.RawMessage `json:"event"`
	// Dropped is how many older events this subscription lost because its queue was full.
	Dropped int `json:"dropped,omitempty"`

	arrived time.Time
}

// hub holds the subscriptions of the process.
type hub struct {
	mu      sync.Mutex
	subs    map[string]*Subscription
	watched map[int64]map[string]int // workspace → source → subscriptions
	changed chan struct{}
	seq     int64
	ttl     time.Duration
	// now reads the server's clock, so that expiry follows the clock tests drive rather
	// than the wall clock of a loaded machine.
	now func() time.Time
}

func newHub(now func() time.Time) *hub {
	return &hub{subs: map[string]*Subscription{}, watched: map[int64]map[string]int{}, changed: make(chan struct{}), ttl: defaultSubscriptionTTL, now: now}
}

// watching reports whether any subscription of the workspace is on the source.
func (h *hub) watching(ws int64, source string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.watched[ws][source] > 0
}

func (h *hub) broadcast() {
	close(h.changed)
	h.changed = make(chan struct{})
}

// publish queues events for the subscriptions of their workspace and source that choose them.
func (h *hub) publish(ws int64, evs []*outEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.watched[ws]) == 0 {
		return
	}
	now := h.now()
	any := false
	for _, e := range evs {
		h.seq++
		for _, sub := range h.subs {
			if sub.ws != ws || sub.Source != e.source {
				continue
			}
			if ok, _ := sub.filter.Match(e.input); !ok {
				continue
			}
			if len(sub.queue) >= maxSubscriptionQueue {
				sub.queue = sub.queue[1:]
				sub.dropped++
			}
			sub.queue = append(sub.queue, &Message{Subscription: sub.ID, Source: e.source, Seq: h.seq, Event: e.context, arrived: now})
			any = true
		}
	}
	if any {
		h.broadcast()
	}
}

// expire drops subscriptions unused for longer than the TTL (none being waited on).
func (h *hub) expire(now time.Time) {
	for id, sub := range h.subs {
		if sub.waiting == 0 && now.Sub(sub.lastUsed) > h.ttl {
			h.remove(id)
		}
	}
}

func (h *hub) remove(id string) {
	sub := h.subs[id]
	if sub == nil {
		return
	}
	delete(h.subs, id)
	if m := h.watched[sub.ws]; m != nil {
		m[sub.Source]--
		if m[sub.Source] <= 0 {
			delete(m, sub.Source)
		}
	}
	h.broadcast()
}

// Subscribe makes a subscription of a workspace on a source ("events" or an inbound
// source name) with a filter (empty for all events).
func (s *Server) Subscribe(ws *store.Workspace, source, filterSource string) (*Subscription, error) {
	if source == "" {
		source = SourceEvents
	}
	if !sourceName.MatchString(source) {
		return nil, invalid("source", source, "field 'source' has invalid value '%s': 'events' or an inbound source name (lowercase letters, digits, - and _, up to 64)", source)
	}
	f, err := filter.Compile(filterSource)
	if err != nil {
		return nil, filterProblem("filter", filterSource, err)
	}
	h := s.out.subs
	h.mu.Lock()
	defer h.mu.Unlock()
	h.expire(h.now())
	n := 0
	for _, sub := range h.subs {
		if sub.ws == ws.ID {
			n++
		}
	}
	if n >= maxSubscriptionsPerWS {
		return nil, problemf(http.StatusTooManyRequests, "", nil, "the workspace has %d subscriptions, the limit; delete some or let them expire", n)
	}
	sub := &Subscription{ID: uuid.NewString(), Source: source, Filter: filterSource, ws: ws.ID, filter: f, lastUsed: h.now()}
	h.subs[sub.ID] = sub
	if h.watched[ws.ID] == nil {
		h.watched[ws.ID] = map[string]int{}
	}
	h.watched[ws.ID][source]++
	return sub, nil
}

// Unsubscribe ends a subscription; its queued events are dropped.
func (s *Server) Unsubscribe(sub *Subscription) {
	h := s.out.subs
	h.mu.Lock()
	defer h.mu.Unlock()
	h.remove(sub.ID)
}

// Next waits for the next event of any of the subscriptions (the one that arrived first
// when several are queued) until the context is done, when it returns the context's error.
// A subscription that was ended or expired is ErrNoSubscription.
func (s *Server) Next(ctx context.Context, subs ...*Subscription) (*Message, error) {
	h := s.out.subs
	h.mu.Lock()
	now := h.now()
	// every subscription is checked before any is marked as waited on, so a missing one
	// leaves the others' counts as they were
	for _, sub := range subs {
		if h.subs[sub.ID] == sub && sub.waiting == 0 && now.Sub(sub.lastUsed) > h.ttl {
			h.remove(sub.ID)
		}
		if h.subs[sub.ID] != sub {
			h.mu.Unlock()
			return nil, ErrNoSubscription
		}
	}
	for _, sub := range subs {
		sub.waiting++
	}
	defer func() {
		h.mu.Lock()
		now := h.now()
		for _, sub := range subs {
			sub.waiting--
			sub.lastUsed = now
		}
		h.mu.Unlock()
	}()
	for {
		var best *Subscription
		for _, sub := range subs {
			if h.subs[sub.ID] != sub {
				h.mu.Unlock()
				return nil, ErrNoSubscription
			}
			if len(sub.queue) > 0 && (best == nil || sub.queue[0].Seq < best.queue[0].Seq) {
				best = sub
			}
		}
		if best != nil {
			m := best.queue[0]
			best.queue = best.queue[1:]
			m.Dropped, best.dropped = best.dropped, 0
			h.mu.Unlock()
			return m, nil
		}
		changed := h.changed
		h.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.ctx.Done():
			return nil, errShuttingDown
		case <-changed:
		}
		h.mu.Lock()
	}
}

var errShuttingDown = problemf(http.StatusServiceUnavailable, "", nil, "server is shutting down")

// subscription finds a subscription of the workspace by ID.
func (s *Server) subscription(ws int64, id string) (*Subscription, error) {
	h := s.out.subs
	h.mu.Lock()
	defer h.mu.Unlock()
	sub := h.subs[id]
	if sub == nil || sub.ws != ws {
		return nil, notFoundProblem("subscription", "id", id)
	}
	return sub, nil
}

// SubscriptionView is how the API shows a subscription.
type SubscriptionView struct {
	ID           string `json:"id"`
	Source       string `json:"source"`
	Filter       string `json:"filter"`
	ExpiresAfter int    `json:"expires_after_secs"`
}

func (s *Server) handleCreateSubscription(w http.ResponseWriter, r *http.Request) error {
	in := &struct {
		Source string `json:"source"`
		Filter string `json:"filter"`
	}{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	sub, err := s.Subscribe(workspaceOf(r), in.Source, in.Filter)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, &SubscriptionView{ID: sub.ID, Source: sub.Source, Filter: sub.Filter, ExpiresAfter: int(s.out.subs.ttl / time.Second)})
}

func (s *Server) handleNextEvent(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	ids := r.URL.Query()["id"]
	if len(ids) == 0 {
		return invalid("id", nil, "query parameter 'id' is required (one or more subscription ids)")
	}
	if len(ids) > maxNextIDs {
		return invalid("id", len(ids), "query parameter 'id' is given %d times, the limit is %d", len(ids), maxNextIDs)
	}
	subs := make([]*Subscription, len(ids))
	for i, id := range ids {
		sub, err := s.subscription(ws.ID, id)
		if err != nil {
			return err
		}
		subs[i] = sub
	}
	timeout := maxWaitSeconds * time.Second
	if v := r.URL.Query().Get("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > maxWaitSeconds*time.Second {
			return invalid("timeout", v, "query parameter 'timeout' has invalid value '%s': a duration from 0s to %ds, such as 30s", v, maxWaitSeconds)
		}
		timeout = d
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	m, err := s.Next(ctx, subs...)
	switch {
	case err == nil:
		return writeJSON(w, http.StatusOK, m)
	case errors.Is(err, ErrNoSubscription):
		return problemf(http.StatusNotFound, "id", nil, "a subscription ended while waiting")
	case errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil:
		w.WriteHeader(http.StatusNoContent)
		return nil
	case r.Context().Err() != nil:
		return nil // the client went away
	}
	return err
}

func (s *Server) handleDeleteSubscription(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.subscription(workspaceOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.Unsubscribe(sub)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/filter"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/rivuletflows/rivulet/store"
)

// Limits of sinks.
const (
	maxDestinations      = 10
	maxSinkTimeoutSecs   = 60
	maxSinkHeaders       = 32
	maxPayloadDepth      = 8
	sinkCacheTTL         = 2 * time.Second
	minSecretLength      = 16
	defaultSinkTimeout   = 10
	defaultMaxAttempts   = 8
	defaultBaseBackoff   = 5 * time.Second
	defaultMaxBackoff    = time.Hour
	defaultDeliveryLease = 2 * time.Minute
	defaultSenders       = 4
)

// EventsConfig configures sinks and subscriptions.
type EventsConfig struct {
	// NATSURL is the NATS server (nats://host:port) that NATS destinations publish to;
	// sinks with NATS destinations are refused when it is empty.
	NATSURL string
	// MaxAttempts is how many times a delivery is tried before it becomes a failure (8).
	MaxAttempts int
	// BaseBackoff and MaxBackoff bound the waits between attempts (5s doubling up to 1h).
	BaseBackoff, MaxBackoff time.Duration
	// Lease is how long a claimed delivery is kept from other workers (2m).
	Lease time.Duration
	// Senders is how many deliveries are sent at once (4).
	Senders int
	// Poll is how often the outbox is looked at when nothing wakes the worker (1s).
	Poll time.Duration
	// SubscriptionTTL is how long a subscription nobody asks for its next event is kept (10m).
	SubscriptionTTL time.Duration
	// ManualDelivery leaves the outbox to DeliverDue calls: no worker runs (for tests).
	ManualDelivery bool
}

// Sink sends the events its filter chooses to its destinations.
//
//	{"uuid": "…", "name": "CRM", "filter": "event_type.startsWith('contact_')", "active": true,
//	 "destinations": [{"type": "webhook", "url": "https://crm.example/hooks", "http_method": "POST",
//	   "headers": {"X-Contact": "@contact.uuid"}, "timeout_secs": 10}],
//	 "payload": {"who": "@contact.name", "what": "@event_type"}, "secret": "…"}
type Sink struct {
	UUID         string          `json:"uuid"`
	Name         string          `json:"name"`
	Filter       string          `json:"filter"`
	Active       bool            `json:"active"`
	Destinations []*Destination  `json:"destinations"`
	Payload      json.RawMessage `json:"payload,omitempty"`
	Secret       string          `json:"secret"`
	CreatedOn    time.Time       `json:"created_on"`
	ModifiedOn   time.Time       `json:"modified_on"`
}

// Destination is where a sink delivers: a webhook or a NATS JetStream subject.
type Destination struct {
	Type        string            `json:"type"`
	URL         string            `json:"url,omitempty"`
	HTTPMethod  string            `json:"http_method,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	TimeoutSecs int               `json:"timeout_secs,omitempty"`
	Subject     string            `json:"subject,omitempty"`
}

// sinkInput is the body of POST and PUT.
type sinkInput struct {
	Name         string          `json:"name"`
	Filter       string          `json:"filter"`
	Active       *bool           `json:"active"`
	Destinations []*Destination  `json:"destinations"`
	Payload      json.RawMessage `json:"payload"`
	Secret       string          `json:"secret"`
}

// compiledSink is a sink ready to choose and render events.
type compiledSink struct {
	*Sink
	filter  *filter.Filter
	payload any // the payload decoded, nil for the default
}

// subjectVars are the placeholders of a NATS subject template.
var subjectVars = map[string]bool{"workspace": true, "event_type": true, "contact": true, "flow": true}

var subjectPlaceholder = regexp.MustCompile(`\{([^{}]*)\}`)

// filterProblem is the 422 of a filter that doesn't compile.
func filterProblem(field, source string, err error) error {
	var fe *filter.Error
	if errors.As(err, &fe) {
		p := invalid(field, source, "field '%s' has an invalid filter: %s", field, fe.Error())
		return p
	}
	return err
}

// checkTemplate refuses a template that doesn't parse.
func checkTemplate(field, tpl string) error {
	if _, err := excellent.ParseTemplate(tpl); err != nil {
		return invalid(field, tpl, "field '%s' has an invalid template: %s", field, err)
	}
	return nil
}

// checkPayload walks a payload, checking every string as a template.
func checkPayload(field string, v any, depth int) error {
	if depth > maxPayloadDepth {
		return invalid(field, nil, "field '%s' nests deeper than %d levels", field, maxPayloadDepth)
	}
	switch t := v.(type) {
	case string:
		return checkTemplate(field, t)
	case map[string]any:
		for _, k := range sortedKeys(t) {
			if err := checkPayload(field+"."+k, t[k], depth+1); err != nil {
				return err
			}
		}
	case []any:
		for i, x := range t {
			if err := checkPayload(fmt.Sprintf("%s[%d]", field, i), x, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) buildSink(in *sinkInput, u string, prev *Sink) (*compiledSink, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 64 {
		return nil, invalid("name", in.Name, "field 'name' has invalid value '%s': a name of 1 to 64 characters is required", in.Name)
	}
	f, err := filter.Compile(in.Filter)
	if err != nil {
		return nil, filterProblem("filter", in.Filter, err)
	}
	if len(in.Destinations) == 0 {
		return nil, invalid("destinations", nil, "field 'destinations' needs at least one destination")
	}
	if len(in.Destinations) > maxDestinations {
		return nil, invalid("destinations", len(in.Destinations), "field 'destinations' has %d destinations, the limit is %d", len(in.Destinations), maxDestinations)
	}
	now := s.clock.Now()
	k := &Sink{UUID: u, Name: name, Filter: in.Filter, Active: in.Active == nil || *in.Active, Secret: in.Secret, CreatedOn: now, ModifiedOn: now}
	if prev != nil {
		k.CreatedOn = prev.CreatedOn
		if k.Secret == "" {
			k.Secret = prev.Secret
		}
	}
	if k.Secret == "" {
		b := make([]byte, 24)
		rand.Read(b)
		k.Secret = "rvs_" + hex.EncodeToString(b)
	} else if len(k.Secret) < minSecretLength {
		return nil, invalid("secret", nil, "field 'secret' must be at least %d characters long", minSecretLength)
	}
	for i, d := range in.Destinations {
		field := fmt.Sprintf("destinations[%d]", i)
		if d == nil {
			return nil, invalid(field, nil, "field '%s' must be an object", field)
		}
		if err := s.checkDestination(field, d); err != nil {
			return nil, err
		}
		k.Destinations = append(k.Destinations, d)
	}
	cs := &compiledSink{Sink: k, filter: f}
	if len(in.Payload) > 0 && string(in.Payload) != "null" {
		var p any
		if err := json.Unmarshal(in.Payload, &p); err != nil {
			return nil, invalid("payload", nil, "field 'payload' is not valid JSON")
		}
		if _, ok := p.(map[string]any); !ok {
			return nil, invalid("payload", nil, "field 'payload' must be an object")
		}
		if err := checkPayload("payload", p, 0); err != nil {
			return nil, err
		}
		k.Payload, cs.payload = in.Payload, p
	}
	return cs, nil
}

func (s *Server) checkDestination(field string, d *Destination) error {
	switch d.Type {
	case delivery.TypeWebhook:
		u, err := url.Parse(d.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid(field+".url", d.URL, "field '%s.url' has invalid value '%s': an http or https URL is required", field, d.URL)
		}
		if err := s.out.policy.CheckURL(u); err != nil {
			return invalid(field+".url", d.URL, "field '%s.url' has invalid value '%s': %s", field, d.URL, err)
		}
		if d.HTTPMethod == "" {
			d.HTTPMethod = http.MethodPost
		}
		d.HTTPMethod = strings.ToUpper(d.HTTPMethod)
		if !contains([]string{"POST", "PUT", "PATCH"}, d.HTTPMethod) {
			return invalid(field+".http_method", d.HTTPMethod, "field '%s.http_method' has invalid value '%s': must be POST, PUT or PATCH", field, d.HTTPMethod)
		}
		if d.TimeoutSecs == 0 {
			d.TimeoutSecs = defaultSinkTimeout
		}
		if d.TimeoutSecs < 1 || d.TimeoutSecs > maxSinkTimeoutSecs {
			return invalid(field+".timeout_secs", d.TimeoutSecs, "field '%s.timeout_secs' has invalid value %d: must be from 1 to %d", field, d.TimeoutSecs, maxSinkTimeoutSecs)
		}
		if d.Subject != "" {
			return invalid(field+".subject", d.Subject, "field '%s.subject' is only for nats destinations", field)
		}
	case delivery.TypeNATS:
		if s.out.nats == nil {
			return invalid(field+".type", d.Type, "field '%s.type' has invalid value 'nats': this server has no NATS server (flag -nats)", field)
		}
		if err := checkSubject(d.Subject); err != nil {
			return invalid(field+".subject", d.Subject, "field '%s.subject' has invalid value '%s': %s", field, d.Subject, err)
		}
		if d.URL != "" || d.HTTPMethod != "" || d.TimeoutSecs != 0 {
			return invalid(field+".url", d.URL, "field '%s' is a nats destination: url, http_method and timeout_secs are for webhooks", field)
		}
	default:
		return invalid(field+".type", d.Type, "field '%s.type' has invalid value '%s': must be webhook or nats", field, d.Type)
	}
	if len(d.Headers) > maxSinkHeaders {
		return invalid(field+".headers", len(d.Headers), "field '%s.headers' has %d headers, the limit is %d", field, len(d.Headers), maxSinkHeaders)
	}
	for _, h := range sortedKeys(d.Headers) {
		if h == "" || strings.ContainsAny(h, " :\r\n\t") {
			return invalid(field+".headers", h, "field '%s.headers' has an invalid header name '%s'", field, h)
		}
		if err := checkTemplate(field+".headers."+h, d.Headers[h]); err != nil {
			return err
		}
	}
	return nil
}

// checkSubject checks a subject template: dot-separated tokens without spaces or
// wildcards, placeholders only of the known names.
func checkSubject(subject string) error {
	if subject == "" {
		return fmt.Errorf("a subject is required")
	}
	for _, m := range subjectPlaceholder.FindAllStringSubmatch(subject, -1) {
		if !subjectVars[m[1]] {
			return fmt.Errorf("unknown placeholder {%s}; known are {workspace}, {event_type}, {contact} and {flow}", m[1])
		}
	}
	plain := subjectPlaceholder.ReplaceAllString(subject, "x")
	if strings.ContainsAny(plain, " \t\r\n*>{}") {
		return fmt.Errorf("a subject can't hold spaces, wildcards or unmatched braces")
	}
	for _, tok := range strings.Split(plain, ".") {
		if tok == "" {
			return fmt.Errorf("a subject can't have an empty token")
		}
	}
	return nil
}

// subjectToken makes a value safe as one subject token.
func subjectToken(v string) string {
	if v == "" {
		return "none"
	}
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '*' || r == '>' || r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return '_'
		}
		return r
	}, v)
}

// renderSubject fills a subject template.
func renderSubject(tpl string, vars map[string]string) string {
	return subjectPlaceholder.ReplaceAllStringFunc(tpl, func(m string) string {
		return subjectToken(vars[m[1:len(m)-1]])
	})
}

// sinkSet is a workspace's sinks as last read.
type sinkSet struct {
	fetched time.Time
	sinks   []*compiledSink
	byUUID  map[string]*compiledSink
}

// sinkCache keeps each workspace's compiled sinks for a moment, so that sprints don't
// read them every time; changes made here drop the copy at once, others' within the TTL.
type sinkCache struct {
	mu   sync.Mutex
	sets map[int64]*sinkSet
}

func (s *Server) workspaceSinks(ctx context.Context, ws int64) (*sinkSet, error) {
	c := &s.out.cache
	c.mu.Lock()
	set := c.sets[ws]
	c.mu.Unlock()
	if set != nil && time.Since(set.fetched) < sinkCacheTTL {
		return set, nil
	}
	recs, err := s.store.Sinks(ctx, ws)
	if err != nil {
		return nil, err
	}
	set = &sinkSet{fetched: time.Now(), byUUID: map[string]*compiledSink{}}
	for _, rec := range recs {
		cs, err := readSink(rec)
		if err != nil {
			s.log.Error("stored sink doesn't read, skipping it", "sink", rec.UUID, "error", err)
			continue
		}
		set.sinks = append(set.sinks, cs)
		set.byUUID[cs.UUID] = cs
	}
	c.mu.Lock()
	c.sets[ws] = set
	c.mu.Unlock()
	return set, nil
}

func (s *Server) forgetSinks(ws int64) {
	s.out.cache.mu.Lock()
	delete(s.out.cache.sets, ws)
	s.out.cache.mu.Unlock()
}

func readSink(rec *store.Sink) (*compiledSink, error) {
	k := &Sink{}
	if err := json.Unmarshal(rec.Data, k); err != nil {
		return nil, fmt.Errorf("stored sink %s doesn't read: %w", rec.UUID, err)
	}
	f, err := filter.Compile(k.Filter)
	if err != nil {
		return nil, fmt.Errorf("stored sink %s has a bad filter: %w", rec.UUID, err)
	}
	cs := &compiledSink{Sink: k, filter: f}
	if len(k.Payload) > 0 {
		if err := json.Unmarshal(k.Payload, &cs.payload); err != nil {
			return nil, fmt.Errorf("stored sink %s has a bad payload: %w", rec.UUID, err)
		}
	}
	return cs, nil
}

func (s *Server) handleListSinks(w http.ResponseWriter, r *http.Request) error {
	recs, err := s.store.Sinks(r.Context(), workspaceOf(r).ID)
	if err != nil {
		return err
	}
	out := make([]json.RawMessage, len(recs))
	for i, rec := range recs {
		out[i] = rec.Data
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sinks": out})
}

func (s *Server) handleCreateSink(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &sinkInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	cs, err := s.buildSink(in, uuid.NewString(), nil)
	if err != nil {
		return err
	}
	data, _ := json.Marshal(cs.Sink)
	if err := s.store.CreateSink(r.Context(), ws.ID, &store.Sink{UUID: cs.UUID, Data: data, CreatedOn: cs.CreatedOn, ModifiedOn: cs.ModifiedOn}); err != nil {
		return err
	}
	s.forgetSinks(ws.ID)
	return writeJSON(w, http.StatusCreated, map[string]any{"sink": cs.Sink})
}

func (s *Server) handleGetSink(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	rec, err := s.store.Sink(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "sink", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sink": rec.Data})
}

func (s *Server) handlePutSink(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	rec, err := s.store.Sink(r.Context(), ws.ID, u)
	if err != nil {
		return asProblem(err, "sink", "uuid", u)
	}
	prev, err := readSink(rec)
	if err != nil {
		return err
	}
	in := &sinkInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	cs, err := s.buildSink(in, u, prev.Sink)
	if err != nil {
		return err
	}
	data, _ := json.Marshal(cs.Sink)
	if err := s.store.UpdateSink(r.Context(), ws.ID, &store.Sink{UUID: u, Data: data, ModifiedOn: cs.ModifiedOn}); err != nil {
		return asProblem(err, "sink", "uuid", u)
	}
	s.forgetSinks(ws.ID)
	return writeJSON(w, http.StatusOK, map[string]any{"sink": cs.Sink})
}

func (s *Server) handleDeleteSink(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteSink(r.Context(), ws.ID, u); err != nil {
		return asProblem(err, "sink", "uuid", u)
	}
	s.forgetSinks(ws.ID)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// FailureView is an entry of GET /sinks/{uuid}/failures: a delivery that ran out of
// attempts, with what it would have sent.
type FailureView struct {
	ID        int64           `json:"id"`
	EventUUID string          `json:"event_uuid"`
	Attempts  int             `json:"attempts"`
	LastError string          `json:"last_error"`
	CreatedOn time.Time       `json:"created_on"`
	FailedOn  *time.Time      `json:"failed_on"`
	Request   json.RawMessage `json:"request"`
}

func (s *Server) handleSinkFailures(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.Sink(r.Context(), ws.ID, u); err != nil {
		return asProblem(err, "sink", "uuid", u)
	}
	after, limit, err := queryPage(r)
	if err != nil {
		return err
	}
	ds, err := s.store.Failures(r.Context(), ws.ID, u, after, limit)
	if err != nil {
		return err
	}
	out := make([]*FailureView, len(ds))
	cursor := after
	for i, d := range ds {
		out[i] = &FailureView{ID: d.ID, EventUUID: d.EventUUID, Attempts: d.Attempts, LastError: d.LastError, CreatedOn: d.CreatedOn, FailedOn: d.FailedOn, Request: d.Request}
		cursor = d.ID
	}
	return writeJSON(w, http.StatusOK, map[string]any{"failures": out, "cursor": cursor})
}

// failureID reads the {id} path parameter.
func failureID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	var id int64
	if _, err := fmt.Sscan(v, &id); err != nil || id < 1 || fmt.Sprint(id) != v {
		return 0, invalid("id", v, "path parameter 'id' has invalid value '%s': not a failure ID", v)
	}
	return id, nil
}

func (s *Server) handleRetryFailure(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	id, err := failureID(r)
	if err != nil {
		return err
	}
	if err := s.store.RetryFailure(r.Context(), ws.ID, u, id, s.clock.Now()); err != nil {
		return asProblem(err, "failure", "id", id)
	}
	s.out.wakeUp()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleDiscardFailure(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	id, err := failureID(r)
	if err != nil {
		return err
	}
	if err := s.store.DiscardFailure(r.Context(), ws.ID, u, id); err != nil {
		return asProblem(err, "failure", "id", id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

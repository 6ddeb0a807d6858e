// Package dryrun runs flows without touching the world: its Recorder implements every
// service interface of package services, writes down each call an action makes (what
// would have been sent, and to whom) and answers it itself, so that the flow goes on as
// it would for real. Nothing leaves the process: no request is written to the network, no
// email, transfer, model prompt or ticket reaches a provider.
//
// Webhook calls go through the real webhook client (services/webhooks) so that the
// request recorded is the one production would write, headers and all, and the same
// URL rules apply; only the transport is the recorder's. It answers from the http_mocks
// given (the test files' form, see servicestest.MockTransport) and, for a URL no mock
// answers, with the stand-in StandInStatus and StandInBody: a 200 so that the flow takes
// the success route it is usually written for, with a body that says what it is.
//
// flowserver's dry runs (POST /messages?dry_run=true, flow starts with "dry_run": true)
// and `flowrunner run -dry-run` are built on it:
//
//	rec := dryrun.New(dryrun.Config{Mocks: mocks})
//	eng := engine.New(engine.Options{Services: rec.Services()})
//	... run the session ...
//	for _, c := range rec.Calls() { fmt.Println(c.Service, c.Method, c.URL) }
package dryrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/services/webhooks"
	"github.com/rivuletflows/rivulet/utils"
)

// The stand-in answer to a webhook no mock answers.
const (
	StandInStatus = http.StatusOK
	StandInBody   = `{"dry_run": true}`
)

// StandInLLMOutput is what the LLM stand-in answers every prompt with; a flow routing on
// the answer takes its "other" route.
const StandInLLMOutput = "(dry run: no model was asked)"

// StandInExternalID is the external id of every stand-in airtime transfer.
const StandInExternalID = "dry-run"

// The services a Call can be of, its Service.
const (
	ServiceWebhook    = "webhook"
	ServiceEmail      = "email"
	ServiceAirtime    = "airtime"
	ServiceLLM        = "llm"
	ServiceClassifier = "classifier"
	ServiceTicket     = "ticket"
)

// How a call was answered, its Answer.By.
const (
	// AnsweredByMock: a response of the http_mocks given.
	AnsweredByMock = "mock"
	// AnsweredByStandIn: the recorder's own stand-in answer.
	AnsweredByStandIn = "stand-in"
	// AnsweredByRefusal: the call was refused before anything would have been sent (an
	// address the network policy refuses); production would refuse it too.
	AnsweredByRefusal = "refused"
)

// Call is one would-be call: what the action asked the service for, as it would have
// been sent, and how the recorder answered. Fields that don't apply to the service are
// left empty.
type Call struct {
	Service string `json:"service"`

	// Method, URL, Headers and Body are the webhook request as written on the wire
	// (with the headers the client sets, such as User-Agent), or the email's body.
	Method  string            `json:"method,omitempty"`
	URL     string            `json:"url,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`

	// To and Subject are the email's.
	To      []string `json:"to,omitempty"`
	Subject string   `json:"subject,omitempty"`

	// Sender, Recipient and Amounts (by currency) are the airtime transfer's.
	Sender    string                     `json:"sender,omitempty"`
	Recipient string                     `json:"recipient,omitempty"`
	Amounts   map[string]decimal.Decimal `json:"amounts,omitempty"`

	// LLM, Instructions, Input and MaxTokens are the prompt's; Classifier and Input a
	// classification's.
	LLM          *assets.LLMReference        `json:"llm,omitempty"`
	Classifier   *assets.ClassifierReference `json:"classifier,omitempty"`
	Instructions string                      `json:"instructions,omitempty"`
	Input        string                      `json:"input,omitempty"`
	MaxTokens    int                         `json:"max_tokens,omitempty"`

	// Topic, Assignee and Note are the ticket's.
	Topic    *assets.TopicReference `json:"topic,omitempty"`
	Assignee *assets.UserReference  `json:"assignee,omitempty"`
	Note     string                 `json:"note,omitempty"`

	Answer *Answer `json:"answer"`
}

// Answer is how the recorder answered a call.
type Answer struct {
	// By is AnsweredByMock, AnsweredByStandIn or AnsweredByRefusal.
	By string `json:"by"`
	// Status is a webhook answer's HTTP status (0 for a mocked connection failure).
	Status int `json:"status,omitempty"`
	// Body is a webhook answer's body, or what a stand-in service answered (the LLM's
	// output, the ticket's UUID...).
	Body string `json:"body,omitempty"`
	// Error is why the call failed, when it did.
	Error string `json:"error,omitempty"`
}

// Config configures a Recorder.
type Config struct {
	// Mocks answer webhook calls before the stand-in does; nil means none.
	Mocks *servicestest.MockTransport
	// Policy is checked on webhook URLs as the real client checks it (netguard.Safe()
	// when nil), so that a dry run refuses what a real run would.
	Policy *netguard.Policy
	// DeniedHosts are refused as by the real client (webhooks.DefaultDeniedHosts() when nil).
	DeniedHosts []string
	// UserAgent is the webhook client's (webhooks.DefaultUserAgent when empty).
	UserAgent string
	// Only, when set, limits the recorder to the services configured in it: a service
	// left nil there stays nil in Services(), so that its actions log the same "not
	// configured" error as a real run. Nil means every service is stood in for.
	Only *services.Services
	// Clock times webhook calls (the real clock when nil).
	Clock utils.Clock
}

// Recorder stands in for every service and keeps the calls made to it, in order. It is
// safe for concurrent use.
type Recorder struct {
	cfg     Config
	webhook *webhooks.Client
	mu      sync.Mutex
	calls   []*Call
}

// New returns a recorder with no calls yet.
func New(cfg Config) *Recorder {
	if cfg.Policy == nil {
		cfg.Policy = netguard.Safe()
	}
	if cfg.DeniedHosts == nil {
		cfg.DeniedHosts = webhooks.DefaultDeniedHosts()
	}
	r := &Recorder{cfg: cfg}
	r.webhook = webhooks.New(webhooks.Config{Transport: transport{r}, Policy: cfg.Policy, DeniedHosts: cfg.DeniedHosts,
		UserAgent: cfg.UserAgent, Clock: cfg.Clock})
	return r
}

// Services returns the recorder as the services of an engine.
func (r *Recorder) Services() *services.Services {
	all := &services.Services{Webhook: webhookService{r}, Email: emailService{r}, Airtime: airtimeService{r},
		LLM: llmService{r}, Classifier: classifierService{r}, Ticket: ticketService{r}}
	if o := r.cfg.Only; o != nil {
		if o.Webhook == nil {
			all.Webhook = nil
		}
		if o.Email == nil {
			all.Email = nil
		}
		if o.Airtime == nil {
			all.Airtime = nil
		}
		if o.LLM == nil {
			all.LLM = nil
		}
		if o.Classifier == nil {
			all.Classifier = nil
		}
		if o.Ticket == nil {
			all.Ticket = nil
		}
	}
	return all
}

// Calls returns the calls made so far, oldest first.
func (r *Recorder) Calls() []*Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Call{}, r.calls...)
}

// Since returns the calls made after the first n, for a caller that reads them sprint by
// sprint.
func (r *Recorder) Since(n int) []*Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n >= len(r.calls) {
		return nil
	}
	return append([]*Call{}, r.calls[n:]...)
}

func (r *Recorder) add(c *Call) {
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
}

// wireKey carries, in a webhook request's context, where the transport writes what it saw.
type wireKey struct{}

// wire is what the transport saw of one call's request, and how it answered.
type wire struct {
	method, url string
	headers     map[string]string
	body        string
	answer      *Answer
}

// transport answers webhook requests from the mocks or with the stand-in, never the network.
type transport struct{ r *Recorder }

// RoundTrip records the request in the call's wire and answers it.
func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	w, _ := req.Context().Value(wireKey{}).(*wire)
	if w == nil {
		w = &wire{} // a request made outside Call: answered, not recorded
	}
	w.method, w.url, w.body = req.Method, req.URL.String(), string(body)
	w.headers = make(map[string]string, len(req.Header))
	for k, vs := range req.Header {
		w.headers[k] = strings.Join(vs, ", ")
	}
	if m := t.r.cfg.Mocks; m != nil {
		mreq := req.Clone(req.Context())
		mreq.Body = nil
		resp, err := m.RoundTrip(mreq)
		var unmatched *servicestest.UnmatchedRequestError
		switch {
		case err == nil:
			data, _ := io.ReadAll(resp.Body)
			resp.Body = io.NopCloser(strings.NewReader(string(data)))
			w.answer = &Answer{By: AnsweredByMock, Status: resp.StatusCode, Body: string(data)}
			return resp, nil
		case !errors.As(err, &unmatched):
			w.answer = &Answer{By: AnsweredByMock, Error: err.Error()}
			return nil, err
		}
	}
	w.answer = &Answer{By: AnsweredByStandIn, Status: StandInStatus, Body: StandInBody}
	return &http.Response{
		Status:        strconv.Itoa(StandInStatus) + " " + http.StatusText(StandInStatus),
		StatusCode:    StandInStatus,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(StandInBody)),
		ContentLength: int64(len(StandInBody)),
		Request:       req,
	}, nil
}

// webhookService records call_webhook and call_resthook requests.
type webhookService struct{ r *Recorder }

// Call runs the request through the real client on the recorder's transport.
func (s webhookService) Call(ctx context.Context, req *services.Request) (*services.Call, error) {
	w := &wire{}
	call, err := s.r.webhook.Call(context.WithValue(ctx, wireKey{}, w), req)
	c := &Call{Service: ServiceWebhook, Method: req.Method, URL: req.URL, Headers: req.Headers, Body: req.Body}
	if c.Method == "" {
		c.Method = http.MethodGet
	}
	switch {
	case w.answer != nil:
		c.Method, c.URL, c.Headers, c.Body, c.Answer = w.method, w.url, w.headers, w.body, w.answer
	case err != nil:
		c.Answer = &Answer{By: AnsweredByRefusal, Error: err.Error()}
	case call != nil && call.Err != nil:
		c.Answer = &Answer{By: AnsweredByRefusal, Error: call.Err.Error()}
	default:
		c.Answer = &Answer{By: AnsweredByRefusal}
	}
	s.r.add(c)
	return call, err
}

// emailService records send_email messages and accepts them.
type emailService struct{ r *Recorder }

// Send records the message; it is "sent" without error.
func (s emailService) Send(ctx context.Context, to []string, subject, body string) error {
	s.r.add(&Call{Service: ServiceEmail, To: append([]string{}, to...), Subject: subject, Body: body, Answer: &Answer{By: AnsweredByStandIn}})
	return nil
}

// airtimeService records transfer_airtime requests.
type airtimeService struct{ r *Recorder }

// Transfer records the request and answers with a transfer of the amount of the first
// currency, in alphabetical order, of those the flow offers (a real provider picks the
// recipient's); a request offering none fails as a provider would.
func (s airtimeService) Transfer(ctx context.Context, req *services.AirtimeRequest) (*services.AirtimeTransfer, error) {
	c := &Call{Service: ServiceAirtime, Sender: req.Sender, Recipient: req.Recipient, Amounts: req.Amounts}
	defer s.r.add(c)
	currencies := make([]string, 0, len(req.Amounts))
	for cur := range req.Amounts {
		currencies = append(currencies, cur)
	}
	sort.Strings(currencies)
	if len(currencies) == 0 {
		err := fmt.Errorf("no amount offered in any currency")
		c.Answer = &Answer{By: AnsweredByStandIn, Error: err.Error()}
		return nil, err
	}
	cur := currencies[0]
	t := &services.AirtimeTransfer{ExternalID: StandInExternalID, Sender: req.Sender, Recipient: req.Recipient,
		Currency: cur, Amount: req.Amounts[cur]}
	c.Answer = &Answer{By: AnsweredByStandIn, Body: req.Amounts[cur].String() + " " + cur}
	return t, nil
}

// llmService records call_llm prompts.
type llmService struct{ r *Recorder }

// Respond records the prompt and answers StandInLLMOutput, counting no tokens.
func (s llmService) Respond(ctx context.Context, req *services.LLMRequest) (*services.LLMResponse, error) {
	s.r.add(&Call{Service: ServiceLLM, LLM: req.LLM, Instructions: req.Instructions, Input: req.Input, MaxTokens: req.MaxTokens,
		Answer: &Answer{By: AnsweredByStandIn, Body: StandInLLMOutput}})
	return &services.LLMResponse{Output: StandInLLMOutput}, nil
}

// classifierService records call_classifier inputs.
type classifierService struct{ r *Recorder }

// Classify records the input and finds nothing in it.
func (s classifierService) Classify(ctx context.Context, req *services.ClassifyRequest) (*services.Classification, error) {
	s.r.add(&Call{Service: ServiceClassifier, Classifier: req.Classifier, Input: req.Input, Answer: &Answer{By: AnsweredByStandIn}})
	return &services.Classification{}, nil
}

// ticketService records open_ticket requests.
type ticketService struct{ r *Recorder }

// Open records the request and answers with an open ticket of a fresh UUID.
func (s ticketService) Open(ctx context.Context, req *services.TicketRequest) (*services.Ticket, error) {
	t := &services.Ticket{UUID: utils.UUID(uuid.NewString()), Status: services.TicketStatusOpen, Topic: req.Topic, Assignee: req.Assignee}
	s.r.add(&Call{Service: ServiceTicket, Topic: req.Topic, Assignee: req.Assignee, Note: req.Note, Answer: &Answer{By: AnsweredByStandIn, Body: string(t.UUID)}})
	return t, nil
}

// MarshalJSON writes amounts as numbers: {"RWF": 500}.
func (c *Call) MarshalJSON() ([]byte, error) {
	type plain Call
	j := struct {
		*plain
		Amounts map[string]json.Number `json:"amounts,omitempty"`
	}{plain: (*plain)(c)}
	if len(c.Amounts) > 0 {
		j.Amounts = make(map[string]json.Number, len(c.Amounts))
		for k, v := range c.Amounts {
			j.Amounts[k] = json.Number(v.String())
		}
	}
	return json.Marshal(j)
}

package engine

import (
	"context"
	"fmt"

	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/services"
)

// Budgets of a sprint and caps of a session: flows are written by strangers, so no flow
// may make one sprint, or one session, unboundedly large. Each ends the sprint with a
// failure event naming the limit (the session and its runs fail, as for the steps limit).
const (
	// DefaultMaxEventsPerSprint bounds the events one sprint may log.
	DefaultMaxEventsPerSprint = 2000
	// DefaultMaxTextBytesPerSprint bounds the total bytes of text the templates of one
	// sprint may evaluate to (messages, field and result values, webhook bodies, router
	// operands and case arguments). The text an event carries is evaluated text, a
	// contact's input (utils.MaxInputTextLength) or a trimmed HTTP trace, so together
	// with the event and service call limits this bounds the bytes of a sprint's events.
	DefaultMaxTextBytesPerSprint = 8 << 20
	// DefaultMaxServiceCallsPerSprint bounds the calls one sprint may make to services
	// (webhooks and resthook subscribers, email, airtime, LLMs, classifiers, ticketing).
	DefaultMaxServiceCallsPerSprint = 50
	// DefaultMaxSprintsPerSession bounds how often a session may be started or resumed.
	DefaultMaxSprintsPerSession = 500
	// DefaultMaxRunsPerSession bounds the runs a session may hold.
	DefaultMaxRunsPerSession = 1000
	// MaxSessionBytes bounds the stored session JSON ReadSession accepts.
	MaxSessionBytes = 16 << 20
)

// Limits are the budgets of a sprint and caps of a session an engine enforces. Zero
// fields take the defaults above.
type Limits struct {
	MaxEventsPerSprint       int
	MaxTextBytesPerSprint    int
	MaxServiceCallsPerSprint int
	MaxSprintsPerSession     int
	MaxRunsPerSession        int
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxEventsPerSprint, DefaultMaxEventsPerSprint)
	def(&l.MaxTextBytesPerSprint, DefaultMaxTextBytesPerSprint)
	def(&l.MaxServiceCallsPerSprint, DefaultMaxServiceCallsPerSprint)
	def(&l.MaxSprintsPerSession, DefaultMaxSprintsPerSession)
	def(&l.MaxRunsPerSession, DefaultMaxRunsPerSession)
	return l
}

// budget is what the sprint under way has spent.
type budget struct {
	textBytes    int
	serviceCalls int
	// exceeded names the limit the sprint went past; the sprint fails at the next safe
	// point (overBudget)
	exceeded string
}

// exceed records that a limit was passed, keeping the first.
func (s *Session) exceed(text string) {
	if s.spent.exceeded == "" {
		s.spent.exceeded = text
	}
}

// overBudget fails the sprint when a budget was exceeded, reporting whether it did.
func (s *Session) overBudget() bool {
	if s.spent.exceeded == "" || s.failed {
		return s.failed
	}
	s.fail(s.spent.exceeded)
	return true
}

// chargeText counts evaluated text against the sprint's budget.
func (s *Session) chargeText(n int) {
	s.spent.textBytes += n
	if max := s.engine.opts.Limits.MaxTextBytesPerSprint; s.spent.textBytes > max {
		s.exceed(fmt.Sprintf("Reached maximum bytes of evaluated text per sprint (%d)", max))
	}
}

// chargeEvent counts a logged event against the sprint's budget.
func (s *Session) chargeEvent() {
	if max := s.engine.opts.Limits.MaxEventsPerSprint; len(s.sprint.Events) > max {
		s.exceed(fmt.Sprintf("Reached maximum number of events per sprint (%d)", max))
	}
}

// chargeCall counts a service call, returning the error that refuses it when the sprint
// has made as many as it may.
func (s *Session) chargeCall() error {
	max := s.engine.opts.Limits.MaxServiceCallsPerSprint
	if s.spent.serviceCalls >= max {
		text := fmt.Sprintf("Reached maximum number of service calls per sprint (%d)", max)
		s.exceed(text)
		return fmt.Errorf("%s", text)
	}
	s.spent.serviceCalls++
	return nil
}

// countedServices returns the engine's services as the session's actions see them: each
// call is counted against the sprint's budget and refused past it.
func (s *Session) countedServices() *services.Services {
	base := s.engine.opts.Services
	if base == nil {
		return nil
	}
	if s.services == nil {
		c := *base
		if base.Webhook != nil {
			c.Webhook = countedWebhook{s, base.Webhook}
		}
		if base.Email != nil {
			c.Email = countedEmail{s, base.Email}
		}
		if base.Airtime != nil {
			c.Airtime = countedAirtime{s, base.Airtime}
		}
		if base.LLM != nil {
			c.LLM = countedLLM{s, base.LLM}
		}
		if base.Classifier != nil {
			c.Classifier = countedClassifier{s, base.Classifier}
		}
		if base.Ticket != nil {
			c.Ticket = countedTicketer{s, base.Ticket}
		}
		s.services = &c
	}
	return s.services
}

type countedWebhook struct {
	s *Session
	services.Webhook
}

func (c countedWebhook) Call(ctx context.Context, req *services.Request) (*services.Call, error) {
	if err := c.s.chargeCall(); err != nil {
		return nil, err
	}
	return c.Webhook.Call(ctx, req)
}

type countedEmail struct {
	s *Session
	services.Email
}

func (c countedEmail) Send(ctx context.Context, to []string, subject, body string) error {
	if err := c.s.chargeCall(); err != nil {
		return err
	}
	return c.Email.Send(ctx, to, subject, body)
}

type countedAirtime struct {
	s *Session
	services.Airtime
}

func (c countedAirtime) Transfer(ctx context.Context, req *services.AirtimeRequest) (*services.AirtimeTransfer, error) {
	if err := c.s.chargeCall(); err != nil {
		return nil, err
	}
	return c.Airtime.Transfer(ctx, req)
}

type countedLLM struct {
	s *Session
	services.LLM
}

func (c countedLLM) Respond(ctx context.Context, req *services.LLMRequest) (*services.LLMResponse, error) {
	if err := c.s.chargeCall(); err != nil {
		return nil, err
	}
	return c.LLM.Respond(ctx, req)
}

type countedClassifier struct {
	s *Session
	services.Classifier
}

func (c countedClassifier) Classify(ctx context.Context, req *services.ClassifyRequest) (*services.Classification, error) {
	if err := c.s.chargeCall(); err != nil {
		return nil, err
	}
	return c.Classifier.Classify(ctx, req)
}

type countedTicketer struct {
	s *Session
	services.Ticketer
}

func (c countedTicketer) Open(ctx context.Context, req *services.TicketRequest) (*services.Ticket, error) {
	if err := c.s.chargeCall(); err != nil {
		return nil, err
	}
	return c.Ticketer.Open(ctx, req)
}

// chargeValue counts an evaluated value against the text budget when it is text.
func (s *Session) chargeValue(v types.XValue) {
	if t, ok := v.(types.XText); ok {
		s.chargeText(len(t.Native()))
	}
}

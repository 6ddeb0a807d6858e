// Package services holds the small interfaces through which the engine reaches the world
// outside a session (webhooks, email, airtime, LLMs, classifiers, ticketing), their real
// implementations where we have them, and deterministic stand-ins that behave like the
// services behind the recorded conformance sessions.
//
// The engine never imports net/http or a provider SDK: an action asks its service and turns
// the result into events. Each interface has one method so an embedder can swap in its own
// implementation with a single function or small struct.
package services

import (
	"net/http"
	"time"

	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/utils"
)

// Services bundles the services an engine is given. A nil field means the service is not
// configured; actions that need it then log an error instead of calling out.
type Services struct {
	Webhook    Webhook
	Email      Email
	Airtime    Airtime
	LLM        LLM
	Classifier Classifier
	Ticket     Ticketer
}

// New returns the services of a production setup: webhooks over net/http with the given
// configuration, and email when smtp is non-nil. Webhooks are safe by default: unless
// webhook.Policy says otherwise, they reach no loopback, private or metadata address
// (see package netguard). Airtime, LLM and classifier providers are
// not built in; embedders set those fields themselves.
func New(webhook WebhookConfig, smtp *SMTPConfig) *Services {
	s := &Services{Webhook: NewHTTPWebhook(webhook)}
	if smtp != nil {
		s.Email = NewSMTPEmail(*smtp)
	}
	return s
}

// TestConfig configures the deterministic stand-ins used by replays and tests.
type TestConfig struct {
	// Mocks answers webhook calls; nil means every call fails as a broken test would.
	Mocks *MockTransport
	// Clock times webhook calls; the replay's sequential clock makes elapsed_ms 1000.
	Clock utils.Clock
	// UUIDs gives opened tickets their UUIDs, normally the session's generator so that
	// UUIDs come out in the recorded order.
	UUIDs utils.UUIDGenerator
	// Random draws airtime external ids; nil means a fresh source seeded with
	// TestRandomSeed, as in the recordings.
	Random utils.Random
	// SMTPError, when set, makes every email fail with this message.
	SMTPError string
	// Policy is checked on the URLs of webhook calls before the mocks answer them; nil
	// checks nothing, as the recordings were made (their URLs name localhost). Commands
	// running a user's own tests pass the safe policy, so that a call production would
	// refuse fails in the test too.
	Policy *netguard.Policy
}

func (cfg TestConfig) policy() *netguard.Policy {
	if cfg.Policy == nil {
		return netguard.Unchecked()
	}
	return cfg.Policy
}

// TestUserAgent is the User-Agent sent by test webhooks. Recorded traces carry another
// value, which the conformance comparison ignores.
const TestUserAgent = "rivulet-testing"

// NewTest returns the stand-in services that the recorded sessions ran against.
func NewTest(cfg TestConfig) *Services {
	mocks := cfg.Mocks
	if mocks == nil {
		mocks = &MockTransport{}
	}
	clock := cfg.Clock
	if clock == nil {
		clock = utils.NewSequentialClock(utils.ReplayStart, time.Second)
	}
	random := cfg.Random
	if random == nil {
		random = NewTestRandom(TestRandomSeed)
	}
	uuids := cfg.UUIDs
	if uuids == nil {
		// a source of its own, so tickets never shift the airtime ids
		uuids = utils.NewSeededV7Generator(clock, TestRandomSeed)
	}
	return &Services{
		Webhook: NewHTTPWebhook(WebhookConfig{
			Transport:   mocks,
			Clock:       clock,
			UserAgent:   TestUserAgent,
			DeniedHosts: DefaultDeniedHosts(),
			Policy:      cfg.policy(),
		}),
		Email:      NewTestEmail(cfg.SMTPError),
		Airtime:    NewTestAirtime(random),
		LLM:        TestLLM{},
		Classifier: TestClassifier{},
		Ticket:     NewTestTicketer(uuids),
	}
}

// compile-time checks that the built-in implementations satisfy their interfaces
var (
	_ Webhook           = (*HTTPWebhook)(nil)
	_ http.RoundTripper = (*MockTransport)(nil)
	_ Email             = (*SMTPEmail)(nil)
	_ Email             = TestEmail{}
	_ Airtime           = (*TestAirtime)(nil)
	_ LLM               = TestLLM{}
	_ Classifier        = TestClassifier{}
	_ Ticketer          = (*TestTicketer)(nil)
)

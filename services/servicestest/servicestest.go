// Package servicestest holds deterministic stand-ins for every service of package
// services, behaving like the services behind the recorded conformance sessions (see each
// type), and MockTransport, an http.RoundTripper answering from a test's http_mocks. New
// bundles them; replays and golden tests run on them, and an embedder's own tests can too.
package servicestest

import (
	"net/http"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/flows/events"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/services/webhooks"
	"github.com/rivuletflows/rivulet/utils"
)

// Config configures the deterministic stand-ins used by replays and tests.
type Config struct {
	// Mocks answers webhook calls; nil means every call fails as a broken test would.
	Mocks *MockTransport
	// Clock times webhook calls; the replay's sequential clock makes elapsed_ms 1000.
	Clock utils.Clock
	// UUIDs gives opened tickets their UUIDs, normally the session's generator so that
	// UUIDs come out in the recorded order.
	UUIDs utils.UUIDGenerator
	// Random draws airtime external ids; nil means a fresh source seeded with
	// utils.ReplaySeed, as in the recordings.
	Random utils.Random
	// SMTPError, when set, makes every email fail with this message.
	SMTPError string
	// Policy is checked on the URLs of webhook calls before the mocks answer them; nil
	// checks nothing, as the recordings were made (their URLs name localhost). Commands
	// running a user's own tests pass the safe policy, so that a call production would
	// refuse fails in the test too.
	Policy *netguard.Policy
}

func (cfg Config) policy() *netguard.Policy {
	if cfg.Policy == nil {
		return netguard.Unchecked()
	}
	return cfg.Policy
}

// UserAgent is the User-Agent sent by test webhooks. Recorded traces carry another
// value, which the conformance comparison ignores.
const UserAgent = "rivulet-testing"

// New returns the stand-in services that the recorded sessions ran against.
func New(cfg Config) *services.Services {
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
		random = utils.NewSeededRandom(utils.ReplaySeed)
	}
	uuids := cfg.UUIDs
	if uuids == nil {
		// a source of its own, so tickets never shift the airtime ids
		uuids = utils.NewSeededV7Generator(clock, utils.ReplaySeed)
	}
	return &services.Services{
		Webhook: webhooks.New(webhooks.Config{
			Transport:   mocks,
			Clock:       clock,
			UserAgent:   UserAgent,
			DeniedHosts: webhooks.DefaultDeniedHosts(),
			Policy:      cfg.policy(),
		}),
		Email:      NewEmail(cfg.SMTPError),
		Airtime:    NewAirtime(random),
		LLM:        LLM{},
		Classifier: Classifier{},
		Ticket:     NewTicketer(uuids),
	}
}

// compile-time checks that the stand-ins satisfy their interfaces
var (
	_ http.RoundTripper   = (*MockTransport)(nil)
	_ services.Email      = Email{}
	_ services.Airtime    = (*Airtime)(nil)
	_ services.LLM        = LLM{}
	_ services.Classifier = Classifier{}
	_ services.Ticketer   = (*Ticketer)(nil)
)

// ForbiddenContent returns a message check for engine.Options.MsgCheck that refuses, as
// "forbidden_content", every message whose text contains word; the recorded reference
// cases ran with the word "FORBIDDEN".
func ForbiddenContent(word string) func(msg *events.MsgOut) string {
	return func(msg *events.MsgOut) string {
		if word != "" && strings.Contains(msg.Text, word) {
			return "forbidden_content"
		}
		return ""
	}
}

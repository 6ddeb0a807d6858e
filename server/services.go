package server

import (
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/services/webhooks"
)

// newServices builds the services the engine reaches the world through: webhooks over
// HTTP, refusing private and loopback addresses unless the configuration allows them,
// and whatever other services the embedder configured (email, airtime, LLM, ...).
func newServices(cfg Config) *services.Services {
	svc := &services.Services{}
	if cfg.Services != nil {
		*svc = *cfg.Services
	}
	if svc.Webhook == nil {
		svc.Webhook = webhooks.New(webhooks.Config{
			Timeout:     cfg.WebhookTimeout,
			Clock:       cfg.Clock,
			DeniedHosts: webhooks.DefaultDeniedHosts(),
			Policy:      netguard.AllowingPrivate(cfg.AllowPrivateWebhooks),
		})
	}
	return svc
}

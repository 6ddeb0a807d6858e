package server

import (
	"github.com/rivuletflows/rivulet/services"
)

// newServices builds the services the engine reaches the world through: webhooks over
// HTTP, refusing private and loopback addresses unless the configuration allows them.
func newServices(cfg Config, m *metrics) *services.Services {
	return services.New(services.WebhookConfig{
		Timeout:     cfg.WebhookTimeout,
		Clock:       cfg.Clock,
		DeniedHosts: services.DefaultDeniedHosts(),
	}, nil)
}

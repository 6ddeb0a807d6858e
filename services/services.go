// Package services is the contract between the engine and the world outside a session:
// one small interface per service (Webhook, Email, Airtime, LLM, Classifier, Ticketer)
// and the value types that cross it (requests, calls, transfers, HTTP traces). Actions
// ask a service and turn its answer into events; the engine imports no network code.
//
// Implementations live in their own packages, so that importing this one brings in no
// net/http or net/smtp:
//
//   - services/webhooks: Webhook over net/http (deny list, retries, wire traces)
//   - services/smtp: Email over SMTP
//   - services/servicestest: deterministic stand-ins for every service, and the mock HTTP
//     transport, that behave like the services behind the recorded conformance sessions
//
// An embedder fills Services with what it has and passes it in engine.Options:
//
//	svc := &services.Services{
//		Webhook: webhooks.New(webhooks.Config{DeniedHosts: webhooks.DefaultDeniedHosts()}),
//		Email:   smtp.New(smtp.Config{Host: "mail.example.com", Port: 587, From: "flows@example.com"}),
//		LLM:     myLLM{}, // any type with a Respond method
//	}
//
// Every method takes the sprint's context first: it carries the sprint's deadline and the
// caller's values, and an implementation returns promptly with ctx.Err() once it is done.
// Each interface has one method so an embedder can swap in its own implementation with a
// single small type.
package services

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

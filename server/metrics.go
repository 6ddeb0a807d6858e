package server

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so that two
// servers in one process don't share counters.
type metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	sprints        *prometheus.CounterVec
	dryRuns        *prometheus.CounterVec
	sprintDuration *prometheus.HistogramVec
	webhooks       *prometheus.CounterVec
	dueWaits       prometheus.Gauge
	flowStarts     prometheus.Gauge
	handler        http.Handler
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowserver_http_requests_total",
			Help: "HTTP requests by route and status code."}, []string{"route", "code"}),
		sprints: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowserver_sprints_total",
			Help: "Sprints run, by what caused them (msg, channel_event, wait, flow_start, interrupt)."}, []string{"kind"}),
		dryRuns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowserver_dry_runs_total",
			Help: "Dry-run sprints (nothing stored or sent; not counted in flowserver_sprints_total), by what asked for them (msg, flow_start)."}, []string{"kind"}),
		sprintDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "flowserver_sprint_duration_seconds",
			Help: "How long a sprint took, lock and transaction included.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}, []string{"kind"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "flowserver_webhook_calls_total",
			Help: "Webhook calls made by flows, by their status (success, response_error, connection_error, ...)."}, []string{"status"}),
		dueWaits: prometheus.NewGauge(prometheus.GaugeOpts{Name: "flowserver_due_waits",
			Help: "Waits found due at the scheduler's last look."}),
		flowStarts: prometheus.NewGauge(prometheus.GaugeOpts{Name: "flowserver_flow_starts_running",
			Help: "Flow starts under way in this process."}),
	}
	waiting := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "flowserver_waiting_sessions",
		Help: "Sessions waiting for a contact, across workspaces."}, func() float64 {
		ctx, cancel := s.scrapeContext()
		defer cancel()
		n, err := s.store.CountWaiting(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	m.registry.MustRegister(m.requests, m.sprints, m.dryRuns, m.sprintDuration, m.webhooks, m.dueWaits, m.flowStarts, waiting,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}

// scrapeTimeout bounds the database counts read for one metrics scrape.
const scrapeTimeout = 5 * time.Second

// scrapeContext is the context of a count read for a metrics scrape: the collector API
// passes none, so it lives as long as the server and at most scrapeTimeout, and a slow
// database cannot hold a scrape forever.
func (s *Server) scrapeContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.ctx, scrapeTimeout)
}

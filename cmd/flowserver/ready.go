package main

import (
	"net/http"
	"sync/atomic"
)

// gate answers for the process while it starts and stops: until the store is open and
// migrated, and again once a SIGTERM began draining, /readyz says 503 so that a load
// balancer or orchestrator sends nothing; every other path is 503 while starting. /readyz
// is 200 only in between, when requests reach the server.
type gate struct {
	ready atomic.Bool
	next  atomic.Pointer[http.Handler]
}

func (g *gate) serve(h http.Handler) {
	g.next.Store(&h)
	g.ready.Store(true)
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/readyz" {
		w.Header().Set("Content-Type", "application/json")
		if g.ready.Load() {
			w.Write([]byte(`{"status": "ready"}` + "\n"))
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		status := "starting"
		if g.next.Load() != nil {
			status = "draining"
		}
		w.Write([]byte(`{"status": "` + status + `"}` + "\n"))
		return
	}
	h := g.next.Load()
	if h == nil {
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "flowserver is starting: the database is being opened and migrated"}` + "\n"))
		return
	}
	(*h).ServeHTTP(w, r)
}

package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// route is one endpoint of the API; the same table registers the handlers and is checked
// against the OpenAPI document.
type route struct {
	method string
	path   string
	auth   bool
	handle func(w http.ResponseWriter, r *http.Request) error
}

// apiPrefix is where the workspace API lives.
const apiPrefix = "/api/v1"

func (s *Server) routeTable() []route {
	return []route{
		{"GET", "/healthz", false, s.handleHealthz},
		{"GET", "/metrics", false, s.handleMetrics},
		{"GET", "/openapi.json", false, s.handleOpenAPI},

		{"PUT", apiPrefix + "/assets", true, s.handlePutAssets},
		{"GET", apiPrefix + "/flows", true, s.handleListFlows},
		{"GET", apiPrefix + "/flows/{uuid}", true, s.handleGetFlow},
		{"GET", apiPrefix + "/flows/{uuid}/revisions", true, s.handleFlowRevisions},

		{"POST", apiPrefix + "/contacts", true, s.handleCreateContact},
		{"GET", apiPrefix + "/contacts", true, s.handleListContacts},
		{"GET", apiPrefix + "/contacts/{uuid}", true, s.handleGetContact},
		{"PATCH", apiPrefix + "/contacts/{uuid}", true, s.handlePatchContact},
		{"DELETE", apiPrefix + "/contacts/{uuid}", true, s.handleDeleteContact},
		{"GET", apiPrefix + "/contacts/{uuid}/session", true, s.handleContactSession},
		{"POST", apiPrefix + "/contacts/{uuid}/interrupt", true, s.handleInterrupt},

		{"POST", apiPrefix + "/messages", true, s.handleMessage},
		{"POST", apiPrefix + "/channel_events", true, s.handleChannelEvent},

		{"GET", apiPrefix + "/triggers", true, s.handleListTriggers},
		{"POST", apiPrefix + "/triggers", true, s.handleCreateTrigger},
		{"GET", apiPrefix + "/triggers/{uuid}", true, s.handleGetTrigger},
		{"PUT", apiPrefix + "/triggers/{uuid}", true, s.handlePutTrigger},
		{"DELETE", apiPrefix + "/triggers/{uuid}", true, s.handleDeleteTrigger},

		{"POST", apiPrefix + "/flow_starts", true, s.handleCreateFlowStart},
		{"GET", apiPrefix + "/flow_starts/{uuid}", true, s.handleGetFlowStart},

		{"GET", apiPrefix + "/sessions/{uuid}", true, s.handleGetSession},
		{"GET", apiPrefix + "/events", true, s.handleEvents},
		{"GET", apiPrefix + "/runs", true, s.handleRuns},

		{"POST", apiPrefix + "/simulate/start", true, s.handleSimulateStart},
		{"POST", apiPrefix + "/simulate/resume", true, s.handleSimulateResume},
		{"GET", apiPrefix + "/actions", true, s.handleActions},

		{"GET", apiPrefix + "/sinks", true, s.handleListSinks},
		{"POST", apiPrefix + "/sinks", true, s.handleCreateSink},
		{"GET", apiPrefix + "/sinks/{uuid}", true, s.handleGetSink},
		{"PUT", apiPrefix + "/sinks/{uuid}", true, s.handlePutSink},
		{"DELETE", apiPrefix + "/sinks/{uuid}", true, s.handleDeleteSink},
		{"GET", apiPrefix + "/sinks/{uuid}/failures", true, s.handleSinkFailures},
		{"POST", apiPrefix + "/sinks/{uuid}/failures/{id}/retry", true, s.handleRetryFailure},
		{"DELETE", apiPrefix + "/sinks/{uuid}/failures/{id}", true, s.handleDiscardFailure},

		{"POST", apiPrefix + "/subscriptions", true, s.handleCreateSubscription},
		{"GET", apiPrefix + "/subscriptions/next", true, s.handleNextEvent},
		{"DELETE", apiPrefix + "/subscriptions/{id}", true, s.handleDeleteSubscription},

		{"GET", apiPrefix + "/sessions/{uuid}/sprints", true, s.handleSessionSprints},

		{"POST", apiPrefix + "/inbound/{source}", false, s.handleInbound},
		{"PUT", apiPrefix + "/inbound/{source}/secret", true, s.handlePutInboundSecret},
		{"DELETE", apiPrefix + "/inbound/{source}/secret", true, s.handleDeleteInboundSecret},
	}
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.mountEditor(mux)
	return mux
}

// wrap authenticates (when the route needs it) and turns returned errors into problems;
// an error that is not a Problem is the server's fault: logged, and a 500.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.auth {
			ws, err := s.authenticate(r)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			r = r.WithContext(contextWithWorkspace(r.Context(), ws))
		}
		if err := rt.handle(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var p *Problem
	if errors.As(err, &p) {
		writeProblem(w, p)
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	writeProblem(w, problemf(http.StatusInternalServerError, "", nil, "internal error"))
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	var b []byte
	if d, ok := v.(directJSON); ok {
		b, ok = d.appendJSON(make([]byte, 0, 2048))
		if !ok {
			b = nil
		}
	}
	if b == nil {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
	return nil
}

// pathUUID reads and checks the {uuid} path parameter.
func pathUUID(r *http.Request) (string, error) {
	u := r.PathValue("uuid")
	if !isUUID(u) {
		return "", invalid("uuid", u, "path parameter 'uuid' has invalid value '%s': not a UUID", u)
	}
	return u, nil
}

// queryInt reads an optional integer query parameter within [min, max].
// queryPage reads the cursor and page size every listing takes: `after` (the last id or
// sequence number seen, 0 to start) and `limit` (1 to maxPageSize, defaultPageSize when
// absent).
func queryPage(r *http.Request) (after int64, limit int, err error) {
	if after, err = queryInt(r, "after", 0, 0, 1<<62); err != nil {
		return 0, 0, err
	}
	n, err := queryInt(r, "limit", defaultPageSize, 1, maxPageSize)
	return after, int(n), err
}

func queryInt(r *http.Request, name string, def, min, max int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		return 0, invalid(name, v, "query parameter '%s' has invalid value '%s': must be a whole number from %d to %d", name, v, min, max)
	}
	return n, nil
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.CountWaiting(r.Context()); err != nil {
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error()})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

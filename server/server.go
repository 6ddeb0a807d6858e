// Package server is flowserver: the HTTP API a messaging backend talks to, the sprint runner
// that starts and resumes sessions for stored contacts, and the scheduler that fires wait
// timeouts and expirations from the database. It reaches storage only through store.Store
// and the engine only through its public API, so the engine stays a library.
package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

// Limits of the API.
const (
	maxBodyBytes      = 16 << 20
	defaultPageSize   = 100
	maxPageSize       = 1000
	maxWaitSeconds    = 30
	workspaceCacheTTL = 2 * time.Second
	defaultTick       = time.Second
	defaultClaimLease = 30 * time.Second
	dueBatch          = 200
	// defaultDedupeWindow is how long a message's external_id (and a flow start's
	// contact) is remembered: a retry within it is answered as a duplicate.
	defaultDedupeWindow = 7 * 24 * time.Hour
	// pruneBatch bounds one delete of old sprint keys; pruneEvery is how often Run prunes.
	pruneBatch         = 1000
	pruneEvery         = time.Hour
	flowStartBatchSize = 50
)

// Config configures a server. Store is required; the rest have defaults.
type Config struct {
	Store store.Store
	// Clock is what the engine and the scheduler read: the real clock by default, a
	// ManualClock in tests.
	Clock utils.Clock
	// Logger receives structured logs (slog.Default() when nil).
	Logger *slog.Logger
	// AllowPrivateWebhooks lets flows call private and loopback addresses.
	AllowPrivateWebhooks bool
	// WebhookTimeout bounds each webhook call (the services' default when zero).
	WebhookTimeout time.Duration
	// Tick is how often the scheduler looks for due waits when Run is called.
	Tick time.Duration
	// ClaimLease is how long a worker holds the due waits and flow starts it claimed
	// before another worker may take them over (30 s by default): the longest a crashed
	// worker's share of that work waits.
	ClaimLease time.Duration
	// DedupeWindow is how long the keys of work done once are kept (7 days by default):
	// a message retried with its external_id within it is answered as a duplicate,
	// after it is run again. Run deletes older keys hourly.
	DedupeWindow time.Duration
	// Events configures sinks (their outbox worker, NATS) and subscriptions.
	Events EventsConfig
	// Services are the services an embedder gives flows beyond webhooks (Email, Airtime,
	// LLM, Classifier, Ticket); a nil field is a service flows don't have, whose actions
	// log an error. Webhook, when nil, is the server's own HTTP client under the rules
	// above. Dry runs stand in for exactly the services configured here.
	Services *services.Services
	// EditorDir is the folder whose node_modules hold the flow editor's packages, served
	// under /editor/ (DefaultEditorDir when empty; see EditorInstallCommand).
	EditorDir string
}

// Server serves the API. Create it with New, serve Handler, call Run for the scheduler and
// Close when done.
type Server struct {
	store  store.Store
	clock  utils.Clock
	log    *slog.Logger
	engine *engine.Engine
	// services are those the engine was given; policy is what webhook URLs may reach.
	services *services.Services
	policy   *netguard.Policy
	metrics  *metrics
	tick     time.Duration
	lease    time.Duration
	dedupe   time.Duration
	mux      *http.ServeMux
	notify   *notifier
	out      *outbound
	editor   *editor

	// batchRunner is set while a goroutine of this worker runs flow start batches.
	batchRunner atomic.Bool

	mu         sync.Mutex
	workspaces map[string]*cachedWorkspace // by token hash
	assets     map[int64]*workspaceAssets
	triggers   map[int64]*cachedTriggers
	urns       *urnCache

	bg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

type cachedWorkspace struct {
	ws      *store.Workspace
	fetched time.Time
}

// New creates a server. Its background work (the outbox's deliveries, flow starts, the
// events long-poll) runs under ctx, which carries the embedder's values (traces, loggers)
// and ends that work when it is done; Close ends it too.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("server: a store is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = utils.RealClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Tick <= 0 {
		cfg.Tick = defaultTick
	}
	if cfg.ClaimLease <= 0 {
		cfg.ClaimLease = defaultClaimLease
	}
	if cfg.DedupeWindow <= 0 {
		cfg.DedupeWindow = defaultDedupeWindow
	}
	s := &Server{
		store:      cfg.Store,
		clock:      cfg.Clock,
		log:        cfg.Logger,
		tick:       cfg.Tick,
		lease:      cfg.ClaimLease,
		dedupe:     cfg.DedupeWindow,
		notify:     newNotifier(),
		workspaces: map[string]*cachedWorkspace{},
		assets:     map[int64]*workspaceAssets{},
		triggers:   map[int64]*cachedTriggers{},
		urns:       newURNCache(),
	}
	s.metrics = newMetrics(s)
	out, err := newOutbound(s, cfg)
	if err != nil {
		return nil, err
	}
	s.out = out
	s.services = newServices(cfg)
	s.policy = netguard.AllowingPrivate(cfg.AllowPrivateWebhooks)
	s.engine = engine.New(engine.Options{Clock: cfg.Clock, Services: s.services})
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.editor = newEditor(cfg.EditorDir)
	s.mux = s.routes()
	s.startOutbound()
	return s, nil
}

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler { return s }

// ServeHTTP answers a request, with a problem+json 404 or 405 when no route matches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h, pattern := s.mux.Handler(r)
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if pattern == "" {
		h.ServeHTTP(&problemRewriter{statusRecorder: rec}, r)
	} else {
		s.mux.ServeHTTP(rec, r) // the mux sets the path values
	}
	route := pattern
	if route == "" {
		route = "unmatched"
	}
	s.metrics.requests.WithLabelValues(route, fmt.Sprint(rec.status)).Inc()
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
}

// Drain waits for the background work under way (flow starts) to finish.
func (s *Server) Drain() { s.bg.Wait() }

// Close stops background work (the scheduler, flow starts) and waits for it.
func (s *Server) Close() {
	s.cancel()
	s.bg.Wait()
	s.out.close()
}

// Run fires due waits and takes over flow starts whose worker died, every tick until the
// context or the server is done, and prunes sprint keys older than the dedupe window
// hourly.
func (s *Server) Run(ctx context.Context) {
	t := time.NewTicker(s.tick)
	defer t.Stop()
	var pruned time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.ctx.Done():
			return
		case <-t.C:
			if _, err := s.FireDue(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("unable to fire due waits", "error", err)
			}
			if _, err := s.ResumeFlowStarts(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("unable to claim flow starts", "error", err)
			}
			s.goFlowStartBatches()
			if now := s.clock.Now(); now.Sub(pruned) >= pruneEvery {
				pruned = now
				if _, err := s.PruneSprintKeys(ctx); err != nil && ctx.Err() == nil {
					s.log.Error("unable to prune sprint keys", "error", err)
				}
			}
		}
	}
}

// PruneSprintKeys deletes the sprint keys older than the dedupe window, in batches, and
// says how many went.
func (s *Server) PruneSprintKeys(ctx context.Context) (int, error) {
	before := s.clock.Now().Add(-s.dedupe)
	total := 0
	for ctx.Err() == nil {
		n, err := s.store.PruneSprintKeys(ctx, before, pruneBatch)
		total += n
		if err != nil || n < pruneBatch {
			return total, err
		}
	}
	return total, ctx.Err()
}

// HashToken returns the stored form of an API token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewToken returns a new random API token.
func NewToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return "rvt_" + hex.EncodeToString(b)
}

// CreateWorkspace adds a workspace and returns it with its token, which is stored only
// hashed and so can be shown only now.
func CreateWorkspace(ctx context.Context, st store.Store, name string, now time.Time) (*store.Workspace, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, "", fmt.Errorf("a workspace name can't be empty")
	}
	token := NewToken()
	ws, err := st.CreateWorkspace(ctx, name, HashToken(token), now)
	if err != nil {
		return nil, "", err
	}
	return ws, token, nil
}

// workspaceKey is the request context key of the authenticated workspace.
type workspaceKey struct{}

func workspaceOf(r *http.Request) *store.Workspace {
	return r.Context().Value(workspaceKey{}).(*store.Workspace)
}

// authenticate finds the workspace of the request's token.
func (s *Server) authenticate(r *http.Request) (*store.Workspace, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, problemf(http.StatusUnauthorized, "Authorization", nil, "header 'Authorization' is required: Token <token>")
	}
	token, ok := strings.CutPrefix(h, "Token ")
	if !ok || strings.TrimSpace(token) == "" {
		return nil, problemf(http.StatusUnauthorized, "Authorization", nil, "header 'Authorization' must read 'Token <token>'")
	}
	hash := HashToken(strings.TrimSpace(token))
	s.mu.Lock()
	c := s.workspaces[hash]
	s.mu.Unlock()
	if c != nil && time.Since(c.fetched) < workspaceCacheTTL {
		return c.ws, nil
	}
	ws, err := s.store.WorkspaceByToken(r.Context(), hash)
	if err != nil {
		if p := asProblem(err, "", "", nil); p != err {
			return nil, problemf(http.StatusUnauthorized, "Authorization", nil, "the token is not valid")
		}
		return nil, err
	}
	s.mu.Lock()
	s.workspaces[hash] = &cachedWorkspace{ws: ws, fetched: time.Now()}
	s.mu.Unlock()
	return ws, nil
}

// forgetWorkspace drops cached copies of a workspace after it changed.
func (s *Server) forgetWorkspace(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, c := range s.workspaces {
		if c.ws.ID == id {
			delete(s.workspaces, k)
		}
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Flush lets long-polls and streams flush through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// problemRewriter replaces the mux's plain-text 404 and 405 with problems.
type problemRewriter struct {
	*statusRecorder
	wrote bool
}

func (p *problemRewriter) WriteHeader(code int) {
	if p.wrote {
		return
	}
	p.wrote = true
	allow := p.Header().Get("Allow")
	p.Header().Del("X-Content-Type-Options")
	p.status = code
	if code == http.StatusMethodNotAllowed {
		writeProblem(p.ResponseWriter, problemf(code, "method", nil, "method not allowed here; allowed: %s", allow))
		return
	}
	writeProblem(p.ResponseWriter, problemf(code, "path", nil, "no such endpoint"))
}

func (p *problemRewriter) Write(b []byte) (int, error) {
	if !p.wrote {
		p.WriteHeader(http.StatusNotFound)
	}
	return len(b), nil
}

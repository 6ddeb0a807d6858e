package loadtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/store/postgres"
	"github.com/rivuletflows/rivulet/utils"
)

// Load on many workers: the same conversations as Run, sent round-robin to flowserver
// processes sharing one PostgreSQL schema, measured at the database too, for
// docs/scaling.md (`flowserver scale`).

// WorkersOptions of a load run on many flowserver processes.
type WorkersOptions struct {
	// DB is the postgres:// DSN of the database; a schema is made in it for the run and
	// dropped after.
	DB string
	// Bin is the flowserver binary the workers run; Workers how many run.
	Bin     string
	Workers int
	// Assets, Flow, Replies, Contacts and Concurrency are as in Options.
	Assets      string
	Flow        string
	Replies     []string
	Contacts    int
	Concurrency int
	// Timeout bounds the run.
	Timeout time.Duration
	// Log receives the workers' output when a run fails.
	Log io.Writer
}

// WorkersResult is what a run on many workers measured. The database figures are
// PostgreSQL's own, so they hold whatever process sent the statements: pg_stat_database of
// the database (other clients of the same database count too), the WAL position (the whole
// server's) and the size of the run's schema.
type WorkersResult struct {
	workers, messages, errors int
	elapsed                   time.Duration
	p50, p90, p99, max        time.Duration
	commits, inserted         float64
	updated, deleted          float64
	walBytes                  float64
	// stored is the size of the schema's tables and indexes per message at the end.
	stored float64
	// largest names the tables taking most of it, with their share.
	largest string
}

// String reads like "workers 2: 1800 messages in 2.3s = 781/s, p50 ... per message in PostgreSQL: ...".
func (r *WorkersResult) String() string {
	return fmt.Sprintf("workers %d: %d messages in %s = %.0f/s, p50 %s p90 %s p99 %s max %s, %d errors; per message in PostgreSQL: %.2f commits, %.2f rows inserted, %.2f updated, %.2f deleted, %.0f WAL bytes; %.0f bytes stored (%s)",
		r.workers, r.messages, r.elapsed.Round(time.Millisecond), float64(r.messages)/r.elapsed.Seconds(),
		r.p50.Round(100*time.Microsecond), r.p90.Round(100*time.Microsecond), r.p99.Round(100*time.Microsecond), r.max.Round(100*time.Microsecond),
		r.errors, r.commits, r.inserted, r.updated, r.deleted, r.walBytes, r.stored, r.largest)
}

// workersCounts are the database's counters a run is measured by.
type workersCounts struct {
	commits, inserted, updated, deleted, wal float64
}

func readWorkersCounts(ctx context.Context, db *sql.DB) (workersCounts, error) {
	var c workersCounts
	// the statistics are sent by backends when idle: ask for a fresh snapshot
	db.ExecContext(ctx, `SELECT pg_stat_clear_snapshot()`)
	err := db.QueryRowContext(ctx, `SELECT xact_commit, tup_inserted, tup_updated, tup_deleted,
		pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') FROM pg_stat_database WHERE datname = current_database()`).
		Scan(&c.commits, &c.inserted, &c.updated, &c.deleted, &c.wal)
	return c, err
}

// RunWorkers starts o.Workers flowserver processes of o.Bin on a schema of their own, has the
// contacts converse with their messages (each with an external_id) sent round-robin to
// them, stops them and reports.
func RunWorkers(ctx context.Context, o WorkersOptions) (*WorkersResult, error) {
	if o.Workers < 1 || o.Contacts < 1 || o.Concurrency < 1 || len(o.Replies) == 0 || o.Bin == "" {
		return nil, fmt.Errorf("workers, contacts, concurrency, replies and the binary must be given")
	}
	if o.Timeout <= 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	assetsJSON, err := os.ReadFile(o.Assets)
	if err != nil {
		return nil, fmt.Errorf("unable to read assets: %w", err)
	}
	admin, err := sql.Open("pgx", o.DB)
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	schema := fmt.Sprintf("rivulet_workers_%d", rand.Uint64()>>1)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		return nil, fmt.Errorf("unable to create schema %s: %w", schema, err)
	}
	// the schema goes even when the run was cancelled (an interrupted measurement)
	defer admin.ExecContext(context.WithoutCancel(ctx), `DROP SCHEMA `+schema+` CASCADE`)
	u, err := url.Parse(o.DB)
	if err != nil {
		return nil, fmt.Errorf("flag -db is not a URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn := u.String()

	st, err := postgres.Open(ctx, dsn) // migrates the schema
	if err != nil {
		return nil, err
	}
	_, token, err := server.CreateWorkspace(ctx, st, "scale", utils.RealClock{}.Now())
	st.Close()
	if err != nil {
		return nil, err
	}

	self := o.Bin
	conns := max(2, min(32, 60/o.Workers)) // the machine's PostgreSQL allows 100
	var addrs []string
	var procs []*exec.Cmd
	logs := &syncWriter{w: &bytes.Buffer{}}
	stop := func() {
		for _, p := range procs {
			p.Process.Signal(syscall.SIGTERM)
			p.Wait()
		}
		procs = nil
	}
	defer stop()
	for i := 0; i < o.Workers; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command(self, "-addr", addr, "-db", dsn, "-log-level", "error", "-db-conns", fmt.Sprint(conns))
		cmd.Stderr = logs
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		procs = append(procs, cmd)
		addrs = append(addrs, addr)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency * 2}}
	call := func(addr, method, path string, body []byte) (int, []byte, error) {
		return apiCall(ctx, client, token, method, "http://"+addr+path, body)
	}
	for _, a := range addrs {
		for {
			if code, _, err := call(a, "GET", "/readyz", nil); err == nil && code == 200 {
				break
			}
			if ctx.Err() != nil {
				return nil, fmt.Errorf("worker %s not ready: %w\n%s", a, ctx.Err(), logs.w)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if code, body, err := call(addrs[0], "PUT", "/api/v1/assets", assetsJSON); err != nil || code != 200 {
		return nil, fmt.Errorf("unable to upload assets: %d %s %v", code, body, err)
	}
	trig, _ := json.Marshal(map[string]any{"type": "catch_all", "flow": o.Flow})
	if code, body, err := call(addrs[0], "POST", "/api/v1/triggers", trig); err != nil || code != 201 {
		return nil, fmt.Errorf("unable to add trigger: %d %s %v", code, body, err)
	}
	time.Sleep(2500 * time.Millisecond) // the workers' cached assets and triggers expire

	before, err := readWorkersCounts(ctx, admin)
	if err != nil {
		return nil, fmt.Errorf("unable to read pg_stat_database: %w", err)
	}
	var next atomic.Int64
	var errs atomic.Int32
	var mu sync.Mutex
	var latencies []time.Duration
	sem := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < o.Contacts; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k, text := range o.Replies {
				body, _ := json.Marshal(map[string]string{"urn": fmt.Sprintf("tel:+1555%07d", c), "text": text, "external_id": fmt.Sprintf("%d-%d", c, k)})
				sem <- struct{}{}
				t0 := time.Now()
				code, resp, err := call(addrs[next.Add(1)%int64(len(addrs))], "POST", "/api/v1/messages", body)
				d := time.Since(t0)
				<-sem
				if err != nil || code != 200 {
					if ctx.Err() == nil {
						fmt.Fprintf(o.Log, "loadtest: message failed: %d %s %v\n", code, strings.TrimSpace(string(resp)), err)
					}
					errs.Add(1)
					return
				}
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("scale run stopped: %w (%d messages answered)\n%s", ctx.Err(), len(latencies), logs.w)
	}
	// PostgreSQL's backends report their counts when they end (or after 10 s idle): stop
	// the workers, closing their connections, before reading them
	stop()
	time.Sleep(300 * time.Millisecond)
	after, err := readWorkersCounts(ctx, admin)
	if err != nil {
		return nil, fmt.Errorf("unable to read pg_stat_database: %w", err)
	}
	stored, largest, err := workersSchemaSize(ctx, admin, schema)
	if err != nil {
		return nil, fmt.Errorf("unable to read the schema's size: %w", err)
	}
	pct := percentiles(latencies)
	n := float64(max(1, len(latencies)))
	return &WorkersResult{workers: o.Workers, messages: len(latencies), errors: int(errs.Load()), elapsed: elapsed,
		p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1),
		commits: (after.commits - before.commits) / n, inserted: (after.inserted - before.inserted) / n,
		updated: (after.updated - before.updated) / n, deleted: (after.deleted - before.deleted) / n,
		walBytes: (after.wal - before.wal) / n, stored: stored / n, largest: largest}, nil
}

// workersSchemaSize is the size of a schema's tables with their indexes and TOAST, and the three
// largest with their share.
func workersSchemaSize(ctx context.Context, db *sql.DB, schema string) (float64, string, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 2 DESC`, schema)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	var total float64
	type table struct {
		name string
		size float64
	}
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.name, &t.size); err != nil {
			return 0, "", err
		}
		total += t.size
		tables = append(tables, t)
	}
	var parts []string
	for _, t := range tables[:min(3, len(tables))] {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", t.name, 100*t.size/max(1, total)))
	}
	return total, strings.Join(parts, ", "), rows.Err()
}

// syncWriter is a writer many goroutines (a child's output copiers) may share.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *syncWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

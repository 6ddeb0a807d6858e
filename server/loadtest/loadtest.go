// Package loadtest measures flowserver under load: it starts the real server on a loopback
// port over a fresh database, uploads a flow, and has many contacts converse through it
// concurrently over HTTP, timing every message. `flowserver bench` runs it; its test runs
// a small bounded load.
package loadtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/postgres"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/rivuletflows/rivulet/store/sqlstore"
)

// Options of a load run.
type Options struct {
	// DB is a postgres:// DSN (a schema is created for the run and dropped after) or empty
	// for an SQLite file in a temporary directory.
	DB string
	// Assets is the assets file uploaded; Flow the UUID of its flow the contacts run, and
	// Replies the messages each contact sends (the first one starts the flow through a
	// catch-all trigger).
	Assets  string
	Flow    string
	Replies []string
	// Contacts is how many contacts converse; Concurrency how many requests are in flight
	// at most.
	Contacts    int
	Concurrency int
	// Rate, when above zero, paces messages at that many per second (open loop) instead of
	// sending as fast as answers come.
	Rate float64
	// Timeout bounds the run.
	Timeout time.Duration
	// Warmup is how many contacts (other than the measured ones) converse through the
	// flow first, unmeasured, as a server that has been running a while has its
	// connections open, statements prepared and caches filled.
	Warmup int
	// CPUProfile, when set, receives a CPU profile (pprof format) of the load phase:
	// server and load generator together, as CPU is measured.
	CPUProfile io.Writer
	// MemProfile, when set, receives the allocations profile (pprof format) at the end of
	// the run; go tool pprof -sample_index=alloc_space reads what was allocated where.
	MemProfile io.Writer
}

// Result is what a run measured.
type Result struct {
	Backend   string
	Messages  int
	Errors    int
	Duration  time.Duration
	PerSecond float64
	P50, P90  time.Duration
	P99, Max  time.Duration
	// CPU is the process's CPU time (server and load generator together) per message:
	// on a machine shared with other work it says more than the wall-clock rate, and
	// 2 cores / CPU bounds what the machine could do alone.
	CPU time.Duration
	// Statements, Transactions, Commits and RoundTrips are what the store asked of the
	// database per message (see sqlstore.Stats), ArgBytes the text it sent per message;
	// zero when the store doesn't count.
	Statements, Transactions, Commits, RoundTrips float64
	ArgBytes                                      float64
	// RequestBytes and ResponseBytes are the HTTP bodies per message.
	RequestBytes, ResponseBytes float64
}

// String reads like "sqlite: 3000 messages in 1.2s = 2500/s, p50 1.1ms p90 2ms p99 4ms max 9ms, 0 errors".
func (r *Result) String() string {
	return fmt.Sprintf("%s: %d messages in %s = %.0f/s, p50 %s p90 %s p99 %s max %s, %d errors, CPU %s per message",
		r.Backend, r.Messages, r.Duration.Round(time.Millisecond), r.PerSecond, r.P50.Round(10*time.Microsecond),
		r.P90.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond), r.Errors,
		r.CPU.Round(time.Microsecond)) + fmt.Sprintf("; per message: %.2f statements, %.2f round trips, %.2f transactions, %.2f commits, %.0f bytes of arguments, HTTP %.0f bytes in and %.0f out",
		r.Statements, r.RoundTrips, r.Transactions, r.Commits, r.ArgBytes, r.RequestBytes, r.ResponseBytes)
}

// counter is a store that counts what it asks of its database (sqlstore does).
type counter interface{ Stats() sqlstore.Stats }

// Run runs the load and reports it.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Contacts <= 0 || o.Concurrency <= 0 || len(o.Replies) == 0 {
		return nil, fmt.Errorf("contacts, concurrency and replies must be given")
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	assetsJSON, err := os.ReadFile(o.Assets)
	if err != nil {
		return nil, fmt.Errorf("unable to read assets: %w", err)
	}

	st, backend, cleanup, err := openStore(ctx, o.DB)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	srv, err := server.New(ctx, server.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	defer hs.Shutdown(context.WithoutCancel(ctx)) // shut down even when the run was cancelled
	base := "http://" + ln.Addr().String() + "/api/v1"

	_, token, err := server.CreateWorkspace(ctx, st, "load", time.Now())
	if err != nil {
		return nil, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency * 2, MaxConnsPerHost: o.Concurrency * 2}}
	post := func(method, path string, body []byte) (int, []byte, error) {
		return apiCall(ctx, client, token, method, base+path, body)
	}
	if code, body, err := post("PUT", "/assets", assetsJSON); err != nil || code != 200 {
		return nil, fmt.Errorf("unable to upload assets: %d %s %v", code, body, err)
	}
	trig, _ := json.Marshal(map[string]any{"type": "catch_all", "flow": o.Flow})
	if code, body, err := post("POST", "/triggers", trig); err != nil || code != 201 {
		return nil, fmt.Errorf("unable to add trigger: %d %s %v", code, body, err)
	}

	if o.Warmup > 0 {
		// warm-up contacts (numbered after the measured ones) converse first, unmeasured
		if d, e := converse(ctx, o, post, o.Contacts, o.Warmup, nil); ctx.Err() != nil || e > 0 {
			return nil, fmt.Errorf("warm-up failed: %d of %d messages answered, %d errors %v", d, o.Warmup*len(o.Replies), e, ctx.Err())
		}
	}

	total := o.Contacts * len(o.Replies)
	latencies := make([]time.Duration, 0, total)
	var mu sync.Mutex
	var reqBytes, respBytes atomic.Int64
	var statsAt sqlstore.Stats
	if c, ok := st.(counter); ok {
		statsAt = c.Stats()
	}
	if o.CPUProfile != nil {
		if err := pprof.StartCPUProfile(o.CPUProfile); err != nil {
			return nil, fmt.Errorf("unable to profile: %w", err)
		}
	}
	startAt := time.Now()
	cpuAt := cpuTime()
	done, errs := converse(ctx, o, post, 0, o.Contacts, func(d time.Duration, req, resp int) {
		reqBytes.Add(int64(req))
		respBytes.Add(int64(resp))
		mu.Lock()
		latencies = append(latencies, d)
		mu.Unlock()
	})
	elapsed := time.Since(startAt)
	cpu := cpuTime() - cpuAt
	if o.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("load run stopped: %w (%d of %d messages answered)", ctx.Err(), done, total)
	}
	if o.MemProfile != nil {
		if err := pprof.Lookup("allocs").WriteTo(o.MemProfile, 0); err != nil {
			return nil, fmt.Errorf("unable to write the allocations profile: %w", err)
		}
	}
	pct := percentiles(latencies)
	n := float64(max(1, len(latencies)))
	res := &Result{Backend: backend, Messages: len(latencies), Errors: errs, Duration: elapsed,
		PerSecond: float64(len(latencies)) / elapsed.Seconds(), P50: pct(0.50), P90: pct(0.90), P99: pct(0.99), Max: pct(1),
		CPU: cpu / time.Duration(n), RequestBytes: float64(reqBytes.Load()) / n, ResponseBytes: float64(respBytes.Load()) / n}
	if c, ok := st.(counter); ok {
		d := c.Stats()
		res.Statements = float64(d.Statements-statsAt.Statements) / n
		res.Transactions = float64(d.Transactions-statsAt.Transactions) / n
		res.Commits = float64(d.Commits-statsAt.Commits) / n
		res.RoundTrips = float64(d.RoundTrips-statsAt.RoundTrips) / n
		res.ArgBytes = float64(d.ArgBytes-statsAt.ArgBytes) / n
	}
	return res, nil
}

// converse has contacts [from, from+n) send their replies through o's flow, each its next
// one once the last is answered, contacts interleaved at random, at most o.Concurrency in
// flight (paced at o.Rate when set); record, when given, gets each answered message's
// latency and body sizes. It returns how many were answered and how many failed.
func converse(ctx context.Context, o Options, post func(method, path string, body []byte) (int, []byte, error), from, n int,
	record func(d time.Duration, reqBytes, respBytes int)) (int, int) {
	type msg struct {
		contact, step int
	}
	total := n * len(o.Replies)
	next := make([]atomic.Int32, n)
	ready := make(chan msg, total)
	for c := 0; c < n; c++ {
		ready <- msg{contact: c}
	}
	var done, errs atomic.Int32
	finished := make(chan struct{})
	var finish sync.Once
	settle := func() {
		if int(done.Load())+int(errs.Load()) >= total {
			finish.Do(func() { close(finished) })
		}
	}
	var pace <-chan time.Time
	if o.Rate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / o.Rate))
		defer t.Stop()
		pace = t.C
	}
	sem := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	for total > 0 {
		var m msg
		got := false
		// a contact's next message waits for the answer to its last one: block until one
		// is ready, all are answered, or the run is stopped
		select {
		case m = <-ready:
			got = true
		case <-finished:
		case <-ctx.Done():
		}
		if !got || ctx.Err() != nil {
			break
		}
		if pace != nil {
			<-pace
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(m msg) {
			defer wg.Done()
			defer func() { <-sem }()
			body, _ := json.Marshal(map[string]string{"urn": fmt.Sprintf("tel:+1555%07d", from+m.contact), "text": o.Replies[m.step]})
			t0 := time.Now()
			code, resp, err := post("POST", "/messages", body)
			d := time.Since(t0)
			if err != nil || code != 200 {
				if ctx.Err() == nil {
					fmt.Fprintf(os.Stderr, "loadtest: message failed: %d %s %v\n", code, strings.TrimSpace(string(resp)), err)
				}
				errs.Add(1)
			} else {
				if record != nil {
					record(d, len(body), len(resp))
				}
				done.Add(1)
			}
			if s := int(next[m.contact].Add(1)); s < len(o.Replies) {
				ready <- msg{contact: m.contact, step: s}
			}
			settle()
		}(m)
	}
	wg.Wait()
	return int(done.Load()), int(errs.Load())
}

// percentiles sorts the latencies and returns what reads the p-th percentile (0 to 1; 1 is
// the largest), 0 when there are none.
func percentiles(latencies []time.Duration) func(p float64) time.Duration {
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// openStore opens a fresh store for the run and returns what removes it.
func openStore(ctx context.Context, dsn string) (store.Store, string, func(), error) {
	if dsn == "" {
		dir, err := os.MkdirTemp("", "flowserver-load-")
		if err != nil {
			return nil, "", nil, err
		}
		st, err := sqlite.Open(ctx, filepath.Join(dir, "load.db"))
		if err != nil {
			os.RemoveAll(dir)
			return nil, "", nil, err
		}
		return st, "sqlite", func() { st.Close(); os.RemoveAll(dir) }, nil
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, "", nil, err
	}
	schema := fmt.Sprintf("rivulet_load_%d", rand.Uint64()>>1)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, "", nil, fmt.Errorf("unable to create schema: %w", err)
	}
	drop := func() {
		// the schema goes even when the run was cancelled (an interrupted bench)
		admin.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}
	u, err := url.Parse(dsn)
	if err != nil {
		drop()
		return nil, "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	st, err := postgres.Open(ctx, u.String())
	if err != nil {
		drop()
		return nil, "", nil, err
	}
	return st, "postgres", func() { st.Close(); drop() }, nil
}

// apiCall sends one API request with the workspace's token and reads the whole answer.
func apiCall(ctx context.Context, client *http.Client, token, method, url string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Token "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// Command flowserver runs Rivulet as a service: an HTTP API for a messaging backend, with
// everything kept in an SQLite file by default or in PostgreSQL.
//
//	flowserver [-addr 127.0.0.1:8080] [-db rivulet.db | -db postgres://...] [-nats nats://...]
//	flowserver workspace create NAME
//	flowserver bench [-db postgres://...] [-contacts 500] [-concurrency 16] [-rate 0]
//	flowserver scale -db postgres://... [-workers 3] [-contacts 300] [-concurrency 16]
//
// Every flag may be set by an environment variable instead, RIVULET_ and the flag's name
// in capitals with _ for - (RIVULET_ADDR, RIVULET_DB, RIVULET_NATS...); a flag given wins.
// SIGTERM or SIGINT drains: /readyz turns 503, requests under way finish their sprints,
// the scheduler and flow starts stop, and the process exits 0. /readyz is 200 only once
// the database is migrated; many processes may share one PostgreSQL (docs/scaling.md).
//
// It also serves the RapidPro flow editor at /editor/ from the npm packages that
// `npm ci --prefix web/editor` installs (-editor DIR, RIVULET_EDITOR; docs/editor.md).
//
// This command only wires: the API is package server, storage packages store/sqlite and
// store/postgres.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/postgres"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/rivuletflows/rivulet/utils"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// options are the flags shared by serving and the workspace command.
type options struct {
	addr                 string
	db                   string
	logLevel             string
	allowPrivateWebhooks bool
	nats                 string
	editorDir            string
	claimLease           time.Duration
	tick                 time.Duration
	drainTimeout         time.Duration
	dedupeWindow         time.Duration
	deliveryLease        time.Duration
	dbConns              int
}

func flags(name string, stderr io.Writer, o *options, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.db, "db", "rivulet.db", "the database: an SQLite file `PATH`, or a postgres:// DSN")
	fs.IntVar(&o.dbConns, "db-conns", postgres.DefaultConns, "the most connections to PostgreSQL this process opens (workers share the server's max_connections)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, envUsage(fs))
	}
	return fs
}

// parse reads the settings from the environment, then the command line.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer, lookup func(string) (string, bool)) bool {
	if err := applyEnv(fs, lookup); err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return false
	}
	return fs.Parse(args) == nil
}

// run is the command; ready, when set, is told the address once the server serves the API.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	return runEnv(ctx, args, stdout, stderr, ready, os.LookupEnv)
}

// runEnv is run reading the environment through lookup.
func runEnv(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string), lookup func(string) (string, bool)) int {
	if len(args) > 0 && args[0] == "workspace" {
		return runWorkspace(ctx, args[1:], stdout, stderr, lookup)
	}
	if len(args) > 0 && args[0] == "bench" {
		return runBench(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "scale" {
		return runScale(ctx, args[1:], stdout, stderr)
	}
	o := &options{}
	fs := flags("flowserver", stderr, o, "usage: flowserver [flags]\n       flowserver workspace create [-db ...] NAME\n       flowserver bench [flags]\n       flowserver scale -db postgres://... [flags]\n\nServes the flow API. Flags:")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fs.StringVar(&o.logLevel, "log-level", "info", "log `LEVEL`: debug, info, warn or error")
	fs.BoolVar(&o.allowPrivateWebhooks, netguard.AllowPrivateFlag, false, "let flows' webhooks and sinks call private and loopback addresses (refused by default)")
	fs.StringVar(&o.editorDir, "editor", server.DefaultEditorDir, "the `DIR` whose node_modules hold the flow editor served under /editor/ (install: "+server.EditorInstallCommand+")")
	fs.StringVar(&o.nats, "nats", "", "the NATS server `URL` (nats://host:port) that sinks' NATS destinations publish to with JetStream")
	fs.DurationVar(&o.claimLease, "claim-lease", 30*time.Second, "how long a worker holds the due waits and flow starts it claimed: the longest a killed worker's share waits for another")
	fs.DurationVar(&o.tick, "tick", time.Second, "how often to look for due waits and abandoned flow starts")
	fs.DurationVar(&o.deliveryLease, "delivery-lease", 2*time.Minute, "how long a worker holds the sink deliveries it claimed (longer than a delivery takes)")
	fs.DurationVar(&o.dedupeWindow, "dedupe-window", 7*24*time.Hour, "how long a message's external_id is remembered: a retry within it is answered as a duplicate")
	fs.DurationVar(&o.drainTimeout, "drain-timeout", 25*time.Second, "on SIGTERM, how long to wait for requests under way (their sprints) before exiting")
	if !parse(fs, args, stderr, lookup) {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "flowserver: unexpected argument '%s'\n", fs.Arg(0))
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		fmt.Fprintf(stderr, "flowserver: flag -log-level has invalid value '%s'\n", o.logLevel)
		return 2
	}
	for name, d := range map[string]time.Duration{"claim-lease": o.claimLease, "tick": o.tick, "drain-timeout": o.drainTimeout, "delivery-lease": o.deliveryLease, "dedupe-window": o.dedupeWindow} {
		if d <= 0 {
			fmt.Fprintf(stderr, "flowserver: flag -%s has invalid value '%s': must be positive\n", name, d)
			return 2
		}
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))

	// listen first: /readyz says 503 while the database is opened and migrated
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	g := &gate{}
	hs := &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	defer hs.Close()

	st, err := openStore(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	defer st.Close()
	// a signal starts the drain below; the background work ends with srv.Close after it
	srv, err := server.New(context.WithoutCancel(ctx), server.Config{Store: st, Logger: logger, AllowPrivateWebhooks: o.allowPrivateWebhooks,
		Tick: o.tick, ClaimLease: o.claimLease, DedupeWindow: o.dedupeWindow, Events: server.EventsConfig{NATSURL: o.nats, Lease: o.deliveryLease}, EditorDir: o.editorDir})
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	defer srv.Close()
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		srv.Run(context.Background()) // until srv.Close: a fire under way finishes
	}()
	g.serve(srv.Handler())
	if ready != nil {
		ready(ln.Addr().String())
	}
	logger.Info("flowserver listening", "addr", ln.Addr().String(), "db", describeDB(o.db))
	if err := server.EditorMissing(o.editorDir); err != nil {
		fmt.Fprintf(stderr, "flowserver: the flow editor is not available at /editor/: %s\n", err)
	} else {
		fmt.Fprintf(stderr, "flowserver: the flow editor is at http://%s/editor/\n", ln.Addr().String())
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "flowserver: %s\n", err)
			return 1
		}
	}
	// drain: stop taking requests and let those under way finish their sprints, then stop
	// the scheduler after its current fire and the flow starts at their next contact
	// (their leases let go for another worker), and only then close the database
	g.ready.Store(false)
	logger.Info("flowserver draining", "timeout", o.drainTimeout.String())
	shutdown, cancel := context.WithTimeout(context.Background(), o.drainTimeout)
	defer cancel()
	code := 0
	if err := hs.Shutdown(shutdown); err != nil {
		logger.Error("requests still under way at the drain timeout", "error", err)
		code = 1
	}
	srv.Close()
	<-schedDone
	logger.Info("flowserver stopped")
	return code
}

func runWorkspace(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: flowserver workspace create [-db ...] NAME")
		return 2
	}
	o := &options{}
	fs := flags("workspace create", stderr, o, "usage: flowserver workspace create [-db ...] NAME\n\nCreates a workspace and prints its API token, once (only its hash is kept). Flags:")
	if !parse(fs, args[1:], stderr, lookup) {
		return 2
	}
	if fs.NArg() != 1 || strings.TrimSpace(fs.Arg(0)) == "" {
		fs.Usage()
		return 2
	}
	st, err := openStore(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	defer st.Close()
	ws, token, err := server.CreateWorkspace(ctx, st, fs.Arg(0), utils.RealClock{}.Now())
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "created workspace %q (%s); its token, shown only now:\n", ws.Name, ws.UUID)
	fmt.Fprintln(stdout, token)
	return 0
}

// openStore opens PostgreSQL for a postgres:// DSN and an SQLite file otherwise.
func openStore(ctx context.Context, o *options) (store.Store, error) {
	if strings.HasPrefix(o.db, "postgres://") || strings.HasPrefix(o.db, "postgresql://") {
		return postgres.OpenPool(ctx, o.db, o.dbConns)
	}
	return sqlite.Open(ctx, o.db)
}

// describeDB names the database without a DSN's password.
func describeDB(db string) string {
	if strings.HasPrefix(db, "postgres") {
		return "postgres"
	}
	return db
}

// Command flowserver runs Rivulet as a service: an HTTP API for a messaging backend, with
// everything kept in an SQLite file by default or in PostgreSQL.
//
//	flowserver [-addr 127.0.0.1:8080] [-db rivulet.db | -db postgres://...]
//	flowserver workspace create NAME
//	flowserver bench [-db postgres://...] [-contacts 500] [-concurrency 16] [-rate 0]
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
}

func flags(name string, stderr io.Writer, o *options, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.db, "db", "rivulet.db", "the database: an SQLite file `PATH`, or a postgres:// DSN")
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// run is the command; ready, when set, is told the address once the server listens.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	if len(args) > 0 && args[0] == "workspace" {
		return runWorkspace(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "bench" {
		return runBench(ctx, args[1:], stdout, stderr)
	}
	o := &options{}
	fs := flags("flowserver", stderr, o, "usage: flowserver [flags]\n       flowserver workspace create [-db ...] NAME\n       flowserver bench [flags]\n\nServes the flow API. Flags:")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fs.StringVar(&o.logLevel, "log-level", "info", "log `LEVEL`: debug, info, warn or error")
	fs.BoolVar(&o.allowPrivateWebhooks, netguard.AllowPrivateFlag, false, "let flows' webhooks and sinks call private and loopback addresses (refused by default)")
	fs.StringVar(&o.editorDir, "editor", server.DefaultEditorDir, "the `DIR` whose node_modules hold the flow editor served under /editor/ (install: "+server.EditorInstallCommand+")")
	fs.StringVar(&o.nats, "nats", "", "the NATS server `URL` (nats://host:port) that sinks' NATS destinations publish to with JetStream")
	if err := fs.Parse(args); err != nil {
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
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))

	st, err := openStore(ctx, o.db)
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	defer st.Close()
	srv, err := server.New(server.Config{Store: st, Logger: logger, AllowPrivateWebhooks: o.allowPrivateWebhooks,
		Events: server.EventsConfig{NATSURL: o.nats}, EditorDir: o.editorDir})
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Run(ctx)
	logger.Info("flowserver listening", "addr", ln.Addr().String(), "db", describeDB(o.db))
	if err := server.EditorMissing(o.editorDir); err != nil {
		fmt.Fprintf(stderr, "flowserver: the flow editor is not available at /editor/: %s\n", err)
	} else {
		fmt.Fprintf(stderr, "flowserver: the flow editor is at http://%s/editor/\n", ln.Addr().String())
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "flowserver: %s\n", err)
			return 1
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Close()
	hs.Shutdown(shutdown)
	logger.Info("flowserver stopped")
	return 0
}

func runWorkspace(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: flowserver workspace create [-db ...] NAME")
		return 2
	}
	o := &options{}
	fs := flags("workspace create", stderr, o, "usage: flowserver workspace create [-db ...] NAME\n\nCreates a workspace and prints its API token, once (only its hash is kept). Flags:")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 || strings.TrimSpace(fs.Arg(0)) == "" {
		fs.Usage()
		return 2
	}
	st, err := openStore(ctx, o.db)
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
func openStore(ctx context.Context, db string) (store.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// describeDB names the database without a DSN's password.
func describeDB(db string) string {
	if strings.HasPrefix(db, "postgres") {
		return "postgres"
	}
	return db
}

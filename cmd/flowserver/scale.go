package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/server/loadtest"
)

// runScale is `flowserver scale`: loadtest.RunWorkers, for docs/scaling.md's figures of 1,
// 2 and 3 workers.
func runScale(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flowserver scale -db postgres://... [flags]\n\nMakes a schema of its own in the database of -db (dropped after), starts -workers\nflowserver processes of this binary on it, and has -contacts contacts converse through\nthe flow with their messages sent round-robin to the workers; prints messages/s, latency\npercentiles, and what PostgreSQL counted per message. Flags:")
		fs.PrintDefaults()
	}
	db := fs.String("db", "", "the postgres:// `DSN` of the database to measure (required)")
	workers := fs.Int("workers", 1, "how many flowserver processes share the database")
	assetsFile := fs.String("assets", "testdata/flows/two_questions.json", "the assets `FILE` to upload")
	flow := fs.String("flow", "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "the `UUID` of the flow the contacts run (started by a catch-all trigger)")
	replies := fs.String("replies", "fruit,mango,3", "the `MESSAGES` each contact sends, comma separated")
	contacts := fs.Int("contacts", 300, "how many contacts converse")
	concurrency := fs.Int("concurrency", 16, "how many messages are in flight at most")
	timeout := fs.Duration("timeout", 3*time.Minute, "stop the run after this long")
	bin := fs.String("bin", "", "the flowserver `BINARY` the workers run (default: this one)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "flowserver: unexpected argument '%s'\n", fs.Arg(0))
		return 2
	case !strings.HasPrefix(*db, "postgres://") && !strings.HasPrefix(*db, "postgresql://"):
		fmt.Fprintf(stderr, "flowserver: flag -db has invalid value '%s': a postgres:// DSN is required\n", *db)
		return 2
	case *workers < 1 || *workers > 16:
		fmt.Fprintf(stderr, "flowserver: flag -workers has invalid value '%d': 1 to 16\n", *workers)
		return 2
	case *contacts < 1 || *contacts > 100000:
		fmt.Fprintf(stderr, "flowserver: flag -contacts has invalid value '%d': 1 to 100000\n", *contacts)
		return 2
	case *concurrency < 1:
		fmt.Fprintf(stderr, "flowserver: flag -concurrency has invalid value '%d': at least 1\n", *concurrency)
		return 2
	}
	if *bin == "" {
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintf(stderr, "flowserver: %s\n", err)
			return 1
		}
		*bin = self
	}
	res, err := loadtest.RunWorkers(ctx, loadtest.WorkersOptions{DB: *db, Bin: *bin, Workers: *workers, Assets: *assetsFile, Flow: *flow,
		Replies: strings.Split(*replies, ","), Contacts: *contacts, Concurrency: *concurrency, Timeout: *timeout, Log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	fmt.Fprintln(stdout, res)
	return 0
}

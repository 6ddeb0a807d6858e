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

// runBench is `flowserver bench`: a bounded load run against a fresh database.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flowserver bench [flags]\n\nStarts the server on a loopback port over a fresh database (a temporary SQLite file,\nor a schema of its own in the PostgreSQL of -db, dropped after), uploads the assets and\nhas many contacts converse through the flow at once over HTTP; prints messages/s and\nlatency percentiles. Flags:")
		fs.PrintDefaults()
	}
	db := fs.String("db", "", "a postgres:// `DSN` to measure PostgreSQL (default: a temporary SQLite file)")
	assetsFile := fs.String("assets", "testdata/flows/two_questions.json", "the assets `FILE` to upload")
	flow := fs.String("flow", "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "the `UUID` of the flow the contacts run (started by a catch-all trigger)")
	replies := fs.String("replies", "fruit,mango,3,again", "the `MESSAGES` each contact sends, comma separated")
	contacts := fs.Int("contacts", 500, "how many contacts converse")
	concurrency := fs.Int("concurrency", 16, "how many messages are in flight at most")
	warmup := fs.Int("warmup", 100, "how many other contacts converse first, unmeasured (connections opened, statements prepared, caches filled)")
	rate := fs.Float64("rate", 0, "pace messages at this many per second (0: as fast as answered)")
	timeout := fs.Duration("timeout", 2*time.Minute, "stop the run after this long")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load to `FILE` (go tool pprof reads it)")
	memProfile := fs.String("memprofile", "", "write the allocations profile of the run to `FILE` (go tool pprof -sample_index=alloc_space reads it)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *contacts <= 0 || *concurrency <= 0 || *contacts > 100000 || *warmup < 0 || *warmup > 100000 {
		fs.Usage()
		return 2
	}
	o := loadtest.Options{DB: *db, Assets: *assetsFile, Flow: *flow, Replies: strings.Split(*replies, ","),
		Contacts: *contacts, Warmup: *warmup, Concurrency: *concurrency, Rate: *rate, Timeout: *timeout}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "flowserver: unable to write the profile: %s\n", err)
			return 1
		}
		defer f.Close()
		o.CPUProfile = f
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			fmt.Fprintf(stderr, "flowserver: unable to write the profile: %s\n", err)
			return 1
		}
		defer f.Close()
		o.MemProfile = f
	}
	res, err := loadtest.Run(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "flowserver: %s\n", err)
		return 1
	}
	fmt.Fprintln(stdout, res)
	return 0
}

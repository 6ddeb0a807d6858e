package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// DefaultBenchSessions is how many sessions `flowrunner bench` replays when -n isn't given.
const DefaultBenchSessions = 1000

func runBench(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench", stderr,
		"usage: flowrunner bench [-n N] [-resumes N] [-cpuprofile FILE] [-memprofile FILE] ASSETS.json TEST.json",
		"Loads the assets once, then replays the test's session N times as replay does (marshalling and",
		"reading the session back between sprints, marshalling each sprint's events) and prints the rate.",
	)
	n := fs.Int("n", DefaultBenchSessions, "number of sessions to replay")
	resumes := fs.Int("resumes", -1, "replay only the first `N` resumes (-resumes 1: a start and one resume, the fixed cost of a sprint); all when not given")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed loop to this `FILE`")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the timed loop to this `FILE`")
	pos, code, ok := parseArgs(fs, args, 2, 2)
	if !ok {
		return code
	}
	if *n <= 0 {
		fmt.Fprintf(stderr, "flowrunner: flag -n must be at least 1, not %d\n", *n)
		return exitInput
	}
	if *resumes < -1 {
		fmt.Fprintf(stderr, "flowrunner: flag -resumes must be at least 0, not %d\n", *resumes)
		return exitInput
	}
	sa, tc, err := readReplayFiles(pos[0], pos[1])
	if err != nil {
		return fail(stderr, err)
	}
	if *resumes >= 0 && *resumes < len(tc.Resumes) {
		tc.Resumes = tc.Resumes[:*resumes]
	}
	// one replay first so that flows are read and migrated, as a long-running worker would
	// have them already
	if _, err := replay(sa, tc); err != nil {
		return fail(stderr, err)
	}

	if *memProfile != "" {
		runtime.MemProfileRate = 4096
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "flowrunner: %s\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "flowrunner: %s\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	sessionBytes := 0
	for i := 0; i < *n; i++ {
		outputs, err := replay(sa, tc)
		if err != nil {
			fmt.Fprintf(stderr, "flowrunner: %s\n", err)
			return 1
		}
		if i == 0 {
			for _, o := range outputs {
				sessionBytes += len(o.Session)
			}
			sessionBytes /= len(outputs)
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	allocs := float64(after.Mallocs-before.Mallocs) / float64(*n)
	bytes := float64(after.TotalAlloc-before.TotalAlloc) / float64(*n)
	rate := float64(*n) / elapsed.Seconds()
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			fmt.Fprintf(stderr, "flowrunner: %s\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fmt.Fprintf(stderr, "flowrunner: %s\n", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "%d sessions in %s: %.0f sessions/s, %.0f allocs/session, %.0f bytes/session, %d bytes of session JSON\n",
		*n, elapsed.Round(time.Millisecond), rate, allocs, bytes, sessionBytes)
	return 0
}

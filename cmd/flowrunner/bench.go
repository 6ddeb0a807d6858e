package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rivuletflows/rivulet/flows/engine"
)

// DefaultBenchSessions is how many sessions `flowrunner bench` replays when -n isn't given.
const DefaultBenchSessions = 1000

func runBench(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench", stderr,
		"usage: flowrunner bench [-n N] [-resumes N] [-parallel N] [-cpuprofile FILE] [-memprofile FILE] ASSETS.json TEST.json",
		"Loads the assets once, then replays the test's session N times as replay does (marshalling and",
		"reading the session back between sprints, marshalling each sprint's events) and prints the rate.",
	)
	n := fs.Int("n", DefaultBenchSessions, "number of sessions to replay")
	resumes := fs.Int("resumes", -1, "replay only the first `N` resumes (-resumes 1: a start and one resume, the fixed cost of a sprint); all when not given")
	parallel := fs.Int("parallel", 1, "replay on `N` goroutines sharing the assets, as a backend's workers would; the rate is of all of them together")
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
	if *parallel < 1 {
		fmt.Fprintf(stderr, "flowrunner: flag -parallel must be at least 1, not %d\n", *parallel)
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
	sessionBytes, err := benchLoop(sa, tc, *n, *parallel)
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 1
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
	if *parallel > 1 {
		fmt.Fprintf(stdout, "%d goroutines: ", *parallel)
	}
	fmt.Fprintf(stdout, "%d sessions in %s: %.0f sessions/s, %.0f allocs/session, %.0f bytes/session, %d bytes of session JSON\n",
		*n, elapsed.Round(time.Millisecond), rate, allocs, bytes, sessionBytes)
	return 0
}

// benchLoop replays the test n times over workers goroutines (each engine its own, the
// assets shared) and returns the average size of the stored session of the first replay.
func benchLoop(sa *engine.Assets, tc *testCase, n, workers int) (int, error) {
	first, err := replay(sa, tc)
	if err != nil {
		return 0, err
	}
	sessionBytes := 0
	for _, o := range first {
		sessionBytes += len(o.Session)
	}
	sessionBytes /= len(first)

	var next atomic.Int64
	next.Store(1)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if _, err := replay(sa, tc); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return sessionBytes, <-errs
}

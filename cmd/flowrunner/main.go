// Command flowrunner runs, replays, checks and evaluates flows from the command line.
//
//	flowrunner replay ASSETS.json TEST.json   replay a recorded session, print its outputs
//	flowrunner check ASSETS.json              read and validate every flow of an assets file
//	flowrunner eval --fixture SESSION.json    evaluate templates (JSON lines on stdin)
//	flowrunner actions                        list the registered action types
package main

import (
	"fmt"
	"io"
	"os"
)

type command struct {
	name  string
	usage string
	run   func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"replay", "replay ASSETS.json TEST.json: replay a recorded session and print its outputs as JSON", runReplay},
		{"check", "check ASSETS.json: read and validate every flow of an assets file", runCheck},
		{"eval", "eval --fixture SESSION.json: evaluate templates read as JSON lines on stdin", runEval},
		{"actions", "actions: list the registered action types", runActions},
		{"bench", "bench [-n N] ASSETS.json TEST.json: replay a session N times and print the rate", runBench},
		{"run", "run [flags] ASSETS.json [FLOW]: run a flow interactively in the terminal (also: flowrunner ASSETS.json)", runRun},
		{"migrate", "migrate [-to VERSION] FILE: migrate the flows of a file to a newer spec version", runMigrate},
		{"test", "test [-update] [-v] PATH...: replay golden tests and compare them with their recorded outputs", runTest},
		{"graph", "graph [-format svg|dot|mermaid] [-session TEST.json] ASSETS.json [FLOW]: draw a flow, and the path of a session over it", runGraph},
		{"i18n", "i18n export -lang LANG ASSETS.json [FLOW] > FILE.po | i18n import ASSETS.json [FLOW] FILE.po: translate a flow with gettext PO files", runI18n},
		{"version", "version: print the version of flowrunner and the newest flow spec it reads", runVersion},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a command line; it is main without the exit so tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "flowrunner: internal error: %v\n", r)
			code = 3
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	if looksLikeRunArgs(args) {
		return runRun(args, stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "flowrunner: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: flowrunner COMMAND [flags] ARGS")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\n", c.usage)
	}
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlagSet makes the flag set of a subcommand, writing to stderr, whose usage prints the
// given lines and then the flags, so every subcommand explains itself the same way.
func newFlagSet(name string, stderr io.Writer, usage ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		for _, line := range usage {
			fmt.Fprintln(stderr, line)
		}
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses a command line whose flags may stand anywhere among the positional
// arguments, of which there must be at least min and at most max (no bound when max < 0).
// When it returns ok false, the command should exit with code: 0 after -h, 2 for flags
// that don't parse or a wrong count of arguments (the usage has been printed).
func parseArgs(fs *flag.FlagSet, args []string, min, max int) (pos []string, code int, ok bool) {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, 0, false
		}
		return nil, 2, false
	}
	if len(pos) < min || (max >= 0 && len(pos) > max) {
		fs.Usage()
		return nil, 2, false
	}
	return pos, 0, true
}

// parseInterspersed parses flags that may come before, between or after the positional
// arguments (`flowrunner run flow.json -msg hi`), returning the positional ones.
func parseInterspersed(fset *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/flows/definition"
)

func runCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flowrunner check ASSETS.json")
		fmt.Fprintln(stderr, "Reads and validates every flow of an assets file. Exit 0 when all are valid, 1 when one is not, 2 when the file can't be read.")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 2
	}
	src, err := static.ReadSource(data)
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 2
	}
	bad := 0
	for _, f := range src.Flows() {
		if _, err := definition.ReadFlow(f.Definition); err != nil {
			fmt.Fprintf(stdout, "flow %s (%s): %s\n", f.UUID, f.Name, err)
			bad++
			continue
		}
		fmt.Fprintf(stdout, "flow %s (%s): ok\n", f.UUID, f.Name)
	}
	if bad > 0 {
		return 1
	}
	return 0
}

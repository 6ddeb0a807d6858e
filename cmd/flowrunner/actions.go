package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rivuletflows/rivulet/flows/actions"
)

func runActions(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("actions", stderr,
		"usage: flowrunner actions",
		"Lists every registered action type with its category and description.",
	)
	if _, code, ok := parseArgs(fs, args, 0, 0); !ok {
		return code
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, t := range actions.Types() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, t.Category, t.Description)
	}
	tw.Flush()
	return 0
}

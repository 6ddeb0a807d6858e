package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rivuletflows/rivulet/flows/actions"
)

func runActions(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: flowrunner actions")
		fmt.Fprintln(stderr, "Lists every registered action type with its category and description.")
		if args[0] == "-h" || args[0] == "--help" {
			return 0
		}
		return 2
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, t := range actions.Types() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, t.Category, t.Description)
	}
	tw.Flush()
	return 0
}

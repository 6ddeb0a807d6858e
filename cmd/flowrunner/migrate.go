package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rivuletflows/rivulet/flows/definition/migrations"
)

func runMigrate(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "the spec `VERSION` to migrate to (default: the newest, "+migrations.CurrentVersion.String()+")")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flowrunner migrate [-to VERSION] FILE")
		fmt.Fprintln(stderr, "Migrates a flow, or every flow of an assets or export file (legacy exports included),")
		fmt.Fprintln(stderr, "to a newer spec version and prints the result; the rest of the file is left as it is.")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	var version *migrations.Version
	if *to != "" {
		v, err := migrations.ParseVersion(*to)
		if err != nil {
			fmt.Fprintf(stderr, "flowrunner: flag -to: %s\n", err)
			return 2
		}
		version = &v
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 2
	}
	migrated, err := migrations.MigrateAssets(data, version)
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 1
	}
	var out bytes.Buffer
	if err := json.Indent(&out, migrated, "", "    "); err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 1
	}
	out.WriteByte('\n')
	stdout.Write(out.Bytes())
	return 0
}

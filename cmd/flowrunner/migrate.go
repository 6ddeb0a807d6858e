package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/utils"
)

func runMigrate(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("migrate", stderr,
		"usage: flowrunner migrate [-to VERSION] FILE",
		"Migrates a flow, or every flow of an assets or export file (legacy exports included),",
		"to a newer spec version and prints the result; the rest of the file is left as it is.",
	)
	to := fs.String("to", "", "the spec `VERSION` to migrate to (default: the newest, "+migrations.CurrentVersion.String()+")")
	pos, code, ok := parseArgs(fs, args, 1, 1)
	if !ok {
		return code
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
	if !json.Valid(data) {
		var v any
		return fail(stderr, badInputf("unable to read %s: %w", pos[0], utils.DescribeJSONError(json.Unmarshal(data, &v))))
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

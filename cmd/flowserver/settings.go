package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// envPrefix starts the environment variables flowserver reads its settings from: each flag
// -some-name has RIVULET_SOME_NAME, so a container is configured by its environment alone
// (12-factor) and a flag given on the command line still wins.
const envPrefix = "RIVULET_"

// envName is the environment variable of a flag.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets each flag of fs from its environment variable, when that is set; call it
// before fs.Parse so that the command line overrides. lookup is os.LookupEnv but for tests.
func applyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil {
			return
		}
		name := envName(f.Name)
		v, ok := lookup(name)
		if !ok {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = fmt.Errorf("environment variable %s has invalid value '%s': %s", name, v, e)
		}
	})
	return err
}

// envUsage lists the environment variables after the flags in -help.
func envUsage(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, envName(f.Name)) })
	return "Each flag may be given by its environment variable instead (a flag wins): " + strings.Join(names, ", ") + "."
}

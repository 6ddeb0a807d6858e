package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/rivuletflows/rivulet/flows/definition/migrations"
)

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", stderr,
		"usage: flowrunner version",
		"Prints the version of flowrunner, the commit it was built from and the flow spec version it reads up to.",
	)
	if _, code, ok := parseArgs(fs, args, 0, 0); !ok {
		return code
	}
	fmt.Fprintln(stdout, versionLine(debug.ReadBuildInfo()))
	return exitOK
}

// versionLine describes a build: the module version (or "devel"), the VCS revision and
// time when the build recorded them, the Go version and the newest flow spec understood.
func versionLine(info *debug.BuildInfo, ok bool) string {
	version, goVersion, revision, when, modified := "devel", "", "", "", false
	if ok {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			version = v
		}
		goVersion = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "flowrunner " + version
	if revision != "" {
		if len(revision) > 12 {
			revision = revision[:12]
		}
		if modified {
			revision += "+changes"
		}
		line += " (commit " + revision
		if when != "" {
			line += ", " + when
		}
		line += ")"
	}
	if goVersion != "" {
		line += ", " + goVersion
	}
	return line + ", flow spec " + migrations.CurrentVersion.String()
}

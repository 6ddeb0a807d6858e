package main

import (
	"errors"
	"fmt"
	"io"
)

// The exit statuses of every command, as docs/cli.md lists them.
const (
	exitOK      = 0 // the command ran and found nothing wrong
	exitProblem = 1 // the command ran and found a problem (failed session, failing test, issues)
	exitInput   = 2 // wrong command line, or an input file that can't be read
)

// inputError is an error in what the command was given (a file that can't be read, a
// flow that doesn't exist, arguments in the wrong order): the command exits with 2.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// badInput marks err as an error in the command's input; nil stays nil.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return &inputError{err}
}

// badInputf is badInput of a formatted error.
func badInputf(format string, args ...any) error {
	return &inputError{fmt.Errorf(format, args...)}
}

// fail prints err on stderr with the command's prefix and returns the exit status it
// calls for: 2 for bad input, 1 for anything else.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "flowrunner: %s\n", err)
	var in *inputError
	if errors.As(err, &in) {
		return exitInput
	}
	return exitProblem
}

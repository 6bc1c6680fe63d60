// Package cli is mentorbot's command line: one file per subcommand, the
// command list, and the one place where errors become exit codes.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Exit codes, decided in ExitCode only.
const (
	ExitOK       = 0 // clean
	ExitFindings = 1 // findings at or above the failing severity
	ExitUsage    = 2 // bad flags, bad config, bad input file
	ExitFailure  = 3 // a run failed: GitHub refused, the network failed, ...
)

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
var Version = "dev"

// State is what every subcommand may use: its streams, the environment and
// the clock. Tests replace all of them.
type State struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, st *State, args []string) error
}

// commands is the explicit list of subcommands, in help order.
var commands = []command{
	{"plan", "show every job's dry-run plan for a repository (start here)", runPlan},
	{"validate", "check term schedule folders", runValidate},
	{"meeting", "keep the minutes file's upcoming meeting stub current (dry run unless --write; --lint checks time lines)", runMeeting},
	{"scaffold", "write a new term folder (README timeline, project_ideas.md) from a schedule", runScaffold},
	{"umbrella", "plan a term's umbrella issue and its admin sub-issues (dry run unless --apply)", runUmbrella},
	{"proposal", "check proposal issues (proposal check: one body, offline)", runProposal},
	{"export", "plan a term's LFX export of approved proposals offline (dry run unless --write)", runExport},
	{"action", "run as the GitHub Action entrypoint (reads INPUT_* and GITHUB_*)", runAction},
	{"serve", "run the GitHub App webhook server", runServe},
	{"version", "print the version", runVersion},
}

// Main runs mentorbot with args (without the program name) and returns the
// exit code.
func Main(ctx context.Context, args []string, st *State) int {
	if st.Getenv == nil {
		st.Getenv = os.Getenv
	}
	if st.Now == nil {
		st.Now = time.Now
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(st.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, st, args[1:])
			code := ExitCode(err)
			if code != ExitOK && code != ExitFindings || (err != nil && !errors.Is(err, ErrFindings)) {
				if err != nil && !errors.Is(err, flag.ErrHelp) {
					fmt.Fprintf(st.Stderr, "mentorbot %s: %v\n", c.name, err)
				}
			}
			return code
		}
	}
	fmt.Fprintf(st.Stderr, "mentorbot: unknown command %q\n\n", args[0])
	usage(st.Stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "mentorbot automates the chores of an open-source mentoring programme.")
	fmt.Fprintln(w, "\nUsage: mentorbot <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'mentorbot <command> -h' for a command's flags. Local runs are dry runs unless a command says otherwise.")
}

// ErrFindings means the run found problems at or above the failing
// severity. It maps to exit code 1.
var ErrFindings = errors.New("findings at or above the failing severity")

// UsageError is a mistake in how mentorbot was called or in its input
// files. It maps to exit code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usagef returns a UsageError.
func usagef(format string, a ...any) error {
	return &UsageError{Err: fmt.Errorf(format, a...)}
}

// ExitCode maps an error to the process exit code. It is the only place
// that does.
func ExitCode(err error) int {
	var ue *UsageError
	var ce *config.Error
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, ErrFindings):
		return ExitFindings
	case errors.As(err, &ue), errors.As(err, &ce):
		return ExitUsage
	}
	return ExitFailure
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(st *State, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("mentorbot "+name, flag.ContinueOnError)
	fs.SetOutput(st.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(st.Stderr, "Usage: mentorbot %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &UsageError{Err: err}
	}
	return nil
}

// parseNow reads a --now flag value: RFC 3339, or empty for the clock.
func parseNow(st *State, s string) (time.Time, error) {
	if s == "" {
		return st.Now(), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--now %q is not a time such as 2024-11-22T09:00:00Z", s)
}

// checkFormat validates a --format value against the allowed ones.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usagef("--format %q is not one of %s", format, strings.Join(allowed, ", "))
}

func runVersion(_ context.Context, st *State, _ []string) error {
	fmt.Fprintf(st.Stdout, "mentorbot %s\n", Version)
	return nil
}

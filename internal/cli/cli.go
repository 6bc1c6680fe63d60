// Package cli is mentorbot's command line: one file per subcommand, the
// command list, and the one place where errors become exit codes.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/action"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// Exit codes, decided in ExitCode only.
const (
	ExitOK       = 0 // clean
	ExitFindings = 1 // findings at or above the failing severity
	ExitUsage    = 2 // bad flags, bad config, bad input file
	ExitFailure  = 3 // a run failed: GitHub refused, the network failed, ...
)

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3";
// left at "dev", the version comes from the binary's build info.
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

// dispatch runs the subcommand of "mentorbot group" that args name. Without
// one it prints the group's usage, subs and then footer, to stderr: for
// help that is all, no command or an unknown one is a usage error.
func dispatch(ctx context.Context, st *State, group string, subs []command, footer string, args []string) error {
	if len(args) > 0 {
		for _, c := range subs {
			if c.name == args[0] {
				return c.run(ctx, st, args[1:])
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: mentorbot %s <command> [flags]\n\nCommands:\n", group)
	for _, c := range subs {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString(footer)
	fmt.Fprint(st.Stderr, b.String())
	switch {
	case len(args) == 0:
		return usagef("%s needs a command", group)
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help":
		return nil
	}
	return usagef("unknown %s command %q", group, args[0])
}

// commands is the explicit list of subcommands, in help order.
var commands = []command{
	{"plan", "show every job's dry-run plan for a repository (start here)", runPlan},
	{"validate", "check term schedule folders", runValidate},
	{"meeting", "keep the minutes file's upcoming meeting stub current (dry run unless --write; --lint checks time lines)", runMeeting},
	{"calendar", "render the terms' timelines and the meeting series as an iCalendar feed (print, or --write it)", runCalendar},
	{"scaffold", "write a new term folder (README timeline, project_ideas.md) from a schedule", runScaffold},
	{"umbrella", "plan a term's umbrella issue and its admin sub-issues (dry run unless --apply)", runUmbrella},
	{"proposal", "check proposal issues (proposal check: one body, offline)", runProposal},
	{"export", "plan a term's LFX export of approved proposals offline (dry run unless --write)", runExport},
	{"board", "show (or --apply) every proposal card's move on the Projects v2 board, and why (board sync)", runBoard},
	{"projects", "regenerate the CNCF project list and the proposal form's dropdowns from a landscape file (projects sync; dry run unless --write)", runProjects},
	{"action", "run as the GitHub Action entrypoint (reads INPUT_* and GITHUB_*)", runAction},
	{"config", "check, print or start .github/mentorbot.yml (config validate|print|init)", runConfig},
	{"serve", "run the GitHub App webhook server", runServe},
	{"version", "print the version", runVersion},
	{"completion", "print a shell completion script: completion bash|zsh|fish", nil}, // runCompletion, see Main
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
	if len(args) == 0 {
		usage(st.Stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(st.Stdout)
		return ExitOK
	case "-v", "--version":
		args = []string{"version"}
	}
	for _, c := range commands {
		if c.name == args[0] {
			out := &countingWriter{w: st.Stdout, colour: colourOn(st.Getenv, st.Stdout)}
			cst := *st
			cst.Stdout = out
			run := c.run
			if run == nil {
				run = runCompletion // it reads this table, so the table cannot name it
			}
			err := run(ctx, &cst, args[1:])
			code := ExitCode(err)
			if err != nil && !errors.Is(err, flag.ErrHelp) && !errors.Is(err, ErrFindings) {
				fmt.Fprintf(st.Stderr, "mentorbot %s: %v\n", c.name, err)
				// One JSON document on stdout: the error only when the
				// command printed nothing there.
				if wantsJSON(args[1:]) && out.n == 0 {
					writeErrorJSON(st.Stdout, code, err)
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
	fmt.Fprintln(w, "\nUsage: mentorbot <command> [flags]\n       mentorbot --version\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'mentorbot <command> --help' for a command's flags. Local runs are dry runs unless a command says otherwise.")
	fmt.Fprintln(w, "Exit codes: 0 clean, 1 findings, 2 usage, config or input file error, 3 a run that failed.")
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
	var ie *action.InputError
	var le *meeting.LineError
	var oe *runner.OptionError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, ErrFindings):
		return ExitFindings
	// A meeting.LineError is a minutes file or a date or mode option to fix.
	case errors.As(err, &ue), errors.As(err, &ce), errors.As(err, &ie), errors.As(err, &le), errors.As(err, &oe):
		return ExitUsage
	}
	return ExitFailure
}

// newFlags returns a flag set that reports errors instead of exiting, and
// whose help lists the flags as --name, the form the README uses (both
// -name and --name are accepted).
func newFlags(st *State, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("mentorbot "+name, flag.ContinueOnError)
	fs.SetOutput(st.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(st.Stderr, "Usage: mentorbot %s\n", strings.TrimSpace(name+" "+synopsis))
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprint(st.Stderr, "\nFlags:\n")
			printFlags(st.Stderr, fs)
		}
	}
	return fs
}

// printFlags is flag.PrintDefaults with "--" before each name.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		typ, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if typ != "" {
			line += " " + typ
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			fmt.Fprintf(w, " (default %q)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// wantsJSON reports whether a command's arguments ask for --format json, so
// that an error is printed as JSON too.
func wantsJSON(args []string) bool {
	for i, a := range args {
		if a == "--" {
			return false
		}
		switch a {
		case "--format=json", "-format=json":
			return true
		case "--format", "-format":
			if i+1 < len(args) && args[i+1] == "json" {
				return true
			}
		}
	}
	return false
}

// countingWriter counts what a command writes to stdout.
type countingWriter struct {
	w      io.Writer
	n      int
	colour bool // stdout is a terminal that may be coloured
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// ErrorJSON is what a command run with --format json prints on stdout when
// it fails: the exit code and the message also printed on stderr.
type ErrorJSON struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeErrorJSON(w io.Writer, code int, err error) {
	var e ErrorJSON
	e.Error.Code, e.Error.Message = code, err.Error()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(e)
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

func runVersion(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "version", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(st.Stdout, "mentorbot %s\n", version(Version, debug.ReadBuildInfo))
	return nil
}

// version is the -ldflags version when one was set, else the module
// version the Go toolchain recorded (go install ...@v1.2.3 says v1.2.3),
// else the VCS revision of a source build, else "dev".
func version(ldflags string, read func() (*debug.BuildInfo, bool)) string {
	if ldflags != "dev" && ldflags != "" {
		return ldflags
	}
	info, ok := read()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return "dev-" + rev + modified
	}
	return "dev"
}

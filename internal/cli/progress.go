package cli

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
)

// debugTransport returns the GitHub transport of a run with RUNNER_DEBUG=1
// (GitHub's "enable debug logging", or set by hand): every request logged
// on stderr, never its headers or token. It returns nil otherwise, for the
// default transport.
func debugTransport(st *State) *githubapi.Retry {
	if st.Getenv("RUNNER_DEBUG") != "1" {
		return nil
	}
	log := slog.New(slog.NewTextHandler(st.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return &githubapi.Retry{Base: &githubapi.DebugLog{Log: log}}
}

// transport is debugTransport as an http.RoundTripper: nil (the default
// transport) without RUNNER_DEBUG, never a nil *Retry in an interface.
func transport(st *State) http.RoundTripper {
	if rt := debugTransport(st); rt != nil {
		return rt
	}
	return nil
}

// ANSI colours, used only on a terminal and never with NO_COLOR set
// (https://no-color.org).
const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	green  = "\x1b[32m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// colourOn reports whether output to w may be coloured: w is a terminal,
// NO_COLOR is unset or empty, and TERM is not "dumb".
func colourOn(getenv func(string) string, w io.Writer) bool {
	return colourAllowed(getenv) && isTerminal(w)
}

// colourAllowed reports whether the environment allows colour.
func colourAllowed(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// isTerminal reports whether w is a character device (through the
// counting writer Main puts around stdout).
func isTerminal(w io.Writer) bool {
	if cw, ok := w.(*countingWriter); ok {
		w = cw.w
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// paint wraps s in colour when on.
func paint(on bool, colour, s string) string {
	if !on || colour == "" {
		return s
	}
	return colour + s + reset
}

// findingLine is a finding as the text formats print it, coloured by
// severity when w is the terminal Main decided may be coloured.
func findingLine(w io.Writer, f finding.Finding) string {
	cw, ok := w.(*countingWriter)
	if !ok || !cw.colour {
		return f.String()
	}
	switch f.Severity {
	case finding.SeverityError:
		return paint(true, red, f.String())
	case finding.SeverityWarning:
		return paint(true, yellow, f.String())
	}
	return f.String()
}

// progress returns the Env.Progress of a run that writes to GitHub: one
// line on stderr per action, "[12/129] open issue "..."", with what came
// of it when it was not a write.
func progress(st *State) func(done, total int, o executor.Outcome) {
	on := colourOn(st.Getenv, st.Stderr)
	return func(done, total int, o executor.Outcome) {
		what := o.Kind
		if o.Action != nil {
			what = o.Action.Describe()
		}
		line := fmt.Sprintf("[%d/%d] %s", done, total, what)
		switch o.Status {
		case executor.Applied:
			line = paint(on, green, line)
		case executor.Unchanged:
			line = paint(on, dim, line+" (unchanged)")
		case executor.Failed:
			line = paint(on, red, line+" failed: "+o.Error)
		default:
			line += " (" + string(o.Status) + ")"
		}
		fmt.Fprintln(st.Stderr, line)
	}
}

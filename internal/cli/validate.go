package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/mentorbot/mentorbot/internal/action"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/runner"
)

func runValidate(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "validate", "[--repo DIR] [--all | PATH...] [--format text|json|github]")
	var rf repoFlags
	rf.register(fs, "text, json or github (workflow-command annotations)")
	all := fs.Bool("all", false, "check every term folder (the default when no PATH is given)")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json", "github"); err != nil {
		return err
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	opts := runner.ValidateOptions{All: *all || fs.NArg() == 0, Paths: fs.Args()}
	res, err := runner.Validate(ctx, env, opts)
	if err != nil {
		return err
	}
	checked := 0
	fmt.Sscan(res.Outputs["terms_checked"], &checked)
	if err := WriteFindings(st.Stdout, rf.format, checked, res.Findings); err != nil {
		return err
	}
	return failed(res.Findings, *failOn)
}

// failed returns ErrFindings when a finding is at least as severe as
// failOn ("error", "warning" or "never").
func failed(fs []finding.Finding, failOn string) error {
	switch failOn {
	case "never":
		return nil
	case "error", "warning":
		if w := finding.Worst(fs); w != "" && w.AtLeast(finding.Severity(failOn)) {
			return ErrFindings
		}
		return nil
	}
	return usagef("fail-on %q is not one of error, warning, never", failOn)
}

// ValidateJSON is the JSON form of a validation run.
type ValidateJSON struct {
	TermsChecked int               `json:"terms_checked"`
	Findings     []finding.Finding `json:"findings"`
}

// WriteFindings renders a validation run as text, JSON or workflow
// commands.
func WriteFindings(w io.Writer, format string, checked int, fs []finding.Finding) error {
	switch format {
	case "json":
		if fs == nil {
			fs = []finding.Finding{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ValidateJSON{TermsChecked: checked, Findings: fs})
	case "github":
		action.Annotate(w, fs)
		return nil
	}
	for _, f := range fs {
		fmt.Fprintln(w, f.String())
	}
	e, wn := finding.Count(fs, finding.SeverityError), finding.Count(fs, finding.SeverityWarning)
	fmt.Fprintf(w, "%d term folders checked: %d errors, %d warnings\n", checked, e, wn)
	return nil
}

package cli

import (
	"context"
	"errors"

	"github.com/mentorbot/mentorbot/internal/action"
)

func runAction(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "action", "(no flags: configured by INPUT_* and GITHUB_* variables)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out, err := action.Run(ctx, action.Host{Getenv: st.Getenv, Stdout: st.Stdout, Now: st.Now})
	var ie *action.InputError
	if errors.As(err, &ie) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	return failed(out.Findings, out.FailOn)
}

package cli

import (
	"context"
	"errors"

	"github.com/mentorbot/mentorbot/internal/action"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/sethvargo/go-githubactions"
)

func runAction(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "action", "(no flags: configured by INPUT_* and GITHUB_* variables)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out, err := action.Run(ctx, action.Host{Getenv: st.Getenv, Stdout: st.Stdout, Now: st.Now, Transport: debugTransport(st)})
	if err != nil {
		annotateError(st, err)
		return err
	}
	return failed(out.Findings, out.FailOn)
}

// annotateError turns a failed run into an ::error:: annotation, so that a
// bad input (dry_run=yes, command=valdiate) or a failed run shows on the
// workflow run's page, not only in the log. A config error is already
// annotated on the config file's line by action.Run.
func annotateError(st *State, err error) {
	var ce *config.Error
	if errors.As(err, &ce) {
		return
	}
	title := "mentorbot"
	if ExitCode(err) == ExitUsage {
		title = "mentorbot input"
	}
	gha := githubactions.New(githubactions.WithGetenv(st.Getenv), githubactions.WithWriter(st.Stdout))
	gha.WithFieldsMap(map[string]string{"title": title}).Errorf("%s", err.Error())
}

package runner

import (
	"context"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/labeler"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// labelsActions are the pull_request actions that can change which files
// a pull request touches.
var labelsActions = map[string]bool{"opened": true, "synchronize": true, "reopened": true, "edited": true, "ready_for_review": true}

// Labels labels the pull request of Env.Event from the repository's
// .github/labeler.yml (read from Env.FS, the default branch): it adds the
// labels whose globs match the changed files and that the pull request does
// not have, and never removes a label. It reads the pull request's files
// and its issue (once; the executor starts from that read). A repository
// without labeler.yml is skipped.
func Labels(ctx context.Context, env *Env) (*Result, error) {
	res := &Result{Job: "labels"}
	ev := env.Event
	switch {
	case ev == nil || ev.PullRequest == nil:
		res.Skipped = "not a pull request event"
		return res, nil
	case ev.Action != "" && !labelsActions[ev.Action]:
		res.Skipped = "pull request action " + ev.Action + " changes no files"
		return res, nil
	case env.Offline():
		res.Skipped = "offline: the pull request's files cannot be read"
		return res, nil
	}
	cfg, found, err := labeler.Load(env.FS)
	if err != nil {
		return nil, err
	}
	if !found {
		res.Skipped = "no " + labeler.Path + " on the default branch"
		return res, nil
	}
	// The validate job of the same event read the files already: the
	// snapshot answers from what it read.
	files, err := env.Reads().PullRequestFiles(ctx, ev.PullRequest.Number)
	if err != nil {
		return nil, fmt.Errorf("listing files of pull request #%d: %w", ev.PullRequest.Number, err)
	}
	is, err := env.Reads().Issue(ctx, ev.PullRequest.Number)
	if err != nil {
		return nil, err
	}
	var current []string
	for _, l := range is.Labels {
		current = append(current, l.GetName())
	}
	p := cfg.Plan(labeler.Input{Number: ev.PullRequest.Number, Files: files,
		HeadRef: ev.PullRequest.HeadRef, BaseRef: ev.PullRequest.BaseRef, Current: current})
	p.Owner, p.Repo = env.Owner, env.Repo
	res.Plan = p
	var added []string
	for _, a := range p.Actions {
		if al, ok := a.(plan.AddLabels); ok {
			added = append(added, al.Labels...)
		}
	}
	res.SetOutput("labels_added", strings.Join(added, ","))
	res.Summary = fmt.Sprintf("### mentorbot: pull request labels\n\n%d label(s) to add from %s.\n", len(added), labeler.Path)
	if err := res.Apply(ctx, env); err != nil {
		return res, fmt.Errorf("labelling pull request #%d: %w", ev.PullRequest.Number, err)
	}
	return res, nil
}

func labelsJob(ctx context.Context, env *Env, _ Params) (*Result, error) { return Labels(ctx, env) }

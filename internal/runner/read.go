package runner

import (
	"context"

	"github.com/google/go-github/v62/github"
)

// reads are the proposal and command jobs' reads of an issue, its comments
// and the repository's labels. They go through the event's snapshot
// (Env.Reads), which the executor shares: a second job of the same event,
// and the executor, read none of it again.
type reads struct{}

func (reads) issue(ctx context.Context, env *Env, n int) (*github.Issue, error) {
	return env.Reads().Issue(ctx, n)
}

// comments reads all of issue n's comments, oldest first.
func (reads) comments(ctx context.Context, env *Env, n int) ([]*github.IssueComment, error) {
	return env.Reads().Comments(ctx, n, false)
}

// labels reads the names of the repository's labels.
func (reads) labels(ctx context.Context, env *Env) ([]string, error) {
	return env.Reads().LabelNames(ctx)
}

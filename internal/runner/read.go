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

// labels returns the repository's labels when the event has read them
// already, else nil (unknown): the planner then plans an EnsureLabel for
// each label it adds, and the executor lists the labels only then, so an
// event that adds no label never lists them.
func (reads) labels(env *Env) []string {
	names, _ := env.Reads().KnownLabelNames()
	return names
}

package runner

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/executor"
)

// reads reads an issue, its comments and the repository's labels, and keeps
// what it read so the executor can start from it (executor.Known) instead
// of reading it again.
type reads struct {
	known executor.Known
}

func (r *reads) issue(ctx context.Context, env *Env, n int) (*github.Issue, error) {
	is, _, err := env.GH.Issues.Get(ctx, env.Owner, env.Repo, n)
	if err != nil {
		return nil, fmt.Errorf("reading issue #%d: %w", n, err)
	}
	r.known.Issue, r.known.Comments = is, nil
	return is, nil
}

// comments reads all of issue n's comments, oldest first.
func (r *reads) comments(ctx context.Context, env *Env, n int) ([]*github.IssueComment, error) {
	out := []*github.IssueComment{}
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		cs, resp, err := env.GH.Issues.ListComments(ctx, env.Owner, env.Repo, n, opts)
		if err != nil {
			return nil, fmt.Errorf("listing comments of #%d: %w", n, err)
		}
		out = append(out, cs...)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if r.known.Issue.GetNumber() == n {
		r.known.Comments = out
	}
	return out, nil
}

// labels reads the names of the repository's labels.
func (r *reads) labels(ctx context.Context, env *Env) ([]string, error) {
	out := []string{}
	opts := &github.ListOptions{PerPage: 100}
	for {
		ls, resp, err := env.GH.Issues.ListLabels(ctx, env.Owner, env.Repo, opts)
		if err != nil {
			return nil, fmt.Errorf("listing labels: %w", err)
		}
		for _, l := range ls {
			out = append(out, l.GetName())
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	r.known.Labels = out
	return out, nil
}

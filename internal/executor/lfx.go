package executor

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// editIssueBody writes a.New over an issue's body while the body is still
// a.Old (compare and swap): an edit made since the plan was made is never
// overwritten.
func (e *Executor) editIssueBody(ctx context.Context, a plan.EditIssueBody, o *Outcome) error {
	is, err := e.issue(ctx, a.Issue)
	if err != nil {
		return err
	}
	o.Number, o.URL = is.GetNumber(), is.GetHTMLURL()
	switch is.GetBody() {
	case a.New:
		o.Status = Unchanged
		return nil
	case a.Old:
	default:
		return fmt.Errorf("the body of issue #%d changed since the plan was made: not overwriting it (run again)", is.GetNumber())
	}
	got, _, err := e.gh.Issues.Edit(ctx, e.owner, e.repo, is.GetNumber(), &github.IssueRequest{Body: github.String(a.New)})
	if err != nil {
		return fmt.Errorf("editing the body of issue #%d (needs issues: write): %w", is.GetNumber(), err)
	}
	e.snap.SetIssue(got)
	o.Status, o.Detail = Applied, "edited"
	return nil
}

// deleteBranch deletes a branch; one already gone (404, or GitHub's 422
// "Reference does not exist") is unchanged.
func (e *Executor) deleteBranch(ctx context.Context, a plan.DeleteBranch, o *Outcome) error {
	resp, err := e.gh.Git.DeleteRef(ctx, e.owner, e.repo, "heads/"+a.Name)
	switch s := statusOf(resp, err); {
	case s == http.StatusNotFound || s == http.StatusUnprocessableEntity:
		o.Status, o.Detail = Unchanged, "already deleted"
		return nil
	case err != nil:
		return fmt.Errorf("deleting branch %s (needs contents: write): %w", a.Name, err)
	}
	o.Status, o.Detail = Applied, "deleted"
	return nil
}

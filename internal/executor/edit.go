package executor

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// editIssue writes an issue's title and body when they differ. The issue
// must already carry the marker: an EditIssue only ever updates what
// mentorbot opened.
func (e *Executor) editIssue(ctx context.Context, a plan.EditIssue, o *Outcome) error {
	if a.Marker == "" || !strings.Contains(a.Body, a.Marker) {
		return fmt.Errorf("issue body does not carry its marker %q", a.Marker)
	}
	is, err := e.issue(ctx, a.Issue)
	if err != nil {
		return err
	}
	o.Number, o.URL = is.GetNumber(), is.GetHTMLURL()
	if !strings.Contains(is.GetBody(), a.Marker) {
		return fmt.Errorf("issue #%d does not carry the marker %q: not editing an issue mentorbot did not open", is.GetNumber(), a.Marker)
	}
	if is.GetTitle() == a.Title && is.GetBody() == a.Body {
		o.Status = Unchanged
		return nil
	}
	got, _, err := e.gh.Issues.Edit(ctx, e.owner, e.repo, is.GetNumber(), &github.IssueRequest{Title: github.String(a.Title), Body: github.String(a.Body)})
	if err != nil {
		return err
	}
	e.snap.SetIssue(got)
	o.Status, o.Detail = Applied, "edited"
	return nil
}

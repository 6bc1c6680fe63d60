package executor

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func (e *Executor) listComments(ctx context.Context, n int, fresh bool) ([]*github.IssueComment, error) {
	return e.snap.Comments(ctx, n, fresh)
}

func (e *Executor) findMarked(cs []*github.IssueComment, marker string) *github.IssueComment {
	for _, c := range cs {
		if e.own(c) && strings.Contains(c.GetBody(), marker) {
			return c
		}
	}
	return nil
}

func (e *Executor) upsertComment(ctx context.Context, a plan.UpsertComment, o *Outcome) error {
	if a.Marker == "" || !strings.Contains(a.Body, a.Marker) {
		return fmt.Errorf("comment body does not carry its marker %q", a.Marker)
	}
	n, err := e.number(a.Issue)
	if err != nil {
		return err
	}
	o.Number = n
	for try := 0; ; try++ {
		cs, err := e.listComments(ctx, n, try > 0)
		if err != nil {
			return err
		}
		if c := e.findMarked(cs, a.Marker); c != nil {
			o.URL = c.GetHTMLURL()
			if c.GetBody() == a.Body {
				o.Status = Unchanged
				return nil
			}
			_, _, err := e.gh.Issues.EditComment(ctx, e.owner, e.repo, c.GetID(), &github.IssueComment{Body: github.String(a.Body)})
			if err != nil {
				return err
			}
			c.Body = github.String(a.Body)
			o.Status, o.Detail = Applied, "edited"
			return nil
		}
		c, resp, err := e.gh.Issues.CreateComment(ctx, e.owner, e.repo, n, &github.IssueComment{Body: github.String(a.Body)})
		if err != nil {
			// GitHub may have created it before failing: look again
			// rather than risk a second comment.
			if serverError(resp, err) && try == 0 {
				continue
			}
			return err
		}
		e.snap.AddComment(n, c)
		o.Status, o.Detail, o.URL = Applied, "created", c.GetHTMLURL()
		return nil
	}
}

func (e *Executor) createComment(ctx context.Context, a plan.CreateComment, o *Outcome) error {
	n, err := e.number(a.Issue)
	if err != nil {
		return err
	}
	c, _, err := e.gh.Issues.CreateComment(ctx, e.owner, e.repo, n, &github.IssueComment{Body: github.String(a.Body)})
	if err != nil {
		return err
	}
	o.Status, o.Number, o.URL = Applied, n, c.GetHTMLURL()
	return nil
}

// addReaction reacts to a comment. GitHub keeps one reaction of a kind per
// user (a second one answers 200), so a try whose answer was lost is
// simply made again.
func (e *Executor) addReaction(ctx context.Context, a plan.AddReaction, o *Outcome) error {
	var resp *github.Response
	var err error
	for try := 0; try < 3; try++ {
		_, resp, err = e.gh.Reactions.CreateIssueCommentReaction(ctx, e.owner, e.repo, a.CommentID, a.Content)
		if err == nil || !serverError(resp, err) {
			break
		}
	}
	if err != nil {
		return err
	}
	o.Status = Applied
	if resp.StatusCode == http.StatusOK {
		o.Status = Unchanged // GitHub answers 200 for a reaction that exists
	}
	return nil
}

// listIssues lists issues (open and closed) carrying all labels, once per
// label set per snapshot, unless fresh.
func (e *Executor) listIssues(ctx context.Context, labels []string, fresh bool) ([]*github.Issue, error) {
	return e.snap.Issues(ctx, "all", labels, fresh)
}

func findIssue(is []*github.Issue, marker string) *github.Issue {
	for _, i := range is {
		if !i.IsPullRequest() && strings.Contains(i.GetBody(), marker) {
			return i
		}
	}
	return nil
}

func (e *Executor) createIssue(ctx context.Context, a plan.CreateIssue, o *Outcome) error {
	if a.Marker == "" || !strings.Contains(a.Body, a.Marker) {
		return fmt.Errorf("issue body does not carry its marker %q", a.Marker)
	}
	for try := 0; ; try++ {
		existing, err := e.listIssues(ctx, a.Labels, try > 0)
		if err != nil {
			return err
		}
		if is := findIssue(existing, a.Marker); is != nil {
			e.remember(a.Ref, is)
			o.Status, o.Number, o.URL = Unchanged, is.GetNumber(), is.GetHTMLURL()
			return nil
		}
		req := &github.IssueRequest{Title: github.String(a.Title), Body: github.String(a.Body)}
		if len(a.Labels) > 0 {
			req.Labels = &a.Labels
		}
		is, resp, err := e.gh.Issues.Create(ctx, e.owner, e.repo, req)
		if err != nil {
			if serverError(resp, err) && try == 0 {
				continue // it may exist now: look before trying again
			}
			return err
		}
		e.remember(a.Ref, is)
		e.snap.AddToIssues(a.Labels, is)
		o.Status, o.Number, o.URL = Applied, is.GetNumber(), is.GetHTMLURL()
		return nil
	}
}

func (e *Executor) remember(ref string, is *github.Issue) {
	if ref != "" {
		e.refs[ref] = is
	}
	e.snap.SetIssue(is)
}

// Issue returns the issue a CreateIssue with ref created or found in an
// earlier Apply, for callers that report numbers and URLs.
func (e *Executor) Issue(ref string) (*github.Issue, bool) {
	is, ok := e.refs[ref]
	return is, ok
}

func (e *Executor) addSubIssue(ctx context.Context, a plan.AddSubIssue, o *Outcome) error {
	parent, err := e.number(a.Parent)
	if err != nil {
		return err
	}
	child, err := e.issue(ctx, a.Child)
	if err != nil {
		return err
	}
	body := map[string]int64{"sub_issue_id": child.GetID()}
	req, err := e.gh.NewRequest(http.MethodPost, fmt.Sprintf("repos/%s/%s/issues/%d/sub_issues", e.owner, e.repo, parent), body)
	if err != nil {
		return err
	}
	resp, err := e.gh.Do(ctx, req, nil)
	o.Number = child.GetNumber()
	if statusOf(resp, err) == http.StatusUnprocessableEntity {
		// Already linked (GitHub refuses duplicate sub-issues).
		o.Status, o.Detail = Unchanged, "already linked"
		return nil
	}
	if err != nil {
		return err
	}
	o.Status = Applied
	return nil
}

func (e *Executor) closeIssue(ctx context.Context, a plan.CloseIssue, o *Outcome) error {
	is, err := e.issue(ctx, a.Issue)
	if err != nil {
		return err
	}
	o.Number = is.GetNumber()
	if is.GetState() == "closed" {
		o.Status = Unchanged
		return nil
	}
	req := &github.IssueRequest{State: github.String("closed")}
	if a.Reason != "" {
		req.StateReason = github.String(a.Reason)
	}
	got, _, err := e.gh.Issues.Edit(ctx, e.owner, e.repo, is.GetNumber(), req)
	if err != nil {
		return err
	}
	*is = *got // the snapshot's issue, which later jobs of the event see
	o.Status = Applied
	return nil
}

package executor

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func (e *Executor) putFile(ctx context.Context, a plan.PutFile, o *Outcome) error {
	opts := &github.RepositoryContentGetOptions{Ref: a.Branch}
	cur, _, resp, err := e.gh.Repositories.GetContents(ctx, e.owner, e.repo, a.Path, opts)
	curSHA := ""
	switch {
	case statusOf(resp, err) == http.StatusNotFound:
	case err != nil:
		return fmt.Errorf("reading %s: %w", a.Path, err)
	default:
		curSHA = cur.GetSHA()
		if content, err := cur.GetContent(); err == nil && content == a.Content {
			o.Status, o.Detail = Unchanged, "content already as planned"
			return nil
		}
	}
	if curSHA != a.BaseSHA {
		return fmt.Errorf("%s is at %.7s, the plan was made from %.7s: %w", a.Path, curSHA, a.BaseSHA, ErrConflict)
	}
	req := &github.RepositoryContentFileOptions{
		Message: github.String(a.Message),
		Content: []byte(a.Content),
	}
	if a.BaseSHA != "" {
		req.SHA = github.String(a.BaseSHA)
	}
	if a.Branch != "" {
		req.Branch = github.String(a.Branch)
	}
	res, resp, err := e.gh.Repositories.UpdateFile(ctx, e.owner, e.repo, a.Path, req)
	if s := statusOf(resp, err); s == http.StatusConflict || (s == http.StatusUnprocessableEntity && a.BaseSHA == "") {
		return fmt.Errorf("writing %s: %w", a.Path, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", a.Path, err)
	}
	o.Status, o.SHA = Applied, res.Commit.GetSHA()
	return nil
}

func (e *Executor) ensureBranch(ctx context.Context, a plan.EnsureBranch, o *Outcome) error {
	from, _, err := e.gh.Git.GetRef(ctx, e.owner, e.repo, "heads/"+a.From)
	if err != nil {
		return fmt.Errorf("reading branch %s: %w", a.From, err)
	}
	ref, resp, err := e.gh.Git.GetRef(ctx, e.owner, e.repo, "heads/"+a.Name)
	switch {
	case statusOf(resp, err) == http.StatusNotFound:
		_, _, err := e.gh.Git.CreateRef(ctx, e.owner, e.repo, &github.Reference{
			Ref: github.String("refs/heads/" + a.Name), Object: &github.GitObject{SHA: from.Object.SHA},
		})
		if err != nil {
			return fmt.Errorf("creating branch %s: %w", a.Name, err)
		}
		o.Status, o.Detail = Applied, "created"
		return nil
	case err != nil:
		return fmt.Errorf("reading branch %s: %w", a.Name, err)
	}
	if !a.Reset || ref.Object.GetSHA() == from.Object.GetSHA() {
		o.Status = Unchanged
		return nil
	}
	ref.Object.SHA = from.Object.SHA
	if _, _, err := e.gh.Git.UpdateRef(ctx, e.owner, e.repo, ref, true); err != nil {
		return fmt.Errorf("resetting branch %s: %w", a.Name, err)
	}
	o.Status, o.Detail = Applied, "reset to "+a.From
	return nil
}

func (e *Executor) ensurePullRequest(ctx context.Context, a plan.EnsurePullRequest, o *Outcome) error {
	prs, _, err := e.gh.PullRequests.List(ctx, e.owner, e.repo, &github.PullRequestListOptions{
		State: "open", Head: e.owner + ":" + a.Head, Base: a.Base,
	})
	if err != nil {
		return fmt.Errorf("listing pull requests: %w", err)
	}
	if len(prs) > 0 {
		pr := prs[0]
		o.Number, o.URL = pr.GetNumber(), pr.GetHTMLURL()
		if pr.GetTitle() == a.Title && pr.GetBody() == a.Body {
			o.Status = Unchanged
			return nil
		}
		_, _, err := e.gh.PullRequests.Edit(ctx, e.owner, e.repo, pr.GetNumber(), &github.PullRequest{Title: github.String(a.Title), Body: github.String(a.Body)})
		if err != nil {
			return err
		}
		o.Status, o.Detail = Applied, "updated"
		return nil
	}
	pr, _, err := e.gh.PullRequests.Create(ctx, e.owner, e.repo, &github.NewPullRequest{
		Title: github.String(a.Title), Body: github.String(a.Body), Head: github.String(a.Head), Base: github.String(a.Base),
	})
	if err != nil {
		return err
	}
	o.Status, o.Detail, o.Number, o.URL = Applied, "opened", pr.GetNumber(), pr.GetHTMLURL()
	return nil
}

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

// annotationBatch is the most annotations GitHub takes in one request.
const annotationBatch = 50

func (e *Executor) createCheckRun(ctx context.Context, a plan.CreateCheckRun, o *Outcome) error {
	batch := func(i int) []*github.CheckRunAnnotation {
		end := min(i+annotationBatch, len(a.Annotations))
		var out []*github.CheckRunAnnotation
		for _, an := range a.Annotations[i:end] {
			line := max(an.Line, 1)
			out = append(out, &github.CheckRunAnnotation{
				Path: github.String(an.Path), StartLine: github.Int(line), EndLine: github.Int(line),
				AnnotationLevel: github.String(an.Level), Message: github.String(an.Message), Title: github.String(an.Title),
			})
		}
		return out
	}
	// A check run with the same name, conclusion and summary on the same
	// commit is this one, written before (a redelivery, another replica).
	existing, _, err := e.gh.Checks.ListCheckRunsForRef(ctx, e.owner, e.repo, a.HeadSHA, &github.ListCheckRunsOptions{CheckName: github.String(a.Name)})
	if err != nil {
		return fmt.Errorf("listing check runs: %w", err)
	}
	for _, c := range existing.CheckRuns {
		if c.GetConclusion() == a.Conclusion && c.GetOutput().GetSummary() == a.Summary && c.GetOutput().GetAnnotationsCount() == len(a.Annotations) {
			o.Status, o.URL = Unchanged, c.GetHTMLURL()
			return nil
		}
	}
	output := &github.CheckRunOutput{Title: github.String(a.Title), Summary: github.String(a.Summary), Annotations: batch(0)}
	cr, _, err := e.gh.Checks.CreateCheckRun(ctx, e.owner, e.repo, github.CreateCheckRunOptions{
		Name: a.Name, HeadSHA: a.HeadSHA, Status: github.String("completed"), Conclusion: github.String(a.Conclusion), Output: output,
	})
	if err != nil {
		return fmt.Errorf("creating check run: %w", err)
	}
	for i := annotationBatch; i < len(a.Annotations); i += annotationBatch {
		_, _, err := e.gh.Checks.UpdateCheckRun(ctx, e.owner, e.repo, cr.GetID(), github.UpdateCheckRunOptions{
			Name:   a.Name,
			Output: &github.CheckRunOutput{Title: github.String(a.Title), Summary: github.String(a.Summary), Annotations: batch(i)},
		})
		if err != nil {
			return fmt.Errorf("adding annotations %d to %d: %w", i+1, min(i+annotationBatch, len(a.Annotations)), err)
		}
	}
	o.Status, o.URL = Applied, cr.GetHTMLURL()
	return nil
}

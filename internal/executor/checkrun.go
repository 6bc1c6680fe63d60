package executor

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// annotationBatch is the most annotations GitHub takes in one request.
const annotationBatch = 50

// checkRunTries bounds the executor's own tries of one check run write
// whose answer was lost (the transport does not replay those).
const checkRunTries = 3

// cutNote ends a summary or text the executor had to cut.
const cutNote = "*The rest is left out: GitHub takes at most 65,535 characters here. Every finding is an annotation of this check run.*"

// createCheckRun keeps one check run per head sha and name, whatever
// failed before: it finds the newest run of that name on the commit, and
// when it is not already as planned completes it (a run left in progress
// by an earlier attempt, or one whose annotations are the start of the
// planned ones) or, when it cannot be made so, creates a new one.
// Annotations go 50 a request and are appended exactly once: an update
// whose answer was lost is not replayed blindly; the annotations already
// there are read first.
func (e *Executor) createCheckRun(ctx context.Context, a plan.CreateCheckRun, o *Outcome) error {
	a.Summary = plan.FitCheckText(a.Summary, cutNote)
	a.Text = plan.FitCheckText(a.Text, cutNote)
	want := checkAnnotations(a.Annotations)
	cur, err := e.latestCheckRun(ctx, a)
	if err != nil {
		return err
	}
	if cur != nil && checkRunDone(cur, a, len(want)) {
		o.Status, o.URL = Unchanged, cur.GetHTMLURL()
		return nil
	}
	start := 0
	if cur != nil {
		have, err := e.checkAnnotationsOf(ctx, cur)
		if err != nil {
			return err
		}
		if isPrefix(have, want) {
			start, o.Detail = len(have), "completed the existing check run"
		} else {
			// Its annotations are another result's (GitHub never removes
			// one): a new run. One left in progress is closed first, so
			// it does not stay pending.
			if cur.GetStatus() != "completed" {
				if err := e.supersede(ctx, cur, a); err != nil {
					return err
				}
			}
			cur = nil
		}
	}
	if cur == nil {
		cur, err = e.newCheckRun(ctx, a, want)
		if err != nil {
			return err
		}
		start = int(cur.GetOutput().GetAnnotationsCount())
		if checkRunDone(cur, a, len(want)) {
			o.Status, o.URL = Applied, cur.GetHTMLURL()
			return nil
		}
	}
	// At least one update: the remaining batches, the last one completing
	// the run, or only the completion when every annotation is there.
	for {
		end := min(start+annotationBatch, len(want))
		if err := e.updateCheckRun(ctx, cur, a, want, start, end); err != nil {
			return err
		}
		start = end
		if start >= len(want) {
			break
		}
	}
	o.Status, o.URL = Applied, cur.GetHTMLURL()
	return nil
}

// supersede completes a check run left in progress whose annotations are
// not the planned ones, as cancelled. The update sets no annotation, so
// the transport may replay it.
func (e *Executor) supersede(ctx context.Context, c *github.CheckRun, a plan.CreateCheckRun) error {
	_, _, err := e.gh.Checks.UpdateCheckRun(ctx, e.owner, e.repo, c.GetID(), github.UpdateCheckRunOptions{Name: a.Name,
		Status: github.String("completed"), Conclusion: github.String("cancelled"),
		Output: &github.CheckRunOutput{Title: github.String("Superseded"), Summary: github.String("An attempt of this check that did not finish; a newer check run of this commit replaces it.")}})
	if err != nil {
		return fmt.Errorf("completing the unfinished check run %d: %w", c.GetID(), err)
	}
	return nil
}

// latestCheckRun returns the newest check run named a.Name on a.HeadSHA,
// or nil.
func (e *Executor) latestCheckRun(ctx context.Context, a plan.CreateCheckRun) (*github.CheckRun, error) {
	res, _, err := e.gh.Checks.ListCheckRunsForRef(ctx, e.owner, e.repo, a.HeadSHA, &github.ListCheckRunsOptions{
		CheckName: github.String(a.Name), Filter: github.String("latest"), ListOptions: github.ListOptions{PerPage: 100},
	})
	if err != nil {
		return nil, fmt.Errorf("listing check runs: %w", err)
	}
	var latest *github.CheckRun
	for _, c := range res.CheckRuns {
		if c.GetName() == a.Name && (latest == nil || c.GetID() > latest.GetID()) {
			latest = c
		}
	}
	return latest, nil
}

// checkRunDone reports whether c is the planned check run, complete.
func checkRunDone(c *github.CheckRun, a plan.CreateCheckRun, annotations int) bool {
	out := c.GetOutput()
	return c.GetStatus() == "completed" && c.GetConclusion() == a.Conclusion &&
		out.GetTitle() == a.Title && out.GetSummary() == a.Summary && out.GetText() == a.Text &&
		out.GetAnnotationsCount() == annotations
}

// newCheckRun creates the check run with the first batch of annotations,
// completed when that is all of them. A lost answer is checked: a run that
// appeared since is the one created.
func (e *Executor) newCheckRun(ctx context.Context, a plan.CreateCheckRun, want []*github.CheckRunAnnotation) (*github.CheckRun, error) {
	first := want[:min(annotationBatch, len(want))]
	opts := github.CreateCheckRunOptions{Name: a.Name, HeadSHA: a.HeadSHA,
		Output: &github.CheckRunOutput{Title: github.String(a.Title), Summary: github.String(a.Summary), Text: optional(a.Text), Annotations: first}}
	if len(first) == len(want) {
		opts.Status, opts.Conclusion = github.String("completed"), github.String(a.Conclusion)
	} else {
		opts.Status = github.String("in_progress")
	}
	var lastErr error
	for try := 0; try < checkRunTries; try++ {
		cr, resp, err := e.gh.Checks.CreateCheckRun(ctx, e.owner, e.repo, opts)
		if err == nil {
			return cr, nil
		}
		lastErr = fmt.Errorf("creating check run: %w", err)
		if !serverError(resp, err) {
			return nil, lastErr
		}
		// The answer was lost: was the run created?
		c, lerr := e.latestCheckRun(ctx, a)
		if lerr != nil {
			return nil, fmt.Errorf("%w (and then %v)", lastErr, lerr)
		}
		if c != nil && c.GetOutput().GetTitle() == a.Title && c.GetOutput().GetSummary() == a.Summary &&
			int(c.GetOutput().GetAnnotationsCount()) == len(first) && (c.GetStatus() != "completed" || c.GetConclusion() == a.Conclusion) {
			return c, nil
		}
	}
	return nil, lastErr
}

// updateCheckRun appends want[start:end] to c, completing it when end is
// the last annotation. An answer that was lost is checked against the
// annotations there before the update is tried again.
func (e *Executor) updateCheckRun(ctx context.Context, c *github.CheckRun, a plan.CreateCheckRun, want []*github.CheckRunAnnotation, start, end int) error {
	opts := github.UpdateCheckRunOptions{Name: a.Name,
		Output: &github.CheckRunOutput{Title: github.String(a.Title), Summary: github.String(a.Summary), Text: optional(a.Text), Annotations: want[start:end]}}
	if end == len(want) {
		opts.Status, opts.Conclusion = github.String("completed"), github.String(a.Conclusion)
	}
	var lastErr error
	for try := 0; try < checkRunTries; try++ {
		_, resp, err := e.gh.Checks.UpdateCheckRun(githubapi.NoReplay(ctx), e.owner, e.repo, c.GetID(), opts)
		if err == nil {
			return nil
		}
		lastErr = fmt.Errorf("adding annotations %d to %d: %w", start+1, end, err)
		if start == end {
			lastErr = fmt.Errorf("completing the check run: %w", err)
		}
		if !serverError(resp, err) {
			return lastErr
		}
		// The answer was lost: look before sending it again.
		have, herr := e.listCheckAnnotations(ctx, c.GetID())
		if herr != nil {
			return fmt.Errorf("%w (and then %v)", lastErr, herr)
		}
		switch {
		case len(have) == end && start < end:
			return nil // applied: the annotations and the completion are one update
		case len(have) != start:
			return fmt.Errorf("%w: the check run has %d annotations, want %d or %d", lastErr, len(have), start, end)
		}
		if start == end {
			// Nothing to append: whether it was applied shows in the run.
			got, _, gerr := e.gh.Checks.GetCheckRun(ctx, e.owner, e.repo, c.GetID())
			if gerr == nil && checkRunDone(got, a, len(want)) {
				return nil
			}
		}
	}
	return lastErr
}

// checkAnnotationsOf lists c's annotations, reading them only when it has
// some.
func (e *Executor) checkAnnotationsOf(ctx context.Context, c *github.CheckRun) ([]*github.CheckRunAnnotation, error) {
	if c.GetOutput().GetAnnotationsCount() == 0 {
		return nil, nil
	}
	return e.listCheckAnnotations(ctx, c.GetID())
}

// listCheckAnnotations lists every annotation of check run id, in order.
func (e *Executor) listCheckAnnotations(ctx context.Context, id int64) ([]*github.CheckRunAnnotation, error) {
	out, err := githubapi.All(ctx, func(ctx context.Context, o github.ListOptions) ([]*github.CheckRunAnnotation, *github.Response, error) {
		return e.gh.Checks.ListCheckRunAnnotations(ctx, e.owner, e.repo, id, &o)
	})
	if err != nil {
		return nil, fmt.Errorf("listing the annotations of check run %d: %w", id, err)
	}
	return out, nil
}

// isPrefix reports whether have are the first annotations of want.
func isPrefix(have, want []*github.CheckRunAnnotation) bool {
	if len(have) > len(want) {
		return false
	}
	for i, h := range have {
		w := want[i]
		if h.GetPath() != w.GetPath() || h.GetStartLine() != w.GetStartLine() || h.GetAnnotationLevel() != w.GetAnnotationLevel() ||
			h.GetMessage() != w.GetMessage() || h.GetTitle() != w.GetTitle() {
			return false
		}
	}
	return true
}

func checkAnnotations(as []plan.Annotation) []*github.CheckRunAnnotation {
	var out []*github.CheckRunAnnotation
	for _, an := range as {
		line := max(an.Line, 1)
		out = append(out, &github.CheckRunAnnotation{
			Path: github.String(an.Path), StartLine: github.Int(line), EndLine: github.Int(line),
			AnnotationLevel: github.String(an.Level), Message: github.String(an.Message), Title: github.String(an.Title),
		})
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return github.String(s)
}

// Package executor applies plans to GitHub. It is the only code in mentorbot
// that writes to GitHub. It applies actions in order, serially (GitHub asks
// that content writes are not parallel), records each outcome in a report,
// and is idempotent: every action first looks at the state it would change
// and writes only what differs, so applying the same plan twice changes
// nothing the second time.
package executor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// ErrConflict is returned (wrapped) when a PutFile finds that the file
// changed since the plan was made. The caller should read the file again,
// recompute the plan and apply it again.
var ErrConflict = errors.New("the file changed since it was read")

// Status is what applying one action did.
type Status string

// The statuses an Outcome can have.
const (
	Applied   Status = "applied"   // a write was made
	Unchanged Status = "unchanged" // the state was already as wanted
	Failed    Status = "failed"
	Skipped   Status = "skipped" // not tried, because an earlier action failed
)

// Outcome records what happened to one action.
type Outcome struct {
	Action plan.Action `json:"-"`
	Kind   string      `json:"kind"`
	Status Status      `json:"status"`
	Detail string      `json:"detail,omitempty"`
	Error  string      `json:"error,omitempty"`
	// Number and URL name the issue, comment or pull request written;
	// SHA is the commit a PutFile made.
	Number int    `json:"number,omitempty"`
	URL    string `json:"url,omitempty"`
	SHA    string `json:"sha,omitempty"`
}

// Report lists the outcome of every action of a plan, in order.
type Report struct {
	Outcomes []Outcome `json:"outcomes"`
}

// Count returns how many outcomes have status s.
func (r *Report) Count(s Status) int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Status == s {
			n++
		}
	}
	return n
}

// Changed reports whether any action wrote to GitHub.
func (r *Report) Changed() bool { return r.Count(Applied) > 0 }

// Executor applies plans to one repository.
type Executor struct {
	gh          *github.Client
	owner, repo string

	refs map[string]*github.Issue // plan refs -> issues created or found
	// shared is the event's snapshot, when the caller has one: the
	// executor starts from what the loaders read and writes through it,
	// so the event's later jobs see its writes. snap is the one in use.
	shared, snap *githubapi.Snapshot
	// self are the logins mentorbot writes as (WriteAs).
	self []string

	// Progress, when set, is called after each action is tried, with how
	// many of the plan's actions are done and that action's outcome.
	Progress func(done, total int, o Outcome)
}

// WriteAs names the logins mentorbot writes as: an UpsertComment then
// finds its comment by marker only among comments they wrote, so a
// person's comment carrying the marker is never edited (and never taken
// for mentorbot's). With none, any comment's marker counts.
func (e *Executor) WriteAs(logins ...string) { e.self = logins }

// own reports whether c was written by one of the WriteAs logins.
func (e *Executor) own(c *github.IssueComment) bool {
	if len(e.self) == 0 {
		return true
	}
	for _, l := range e.self {
		if strings.EqualFold(l, c.GetUser().GetLogin()) {
			return true
		}
	}
	return false
}

// New returns an executor for owner/repo. Each Apply reads what it needs
// afresh, unless the executor is given the event's snapshot (WithSnapshot).
func New(gh *github.Client, owner, repo string) *Executor {
	return &Executor{gh: gh, owner: owner, repo: repo, refs: map[string]*github.Issue{}}
}

// WithSnapshot makes every Apply read through snap, the event's snapshot
// the loaders read through, and keep it current with what it writes.
func (e *Executor) WithSnapshot(snap *githubapi.Snapshot) *Executor {
	e.shared = snap
	return e
}

// start picks the snapshot of an Apply.
func (e *Executor) start() {
	e.snap = e.shared
	if e.snap == nil {
		e.snap = githubapi.NewSnapshot(e.gh, e.owner, e.repo)
	}
}

// bestEffort actions are follow-ups: their failure is recorded in the
// report but does not stop the plan. It still fails the Apply, once the
// rest of the plan is applied (a run whose writes are not all there is
// not a success, and a redelivery adds what is missing), unless the
// follow-up's target is gone (a 404: the comment was deleted).
func bestEffort(a plan.Action) bool {
	_, ok := a.(plan.AddReaction)
	return ok
}

// Apply applies p's actions in order. It stops at the first failure of an
// action that is not best-effort, marks the rest skipped and returns the
// error; a best-effort action's failure is returned after the rest of the
// plan was applied. The report is complete either way.
func (e *Executor) Apply(ctx context.Context, p *plan.Plan) (*Report, error) {
	e.start()
	rep := &Report{}
	if p == nil {
		return rep, nil
	}
	var firstErr, lateErr error
	for i, a := range p.Actions {
		o := Outcome{Action: a, Kind: a.Kind()}
		if uc, ok := a.(plan.UpsertComment); firstErr != nil || (ok && uc.Seal && lateErr != nil) {
			// A seal is not written over a failed follow-up: it would
			// record as done what is not.
			o.Status = Skipped
			rep.Outcomes = append(rep.Outcomes, o)
			continue
		}
		err := e.apply(ctx, a, &o)
		if err != nil {
			o.Status = Failed
			o.Error = err.Error()
			switch {
			case !bestEffort(a):
				firstErr = fmt.Errorf("%s: %w", a.Describe(), err)
			case lateErr == nil && statusOf(nil, err) != http.StatusNotFound:
				lateErr = fmt.Errorf("%s: %w", a.Describe(), err)
			}
		}
		rep.Outcomes = append(rep.Outcomes, o)
		if e.Progress != nil {
			e.Progress(i+1, len(p.Actions), o)
		}
	}
	if firstErr == nil {
		firstErr = lateErr
	}
	return rep, firstErr
}

func (e *Executor) apply(ctx context.Context, a plan.Action, o *Outcome) error {
	switch a := a.(type) {
	case plan.EnsureLabel:
		return e.ensureLabel(ctx, a, o)
	case plan.AddLabels:
		return e.addLabels(ctx, a, o)
	case plan.RemoveLabel:
		return e.removeLabel(ctx, a, o)
	case plan.UpsertComment:
		return e.upsertComment(ctx, a, o)
	case plan.CreateComment:
		return e.createComment(ctx, a, o)
	case plan.AddReaction:
		return e.addReaction(ctx, a, o)
	case plan.CreateIssue:
		return e.createIssue(ctx, a, o)
	case plan.AddSubIssue:
		return e.addSubIssue(ctx, a, o)
	case plan.CloseIssue:
		return e.closeIssue(ctx, a, o)
	case plan.EditIssue:
		return e.editIssue(ctx, a, o)
	case plan.PutFile:
		return e.putFile(ctx, a, o)
	case plan.EnsureBranch:
		return e.ensureBranch(ctx, a, o)
	case plan.EnsurePullRequest:
		return e.ensurePullRequest(ctx, a, o)
	case plan.CreateCheckRun:
		return e.createCheckRun(ctx, a, o)
	case plan.EditIssueBody:
		return e.editIssueBody(ctx, a, o)
	case plan.DeleteBranch:
		return e.deleteBranch(ctx, a, o)
	}
	return fmt.Errorf("unknown action %T", a)
}

// statusOf returns the HTTP status of a go-github error, or 0.
func statusOf(resp *github.Response, err error) int {
	if resp != nil && resp.Response != nil {
		return resp.StatusCode
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

func serverError(resp *github.Response, err error) bool {
	s := statusOf(resp, err)
	return s >= 500 || (s == 0 && err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded))
}

// number resolves an IssueRef to an issue number.
func (e *Executor) number(r plan.IssueRef) (int, error) {
	if r.Number > 0 {
		return r.Number, nil
	}
	if is, ok := e.refs[r.Ref]; ok {
		return is.GetNumber(), nil
	}
	return 0, fmt.Errorf("issue %s is not created by an earlier action of the plan", r)
}

// issue returns the issue, read once per Apply.
func (e *Executor) issue(ctx context.Context, r plan.IssueRef) (*github.Issue, error) {
	if r.Ref != "" {
		if is, ok := e.refs[r.Ref]; ok && is.ID != nil {
			return is, nil
		}
	}
	n, err := e.number(r)
	if err != nil {
		return nil, err
	}
	return e.snap.Issue(ctx, n)
}

func hasLabel(is *github.Issue, name string) bool {
	for _, l := range is.Labels {
		if strings.EqualFold(l.GetName(), name) {
			return true
		}
	}
	return false
}

func (e *Executor) ensureLabel(ctx context.Context, a plan.EnsureLabel, o *Outcome) error {
	has, err := e.snap.HasLabel(ctx, a.Name)
	if err != nil {
		return err
	}
	if has {
		o.Status = Unchanged
		return nil
	}
	_, resp, err := e.gh.Issues.CreateLabel(ctx, e.owner, e.repo, &github.Label{
		Name: github.String(a.Name), Color: github.String(strings.TrimPrefix(a.Color, "#")), Description: github.String(a.Description),
	})
	if statusOf(resp, err) == http.StatusUnprocessableEntity {
		o.Status, o.Detail = Unchanged, "already exists"
		e.snap.NoteLabels(a.Name)
		return nil
	}
	if err != nil {
		return err
	}
	e.snap.NoteLabels(a.Name)
	o.Status = Applied
	return nil
}

func (e *Executor) addLabels(ctx context.Context, a plan.AddLabels, o *Outcome) error {
	is, err := e.issue(ctx, a.Issue)
	if err != nil {
		return err
	}
	var missing []string
	for _, l := range a.Labels {
		if !hasLabel(is, l) {
			missing = append(missing, l)
		}
	}
	o.Number = is.GetNumber()
	if len(missing) == 0 {
		o.Status = Unchanged
		return nil
	}
	got, _, err := e.gh.Issues.AddLabelsToIssue(ctx, e.owner, e.repo, is.GetNumber(), missing)
	if err != nil {
		return err
	}
	is.Labels = got
	e.snap.NoteLabels(missing...) // adding a label creates it
	o.Status, o.Detail = Applied, strings.Join(missing, ", ")
	return nil
}

func (e *Executor) removeLabel(ctx context.Context, a plan.RemoveLabel, o *Outcome) error {
	is, err := e.issue(ctx, a.Issue)
	if err != nil {
		return err
	}
	o.Number = is.GetNumber()
	if !hasLabel(is, a.Label) {
		o.Status = Unchanged
		return nil
	}
	// go-github puts the name in the path as it is: a "/" in it
	// ("Maintainer/Contribex Approved", cncf/mentoring's own label) would
	// make another path, whose 404 would read as "already removed".
	resp, err := e.gh.Issues.RemoveLabelForIssue(ctx, e.owner, e.repo, is.GetNumber(), url.PathEscape(a.Label))
	if err != nil && statusOf(resp, err) != http.StatusNotFound {
		return err
	}
	kept := is.Labels[:0]
	for _, l := range is.Labels {
		if !strings.EqualFold(l.GetName(), a.Label) {
			kept = append(kept, l)
		}
	}
	is.Labels = kept
	o.Status = Applied
	if err != nil {
		o.Status = Unchanged
	}
	return nil
}

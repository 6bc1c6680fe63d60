package runner

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// ProposalOptions gives the proposal job what an offline run cannot read
// from GitHub. Online runs read the live issue named by Env.Event and
// ignore these fields, except Issue when the event carries none.
type ProposalOptions struct {
	// Issue is the issue to check (offline: the --body file or an example
	// issue).
	Issue *proposal.Issue
	// Open are the repository's other open proposals (offline: the example
	// issues).
	Open []proposal.Issue
	// Comment is the current report comment's body, "" when none.
	Comment string
	// RepoLabels are the repository's labels; nil when unknown.
	RepoLabels []string
}

// Proposal checks one proposal issue: it plans the labels and the report
// comment and, online and not dry, applies them. Online it reads the live
// issue, its comments, the repository's labels and the open proposals (one
// list by label), and through Env.FS the issue form and the named term's
// README; it writes only what changed, so a repeated event writes nothing.
// Events the bot sent, events on pull requests and issues that are not
// open proposals are skipped.
func Proposal(ctx context.Context, env *Env, opts ProposalOptions) (*Result, error) {
	res, _, err := ProposalCheck(ctx, env, opts)
	return res, err
}

// ProposalCheck is Proposal that also returns the planner's result (the
// parsed fields, the labels the issue ends with, the report comment); it is
// nil when the run was skipped.
func ProposalCheck(ctx context.Context, env *Env, opts ProposalOptions) (*Result, *proposal.Result, error) {
	res := &Result{Job: "proposal"}
	in, skip, err := proposalInput(ctx, env, opts)
	if err != nil || skip != "" {
		res.Skipped = skip
		return res, nil, err
	}
	pr := proposal.Plan(*in)
	res.Findings = pr.Findings
	pr.Plan.Owner, pr.Plan.Repo = env.Owner, env.Repo
	res.Plan = &pr.Plan
	proposalOutputs(res, in.Issue.Number, &pr)
	if err := res.Apply(ctx, env); err != nil {
		return res, &pr, fmt.Errorf("applying the plan for proposal #%d: %w", in.Issue.Number, err)
	}
	return res, &pr, nil
}

// proposalInput builds the planner's input with proposal.Load, or says why
// the run is skipped. Online, the issue is read live: the event's copy may
// be stale.
func proposalInput(ctx context.Context, env *Env, opts ProposalOptions) (*proposal.Input, string, error) {
	if skip := proposalSkip(env); skip != "" {
		return nil, skip, nil
	}
	lo := proposal.LoadOptions{Config: env.Config, Now: env.Now, Open: opts.Open, Comment: opts.Comment, RepoLabels: opts.RepoLabels, Self: env.Self}
	if opts.Comment != "" && len(env.selfLogins()) > 0 {
		lo.CommentAuthor = env.selfLogins()[0] // an offline caller's own report
	}
	switch {
	case opts.Issue != nil:
		lo.Issue = *opts.Issue
	case env.Event != nil && env.Event.Issue != nil:
		lo.Issue = fromEvent(env.Event.Issue)
	default:
		return nil, "the event carries no issue", nil
	}
	var r proposal.Reader
	if !env.Offline() {
		r = snapshotReader{env.Reads()}
	}
	return proposal.Load(ctx, r, env.FS, lo)
}

// proposalSkip says why an event is not the proposal job's, or "".
func proposalSkip(env *Env) string {
	ev := env.Event
	switch {
	case ev == nil:
		return ""
	case SentByBot(ev, env.Config):
		return fmt.Sprintf("the event was sent by a bot (%s)", ev.Sender)
	case ev.Name == "issues" && !handles(proposalOn, ev.Name, ev.Action):
		return fmt.Sprintf("issues event %q does not change a proposal", ev.Action)
	case ev.Issue != nil && ev.Issue.IsPull:
		return fmt.Sprintf("#%d is a pull request", ev.Issue.Number)
	}
	return ""
}

func fromEvent(is *event.Issue) proposal.Issue {
	return proposal.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels, Author: is.User}
}

// proposalOutputs sets the Action outputs and the job summary.
func proposalOutputs(res *Result, number int, pr *proposal.Result) {
	res.SetOutput("issue", fmt.Sprint(number))
	res.SetOutput("valid", fmt.Sprint(!pr.Failed()))
	res.SetOutput("errors", fmt.Sprint(finding.Count(pr.Findings, finding.SeverityError)))
	res.SetOutput("warnings", fmt.Sprint(finding.Count(pr.Findings, finding.SeverityWarning)))
	res.SetOutput("program_name", pr.ProgramName)
	res.SetOutput("labels", strings.Join(pr.Labels, ","))
	res.Summary = fmt.Sprintf("### mentorbot: proposal #%d\n\n%s", number, strings.TrimPrefix(pr.Comment, proposal.Marker+"\n"))
}

// proposalJob checks the proposal an issues event is about.
func proposalJob(ctx context.Context, env *Env, _ Params) (*Result, error) {
	return Proposal(ctx, env, ProposalOptions{})
}

// ReadIssues reads example issues from fsys: every *.json file holds one
// issue object as an event payload carries it (number, title, body,
// labels, user). Pull requests are left out; issues come sorted by number.
func ReadIssues(fsys fs.FS) ([]proposal.Issue, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("listing example issues: %w", err)
	}
	var out []proposal.Issue
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading example issue %s: %w", name, err)
		}
		ev, err := event.Parse("issues", []byte(`{"issue":`+string(data)+`}`))
		if err != nil || ev.Issue == nil {
			return nil, fmt.Errorf("example issue %s: not an issue object: %w", name, err)
		}
		if !ev.Issue.IsPull {
			out = append(out, fromEvent(ev.Issue))
		}
	}
	slices.SortFunc(out, func(a, b proposal.Issue) int { return a.Number - b.Number })
	return out, nil
}

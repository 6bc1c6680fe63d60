package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/term"
	"go.yaml.in/yaml/v3"
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

// proposalActions are the issues event actions that (re)check a proposal.
var proposalActions = map[string]bool{"opened": true, "edited": true, "reopened": true, "labeled": true}

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
	r := &reads{}
	in, skip, err := proposalInput(ctx, env, opts, r)
	if err != nil || skip != "" {
		res.Skipped = skip
		return res, nil, err
	}
	pr := proposal.Plan(*in)
	res.Findings = pr.Findings
	pr.Plan.Owner, pr.Plan.Repo = env.Owner, env.Repo
	res.Plan = &pr.Plan
	proposalOutputs(res, in.Issue.Number, &pr)
	res.known = &r.known
	if err := res.Apply(ctx, env); err != nil {
		return res, &pr, fmt.Errorf("applying the plan for proposal #%d: %w", in.Issue.Number, err)
	}
	return res, &pr, nil
}

// proposalInput builds the planner's input, or says why the run is
// skipped. Online, the issue is read live: the event's copy may be stale.
func proposalInput(ctx context.Context, env *Env, opts ProposalOptions, r *reads) (*proposal.Input, string, error) {
	if skip := proposalSkip(env); skip != "" {
		return nil, skip, nil
	}
	in := &proposal.Input{Config: env.Config, Now: env.Now, Open: opts.Open, Comment: opts.Comment, RepoLabels: opts.RepoLabels, Self: env.Self}
	if opts.Comment != "" && len(env.selfLogins()) > 0 {
		in.CommentAuthor = env.selfLogins()[0] // an offline caller's own report
	}
	switch {
	case opts.Issue != nil:
		in.Issue = *opts.Issue
	case env.Event != nil && env.Event.Issue != nil:
		in.Issue = fromEvent(env.Event.Issue)
	default:
		return nil, "the event carries no issue", nil
	}
	if !env.Offline() {
		live, err := r.issue(ctx, env, in.Issue.Number)
		if err != nil {
			return nil, "", err
		}
		if live.GetState() == "closed" {
			return nil, fmt.Sprintf("issue #%d is closed", in.Issue.Number), nil
		}
		in.Issue = fromGitHub(live)
	}
	if !proposal.IsProposal(in.Issue, env.Config) {
		return nil, fmt.Sprintf("issue #%d is not a proposal", in.Issue.Number), nil
	}
	if !env.Offline() {
		if err := readProposalContext(ctx, env, in, r); err != nil {
			return nil, "", err
		}
	}
	in.Projects = formProjects(env)
	terms, err := proposalTerms(env, in.Issue.Body)
	if err != nil {
		return nil, "", err
	}
	in.Terms = terms
	return in, "", nil
}

// proposalSkip says why an event is not the proposal job's, or "".
func proposalSkip(env *Env) string {
	ev := env.Event
	switch {
	case ev == nil:
		return ""
	case env.Config.IsBot(ev.Sender):
		return fmt.Sprintf("the event was sent by mentorbot itself (%s)", ev.Sender)
	case ev.Name == "issues" && !proposalActions[ev.Action]:
		return fmt.Sprintf("issues event %q does not change a proposal", ev.Action)
	case ev.Issue != nil && ev.Issue.IsPull:
		return fmt.Sprintf("#%d is a pull request", ev.Issue.Number)
	}
	return ""
}

func fromEvent(is *event.Issue) proposal.Issue {
	return proposal.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels, Author: is.User}
}

func fromGitHub(is *github.Issue) proposal.Issue {
	out := proposal.Issue{Number: is.GetNumber(), Title: is.GetTitle(), Body: is.GetBody(), Author: is.GetUser().GetLogin()}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}

// readProposalContext fills the report comment, the repository's labels
// and the other open proposals (one list call by the program and proposal
// labels; a proposal recognised by its title alone is not counted for
// quota until it carries them).
func readProposalContext(ctx context.Context, env *Env, in *proposal.Input, r *reads) error {
	n := in.Issue.Number
	cs, err := r.comments(ctx, env, n)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if a := c.GetUser().GetLogin(); proposal.IsSelf(a, env.Self, env.Config) && strings.Contains(c.GetBody(), proposal.Marker) {
			in.Comment, in.CommentAuthor = c.GetBody(), a
			break
		}
	}
	if in.RepoLabels, err = r.labels(ctx, env); err != nil {
		return err
	}
	lab := env.Config.Labels
	q := &github.IssueListByRepoOptions{State: "open", Labels: []string{lab.Program, lab.Proposal}, ListOptions: github.ListOptions{PerPage: 100}}
	for {
		list, resp, err := env.GH.Issues.ListByRepo(ctx, env.Owner, env.Repo, q)
		if err != nil {
			return fmt.Errorf("listing open proposals: %w", err)
		}
		for _, is := range list {
			if !is.IsPullRequest() && is.GetNumber() != n {
				in.Open = append(in.Open, fromGitHub(is))
			}
		}
		if resp.NextPage == 0 {
			return nil
		}
		q.Page = resp.NextPage
	}
}

// proposalTerms returns the terms the planner checks the proposal's term
// against. It reads only what it needs, since online every read is a
// contents API call: the README of the term the proposal names (for its
// proposal window), and only when that term has no folder, the list of
// term folders (names only, for the "pick one of" message). Without a term
// root it returns nil: the planner then checks the term's format only.
func proposalTerms(env *Env, body string) ([]proposal.Term, error) {
	cfg := env.Config
	if env.FS == nil {
		return nil, nil
	}
	if t, ok := proposal.TermOf(proposal.Parse(body).Term, cfg); ok {
		if id, err := term.For(t.Year, t.Number, cfg.Terms); err == nil {
			doc, err := term.Load(env.FS, cfg, id)
			if err == nil {
				t.Months = [2]string{abbrevMonth(id.First), abbrevMonth(id.Last)}
				t.ProposalsClose, _ = doc.ProposalsClose()
				return []proposal.Term{t}, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
	}
	dirs, err := term.Discover(env.FS, cfg.Terms.Root)
	if err != nil {
		return nil, fmt.Errorf("finding term folders under %s: %w", cfg.Terms.Root, err)
	}
	if dirs == nil {
		return nil, nil
	}
	out := []proposal.Term{}
	for _, dir := range dirs {
		if id, err := term.ParseFolder(dir, cfg.Terms); err == nil {
			out = append(out, proposal.Term{Year: id.Year, Number: id.Number, Months: [2]string{abbrevMonth(id.First), abbrevMonth(id.Last)}})
		}
	}
	return out, nil
}

// formProjects reads the "CNCF Project" dropdown options of the issue form
// at proposals.form, the project list when config gives none. A missing or
// unreadable form yields nil: any project name is accepted, since the form
// is not the proposal author's to fix.
func formProjects(env *Env) []string {
	path := env.Config.Proposals.Form
	if env.FS == nil || path == "" || len(env.Config.Proposals.Projects) > 0 {
		return nil
	}
	data, err := fs.ReadFile(env.FS, path)
	if err != nil {
		return nil
	}
	var form struct {
		Body []struct {
			ID         string `yaml:"id"`
			Attributes struct {
				Label   string `yaml:"label"`
				Options []any  `yaml:"options"`
			} `yaml:"attributes"`
		} `yaml:"body"`
	}
	if yaml.Unmarshal(data, &form) != nil {
		return nil
	}
	for _, b := range form.Body {
		if b.ID != proposal.FieldProject && b.Attributes.Label != proposal.Label(proposal.FieldProject) {
			continue
		}
		var out []string
		for _, o := range b.Attributes.Options {
			if s, ok := o.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// abbrevMonth is the form's three-letter month: "Sep".
func abbrevMonth(m time.Month) string { return m.String()[:3] }

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

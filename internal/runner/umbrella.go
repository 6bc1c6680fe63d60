package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// UmbrellaOptions selects the term the umbrella job opens issues for.
type UmbrellaOptions struct {
	// Term is "YYYY-N". Empty means: the newest term folder a push to the
	// default branch added, or, without a push event, the newest term
	// folder in the repository (backfill, scheduled runs).
	Term string
	// Mentees are the GitHub logins of accepted mentees, for onboarding
	// issues when umbrella.mentee_onboarding is on.
	Mentees []string
}

// loadUmbrella loads the umbrella tree's input through r, lo's term and
// mentees completed from env; a term that is not configured is an option
// error.
func loadUmbrella(ctx context.Context, env *Env, r umbrella.Reader, lo umbrella.LoadOptions) (umbrella.Loaded, error) {
	lo.Owner, lo.Repo, lo.DefaultBranch, lo.Now = env.Owner, env.Repo, env.DefaultBranch, env.Now
	if env.Event != nil {
		lo.Push = env.Event.Push
	}
	loaded, err := umbrella.Load(ctx, r, env.FS, env.Config, lo)
	var te *umbrella.TermError
	if errors.As(err, &te) {
		return loaded, &OptionError{Name: "term", Msg: "not a configured term such as 2027-1", Err: err}
	}
	return loaded, err
}

// Umbrella plans (and, unless dry, applies) the umbrella issue and its
// sub-issue tree of each selected term. Online, it reads each term's
// existing tree with one list call by the term's labels (plus one sub-issue
// list per parent whose sub-issue count falls short), so the plan holds
// only what is missing.
func Umbrella(ctx context.Context, env *Env, opts UmbrellaOptions) (*Result, error) {
	res := &Result{Job: "umbrella"}
	var r umbrella.Reader
	if !env.Offline() {
		r = umbrellaReader{env.Reads()}
	}
	loaded, err := loadUmbrella(ctx, env, r, umbrella.LoadOptions{Term: opts.Term, Mentees: opts.Mentees})
	if err != nil {
		return nil, err
	}
	if loaded.Skipped != "" {
		res.Skipped = loaded.Skipped
		return res, nil
	}
	res.Plan = &plan.Plan{Owner: env.Owner, Repo: env.Repo}
	var terms []umbrella.Term
	for _, in := range loaded.Inputs {
		p, err := umbrella.Plan(in, env.Config)
		if err != nil {
			return nil, fmt.Errorf("term %s: %w", in.Term, err)
		}
		res.Plan.Add(p.Actions...)
		terms = append(terms, in.Term)
	}
	applyErr := res.Apply(ctx, env)
	umbrellaOutputs(res, terms, loaded.Existing, !env.DryRun && !env.Offline())
	return res, applyErr
}

// umbrellaReader is the umbrella loader's view of the event's snapshot.
type umbrellaReader struct{ s *githubapi.Snapshot }

func (u umbrellaReader) Issues(ctx context.Context, labels []string) ([]umbrella.Listed, error) {
	list, err := u.s.Issues(ctx, "all", labels, false)
	if err != nil {
		return nil, err
	}
	out := make([]umbrella.Listed, 0, len(list))
	for _, is := range list {
		l := umbrella.Listed{Number: is.GetNumber(), Body: is.GetBody(), URL: is.GetHTMLURL(), PullRequest: is.IsPullRequest(), SubIssues: -1}
		if n, ok := u.s.SubIssueCount(is.GetNumber()); ok {
			l.SubIssues = n
		}
		out = append(out, l)
	}
	return out, nil
}

func (u umbrellaReader) SubIssues(ctx context.Context, parent int) ([]int, error) {
	return u.s.SubIssues(ctx, parent)
}

// umbrellaOutputs sets the Action outputs: the umbrella issue's number and
// URL (of the last term, when it exists or was just opened) and how many
// issues the run opened (or, in a dry run, would open).
func umbrellaOutputs(res *Result, terms []umbrella.Term, existing map[string]umbrella.Listed, applied bool) {
	var names []string
	for _, t := range terms {
		names = append(names, t.String())
		if is, ok := existing[umbrella.Ref(t, umbrella.KeyUmbrella).Ref]; ok {
			res.SetOutput("umbrella_issue", fmt.Sprint(is.Number))
			res.SetOutput("umbrella_url", is.URL)
		}
	}
	res.SetOutput("terms", strings.Join(names, " "))
	planned, links := 0, 0
	for _, a := range res.Plan.Actions {
		switch a.(type) {
		case plan.CreateIssue:
			planned++
		case plan.AddSubIssue:
			links++
		}
	}
	created := 0
	if applied {
		var outcomes []executor.Outcome
		if res.Report != nil {
			outcomes = res.Report.Outcomes
		}
		for _, o := range outcomes {
			c, ok := o.Action.(plan.CreateIssue)
			if !ok {
				continue
			}
			if o.Status == executor.Applied {
				created++
			}
			if strings.HasSuffix(c.Ref, "/"+umbrella.KeyUmbrella) && o.Number > 0 {
				res.SetOutput("umbrella_issue", fmt.Sprint(o.Number))
				res.SetOutput("umbrella_url", o.URL)
			}
		}
		res.SetOutput("issues_created", fmt.Sprint(created))
	} else {
		res.SetOutput("issues_to_create", fmt.Sprint(planned))
	}
	res.Summary = umbrellaSummary(res, names, planned, links, created)
}

func umbrellaSummary(res *Result, terms []string, planned, links, created int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### mentorbot: umbrella issue of term %s\n\n", strings.Join(terms, ", "))
	if n := res.Outputs["umbrella_issue"]; n != "" {
		fmt.Fprintf(&b, "Umbrella issue: [#%s](%s)\n\n", n, res.Outputs["umbrella_url"])
	}
	switch {
	case res.Report != nil:
		fmt.Fprintf(&b, "Opened %d issue(s); %d action(s) applied, %d unchanged, %d failed.\n", created,
			res.Report.Count(executor.Applied), res.Report.Count(executor.Unchanged), res.Report.Count(executor.Failed))
	case planned == 0 && links == 0:
		b.WriteString("The term's issue tree is complete: nothing to do.\n")
	default:
		fmt.Fprintf(&b, "Dry run: would open %d issue(s) and link %d sub-issue(s).\n", planned, links)
	}
	return b.String()
}

// umbrellaJob runs Umbrella with the options "term" and "mentees" (logins,
// comma- or space-separated) of the Action or the App.
func umbrellaJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	mentees := strings.FieldsFunc(p.Get("mentees"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
	return Umbrella(ctx, env, UmbrellaOptions{Term: strings.TrimSpace(p.Get("term")), Mentees: mentees})
}

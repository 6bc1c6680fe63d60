package runner

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// When one issues event routes to both the proposal and the command job
// (opened, edited, reopened), the command job would write right after the
// proposal job: the gate labels in a second label request, and the gates
// section in a second edit of the report the proposal job just wrote.
// proposalWithGates, which Route runs as the proposal job in that case,
// plans the command job on the issue as the proposal plan leaves it and
// folds its labels and its report into the proposal's writes: one label
// request, one report write. The command job still runs after it, reads
// through the same snapshot (which holds those writes) and finds nothing
// left to do; had the projection missed something, it writes the rest, so
// the merge saves requests and never changes the end state.
func proposalWithGates(ctx context.Context, env *Env, _ Params) (*Result, error) {
	res := &Result{Job: "proposal"}
	in, skip, err := proposalInput(ctx, env, ProposalOptions{})
	if err != nil || skip != "" {
		res.Skipped = skip
		return res, err
	}
	pr := proposal.Plan(*in)
	res.Findings = pr.Findings
	if pr.Proposal && commandSkip(env) == "" && !env.Offline() {
		// A failed read leaves the jobs one after the other: the proposal
		// job writes its own plan, the command job meets the error and
		// fails, as when they ran apart.
		cin, err := commandInput(ctx, env, CommandOptions{})
		if err == nil && cin != nil && projectProposal(cin, &pr, env.selfLogins()) {
			if cr := command.Plan(*cin); cr.Proposal && cr.Skipped == "" {
				pr.Plan = mergeGates(pr.Plan, cr.Plan)
			}
		}
	}
	pr.Plan.Owner, pr.Plan.Repo = env.Owner, env.Repo
	res.Plan = &pr.Plan
	proposalOutputs(res, in.Issue.Number, &pr)
	if err := res.Apply(ctx, env); err != nil {
		return res, fmt.Errorf("applying the plan for proposal #%d: %w", in.Issue.Number, err)
	}
	return res, nil
}

// projectProposal turns the command job's input into what it will read
// once the proposal plan is applied: the issue's labels as the plan leaves
// them, the labels it ensures in the repository, and the report comment it
// writes (a new one comes after every existing comment, as on GitHub). It
// reports false when the projection cannot be made (no known login for
// mentorbot's own comments): the jobs then write one after the other.
func projectProposal(cin *command.Input, pr *proposal.Result, self []string) bool {
	if len(self) == 0 {
		return false
	}
	cin.Issue.Labels = append([]string(nil), pr.Labels...)
	for _, a := range pr.Plan.Actions {
		switch a := a.(type) {
		case plan.EnsureLabel:
			if cin.RepoLabels != nil {
				cin.RepoLabels = append(slices.Clip(cin.RepoLabels), a.Name)
			}
		case plan.UpsertComment:
			if a.Marker != proposal.Marker {
				continue
			}
			var last int64
			found := false
			for i, c := range cin.Comments {
				last = max(last, c.ID)
				if !found && proposal.IsSelf(c.Author, cin.Self, cin.Config) && strings.HasPrefix(strings.TrimSpace(c.Body), proposal.Marker) {
					cin.Comments[i].Body, found = a.Body, true
				}
			}
			if !found {
				cin.Comments = append(cin.Comments, command.Comment{ID: last + 1, Author: self[0], Body: a.Body})
			}
		}
	}
	return true
}

// mergeGates folds the command plan into the proposal plan: its report
// body replaces (or becomes) the proposal's report write, its labels join
// the proposal's label request (the labels it ensures first), and its
// other actions follow in order.
func mergeGates(p, c plan.Plan) plan.Plan {
	out := plan.Plan{Owner: p.Owner, Repo: p.Repo}
	var ensure []plan.Action
	var rest []plan.Action
	var report *plan.UpsertComment
	var add *plan.AddLabels
	for _, a := range c.Actions {
		switch a := a.(type) {
		case plan.EnsureLabel:
			ensure = append(ensure, a)
		case plan.AddLabels:
			add = &a
		case plan.UpsertComment:
			if a.Marker == proposal.Marker {
				report = &a
				continue
			}
			rest = append(rest, a)
		default:
			rest = append(rest, a)
		}
	}
	hasReport, hasAdd := false, false
	for _, a := range p.Actions {
		switch x := a.(type) {
		case plan.AddLabels:
			if add != nil && !hasAdd && x.Issue == add.Issue {
				out.Add(ensure...)
				ensure = nil
				x.Labels = appendFold(x.Labels, add.Labels)
				hasAdd = true
			}
			out.Add(x)
			continue
		case plan.UpsertComment:
			if report != nil && x.Marker == proposal.Marker && x.Issue == report.Issue {
				x.Body, hasReport = report.Body, true
			}
			out.Add(x)
			continue
		}
		out.Add(a)
	}
	out.Add(ensure...)
	if add != nil && !hasAdd {
		out.Add(*add)
	}
	if report != nil && !hasReport {
		out.Add(*report)
	}
	out.Add(rest...)
	return out
}

// appendFold appends the names of more missing from have (case folded).
func appendFold(have, more []string) []string {
	out := append([]string(nil), have...)
	for _, m := range more {
		dup := false
		for _, h := range out {
			if strings.EqualFold(h, m) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, m)
		}
	}
	return out
}

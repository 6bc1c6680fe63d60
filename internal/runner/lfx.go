package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// lfxOn are the lfx job's triggers: comments carrying /export or /lfx-url,
// and the merge of a term's export pull request.
var lfxOn = []Trigger{{"issue_comment", []string{"created", "edited"}}, {"pull_request", []string{"closed"}}}

// lfxJob runs what follows the CNCF approval: the /export and /lfx-url
// commands of a comment, or, when a term's export pull request is merged,
// the comments on the newly exported issues and the branch's deletion.
func lfxJob(ctx context.Context, env *Env, _ Params) (*Result, error) {
	ev := env.Event
	switch {
	case ev == nil:
		return &Result{Job: "lfx", Skipped: "no event: the lfx job runs on comments and merged export pull requests"}, nil
	case SentByBot(ev, env.Config):
		return &Result{Job: "lfx", Skipped: fmt.Sprintf("the event was sent by a bot (%s)", ev.Sender)}, nil
	case ev.Name == "pull_request":
		return exportMergedEvent(ctx, env)
	case ev.Name == "issue_comment" && handles(lfxOn, ev.Name, ev.Action):
		res, _, err := LFXCommands(ctx, env)
		return res, err
	}
	return &Result{Job: "lfx", Skipped: fmt.Sprintf("%s %s carries no LFX command", ev.Name, ev.Action)}, nil
}

// exportMergedEvent handles pull_request closed: only a merged pull
// request from a term's export branch of this repository (not a fork's
// branch of the same name) into the default branch counts.
func exportMergedEvent(ctx context.Context, env *Env) (*Result, error) {
	ev, res := env.Event, &Result{Job: "lfx"}
	pr := ev.PullRequest
	if pr == nil || ev.Action != "closed" {
		res.Skipped = "not a closed pull request"
		return res, nil
	}
	t, isExport := export.TermOfBranch(pr.HeadRef, env.Config)
	switch {
	case !pr.Merged:
		res.Skipped = fmt.Sprintf("pull request #%d was closed without merging", pr.Number)
	case !isExport:
		res.Skipped = fmt.Sprintf("pull request #%d is not from an export branch", pr.Number)
	case !strings.EqualFold(pr.HeadRepo, env.Owner+"/"+env.Repo):
		res.Skipped = fmt.Sprintf("pull request #%d is from another repository (%s)", pr.Number, quote.CodeN(pr.HeadRepo, 100))
	case pr.BaseRef != env.DefaultBranch:
		res.Skipped = fmt.Sprintf("pull request #%d was merged into %s, not the default branch", pr.Number, quote.CodeN(pr.BaseRef, 100))
	}
	if res.Skipped != "" {
		return res, nil
	}
	return ExportMerged(ctx, env, ExportMergedOptions{Term: t.ID(), PullRequest: pr.Number, BaseSHA: pr.BaseSHA, DeleteBranch: pr.HeadRef})
}

// LFXCommands carries out the /export and /lfx-url commands of the comment
// an issue_comment event is about: it reads the live issue, its comments
// and (with no global approvers configured) the author's role, judges the
// commands (command.PlanLFX), runs each export asked for (an accepted
// /lfx-url rebuilds its term's export with the URL), then replies, with
// the URL's record, and pins the link in the issue body. A failed export
// is said so in the reply and fails the run.
func LFXCommands(ctx context.Context, env *Env) (*Result, *command.LFXResult, error) {
	res := &Result{Job: "lfx"}
	ev := env.Event
	switch {
	case ev.Issue == nil || ev.Comment == nil:
		res.Skipped = "the event has no comment"
	case ev.Issue.IsPull:
		res.Skipped = fmt.Sprintf("#%d is a pull request", ev.Issue.Number)
	case len(command.ParseLFX(ev.Comment.Body)) == 0:
		res.Skipped = "the comment has no /export or /lfx-url command"
	case env.Offline():
		res.Skipped = "the LFX commands need GitHub"
	}
	if res.Skipped != "" {
		return res, nil, nil
	}
	in, err := lfxInput(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	lr := command.PlanLFX(*in)
	if lr.Skipped != "" {
		res.Skipped = fmt.Sprintf("#%d: %s", in.Issue.Number, lr.Skipped)
		return res, &lr, nil
	}
	reply := command.LFXReply(in.Trigger, lr, nil, lr.Record)
	url := ""
	if lr.Record != "" {
		url = command.LFXURLAfter(*in, reply)
	}
	notes, exportErr := runLFXExports(ctx, env, res, in.Issue.Number, &lr, url)
	reply = command.LFXReply(in.Trigger, lr, notes, lr.Record)
	if exportErr != nil {
		url = "" // the link is pinned once its export is written
	}
	p := command.LFXPlan(*in, reply, url)
	p.Owner, p.Repo = env.Owner, env.Repo
	last := &Result{Plan: &p}
	applyErr := last.Apply(ctx, env)
	mergeResult(res, last)
	res.SetOutput("issue", fmt.Sprint(in.Issue.Number))
	res.Summary = fmt.Sprintf("### mentorbot: LFX commands on #%d\n\n%s", in.Issue.Number, strings.TrimPrefix(reply, command.LFXReplyMarker(in.Trigger)+"\n"))
	return res, &lr, errors.Join(exportErr, applyErr)
}

// lfxInput reads what PlanLFX judges by: the live issue, its comments and,
// when no global approvers are configured, the trigger author's role.
func lfxInput(ctx context.Context, env *Env) (*command.Input, error) {
	ev := env.Event
	in := &command.Input{Config: env.Config, Self: env.Self, Trigger: ev.Comment.ID, TriggerEdited: ev.Action == "edited"}
	r := snapshotReader{env.Reads()}
	live, open, err := r.Issue(ctx, ev.Issue.Number)
	if err != nil {
		return nil, err
	}
	in.Issue, in.Closed = live, !open
	if in.Comments, err = r.Comments(ctx, live.Number); err != nil {
		return nil, err
	}
	if len(env.Config.Proposals.Approvers.Global) == 0 {
		role, err := r.Role(ctx, ev.Comment.User)
		if err != nil {
			return nil, err
		}
		in.Roles = map[string]command.Role{ev.Comment.User: role}
	}
	return in, nil
}

// runLFXExports runs each export lr asks for, the /lfx-url's term with url,
// and returns the reply's note for each command.
func runLFXExports(ctx context.Context, env *Env, res *Result, issue int, lr *command.LFXResult, url string) (map[int]string, error) {
	notes := map[int]string{}
	var errs []error
	for _, id := range lr.Exports {
		opts := ExportOptions{Term: id}
		if url != "" && id == lr.Term {
			opts.LFXURLs = map[int]string{issue: url}
		}
		er, ex, err := Export(ctx, env, opts)
		if er != nil {
			mergeResult(res, er)
		}
		note := exportNote(env, ex, err)
		if err != nil {
			errs = append(errs, fmt.Errorf("export %s: %w", id, err))
		} else if id == lr.Term && !slices.ContainsFunc(ex.Export.Programs, func(p export.Program) bool { return p.IssueNumber == issue }) {
			lr.Warnings = append(lr.Warnings, fmt.Sprintf("#%d is not in the %s export (is it still CNCF Approved?): the URL is recorded and goes into the export when the issue is in it", issue, id))
		}
		for i, o := range lr.Outcomes {
			if o.Status != command.Done {
				continue
			}
			if (o.Command.Name == command.Export && exportTermID(o.Command, env) == id) || (o.Command.Name == command.LFXURL && id == lr.Term) {
				notes[i] = note
			}
		}
	}
	return notes, errors.Join(errs...)
}

func exportTermID(c command.Command, env *Env) string {
	t, err := export.ParseTerm(strings.TrimSpace(c.Rest), env.Config)
	if err != nil {
		return ""
	}
	return t.ID()
}

// exportNote says what an export did, for the reply.
func exportNote(env *Env, ex *export.Result, err error) string {
	switch {
	case err != nil:
		return "the export FAILED; the run's log has the error, and a re-run tries again"
	case !ex.Changed:
		return fmt.Sprintf("the export (%s) is up to date: nothing to change", programs(ex.Export.Count))
	}
	return fmt.Sprintf("%s (%d added, %d updated, %d kept): the files are on branch `%s`, in its pull request", programs(ex.Export.Count), len(ex.Added), len(ex.Updated), len(ex.Kept), ex.Branch)
}

// mergeResult adds from's plan, report and outputs to into.
func mergeResult(into, from *Result) {
	if from.Plan != nil {
		if into.Plan == nil {
			into.Plan = &plan.Plan{Owner: from.Plan.Owner, Repo: from.Plan.Repo}
		}
		into.Plan.Add(from.Plan.Actions...)
	}
	if from.Report != nil {
		if into.Report == nil {
			cp := *from.Report
			into.Report = &cp
		} else {
			into.Report.Outcomes = append(into.Report.Outcomes, from.Report.Outcomes...)
		}
	}
	for k, v := range from.Outputs {
		into.SetOutput(k, v)
	}
}

func programs(n int) string {
	if n == 1 {
		return "1 program"
	}
	return fmt.Sprintf("%d programs", n)
}

package runner

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// CommandOptions gives the command job what an offline run cannot read from
// GitHub. Online runs read the live issue, its comments, the labels and the
// actors' roles, and ignore these fields.
type CommandOptions struct {
	// Issue is the proposal (offline: the --issue-json file).
	Issue  *proposal.Issue
	Closed bool
	// Comments are the issue's comments, oldest first; offline, the
	// trigger comment is added at the end when it is not among them.
	Comments []command.Comment
	// Roles are the repository roles of the comment authors (offline:
	// --role flags); a login missing has none.
	Roles map[string]command.Role
	// RepoLabels are the repository's labels; nil when unknown.
	RepoLabels []string
}

// Command carries out the commands of the comment an issue_comment event
// is about, or, on an issues event, re-checks the proposal's gates after an
// edit (a material edit clears approvals). Online it reads the live issue,
// its comments, the repository's labels and the role of each person who
// wrote a command (one call each), then applies the plan unless dry.
// Events sent by the bot, comments without a command, pull requests and
// issues that are not proposals are skipped.
func Command(ctx context.Context, env *Env, opts CommandOptions) (*Result, *command.Result, error) {
	res := &Result{Job: "command"}
	if skip := commandSkip(env); skip != "" {
		res.Skipped = skip
		return res, nil, nil
	}
	in, err := commandInput(ctx, env, opts)
	if err != nil {
		return nil, nil, err
	}
	if in == nil {
		res.Skipped = "no issue to act on"
		return res, nil, nil
	}
	cr := command.Plan(*in)
	if !cr.Proposal || cr.Skipped != "" {
		res.Skipped = fmt.Sprintf("#%d: %s", in.Issue.Number, cr.Skipped)
		return res, &cr, nil
	}
	cr.Plan.Owner, cr.Plan.Repo = env.Owner, env.Repo
	res.Plan = &cr.Plan
	commandOutputs(res, in.Issue.Number, &cr)
	if err := res.Apply(ctx, env); err != nil {
		return res, &cr, fmt.Errorf("applying the commands on proposal #%d: %w", in.Issue.Number, err)
	}
	return res, &cr, nil
}

// commandSkip says why an event is not the command job's, or "".
func commandSkip(env *Env) string {
	ev := env.Event
	switch {
	case ev == nil:
		return ""
	case SentByBot(ev, env.Config):
		return fmt.Sprintf("the event was sent by a bot (%s)", ev.Sender)
	case !slices.ContainsFunc(commandOn, func(t Trigger) bool { return t.Event == ev.Name }):
		return fmt.Sprintf("%s events carry no proposal commands", ev.Name)
	case !handles(commandOn, ev.Name, ev.Action):
		return fmt.Sprintf("%s event %q carries no proposal commands", ev.Name, ev.Action)
	case ev.Issue != nil && ev.Issue.IsPull:
		return fmt.Sprintf("#%d is a pull request", ev.Issue.Number)
	case ev.Name == "issue_comment" && (ev.Comment == nil || len(command.Parse(ev.Comment.Body)) == 0):
		return "the comment has no command"
	}
	return ""
}

// commandInput builds the planner's input from the event and, online,
// with command.Load; nil when there is no issue.
func commandInput(ctx context.Context, env *Env, opts CommandOptions) (*command.Input, error) {
	in := &command.Input{Config: env.Config, Closed: opts.Closed, Comments: opts.Comments, Roles: opts.Roles, RepoLabels: opts.RepoLabels, Self: env.Self}
	ev := env.Event
	switch {
	case opts.Issue != nil:
		in.Issue = *opts.Issue
	case ev != nil && ev.Issue != nil:
		in.Issue = fromEvent(ev.Issue)
		in.Closed = ev.Issue.State == "closed"
	default:
		return nil, nil
	}
	if ev != nil && ev.Comment != nil {
		in.Trigger, in.TriggerEdited = ev.Comment.ID, ev.Action == "edited"
	}
	if ev != nil && ev.Name == "issues" && ev.Changes != nil {
		in.PreviousBody = ev.Changes.Body
	}
	if env.Offline() {
		unpin(in)
		if in.Trigger != 0 && !hasComment(in.Comments, in.Trigger) {
			in.Comments = append(in.Comments, command.Comment{ID: ev.Comment.ID, Author: ev.Comment.User, Body: ev.Comment.Body})
		}
		return in, withApprovers(ctx, env, in)
	}
	if err := command.Load(ctx, snapshotReader{env.Reads()}, in); err != nil {
		return nil, err
	}
	unpin(in)
	return in, withApprovers(ctx, env, in)
}

func hasComment(cs []command.Comment, id int64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

// commandOutputs sets the Action outputs and the job summary.
func commandOutputs(res *Result, number int, cr *command.Result) {
	res.SetOutput("issue", fmt.Sprint(number))
	done, refused := 0, 0
	var b strings.Builder
	fmt.Fprintf(&b, "### mentorbot: commands on proposal #%d\n\n", number)
	for _, o := range cr.Outcomes {
		switch o.Status {
		case command.Done:
			done++
		case command.Refused:
			refused++
		}
		fmt.Fprintf(&b, "- %s: %s", quote.CodeN(o.Command.String(), 80), o.Status)
		if o.Reason != "" {
			b.WriteString(": " + o.Reason)
		}
		b.WriteString("\n")
	}
	res.SetOutput("done", fmt.Sprint(done))
	res.SetOutput("refused", fmt.Sprint(refused))
	res.SetOutput("labels", strings.Join(cr.Labels, ","))
	g := cr.Gates
	fmt.Fprintf(&b, "\nGates: maintainer approved %v, mentors confirmed %v, CNCF approved %v\n", g.MaintainerApproved, g.MentorsConfirmed, g.CNCFApproved)
	res.Summary = b.String()
}

// commandJob carries out the commands of an issue_comment event, or
// re-checks the gates on an issues event.
func commandJob(ctx context.Context, env *Env, _ Params) (*Result, error) {
	res, _, err := Command(ctx, env, CommandOptions{})
	return res, err
}

// unpin takes mentorbot's pinned LFX link out of the bodies the command
// planner compares: pinning the link (/lfx-url) is not a material edit, so
// it never clears approvals.
func unpin(in *command.Input) {
	in.Issue.Body = export.UnpinLFXURL(in.Issue.Body)
	if in.PreviousBody != nil {
		prev := export.UnpinLFXURL(*in.PreviousBody)
		in.PreviousBody = &prev
	}
}

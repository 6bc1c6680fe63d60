package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	pcmd "github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// botLogin writes the report comment of an offline check: any "[bot]"
// login is one whose records the planner trusts.
const botLogin = "mentorbot[bot]"

// roleFlags collects repeated --role login=role flags.
type roleFlags map[string]pcmd.Role

func (r roleFlags) String() string { return fmt.Sprint(map[string]pcmd.Role(r)) }

func (r roleFlags) Set(v string) error {
	login, role, ok := strings.Cut(v, "=")
	if !ok || login == "" {
		return fmt.Errorf("%q is not login=role", v)
	}
	switch pcmd.Role(role) {
	case pcmd.RoleNone, pcmd.RoleRead, pcmd.RoleTriage, pcmd.RoleWrite, pcmd.RoleMaintain, pcmd.RoleAdmin:
		r[login] = pcmd.Role(role)
		return nil
	}
	return fmt.Errorf("role %q is not one of none, read, triage, write, maintain, admin", role)
}

func runProposalCommand(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "proposal command", "--issue-json FILE --comment-json FILE [--comments-json FILE] [--role LOGIN=ROLE]... [--edited] [--repo DIR] [--config FILE] [--now T] [--format text|json]")
	var rf repoFlags
	rf.register(fs, "text or json")
	issuePath := fs.String("issue-json", "", "the issue, as a JSON issue object (an event's \"issue\")")
	commentPath := fs.String("comment-json", "", "the comment with the commands, as a JSON comment object (id, body, user.login)")
	historyPath := fs.String("comments-json", "", "the issue's earlier comments, a JSON array of comment objects, oldest first")
	edited := fs.Bool("edited", false, "treat the comment as edited rather than created")
	roles := roleFlags{}
	fs.Var(roles, "role", "a person's repository role, login=none|read|triage|write|maintain|admin (repeatable; offline roles are not asked of GitHub)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json"); err != nil {
		return err
	}
	if *issuePath == "" || *commentPath == "" {
		return usagef("--issue-json and --comment-json are required")
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	opts := runner.CommandOptions{Roles: roles}
	if *historyPath != "" {
		if opts.Comments, err = readComments(*historyPath); err != nil {
			return err
		}
	}
	if env.Event, err = commentEvent(*issuePath, *commentPath, *edited); err != nil {
		return err
	}
	checkFirst(ctx, st, env, &opts)
	res, cr, err := runner.Command(ctx, env, opts)
	if err != nil {
		return err
	}
	return writeCommand(st.Stdout, rf.format, res, cr)
}

// checkFirst runs the proposal check on an issue that carries no
// validation label yet, as the proposal job would have done before anyone
// commented: the commands then see its labels and its report comment.
func checkFirst(ctx context.Context, st *State, env *runner.Env, opts *runner.CommandOptions) {
	l := env.Config.Labels
	is := fromEventIssue(env.Event.Issue)
	if slices.ContainsFunc(is.Labels, func(s string) bool {
		return strings.EqualFold(s, l.ValidationPassed) || strings.EqualFold(s, l.ValidationFailed)
	}) {
		return
	}
	checked := []proposal.Issue{is}
	reports := exampleLabels(ctx, env, checked)
	if reports[is.Number] == "" {
		return
	}
	is = checked[0]
	fmt.Fprintf(st.Stderr, "note: #%d carries no validation label: checked it first, as the proposal job would have\n", is.Number)
	opts.Issue = &is
	opts.Comments = append([]pcmd.Comment{{ID: 1, Author: botLogin, Body: reports[is.Number]}}, opts.Comments...)
}

func fromEventIssue(is *event.Issue) proposal.Issue {
	return proposal.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels, Author: is.User}
}

// commentEvent builds the issue_comment event an Action would receive from
// an issue object and a comment object.
func commentEvent(issuePath, commentPath string, edited bool) (*event.Event, error) {
	issue, err := os.ReadFile(issuePath)
	if err != nil {
		return nil, usagef("reading the issue: %v", err)
	}
	comment, err := os.ReadFile(commentPath)
	if err != nil {
		return nil, usagef("reading the comment: %v", err)
	}
	action := "created"
	if edited {
		action = "edited"
	}
	payload := `{"action":"` + action + `","issue":` + string(issue) + `,"comment":` + string(comment) + `}`
	ev, err := event.Parse("issue_comment", []byte(payload))
	if err != nil || ev.Issue == nil || ev.Comment == nil {
		return nil, usagef("%s and %s are not an issue and a comment object: %v", issuePath, commentPath, err)
	}
	ev.Sender, ev.SenderType = ev.Comment.User, "User"
	return ev, nil
}

// wireComment is a comment object as GitHub's API and events carry it.
type wireComment struct {
	ID       int64  `json:"id"`
	Body     string `json:"body"`
	IssueURL string `json:"issue_url"`
	User     struct {
		Login string `json:"login"`
	} `json:"user"`
}

func (w wireComment) comment() pcmd.Comment {
	return pcmd.Comment{ID: w.ID, Author: w.User.Login, Body: w.Body}
}

// readComments reads a JSON array of comment objects.
func readComments(p string) ([]pcmd.Comment, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, usagef("reading the comments: %v", err)
	}
	var ws []wireComment
	if err := json.Unmarshal(data, &ws); err != nil {
		return nil, usagef("%s is not a JSON array of comments: %v", p, err)
	}
	out := make([]pcmd.Comment, len(ws))
	for i, w := range ws {
		out[i] = w.comment()
	}
	return out, nil
}

// CommandJSON is the JSON form of a proposal command run.
type CommandJSON struct {
	Skipped  string         `json:"skipped,omitempty"`
	Outcomes []pcmd.Outcome `json:"outcomes"`
	Gates    *pcmd.Gates    `json:"gates,omitempty"`
	Labels   []string       `json:"labels,omitempty"`
	Plan     *plan.Plan     `json:"plan"`
}

// writeCommand renders the outcome of each command, the gates and the plan.
func writeCommand(w io.Writer, format string, res *runner.Result, cr *pcmd.Result) error {
	out := CommandJSON{Skipped: res.Skipped, Outcomes: []pcmd.Outcome{}, Plan: res.Plan}
	if out.Plan == nil {
		out.Plan = &plan.Plan{}
	}
	if cr != nil && cr.Proposal && cr.Skipped == "" {
		out.Outcomes, out.Gates, out.Labels = cr.Outcomes, &cr.Gates, cr.Labels
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if out.Skipped != "" {
		fmt.Fprintf(w, "skipped: %s\n", out.Skipped)
		return nil
	}
	for _, o := range out.Outcomes {
		fmt.Fprintf(w, "%s: %s", o.Command, o.Status)
		if o.Reason != "" {
			fmt.Fprintf(w, ": %s", o.Reason)
		}
		fmt.Fprintln(w)
	}
	g := out.Gates
	fmt.Fprintf(w, "gates: maintainer approved %v, mentors confirmed %v, CNCF approved %v\n", g.MaintainerApproved, g.MentorsConfirmed, g.CNCFApproved)
	fmt.Fprintf(w, "labels: %s\n\n%s", strings.Join(out.Labels, ", "), out.Plan.Text())
	return nil
}

// planCommand is the proposal commands' section of the plan command: every
// example comment (<issues>/../comments/*.json, each naming its issue by
// issue_url) run on its example issue, with the comments before it as the
// issue's history.
func planCommand(ctx context.Context, env *runner.Env, opts planOptions) ([]*runner.Result, error) {
	if opts.IssuesDir == "" {
		return []*runner.Result{{Job: "command", Skipped: "no example issues (--issues)"}}, nil
	}
	dir := filepath.Join(filepath.Dir(filepath.Clean(opts.IssuesDir)), "comments")
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(names) == 0 {
		return []*runner.Result{{Job: "command", Skipped: "no example comments in " + dir}}, nil
	}
	issues, err := runner.ReadIssues(os.DirFS(opts.IssuesDir))
	if err != nil {
		return nil, err
	}
	checked := exampleLabels(ctx, env, issues)
	var out []*runner.Result
	history := map[int][]pcmd.Comment{}
	for _, name := range names {
		var w wireComment
		data, err := os.ReadFile(name)
		if err == nil {
			err = json.Unmarshal(data, &w)
		}
		if err != nil {
			return nil, fmt.Errorf("reading example comment %s: %w", name, err)
		}
		n, _ := strconv.Atoi(path.Base(w.IssueURL))
		for i := range issues {
			if issues[i].Number != n {
				continue
			}
			if history[n] == nil && checked[n] != "" {
				history[n] = []pcmd.Comment{{ID: 1, Author: botLogin, Body: checked[n]}}
			}
			history[n] = append(history[n], w.comment())
			e := *env
			e.Event = &event.Event{Name: "issue_comment", Action: "created", Sender: w.User.Login, SenderType: "User",
				Comment: &event.Comment{ID: w.ID, Body: w.Body, User: w.User.Login}}
			res, _, err := runner.Command(ctx, &e, runner.CommandOptions{Issue: &issues[i], Comments: history[n]})
			if err != nil {
				return nil, err
			}
			out = append(out, res)
		}
	}
	return out, nil
}

// exampleLabels runs the proposal check on the example issues, as the
// proposal job would have when they were opened: each issue gets the
// labels it leaves, and the report comment is returned by number.
func exampleLabels(ctx context.Context, env *runner.Env, issues []proposal.Issue) map[int]string {
	reports := map[int]string{}
	for i := range issues {
		_, pr, err := runner.ProposalCheck(ctx, env, runner.ProposalOptions{Issue: &issues[i], Open: issues})
		if err == nil && pr != nil {
			issues[i].Labels, reports[issues[i].Number] = pr.Labels, pr.Comment
		}
	}
	return reports
}

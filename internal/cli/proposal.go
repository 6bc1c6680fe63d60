package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// proposalCommands are the subcommands of "mentorbot proposal", in help
// order.
var proposalCommands = []command{
	{"check", "check a proposal issue body offline: findings, labels and the report comment", runProposalCheck},
	{"command", "run proposal commands (/approve, /confirm, /label, ...) of a comment offline: outcomes, gates and the plan", runProposalCommand},
}

// runProposal dispatches "mentorbot proposal <subcommand>".
func runProposal(ctx context.Context, st *State, args []string) error {
	return dispatch(ctx, st, "proposal", proposalCommands, "", args)
}

func runProposalCheck(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "proposal check", "--title TITLE --body FILE [--repo DIR] [--config FILE] [--now T] [--labels a,b] [--number N] [--fail-on error|warning|never] [--format text|json]")
	var rf repoFlags
	rf.register(fs, "text or json")
	title := fs.String("title", "", "the issue title (a proposal's starts with proposals.title_prefix)")
	bodyPath := fs.String("body", "", "file holding the issue body, - for standard input")
	labels := fs.String("labels", "", "comma-separated labels the issue carries")
	number := fs.Int("number", 0, "the issue number, for the plan's actions")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json"); err != nil {
		return err
	}
	if *bodyPath == "" {
		return usagef("--body is required: the file holding the issue body (- for standard input)")
	}
	body, err := readBody(st, *bodyPath)
	if err != nil {
		return err
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	is := proposal.Issue{Number: *number, Title: *title, Body: body, Labels: splitList(*labels)}
	if !proposal.IsProposal(is, env.Config) {
		is.Labels = append(is.Labels, env.Config.Labels.Program, env.Config.Labels.Proposal)
		fmt.Fprintf(st.Stderr, "note: the title lacks %q and --labels lacks %q and %q: checking as a proposal anyway\n",
			env.Config.Proposals.TitlePrefix, env.Config.Labels.Program, env.Config.Labels.Proposal)
	}
	res, pr, err := runner.ProposalCheck(ctx, env, runner.ProposalOptions{Issue: &is})
	if err != nil {
		return err
	}
	if pr == nil {
		return usagef("nothing checked: %s", res.Skipped)
	}
	if err := writeProposal(st.Stdout, rf.format, pr); err != nil {
		return err
	}
	return failed(pr.Findings, *failOn)
}

func readBody(st *State, path string) (string, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return "", usagef("reading the issue body: %v", err)
	}
	return string(data), nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// writeProposal renders a proposal check: JSON as
// {"fields", "findings", "desired_labels", "comment"}, or text for a person.
func writeProposal(w io.Writer, format string, pr *proposal.Result) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // the comment's marker stays readable
		return enc.Encode(pr)
	}
	for _, f := range pr.Findings {
		fmt.Fprintln(w, findingLine(w, f))
	}
	e, wn := finding.Count(pr.Findings, finding.SeverityError), finding.Count(pr.Findings, finding.SeverityWarning)
	fmt.Fprintf(w, "proposal: %d errors, %d warnings\n", e, wn)
	if pr.ProgramName != "" {
		fmt.Fprintf(w, "LFX program name: %s\n", pr.ProgramName)
	}
	fmt.Fprintf(w, "labels: %s\n", strings.Join(pr.Labels, ", "))
	return nil
}

// planProposal is the proposal section of the plan command: every example
// issue checked as if just edited, the others counted as the repository's
// open proposals.
func planProposal(ctx context.Context, env *runner.Env, opts planOptions) ([]*runner.Result, error) {
	if opts.IssuesDir == "" {
		return []*runner.Result{{Job: "proposal", Skipped: "no example issues (--issues)"}}, nil
	}
	issues, err := runner.ReadIssues(os.DirFS(opts.IssuesDir))
	if err != nil {
		return nil, err
	}
	var out []*runner.Result
	for i := range issues {
		res, err := runner.Proposal(ctx, env, runner.ProposalOptions{Issue: &issues[i], Open: issues})
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

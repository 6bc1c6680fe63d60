package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// planOptions are the inputs of the plan command beyond the repository.
type planOptions struct {
	// IssuesDir holds example issues (JSON, like an event's "issue"
	// object) that offline runs treat as the repository's issues.
	IssuesDir string
}

// planRun is one job's part of the plan command, run offline.
type planRun func(ctx context.Context, env *runner.Env, opts planOptions) ([]*runner.Result, error)

// planLocal says how the plan command runs a job of the routing table
// (runner.Jobs) against a local checkout. The plan command shows the jobs
// in the table's order; a job missing here must be in planOnline, which
// says why it is not shown (TestPlanCoversEveryJob).
var planLocal = map[string]planRun{
	"validate": planValidate,
	"meeting":  planMeeting,
	"umbrella": planUmbrella,
	"proposal": planProposal,
	"command":  planCommand,
	"export":   planExport,
	"reminder": planReminders,
	"announce": planAnnounce,
	"calendar": planCalendarFiles,
}

// planOnline are the jobs of the routing table the plan command does not
// run, and why.
var planOnline = map[string]string{
	"labels":      "labels a pull request from its changed files: it runs on pull request events only",
	"projects":    "reads the CNCF landscape: see mentorbot projects sync",
	"board":       "reads the Projects v2 board over GraphQL: see mentorbot board sync",
	"lfx":         "/export and /lfx-url comments and the export pull request's merge: see the export section",
	"admin-board": "reads the term's admin board over GraphQL (automation/admin-board.json)",
}

func planValidate(ctx context.Context, env *runner.Env, _ planOptions) ([]*runner.Result, error) {
	res, err := runner.Validate(ctx, env, runner.ValidateOptions{All: true})
	if err != nil {
		return nil, err
	}
	return []*runner.Result{res}, nil
}

func runPlan(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "plan", "[--repo DIR] [--config FILE] [--now T] [--issues DIR] [--format text|json]")
	var rf repoFlags
	rf.register(fs, "text or json")
	var opts planOptions
	fs.StringVar(&opts.IssuesDir, "issues", "", "folder of example issues as JSON (default: <repo>/../issues when it exists)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json"); err != nil {
		return err
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	if opts.IssuesDir == "" {
		opts.IssuesDir = defaultIssuesDir(rf.repo)
	}
	var results []*runner.Result
	for _, job := range runner.Jobs {
		run, ok := planLocal[job.Name]
		if !ok {
			continue
		}
		rs, err := run(ctx, env, opts)
		if err != nil {
			return fmt.Errorf("%s: %w", job.Name, err)
		}
		results = append(results, rs...)
	}
	if rf.format == "json" {
		enc := json.NewEncoder(st.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Repo string           `json:"repo"`
			Now  time.Time        `json:"now"`
			Jobs []*runner.Result `json:"jobs"`
		}{rf.repo, env.Now, results})
	}
	writePlanText(st.Stdout, rf.repo, env.Now, true, results)
	return nil
}

func writePlanText(w io.Writer, repo string, now time.Time, dry bool, results []*runner.Result) {
	mode := "dry run: nothing is written"
	if !dry {
		mode = "applied"
	}
	fmt.Fprintf(w, "mentorbot plan for %s at %s (%s)\n", repo, now.Format(time.RFC3339), mode)
	for _, r := range results {
		fmt.Fprintf(w, "\n== %s\n", r.Job)
		if r.Skipped != "" {
			fmt.Fprintf(w, "skipped: %s\n", r.Skipped)
			continue
		}
		if len(r.Findings) > 0 {
			e, wn := finding.Count(r.Findings, finding.SeverityError), finding.Count(r.Findings, finding.SeverityWarning)
			fmt.Fprintf(w, "findings: %d errors, %d warnings\n", e, wn)
			for _, f := range r.Findings {
				fmt.Fprintf(w, "  %s\n", f)
			}
		}
		if len(r.Outputs) > 0 {
			fmt.Fprintf(w, "outputs: %s\n", formatOutputs(r.Outputs))
		}
		if r.Report != nil {
			fmt.Fprint(w, "outcomes:\n")
			for _, o := range r.Report.Outcomes {
				fmt.Fprintf(w, "  %s %s %s\n", o.Kind, o.Status, o.Detail)
			}
			continue
		}
		if r.Plan != nil {
			fmt.Fprint(w, "plan:\n")
			for _, line := range strings.SplitAfter(r.Plan.Text(), "\n") {
				if line != "" {
					fmt.Fprint(w, "  "+line)
				}
			}
		}
	}
}

func formatOutputs(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, " ")
}

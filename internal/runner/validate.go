package runner

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/term"
)

// ValidateOptions selects what Validate checks.
type ValidateOptions struct {
	// All checks every term folder; otherwise only those Paths touch.
	All bool
	// Paths are changed files or term folders (repo-relative). Empty with
	// All unset means: the files the pull request of Env.Event changes, or
	// every folder when there is no pull request to ask about.
	Paths []string
	// CheckRunSHA, when set, plans a check run on that commit with the
	// findings as annotations (the App's face of this job).
	CheckRunSHA string
}

// CheckRunName is the name of the check run the App creates.
const CheckRunName = "mentorbot / term folders"

// Validate checks term folders and returns the findings; with CheckRunSHA it
// also plans (and, unless dry, creates) a check run. A read that failed (a
// 502, a 403, a timeout) is an error, never a folder that passed: with
// CheckRunSHA the check run then fails and says it could not read.
func Validate(ctx context.Context, env *Env, opts ValidateOptions) (*Result, error) {
	res, err := validatePlan(ctx, env, opts)
	if err != nil {
		if opts.CheckRunSHA == "" {
			return nil, err
		}
		res = &Result{Job: "validate", Plan: &plan.Plan{Owner: env.Owner, Repo: env.Repo}}
		res.Plan.Add(ReadFailedCheckRun(opts.CheckRunSHA, err))
		// The job's context may be what ran out: the failed check run
		// still gets its own short deadline, so the pull request shows red.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), failedCheckRunTimeout)
		defer cancel()
		if aerr := res.Apply(wctx, env); aerr != nil {
			return res, fmt.Errorf("%w (and the failed check run could not be created: %v)", err, aerr)
		}
		return res, err
	}
	return res, res.Apply(ctx, env)
}

// failedCheckRunTimeout bounds the write of a failed check run after the
// job's own context ended.
const failedCheckRunTimeout = 15 * time.Second

// ReadFailedCheckRun is the check run of a validation that could not read
// what it checks: a failure, so a transient GitHub error never shows green.
func ReadFailedCheckRun(sha string, err error) plan.CreateCheckRun {
	msg := strings.ReplaceAll(err.Error(), "`", "'")
	return plan.CreateCheckRun{Name: CheckRunName, HeadSHA: sha, Conclusion: "failure",
		Title: "mentorbot could not read the term folders",
		Summary: "### mentorbot could not read the term folders\n\nA read from GitHub failed, so nothing was checked. " +
			"Re-run the check (or push again) once GitHub answers.\n\n```\n" + msg + "\n```\n"}
}

// validatePlan reads and checks; every error it returns is a failed read.
func validatePlan(ctx context.Context, env *Env, opts ValidateOptions) (*Result, error) {
	res := &Result{Job: "validate"}
	lo := term.LoadOptions{All: opts.All, Paths: opts.Paths}
	var r term.Reader
	if env.Event != nil && env.Event.PullRequest != nil && !env.Offline() {
		r, lo.PullRequest = env.Reads(), env.Event.PullRequest.Number
	}
	in, err := term.LoadValidate(ctx, r, env.FS, env.Config, lo)
	if err != nil {
		return nil, err
	}
	vr, err := term.Validate(in.FS, env.Config, in.Dirs)
	if err != nil {
		return nil, fmt.Errorf("validating term folders: %w", err)
	}
	res.Findings = vr.Findings
	res.Summary = Summary(vr.TermsChecked, vr.Findings)
	res.SetOutput("terms_checked", fmt.Sprint(vr.TermsChecked))
	res.SetOutput("errors", fmt.Sprint(finding.Count(vr.Findings, finding.SeverityError)))
	res.SetOutput("warnings", fmt.Sprint(finding.Count(vr.Findings, finding.SeverityWarning)))
	if opts.CheckRunSHA != "" {
		res.Plan = &plan.Plan{Owner: env.Owner, Repo: env.Repo}
		res.Plan.Add(CheckRun(opts.CheckRunSHA, vr.TermsChecked, vr.Findings))
	}
	return res, nil
}

// CheckRun turns findings into a completed check run: failure when any
// finding is an error, neutral with only warnings, success otherwise.
func CheckRun(sha string, checked int, fs []finding.Finding) plan.CreateCheckRun {
	conclusion := "success"
	switch finding.Worst(fs) {
	case finding.SeverityError:
		conclusion = "failure"
	case finding.SeverityWarning:
		conclusion = "neutral"
	}
	cr := plan.CreateCheckRun{Name: CheckRunName, HeadSHA: sha, Conclusion: conclusion,
		Title: headline(checked, fs), Summary: checkRunSummary(checked, fs)}
	for _, f := range fs {
		level := map[finding.Severity]string{finding.SeverityError: "failure", finding.SeverityWarning: "warning"}[f.Severity]
		if level == "" {
			level = "notice"
		}
		cr.Annotations = append(cr.Annotations, plan.Annotation{Path: f.Path, Line: f.Line, Level: level, Title: f.Rule, Message: f.Message})
	}
	return cr
}

// checkRunSummary is Summary within GitHub's limit for a check run's
// summary: rows that do not fit are left out, with a note saying how many
// and where every finding is.
func checkRunSummary(checked int, fs []finding.Finding) string {
	full := Summary(checked, fs)
	if utf8.RuneCountInString(full) <= plan.CheckRunTextLimit {
		return full
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### mentorbot: %s\n\n", headline(checked, fs))
	b.WriteString(finding.MarkdownHeader)
	n := utf8.RuneCountInString(b.String())
	const noteRoom = 400 // the note below, with room to spare
	shown := 0
	for _, f := range fs {
		row := finding.MarkdownRow(f)
		rn := utf8.RuneCountInString(row)
		if n+rn > plan.CheckRunTextLimit-noteRoom {
			break
		}
		b.WriteString(row)
		n += rn
		shown++
	}
	left := len(fs) - shown
	fmt.Fprintf(&b, "\n**%d of %d findings are not listed here**: GitHub takes at most 65,535 characters in a check run's summary. "+
		"Every finding is an annotation of this check run (on the pull request's Files changed tab), "+
		"and `mentorbot validate` run on the pull request's head lists them all.\n", left, len(fs))
	return b.String()
}

func headline(checked int, fs []finding.Finding) string {
	e, w := finding.Count(fs, finding.SeverityError), finding.Count(fs, finding.SeverityWarning)
	return fmt.Sprintf("%d term folder%s checked: %d error%s, %d warning%s", checked, plural(checked), e, plural(e), w, plural(w))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Summary renders findings as a Markdown job summary (finding.Markdown): a
// headline and a table of every finding (annotations are capped by GitHub,
// the summary is not).
func Summary(checked int, fs []finding.Finding) string {
	return finding.Markdown(headline(checked, fs), fs)
}

package runner

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// MeetingOptions selects what the meeting job does.
type MeetingOptions struct {
	// Lint checks the time lines of the minutes files instead of planning.
	Lint bool
	// Date, "YYYY-MM-DD" or RFC 3339, plans as of that time instead of
	// Env.Now (a bare date means its first minute in the meeting's zone):
	// the Action's workflow_dispatch input, for backfills.
	Date string
	// Mode overrides meeting.mode: "commit" or "pull_request".
	Mode string
	// Tries bounds how often a write that hit a concurrent edit is re-read,
	// re-planned and retried; 0 means DefaultMeetingTries.
	Tries int
}

// DefaultMeetingTries is how many times the meeting job plans and writes
// before giving up on a file that keeps changing under it.
const DefaultMeetingTries = 3

// Meeting keeps the minutes file's upcoming stub current: it reads the
// minutes files, plans with meeting.Plan and applies the plan (one commit
// per changed file, or a pull request from meeting.branch). A write that
// finds the file changed since it was read (executor.ErrConflict) is
// re-read and re-planned, up to Tries times, so a concurrent edit is never
// overwritten. Outputs: meeting_date, meeting_utc, changed, commit_sha.
func Meeting(ctx context.Context, env *Env, opts MeetingOptions) (*Result, error) {
	cfg := env.Config.Meeting
	if opts.Mode != "" {
		if opts.Mode != "commit" && opts.Mode != "pull_request" {
			return nil, &meeting.LineError{Msg: fmt.Sprintf("mode %q is not commit or pull_request", opts.Mode)}
		}
		cfg.Mode = opts.Mode
	}
	now, err := meetingNow(env.Now, opts.Date, cfg)
	if err != nil {
		return nil, err
	}
	if opts.Lint {
		return meetingLint(env, cfg, now)
	}
	tries := opts.Tries
	if tries <= 0 {
		tries = DefaultMeetingTries
	}
	res := &Result{Job: "meeting"}
	fsys := env.FS
	for try := 1; ; try++ {
		in, err := readMinutes(fsys, cfg, now)
		if err != nil {
			return nil, err
		}
		if len(in.Files) == 0 {
			// A repository without minutes files does not use this job:
			// say so, without failing the other jobs of a run.
			res.Skipped = noMinutes(cfg, now)
			return res, nil
		}
		mr, err := meeting.Plan(in)
		if err != nil {
			return nil, err
		}
		if addsStub(mr) && !env.Offline() && cfg.Mode == "commit" {
			// Before putting a stub in, ask the history whether mentorbot
			// put it in before: then a person removed it on purpose.
			if in.Added = addedDates(ctx, env, cfg, mr); len(in.Added) > 0 {
				if mr, err = meeting.Plan(in); err != nil {
					return nil, err
				}
			}
		}
		p, err := meetingPlan(ctx, env, cfg, mr)
		if err != nil {
			return nil, err
		}
		res.Plan = p
		err = res.Apply(ctx, env)
		meetingOutputs(res, mr, cfg)
		if !errors.Is(err, executor.ErrConflict) || try >= tries {
			if errors.Is(err, executor.ErrConflict) {
				err = fmt.Errorf("the minutes file changed during each of %d tries: %w", tries, err)
			}
			return res, err
		}
		// Someone edited the file between our read and our write: read
		// it again (the cached snapshot is stale) and plan again.
		fsys = githubapi.NewFS(ctx, env.GH, env.Owner, env.Repo, env.DefaultBranch)
	}
}

// meetingNow returns the time to plan for: now, or the date option.
func meetingNow(now time.Time, date string, cfg config.Meeting) (time.Time, error) {
	date = strings.TrimSpace(date)
	if date == "" {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		return t, nil
	}
	d, err := meeting.ParseDate(date)
	if err != nil {
		return time.Time{}, &meeting.LineError{Msg: fmt.Sprintf("date: %v", err)}
	}
	loc, err := time.LoadLocation(cfg.Schedule.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return d.At(0, 0, loc), nil
}

// shaFS is a snapshot that knows the blob sha of the files it read
// (githubapi.FS); a working tree does not.
type shaFS interface{ SHA(name string) string }

// readMinutes reads the minutes files Plan may need from fsys. A file that
// does not exist is left out; any other read error is returned, so a 502
// is never mistaken for "no minutes file".
func readMinutes(fsys fs.FS, cfg config.Meeting, now time.Time) (meeting.Input, error) {
	in := meeting.Input{Config: cfg, Now: now, Files: map[string]meeting.Blob{}}
	for _, p := range meeting.Paths(cfg, now) {
		data, err := fs.ReadFile(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return meeting.Input{}, fmt.Errorf("reading minutes file %s: %w", p, err)
		}
		b := meeting.Blob{Content: data, SHA: gitBlobSHA(data)}
		if s, ok := fsys.(shaFS); ok {
			b.SHA = s.SHA(p)
		}
		in.Files[p] = b
	}
	return in, nil
}

// meetingPlan turns the planner's changes into PutFile actions: on the
// default branch, or on meeting.branch with a pull request.
func meetingPlan(ctx context.Context, env *Env, cfg config.Meeting, mr meeting.Result) (*plan.Plan, error) {
	p := &plan.Plan{Owner: env.Owner, Repo: env.Repo}
	if len(mr.Changes) == 0 {
		return p, nil
	}
	branch := ""
	var branchSHA func(path, defaultSHA string) (string, error)
	if cfg.Mode == "pull_request" {
		branch = cfg.Branch
		p.Add(plan.EnsureBranch{Name: branch, From: env.DefaultBranch})
		var err error
		if branchSHA, err = branchSHAs(ctx, env, branch); err != nil {
			return nil, err
		}
	}
	var notes []string
	for _, c := range mr.Changes {
		base := c.BaseSHA
		if branchSHA != nil {
			var err error
			if base, err = branchSHA(c.Path, c.BaseSHA); err != nil {
				return nil, err
			}
		}
		p.Add(plan.PutFile{Path: c.Path, Content: string(c.New), BaseSHA: base, Branch: branch, Message: c.Message, Diff: meeting.Diff(c.Path, c.Old, c.New)})
		for _, n := range c.Notes {
			notes = append(notes, fmt.Sprintf("- `%s`: %s", c.Path, n))
		}
	}
	if branch != "" {
		title := mr.Changes[len(mr.Changes)-1].Message
		body := fmt.Sprintf("The next meeting is on %s, %s.\n\n%s\n\n---\nOpened by mentorbot, which keeps this pull request up to date until it is merged. Merge it to publish the stub.\n",
			mr.Next.Date.Long(), meeting.TimeLine(mr.Next.Start), strings.Join(notes, "\n"))
		p.Add(plan.EnsurePullRequest{Head: branch, Base: env.DefaultBranch, Title: title, Body: body})
	}
	return p, nil
}

// branchSHAs returns a function giving a file's blob sha on branch: the
// default branch's sha while the branch does not exist yet (it will be
// created from the default branch), "" when the file is not on it.
func branchSHAs(ctx context.Context, env *Env, branch string) (func(string, string) (string, error), error) {
	if env.Offline() {
		return func(_, def string) (string, error) { return def, nil }, nil
	}
	_, resp, err := env.GH.Git.GetRef(ctx, env.Owner, env.Repo, "heads/"+branch)
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return func(_, def string) (string, error) { return def, nil }, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading branch %s: %w", branch, err)
	}
	bfs := githubapi.NewFS(ctx, env.GH, env.Owner, env.Repo, branch)
	return func(p, _ string) (string, error) {
		if _, err := bfs.ReadFile(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", nil
			}
			return "", fmt.Errorf("reading %s on branch %s: %w", p, branch, err)
		}
		return bfs.SHA(p), nil
	}, nil
}

// meetingOutputs sets the Action outputs and the job summary.
func meetingOutputs(res *Result, mr meeting.Result, cfg config.Meeting) {
	res.SetOutput("meeting_date", mr.Next.Date.String())
	res.SetOutput("meeting_utc", mr.Next.Start.UTC().Format(time.RFC3339))
	res.SetOutput("meeting_path", mr.Path)
	changed := !res.Plan.Empty()
	commit := ""
	if res.Report != nil {
		changed = false
		for _, o := range res.Report.Outcomes {
			if _, ok := o.Action.(plan.PutFile); ok && o.Status == executor.Applied {
				changed, commit = true, o.SHA
			}
			if _, ok := o.Action.(plan.EnsurePullRequest); ok && o.Number > 0 {
				res.SetOutput("pull_request", fmt.Sprint(o.Number))
			}
		}
	}
	res.SetOutput("changed", fmt.Sprint(changed))
	res.SetOutput("commit_sha", commit)
	var b strings.Builder
	fmt.Fprintf(&b, "### mentorbot: meeting stub\n\nNext meeting: **%s**, %s, in `%s` (schedule: %s at %02d:%02d %s, from %s).\n\n",
		mr.Next.Date.Long(), meeting.TimeLine(mr.Next.Start), mr.Path, mr.Schedule.Rule, mr.Schedule.Hour, mr.Schedule.Minute, mr.Schedule.Location, mr.Schedule.Source)
	switch {
	case len(mr.Changes) == 0:
		b.WriteString("The stub is already there: nothing to do.\n")
	case res.Report == nil:
		fmt.Fprintf(&b, "Dry run: would write %d file(s) (mode %s).\n", len(mr.Changes), cfg.Mode)
	case commit != "":
		fmt.Fprintf(&b, "Committed %.7s.\n", commit)
	default:
		b.WriteString("Nothing was written: the files were already as planned.\n")
	}
	res.Summary = b.String()
}

// meetingLint lints the minutes files that exist around now. Only the
// newest must have the sections the planner edits, and only its mistakes
// are errors: older years' files may predate the sections (cncf/mentoring's
// 2023 file has no "Upcoming Meetings") and mislead no one any more.
func meetingLint(env *Env, cfg config.Meeting, now time.Time) (*Result, error) {
	res := &Result{Job: "meeting-lint"}
	in, err := readMinutes(env.FS, cfg, now)
	if err != nil {
		return nil, err
	}
	checked := 0
	paths := meeting.Paths(cfg, now)
	for i := len(paths) - 1; i >= 0; i-- {
		b, ok := in.Files[paths[i]]
		if !ok {
			continue
		}
		for _, f := range meeting.Lint(paths[i], b.Content) {
			if checked > 0 {
				// An older year's file is history: its mistakes mislead
				// no one any more, and it may predate the sections.
				if f.Rule == meeting.RuleStructure {
					continue
				}
				f.Severity = finding.SeverityWarning
			}
			res.Findings = append(res.Findings, f)
		}
		checked++
	}
	if checked == 0 {
		res.Skipped = noMinutes(cfg, now)
		return res, nil
	}
	res.Findings = finding.Apply(res.Findings, env.Config.Severity)
	finding.Sort(res.Findings)
	res.SetOutput("files_checked", fmt.Sprint(checked))
	res.SetOutput("errors", fmt.Sprint(finding.Count(res.Findings, finding.SeverityError)))
	res.SetOutput("warnings", fmt.Sprint(finding.Count(res.Findings, finding.SeverityWarning)))
	res.Summary = lintSummary(checked, res.Findings)
	return res, nil
}

func lintSummary(checked int, fs []finding.Finding) string {
	var b strings.Builder
	e, w := finding.Count(fs, finding.SeverityError), finding.Count(fs, finding.SeverityWarning)
	fmt.Fprintf(&b, "### mentorbot: %d minutes file%s checked: %d error%s, %d warning%s\n\n", checked, plural(checked), e, plural(e), w, plural(w))
	if len(fs) == 0 {
		b.WriteString("No problems found.\n")
		return b.String()
	}
	b.WriteString("| Severity | File | Line | Rule | Message |\n|---|---|---|---|---|\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "| %s | `%s` | %d | `%s` | %s |\n", f.Severity, f.Path, f.Line, f.Rule, mdCell(f.Message))
	}
	return b.String()
}

// meetingJob is the meeting job as the Action runs it: options "date"
// (workflow_dispatch input, YYYY-MM-DD), "mode" (commit or pull_request)
// and "lint".
func meetingJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	return Meeting(ctx, env, MeetingOptions{Date: p.Get("date"), Mode: p.Get("mode"), Lint: p.Bool("lint")})
}

// gitBlobSHA is git's blob sha of data, so a working tree's files carry the
// same base sha in a plan as the contents API would give.
func gitBlobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// addsStub reports whether the plan adds the next meeting's stub.
func addsStub(mr meeting.Result) bool {
	for _, c := range mr.Changes {
		for _, n := range c.Notes {
			if strings.HasPrefix(n, "add the stub for ") {
				return true
			}
		}
	}
	return false
}

// addedDates returns the meeting dates whose stub mentorbot committed to
// the next meeting's file in the last 120 days, read from the commit
// messages (meeting.commit_message with its {date}). It is best effort: a
// failed read means no history, and the stub is added.
func addedDates(ctx context.Context, env *Env, cfg config.Meeting, mr meeting.Result) []meeting.Date {
	msg := cfg.CommitMessage
	if !strings.Contains(msg, "{date}") {
		return nil
	}
	re, err := regexp.Compile("^" + strings.ReplaceAll(regexp.QuoteMeta(msg), `\{date\}`, `(\d{4}-\d{2}-\d{2})`) + "(?:\n|$)")
	if err != nil {
		return nil
	}
	commits, _, err := env.GH.Repositories.ListCommits(ctx, env.Owner, env.Repo, &github.CommitsListOptions{
		Path: mr.Path, Since: mr.Next.Start.AddDate(0, 0, -120), ListOptions: github.ListOptions{PerPage: 100},
	})
	if err != nil {
		return nil
	}
	var out []meeting.Date
	for _, c := range commits {
		if m := re.FindStringSubmatch(c.GetCommit().GetMessage()); m != nil {
			if d, err := meeting.ParseDate(m[1]); err == nil {
				out = append(out, d)
			}
		}
	}
	return out
}

func noMinutes(cfg config.Meeting, now time.Time) string {
	return fmt.Sprintf("no minutes file: none of %s exists (meeting.path is %q)", strings.Join(meeting.Paths(cfg, now), ", "), cfg.Path)
}

package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/zone"
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
		return meetingLint(ctx, env, cfg, now)
	}
	tries := opts.Tries
	if tries <= 0 {
		tries = DefaultMeetingTries
	}
	res := &Result{Job: "meeting"}
	fsys := env.FS
	for try := 1; ; try++ {
		in, err := meeting.Load(ctx, meetingReader(env), fsys, meeting.LoadOptions{
			Config: cfg, Now: now, Owner: env.Owner, Repo: env.Repo, DefaultBranch: env.DefaultBranch})
		if err != nil {
			return nil, err
		}
		if len(in.Files) == 0 {
			// A repository without minutes files does not use this job:
			// say so, without failing the other jobs of a run.
			res.Skipped = noMinutes(in.Config, now) // the folder found, if any
			return res, nil
		}
		mr, err := meeting.Plan(in)
		if err != nil {
			return nil, err
		}
		res.Plan = &mr.Plan
		err = res.Apply(ctx, env)
		meetingOutputs(res, mr, cfg)
		if !errors.Is(err, executor.ErrConflict) || try >= tries {
			if errors.Is(err, executor.ErrConflict) {
				err = fmt.Errorf("the minutes file changed during each of %d tries: %w", tries, err)
			}
			return res, err
		}
		// Someone edited the file between our read and our write: read
		// it again (the snapshot is stale) and plan again.
		env.Reads().Forget()
		fsys = env.Reads().FS(ctx, env.DefaultBranch)
	}
}

// meetingReader is the meeting loader's GitHub, nil offline.
func meetingReader(env *Env) meeting.Reader {
	if env.Offline() {
		return nil
	}
	return env.Reads()
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
	loc, err := zone.Load(cfg.Schedule.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return d.At(0, 0, loc), nil
}

// meetingOutputs sets the Action outputs and the job summary.
func meetingOutputs(res *Result, mr meeting.Result, cfg config.Meeting) {
	res.SetOutput("meeting_date", mr.Next.Date.String())
	res.SetOutput("meeting_utc", mr.Next.Start.UTC().Format(time.RFC3339))
	res.SetOutput("meeting_path", mr.Path)
	// changed means changed on GitHub: a dry run (no report) changes nothing.
	changed, commit := false, ""
	if res.Report != nil {
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
func meetingLint(ctx context.Context, env *Env, cfg config.Meeting, now time.Time) (*Result, error) {
	res := &Result{Job: "meeting-lint"}
	// Every year's file, not only the years around now: the minutes are
	// history a person reads, and their mistakes are found all at once.
	loc, err := meeting.Locate(env.FS, cfg)
	if errors.Is(err, meeting.ErrNoMinutes) {
		res.Skipped = noMinutes(cfg, now)
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	checked := 0
	paths := loc.Paths()
	for i := len(paths) - 1; i >= 0; i-- {
		content, err := fs.ReadFile(env.FS, paths[i])
		if err != nil {
			return nil, fmt.Errorf("reading minutes file %s: %w", paths[i], err)
		}
		for _, f := range meeting.Lint(paths[i], content) {
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
	e, w := finding.Count(fs, finding.SeverityError), finding.Count(fs, finding.SeverityWarning)
	return finding.Markdown(fmt.Sprintf("%d minutes file%s checked: %d error%s, %d warning%s", checked, plural(checked), e, plural(e), w, plural(w)), fs)
}

// meetingJob is the meeting job as the Action runs it: options "date"
// (workflow_dispatch input, YYYY-MM-DD), "mode" (commit or pull_request)
// and "lint".
func meetingJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	return Meeting(ctx, env, MeetingOptions{Date: p.Get("date"), Mode: p.Get("mode"), Lint: p.Bool("lint")})
}

func noMinutes(cfg config.Meeting, now time.Time) string {
	if strings.ContainsAny(cfg.Path, "*?") {
		return fmt.Sprintf("no minutes file: nothing matches meeting.path %q (for %d: %s)", cfg.Path, now.Year(), cfg.MinutesPath(now.Year()))
	}
	return fmt.Sprintf("no minutes file: none of %s exists (meeting.path is %q)", strings.Join(meeting.Paths(cfg, now), ", "), cfg.Path)
}

package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// jobsFor returns the jobs a delivery runs, by the routing table
// (runner.Jobs: each job names the events and actions it handles).
func jobsFor(ev *event.Event) []runner.Job {
	if ev.Name == "push" && ev.Push != nil && ev.DefaultBranch != "" && ev.Push.Ref != "refs/heads/"+ev.DefaultBranch {
		return nil
	}
	jobs, _ := runner.Route(ev, nil)
	return jobs
}

// jobNamed returns the runner.Jobs row called name.
func jobNamed(name string) ([]runner.Job, string) {
	for _, j := range runner.Jobs {
		if j.Name == name {
			return []runner.Job{j}, ""
		}
	}
	return nil, fmt.Sprintf("no job is called %q", name)
}

// appParams are the job options of the App face.
func appParams(name string) string {
	switch name {
	case "check_run":
		return "true" // report validation as a check run with annotations
	}
	return ""
}

// handle builds the Env for a delivery and runs its jobs: the routing
// table's, or, with only, that one job (a scheduled run by name).
func (s *Server) handle(ctx context.Context, log *slog.Logger, ev *event.Event, only string) error {
	gh, err := s.clients.installation(ev.InstallationID)
	if err != nil {
		return err
	}
	self, err := s.BotLogin(ctx)
	if err != nil {
		return err
	}
	env := &runner.Env{Owner: ev.Owner, Repo: ev.Repo, DefaultBranch: ev.DefaultBranch, GH: gh, Event: ev, Now: s.opts.Now(), Self: self}
	if env.DefaultBranch == "" {
		r, _, err := gh.Repositories.Get(ctx, ev.Owner, ev.Repo)
		if err != nil {
			return fmt.Errorf("reading repository %s/%s: %w", ev.Owner, ev.Repo, err)
		}
		env.DefaultBranch = r.GetDefaultBranch()
	}
	defaultFS := env.Reads().FS(ctx, env.DefaultBranch)
	cfg, err := config.Load(defaultFS, "")
	if err != nil {
		return s.configFailed(ctx, log, env, err)
	}
	env.Config = cfg
	jobs, why := runner.Route(ev, cfg)
	if only != "" {
		jobs, why = jobNamed(only)
	}
	if len(jobs) == 0 {
		log.Info("skipping the event", "reason", why)
		return nil
	}
	env.FS = defaultFS
	if ev.PullRequest != nil && ev.PullRequest.HeadSHA != "" {
		// The pull request's files are read at its head, never run.
		env.FS = env.Reads().FS(ctx, ev.PullRequest.HeadSHA)
	}
	var errs []error
	for _, j := range jobs {
		res, err := j.Run(ctx, env, appParams)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", j.Name, err))
			continue
		}
		if res.Skipped != "" {
			log.Info("job skipped", "job", j.Name, "reason", res.Skipped)
			continue
		}
		logResult(log, j.Name, res)
	}
	return errors.Join(errs...)
}

func logResult(log *slog.Logger, job string, res *runner.Result) {
	applied, unchanged := 0, 0
	if res.Report != nil {
		for _, o := range res.Report.Outcomes {
			switch o.Status {
			case "applied":
				applied++
			case "unchanged":
				unchanged++
			}
		}
	}
	log.Info("job done", "job", job, "findings", len(res.Findings), "applied", applied, "unchanged", unchanged)
}

// configFailed reports a config that does not load: on a pull request as a
// failed check run naming the file and line, elsewhere in the log. It is
// never a crash, and not a retryable failure either.
func (s *Server) configFailed(ctx context.Context, log *slog.Logger, env *runner.Env, err error) error {
	var ce *config.Error
	if !errors.As(err, &ce) {
		return err
	}
	log.Error("repository config is invalid", "err", err)
	if env.Event.PullRequest == nil {
		return nil
	}
	// One annotation per problem, each on its own line of the file.
	problems := ce.List
	if len(problems) == 0 {
		problems = []*config.Error{ce}
	}
	var anns []plan.Annotation
	for _, pr := range problems {
		anns = append(anns, plan.Annotation{Path: pr.Path, Line: max(pr.Line, 1), Level: "failure", Title: "mentorbot config", Message: pr.Msg})
	}
	p := &plan.Plan{Actions: []plan.Action{plan.CreateCheckRun{
		Name: runner.CheckRunName, HeadSHA: env.Event.PullRequest.HeadSHA, Conclusion: "failure",
		Title:       "mentorbot config is invalid",
		Summary:     fmt.Sprintf("`%s` on the default branch does not load:\n\n```\n%s\n```\n", ce.Path, strings.TrimSpace(err.Error())),
		Annotations: anns,
	}}}
	res := &runner.Result{Plan: p}
	return res.Apply(ctx, env)
}

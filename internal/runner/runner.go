// Package runner wires each capability end to end: it loads the input (a
// repository snapshot, the event, config, the clock), calls the capability's
// pure planner, and applies the plan through the executor unless the run is
// a dry run. The CLI, the Action and the App all call these functions, so
// the three faces behave the same.
package runner

import (
	"context"
	"io/fs"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// Env is everything a run may read, and where it may write.
type Env struct {
	Owner, Repo string
	// DefaultBranch is where config and term folders are read from.
	DefaultBranch string
	// FS is the repository snapshot: the checked-out workspace in the
	// Action, the contents API at the default branch in the App, a
	// directory or fstest.MapFS in the CLI and tests.
	FS fs.FS
	// Config was read from the default branch, never from a pull request.
	Config *config.Config
	// Now is the clock; planners never read time.Now themselves.
	Now time.Time
	// GH is the GitHub client; nil for offline runs, which are dry runs.
	GH *github.Client
	// DryRun plans without applying.
	DryRun bool
	// Event is what triggered the run; nil for CLI and scheduled runs.
	Event *event.Event
	// Self is the login mentorbot writes as (the App's "<slug>[bot]");
	// "" when unknown, and then the config's bot.logins are mentorbot's.
	// Markers and records are read, and comments edited, only when this
	// identity wrote them.
	Self string

	// Progress, when set, hears of each action applied (the CLI's
	// "[12/129] open issue ..." lines on stderr).
	Progress func(done, total int, o executor.Outcome)

	// snap is the event's read cache, made on first use and shared by
	// every job of the event (copies of an Env share it too).
	snap *githubapi.Snapshot
}

// selfLogins are the logins whose comments are mentorbot's own.
func (e *Env) selfLogins() []string {
	if e.Self != "" {
		return []string{e.Self}
	}
	if e.Config != nil {
		return e.Config.Bot.Logins
	}
	return nil
}

// Offline reports whether the run has no GitHub client.
func (e *Env) Offline() bool { return e.GH == nil }

// Reads returns the event's snapshot: every GitHub read of every job of
// the event goes through it, so nothing is read twice. Not for offline
// runs.
func (e *Env) Reads() *githubapi.Snapshot {
	if e.snap == nil {
		e.snap = githubapi.NewSnapshot(e.GH, e.Owner, e.Repo)
	}
	return e.snap
}

// Result is what one capability's run produced.
type Result struct {
	// Job names the capability: "validate", "meeting", "proposal", ...
	Job string `json:"job"`
	// Skipped says why the run did nothing, when it did nothing on
	// purpose (not a proposal, an event from the bot itself, ...).
	Skipped  string            `json:"skipped,omitempty"`
	Findings []finding.Finding `json:"findings,omitempty"`
	Plan     *plan.Plan        `json:"plan,omitempty"`
	Report   *executor.Report  `json:"report,omitempty"`
	// Outputs are the Action outputs this run sets.
	Outputs map[string]string `json:"outputs,omitempty"`
	// Summary is Markdown for the job summary or check run.
	Summary string `json:"summary,omitempty"`
}

// Apply runs the executor on r.Plan unless env is a dry run, and records
// the report. The executor reads through the event's snapshot, so it reads
// nothing the loaders read, and the event's later jobs see its writes.
func (r *Result) Apply(ctx context.Context, env *Env) error {
	if env.DryRun || env.Offline() || r.Plan.Empty() {
		return nil
	}
	ex := executor.New(env.GH, env.Owner, env.Repo).WithSnapshot(env.Reads())
	ex.WriteAs(env.selfLogins()...)
	ex.Progress = env.Progress
	rep, err := ex.Apply(ctx, r.Plan)
	r.Report = rep
	return err
}

// SetOutput records an Action output.
func (r *Result) SetOutput(name, value string) {
	if r.Outputs == nil {
		r.Outputs = map[string]string{}
	}
	r.Outputs[name] = value
}

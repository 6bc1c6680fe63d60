package action

import (
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// The job list lives in internal/runner/jobs.go (runner.Jobs), shared with
// the App: add a capability there, not here.

// selectJobs returns the jobs the command input selects and, when none,
// why.
func selectJobs(command string, ev *event.Event, cfg *config.Config) ([]runner.Job, string, error) {
	if command == "auto" {
		jobs, why := runner.Route(ev, cfg) // the routing table, and its one bot check
		return jobs, why, nil
	}
	var names []string
	for _, j := range runner.Jobs {
		if j.Name == command {
			return []runner.Job{j}, "", nil
		}
		names = append(names, j.Name)
	}
	return nil, "", &InputError{fmt.Errorf("input command %q is not auto or one of %s", command, strings.Join(names, ", "))}
}

// manualDispatch narrows auto on workflow_dispatch: a run started by hand
// to backfill the minutes must not open a term's issues too, so the
// umbrella job runs only when the term input names the term.
func manualDispatch(jobs []runner.Job, ev *event.Event, in Inputs) []runner.Job {
	if ev == nil || ev.Name != "workflow_dispatch" || strings.TrimSpace(in.Get("term")) != "" {
		return jobs
	}
	out := jobs[:0:0]
	for _, j := range jobs {
		if j.Name != "umbrella" {
			out = append(out, j)
		}
	}
	return out
}

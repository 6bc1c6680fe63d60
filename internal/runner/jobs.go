package runner

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Params gives a job its options by name: the Action's inputs, the App's
// settings. A missing option is "".
type Params func(name string) string

// Bool reads a true/false option; anything unparsable is false.
func (p Params) Bool(name string) bool {
	if p == nil {
		return false
	}
	b, _ := strconv.ParseBool(p(name))
	return b
}

// Get reads an option, tolerating a nil Params.
func (p Params) Get(name string) string {
	if p == nil {
		return ""
	}
	return p(name)
}

// Job is one capability as the Action and the App run it.
type Job struct {
	Name string
	// Events are the event names the job runs on when chosen by event
	// (the Action's command "auto", every App delivery).
	Events []string
	Run    func(ctx context.Context, env *Env, p Params) (*Result, error)
}

// Jobs is the explicit list of mentorbot's jobs, in the order they run when
// several apply to one event. The Action and the App both dispatch from it.
var Jobs = []Job{
	{Name: "validate", Events: []string{"pull_request", "pull_request_target"}, Run: validateJob},
	{Name: "meeting", Events: []string{"schedule", "workflow_dispatch"}, Run: meetingJob},
	{Name: "proposal", Events: []string{"issues"}, Run: proposalJob},
	{Name: "command", Events: []string{"issue_comment", "issues"}, Run: commandJob},
	{Name: "umbrella", Events: []string{"push", "workflow_dispatch"}, Run: umbrellaJob},
	// export runs only when chosen by name (command: export, with a term):
	// it opens a pull request, which no event should do on its own yet.
	{Name: "export", Run: exportJob},
	{Name: "labels", Events: []string{"pull_request", "pull_request_target"}, Run: labelsJob},
	{Name: "projects", Run: projectsJob}, // by name only (command: projects), on the weekly schedule
	{Name: "board", Events: []string{"issues", "issue_comment"}, Run: boardJob},
}

// exportJob runs Export for the option "term" ("2027-1"), which is required.
func exportJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	t := strings.TrimSpace(p.Get("term"))
	if t == "" {
		return nil, &OptionError{Name: "term", Msg: "the export needs a term, such as 2027-1"}
	}
	res, _, err := Export(ctx, env, ExportOptions{Term: t})
	return res, err
}

// JobsFor returns the jobs that run on an event name.
func JobsFor(eventName string) []Job {
	var out []Job
	for _, j := range Jobs {
		for _, e := range j.Events {
			if e == eventName {
				out = append(out, j)
				break
			}
		}
	}
	return out
}

// validateJob checks the term folders a pull request touches (all of them
// with the "all" option). With "check_run" (the App) it reports as a check
// run on the pull request's head; the Action reports with annotations.
func validateJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	opts := ValidateOptions{All: p.Bool("all")}
	if p.Bool("check_run") && env.Event != nil && env.Event.PullRequest != nil {
		opts.CheckRunSHA = env.Event.PullRequest.HeadSHA
	}
	return Validate(ctx, env, opts)
}

// OptionError is a job option (an Action input, an App setting) that is
// missing or malformed: the run's caller is to fix it, so the Action exits 2
// with an annotation naming the input.
type OptionError struct {
	Name string
	Msg  string
	Err  error
}

func (e *OptionError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("option %s: %s: %v", e.Name, e.Msg, e.Err)
	}
	return fmt.Sprintf("option %s: %s", e.Name, e.Msg)
}

func (e *OptionError) Unwrap() error { return e.Err }

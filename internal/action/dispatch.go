package action

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/runner"
)

// Job is one capability as the Action runs it.
type Job struct {
	Name string
	// Events are the event names that command "auto" runs the job on.
	Events []string
	Run    func(ctx context.Context, env *runner.Env, in Inputs) (*runner.Result, error)
}

// Jobs is the explicit list of what the Action can do, in the order it
// runs them when several apply to one event.
var Jobs = []Job{
	{Name: "validate", Events: []string{"pull_request", "pull_request_target"}, Run: validateJob},
}

func selectJobs(command, eventName string) ([]Job, error) {
	if command == "auto" {
		var out []Job
		for _, j := range Jobs {
			if slices.Contains(j.Events, eventName) {
				out = append(out, j)
			}
		}
		return out, nil
	}
	var names []string
	for _, j := range Jobs {
		if j.Name == command {
			return []Job{j}, nil
		}
		names = append(names, j.Name)
	}
	return nil, &InputError{fmt.Errorf("input command %q is not auto or one of %s", command, strings.Join(names, ", "))}
}

func validateJob(ctx context.Context, env *runner.Env, in Inputs) (*runner.Result, error) {
	return runner.Validate(ctx, env, runner.ValidateOptions{All: in.All})
}

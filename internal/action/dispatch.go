package action

import (
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/runner"
)

// The job list lives in internal/runner/jobs.go (runner.Jobs), shared with
// the App: add a capability there, not here.

func selectJobs(command, eventName string) ([]runner.Job, error) {
	if command == "auto" {
		return runner.JobsFor(eventName), nil
	}
	var names []string
	for _, j := range runner.Jobs {
		if j.Name == command {
			return []runner.Job{j}, nil
		}
		names = append(names, j.Name)
	}
	return nil, &InputError{fmt.Errorf("input command %q is not auto or one of %s", command, strings.Join(names, ", "))}
}

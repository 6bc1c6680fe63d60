package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/runner"
)

// TestPlanExample pins the README's main command: every capability's
// dry-run plan for the bundled example repository.
func TestPlanExample(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "plan", "--repo", "../../examples/mentoring", "--now", "2026-11-21T17:00:00Z")
	if code != ExitOK {
		t.Fatalf("got exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	golden(t, "plan.example.golden", []byte(out))
	for _, job := range []string{"validate", "meeting", "umbrella", "proposal", "command", "reminder", "announce", "calendar"} {
		if !strings.Contains(out, "\n== "+job+"\n") {
			t.Errorf("the plan has no %s section", job)
		}
	}
}

func TestPlanExampleJSON(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "plan", "--repo", "../../examples/mentoring", "--now", "2026-11-21T17:00:00Z", "--format", "json")
	if code != ExitOK {
		t.Fatalf("got exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	var got struct {
		Jobs []struct {
			Job  string `json:"job"`
			Plan *struct {
				Actions []map[string]any `json:"actions"`
			} `json:"plan"`
		} `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	actions := 0
	for _, j := range got.Jobs {
		if j.Plan != nil {
			for _, a := range j.Plan.Actions {
				if a["kind"] == nil {
					t.Errorf("%s: an action has no kind: %v", j.Job, a)
				}
				actions++
			}
		}
	}
	if actions == 0 {
		t.Error("the JSON plan has no actions")
	}
}

// TestPlanCoversEveryJob: every row of the routing table is either run by
// the plan command or listed with the reason it is not, never both.
func TestPlanCoversEveryJob(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, job := range runner.Jobs {
		seen[job.Name] = true
		_, local := planLocal[job.Name]
		_, online := planOnline[job.Name]
		if local == online {
			t.Errorf("job %q: got planLocal %v, planOnline %v; want exactly one", job.Name, local, online)
		}
	}
	for name := range planLocal {
		if !seen[name] {
			t.Errorf("planLocal names %q, which is not a job of runner.Jobs", name)
		}
	}
	for name := range planOnline {
		if !seen[name] {
			t.Errorf("planOnline names %q, which is not a job of runner.Jobs", name)
		}
	}
}

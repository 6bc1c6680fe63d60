package cli

import (
	"encoding/json"
	"strings"
	"testing"
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

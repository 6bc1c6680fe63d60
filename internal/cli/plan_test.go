package cli

import (
	"encoding/json"
	"os"
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

// The README promises that every default follows cncf/mentoring: run on a
// tree shaped like the repository at HEAD (its term folders 2019-2026, the
// renamed minutes folder, the task tree, no .github/mentorbot.yml), the
// plan is what a maintainer would want.
func TestPlanRealRepositoryWithoutConfig(t *testing.T) {
	t.Parallel()
	repo := "../../../shared/corpus/cncf-mentoring"
	if _, err := os.Stat(repo); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	if _, err := os.Stat(repo + "/.github/mentorbot.yml"); err == nil {
		t.Fatal("the corpus has a mentorbot config: this test is about the defaults")
	}
	out, errOut, code := run(t, "plan", "--repo", repo, "--now", "2026-07-15T17:00:00Z")
	if code != ExitOK {
		t.Fatalf("got exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		// Every term folder, the archive's included, with the real mistakes.
		"outputs: errors=14 terms_checked=19 warnings=0",
		"[status-conflict]", "did you mean May 8, 2022?",
		// The minutes are found where the renamed group keeps them.
		"meeting_path=cncf-toc-mentoring-subproject/2026-meeting-minutes.md",
		"create cncf-toc-mentoring-subproject/2026-meeting-minutes.md",
		// The term's admin task tree of automation/term-issues.yml.
		"outputs: issues_to_create=63 terms=2026-3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q", want)
		}
	}
	if strings.Contains(out, "mentoring-wg/") && strings.Contains(out, "create mentoring-wg/") {
		t.Errorf("plan writes into the old mentoring-wg folder")
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

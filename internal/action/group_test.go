package action

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestJobsAreGrouped: each job's log and plan fold into its own
// ::group::, closed before the next one opens.
func TestJobsAreGrouped(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	is := seedExampleIssue(t, srv, "proposal-13-flux-docs.json", "ann-smith", "lfx mentorship", "Proposal", "Needs Validation")
	payload := map[string]any{"action": "opened", "sender": map[string]any{"login": "ann-smith", "type": "User"}, "issue": issueJSON(is),
		"repository": map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"}}
	dir := t.TempDir()
	data, _ := json.Marshal(payload)
	eventPath := filepath.Join(dir, "event.json")
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_EVENT_NAME": "issues", "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
		"GITHUB_API_URL": srv.URL, "GITHUB_OUTPUT": filepath.Join(dir, "output"), "INPUT_TOKEN": "token", "INPUT_FAIL_ON": "never"}
	var stdout bytes.Buffer
	h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
		Now: func() time.Time { return time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC) }}
	if _, err := Run(context.Background(), h); err != nil {
		t.Fatalf("Run: got error %v, want none", err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^::(group::.*|endgroup::)$`).FindAllStringSubmatch(stdout.String(), -1) {
		got = append(got, m[1])
	}
	want := []string{"group::mentorbot proposal", "endgroup::", "group::mentorbot command", "endgroup::", "group::mentorbot board", "endgroup::"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s\nstdout:\n%s", diff, stdout.String())
	}
}

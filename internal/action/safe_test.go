package action

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

func TestSafe(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"/hold because\r::stop-commands::x\r::error::forged", "/hold because\n: :stop-commands::x\n: :error::forged"},
		{"a\r\n  ::warning::x\n\t::add-mask::y", "a\n  : :warning::x\n\t: :add-mask::y"},
		{"\u00a0::error::nbsp", "\u00a0: :error::nbsp"},
		{"text ##[error]old form", "text # #[error]old form"},
		{"a :: b", "a :: b"},
	}
	for _, tt := range tests {
		if got := Safe(tt.in); got != tt.want {
			t.Errorf("Safe(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// commandLines returns the lines of an Actions log that the runner would
// take for workflow commands: it splits at "\n" and a lone "\r", trims
// leading white space and looks for "::", and for "##[" anywhere.
func commandLines(log string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(log, "\r\n", "\n"), "\r", "\n"), "\n") {
		if t := strings.TrimLeft(l, " \t\u00a0"); strings.HasPrefix(t, "::") || strings.Contains(l, "##[") {
			out = append(out, l)
		}
	}
	return out
}

// TestDryRunCommentCannotIssueWorkflowCommands: in a dry run the plan,
// which carries what people wrote, is printed to the log; a comment
// `/hold because\r::stop-commands::x\r::error::forged` must not become the
// workflow commands ::stop-commands and ::error.
func TestDryRunCommentCannotIssueWorkflowCommands(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	is := seedExampleIssue(t, srv, "proposal-12-argo-metrics.json", "janedoe", "lfx mentorship", "Proposal", "Validation Passed")
	body := "/hold because\r::stop-commands::x\r::error::forged\n/label \r::error::label\r"
	c := srv.SeedComment("example", "mentoring", is.Number, "stranger", body)
	log := runEventLog(t, srv, "issue_comment", map[string]any{"action": "created",
		"sender":  map[string]any{"login": "stranger", "type": "User"},
		"issue":   issueJSON(is),
		"comment": map[string]any{"id": c.ID, "body": c.Body, "user": map[string]any{"login": "stranger"}}},
		map[string]string{"DRY_RUN": "true"})
	if !strings.Contains(log, "plan (dry run)") {
		t.Fatalf("got log\n%s\nwant the plan printed", log)
	}
	for _, l := range commandLines(log) {
		if strings.Contains(l, "stop-commands") || strings.Contains(l, "forged") || strings.Contains(l, "::error::label") {
			t.Errorf("got the workflow command line %q from a comment; log:\n%s", l, log)
		}
	}
}

// runEventLog runs the Action on the fake for one event and returns what
// it printed to the log.
func runEventLog(t *testing.T, srv *githubtest.Server, name string, payload map[string]any, inputs map[string]string) string {
	t.Helper()
	payload["repository"] = map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"}
	dir := t.TempDir()
	data, _ := json.Marshal(payload)
	eventPath := filepath.Join(dir, "event.json")
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
		"GITHUB_API_URL": srv.URL, "GITHUB_OUTPUT": filepath.Join(dir, "output"), "INPUT_TOKEN": "token",
	}
	for k, v := range inputs {
		env["INPUT_"+k] = v
	}
	var stdout bytes.Buffer
	h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
		Now: func() time.Time { return time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC) }}
	if _, err := Run(context.Background(), h); err != nil {
		t.Fatalf("Run: got error %v, want none (log %s)", err, stdout.String())
	}
	return stdout.String()
}

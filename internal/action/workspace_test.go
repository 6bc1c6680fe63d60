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

// runWorkspace runs the Action with no token over a checked-out workspace.
func runWorkspace(t *testing.T, ws, event string, payload map[string]any, inputs map[string]string) (string, error) {
	t.Helper()
	payload["repository"] = map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"}
	dir := t.TempDir()
	data, _ := json.Marshal(payload)
	eventPath := filepath.Join(dir, "event.json")
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
		"GITHUB_WORKSPACE": ws, "GITHUB_OUTPUT": filepath.Join(dir, "out")}
	for k, v := range inputs {
		env["INPUT_"+k] = v
	}
	var stdout bytes.Buffer
	h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
		Now: func() time.Time { return time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC) }}
	_, err := Run(context.Background(), h)
	return stdout.String(), err
}

const wrongReadme = "# Term 01 - 2027 March - May\n\nStatus: Planning\n\n### Timeline\n\n| Activity | Date |\n|---|---|\n| Project proposals | Tue, Jan 26, 2027, 11:00 AM PDT |\n"

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	ws := t.TempDir()
	for p, c := range files {
		full := filepath.Join(ws, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// A pull request's own .github/mentorbot.yml cannot switch its rules off:
// with no token to read the default branch's config, the defaults apply.
func TestPullRequestCannotSwitchItsOwnRulesOff(t *testing.T) {
	t.Parallel()
	ws := writeTree(t, map[string]string{
		".github/mentorbot.yml":                             "severity:\n  timezone-abbreviation: off\n  missing-activity: off\n",
		"programs/lfx-mentorship/2027/01-Mar-May/README.md": wrongReadme,
	})
	out, _ := runWorkspace(t, ws, "pull_request", map[string]any{"action": "opened", "number": 5,
		"pull_request": map[string]any{"number": 5, "head": map[string]any{"sha": "abc"}}}, map[string]string{"COMMAND": "validate", "ALL": "true", "FAIL_ON": "never"})
	if !strings.Contains(out, "[timezone-abbreviation]") && !strings.Contains(out, "timezone-abbreviation") {
		t.Errorf("got no timezone-abbreviation finding: the pull request's config was used:\n%s", out)
	}
	if !strings.Contains(out, "::warning::no token: the config of the default branch cannot be read") {
		t.Errorf("got no warning that the defaults apply:\n%s", out)
	}
}

// A symlink in the workspace that leads out of it is an error naming the
// path: its target's lines are never echoed in annotations.
func TestWorkspaceSymlinkOutIsNotFollowed(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(secret, []byte("# Term 01 - 2027 March - May\nStatus: TOPSECRET-VALUE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := writeTree(t, map[string]string{"programs/lfx-mentorship/2027/01-Mar-May/notes.md": "x"})
	if err := os.Symlink(secret, filepath.Join(ws, "programs/lfx-mentorship/2027/01-Mar-May/README.md")); err != nil {
		t.Fatal(err)
	}
	out, err := runWorkspace(t, ws, "workflow_dispatch", map[string]any{}, map[string]string{"COMMAND": "validate", "ALL": "true"})
	if strings.Contains(out, "TOPSECRET") {
		t.Fatalf("the symlink's target was read and echoed:\n%s", out)
	}
	if err == nil || !strings.Contains(err.Error(), "programs/lfx-mentorship/2027/01-Mar-May/README.md") {
		t.Errorf("got error %v, want one naming the symlinked path", err)
	}
}

// A job that writes, with dry_run false and no token, is an error naming the
// permission to grant: it used to plan, write nothing and exit 0.
func TestWriteJobWithoutTokenIsAnError(t *testing.T) {
	t.Parallel()
	ws := writeTree(t, map[string]string{"mentoring-wg/2027-meeting-minutes.md": "# Upcoming Meetings\n\n# Past Meetings\n"})
	_, err := runWorkspace(t, ws, "workflow_dispatch", map[string]any{}, map[string]string{"COMMAND": "meeting", "DRY_RUN": "false"})
	var ie *InputError
	if err == nil || !asInputError(err, &ie) || !strings.Contains(err.Error(), "permissions: contents: write") {
		t.Errorf("got %v, want an input error naming contents: write", err)
	}
	if _, err := runWorkspace(t, ws, "workflow_dispatch", map[string]any{}, map[string]string{"COMMAND": "meeting", "DRY_RUN": "true"}); err != nil && strings.Contains(err.Error(), "no token") {
		t.Errorf("dry run without a token: got %v, want it allowed", err)
	}
}

func asInputError(err error, target **InputError) bool {
	for err != nil {
		if ie, ok := err.(*InputError); ok {
			*target = ie
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// A 403 on the minutes commit fails the step with an annotation and a
// summary that say so and name the permission: the summary used to say
// "Nothing was written: the files were already as planned".
func TestFailedWriteIsReportedWithThePermission(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	srv.Inject(githubtest.Fault{Route: "PUT /repos/{owner}/{repo}/contents/{path...}", Status: 403, Body: `{"message":"Resource not accessible by integration"}`, Times: 10})
	dir := t.TempDir()
	payload := map[string]any{"repository": map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"}}
	data, _ := json.Marshal(payload)
	eventPath, summary := filepath.Join(dir, "event.json"), filepath.Join(dir, "summary.md")
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
		"GITHUB_API_URL": srv.URL, "GITHUB_OUTPUT": filepath.Join(dir, "out"), "GITHUB_STEP_SUMMARY": summary, "INPUT_TOKEN": "token", "INPUT_COMMAND": "meeting"}
	var stdout bytes.Buffer
	h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
		Now: func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }}
	_, err := Run(context.Background(), h)
	if err == nil {
		t.Fatal("Run: got no error for a refused write")
	}
	if !strings.Contains(stdout.String(), "::error title=mentorbot meeting failed::") || !strings.Contains(stdout.String(), "permissions: contents: write") {
		t.Errorf("got no error annotation naming contents: write:\n%s", stdout.String())
	}
	got, _ := os.ReadFile(summary)
	if !strings.Contains(string(got), "### mentorbot: meeting failed") || !strings.Contains(string(got), "contents: write") {
		t.Errorf("summary does not say the write failed:\n%s", got)
	}
}

// A config with several problems gets one annotation per problem, each at
// its own line.
func TestEveryConfigProblemIsAnnotated(t *testing.T) {
	t.Parallel()
	ws := writeTree(t, map[string]string{".github/mentorbot.yml": "meeting:\n  mode: sometimes\nterms:\n  window_days: -3\n"})
	out, err := runWorkspace(t, ws, "workflow_dispatch", map[string]any{}, map[string]string{"COMMAND": "validate"})
	if err == nil {
		t.Fatal("Run: got no error for a bad config")
	}
	if n := strings.Count(out, "::error file=.github/mentorbot.yml,"); n != 2 {
		t.Errorf("got %d config annotations, want 2:\n%s", n, out)
	}
}

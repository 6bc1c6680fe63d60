package action

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// exampleRepo starts a fake GitHub holding examples/mentoring, the bundled
// example repository, as example/mentoring on branch main.
func exampleRepo(t *testing.T) *githubtest.Server {
	t.Helper()
	srv := githubtest.NewServer(t)
	srv.AddRepo("example", "mentoring")
	root := "../../examples/mentoring"
	if err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		srv.SetFile("example", "mentoring", "main", filepath.ToSlash(rel), string(data))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return srv
}

// seedExampleIssue opens one of examples/issues in the fake, by user, with
// labels, and returns it.
func seedExampleIssue(t *testing.T, srv *githubtest.Server, file, user string, labels ...string) *githubtest.Issue {
	t.Helper()
	raw, err := os.ReadFile("../../examples/issues/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var example struct{ Title, Body string }
	if err := json.Unmarshal(raw, &example); err != nil {
		t.Fatal(err)
	}
	return srv.SeedIssue("example", "mentoring", githubtest.Issue{Title: example.Title, Body: example.Body, Labels: labels, User: user})
}

// issueJSON is the event payload's view of an issue.
func issueJSON(is *githubtest.Issue) map[string]any {
	return map[string]any{"number": is.Number, "title": is.Title, "body": is.Body, "user": map[string]any{"login": is.User}}
}

// runEvent runs the Action on the fake for one event, as the runner would
// start its container, and returns the outcome and the outputs file.
func runEvent(t *testing.T, srv *githubtest.Server, name string, payload map[string]any, inputs map[string]string) (*Outcome, string) {
	t.Helper()
	payload["repository"] = map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"}
	dir := t.TempDir()
	data, _ := json.Marshal(payload)
	eventPath, outFile := filepath.Join(dir, "event.json"), filepath.Join(dir, "output")
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
		"GITHUB_API_URL": srv.URL, "GITHUB_OUTPUT": outFile, "INPUT_TOKEN": "token",
	}
	for k, v := range inputs {
		env["INPUT_"+k] = v
	}
	var stdout bytes.Buffer
	h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
		Now: func() time.Time { return time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC) }}
	out, err := Run(context.Background(), h)
	if err != nil {
		t.Fatalf("Run: got error %v, want none (stdout %s)", err, stdout.String())
	}
	outputs, _ := os.ReadFile(outFile)
	return out, string(outputs)
}

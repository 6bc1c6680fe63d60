package action

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// TestCommandIssueCommentEvent runs the Action as an issue_comment
// "created" event would, with command auto, on the example repository (its
// config lists argo-maint as Argo's approver) and the valid example
// proposal: the command job approves, reacts and sets its outputs.
func TestCommandIssueCommentEvent(t *testing.T) {
	t.Parallel()
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
	raw, err := os.ReadFile("../../examples/issues/proposal-12-argo-metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var example struct{ Title, Body string }
	if err := json.Unmarshal(raw, &example); err != nil {
		t.Fatal(err)
	}
	is := srv.SeedIssue("example", "mentoring", githubtest.Issue{Title: example.Title, Body: example.Body,
		Labels: []string{"lfx mentorship", "Proposal", "Validation Passed"}, User: "janedoe"})
	c := srv.SeedComment("example", "mentoring", is.Number, "argo-maint", "/approve")

	dir := t.TempDir()
	payload := map[string]any{"action": "created", "sender": map[string]any{"login": "argo-maint", "type": "User"},
		"repository": map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"},
		"issue":      map[string]any{"number": is.Number, "title": example.Title, "body": example.Body, "user": map[string]any{"login": "janedoe"}},
		"comment":    map[string]any{"id": c.ID, "body": c.Body, "user": map[string]any{"login": "argo-maint"}}}
	data, _ := json.Marshal(payload)
	eventPath, outFile := filepath.Join(dir, "event.json"), filepath.Join(dir, "output")
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"GITHUB_EVENT_NAME": "issue_comment", "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
		"GITHUB_API_URL": srv.URL, "GITHUB_OUTPUT": outFile, "INPUT_TOKEN": "token",
	}
	var stdout bytes.Buffer
	h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
		Now: func() time.Time { return time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC) }}
	out, err := Run(context.Background(), h)
	if err != nil {
		t.Fatalf("Run: got error %v, want none (stdout %s)", err, stdout.String())
	}
	if len(out.Results) != 1 || out.Results[0].Job != "command" || out.Results[0].Skipped != "" {
		t.Fatalf("got results %+v, want the command job, not skipped", out.Results)
	}
	outputs, _ := os.ReadFile(outFile)
	for _, want := range []string{"done<<", "refused<<", "issue<<"} {
		if !strings.Contains(string(outputs), want) {
			t.Errorf("outputs lack %q:\n%s", want, outputs)
		}
	}
	got, _ := srv.Issue("example", "mentoring", is.Number)
	if !slices.Contains(got.Labels, "Maintainer Approved") {
		t.Errorf("got labels %v, want Maintainer Approved", got.Labels)
	}
	var reactions []string
	for _, cm := range srv.Comments("example", "mentoring", is.Number) {
		if cm.ID == c.ID {
			for _, r := range cm.Reactions {
				reactions = append(reactions, r.Content)
			}
		}
	}
	if want := []string{"eyes", "+1"}; !slices.Equal(reactions, want) {
		t.Errorf("got reactions %q, want %q", reactions, want)
	}
}

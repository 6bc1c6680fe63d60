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
	"github.com/mentorbot/mentorbot/internal/runner"
)

// TestProposalIssuesEvent runs the Action as an issues "opened" event
// would, with command auto, on the example repository and the broken
// example proposal in the fake GitHub: the proposal job labels the issue,
// posts its report and sets its outputs; the bot's own event does nothing.
func TestProposalIssuesEvent(t *testing.T) {
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
	raw, err := os.ReadFile("../../examples/issues/proposal-13-flux-docs.json")
	if err != nil {
		t.Fatal(err)
	}
	var example struct {
		Title, Body string
	}
	if err := json.Unmarshal(raw, &example); err != nil {
		t.Fatal(err)
	}
	is := srv.SeedIssue("example", "mentoring", githubtest.Issue{Title: example.Title, Body: example.Body,
		Labels: []string{"lfx mentorship", "Proposal", "Needs Validation"}, User: "ann-smith"})

	run := func(sender string) (*Outcome, string) {
		dir := t.TempDir()
		payload := map[string]any{"action": "opened", "sender": map[string]any{"login": sender, "type": "User"},
			"repository": map[string]any{"name": "mentoring", "owner": map[string]any{"login": "example"}, "default_branch": "main"},
			"issue":      map[string]any{"number": is.Number, "title": example.Title, "body": example.Body, "user": map[string]any{"login": "ann-smith"}}}
		data, _ := json.Marshal(payload)
		eventPath, outFile := filepath.Join(dir, "event.json"), filepath.Join(dir, "output")
		if err := os.WriteFile(eventPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{
			"GITHUB_EVENT_NAME": "issues", "GITHUB_EVENT_PATH": eventPath, "GITHUB_REPOSITORY": "example/mentoring",
			"GITHUB_API_URL": srv.URL, "GITHUB_OUTPUT": outFile, "INPUT_TOKEN": "token", "INPUT_FAIL_ON": "never",
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

	out, outputs := run("ann-smith")
	// An issues event runs the proposal check, then the command job (which
	// clears approvals after a material edit; on a new issue it does nothing).
	if len(out.Results) != 2 || out.Results[0].Job != "proposal" || out.Results[0].Skipped != "" || out.Results[1].Job != "command" {
		t.Fatalf("got results %s, want the proposal job, not skipped, then the command job", jobs(out.Results))
	}
	for _, want := range []string{"valid<<", "\nfalse\n", "issue<<", "errors<<"} {
		if !strings.Contains(outputs, want) {
			t.Errorf("outputs lack %q:\n%s", want, outputs)
		}
	}
	got, _ := srv.Issue("example", "mentoring", is.Number)
	if !slices.Contains(got.Labels, "Validation Failed") || slices.Contains(got.Labels, "Needs Validation") {
		t.Errorf("got labels %v, want Validation Failed instead of Needs Validation", got.Labels)
	}
	if cs := srv.Comments("example", "mentoring", is.Number); len(cs) != 1 {
		t.Errorf("got %d comments, want the one report", len(cs))
	}

	srv.ResetCalls()
	out, _ = run("github-actions[bot]")
	if _, writes := srv.Total(); len(out.Results) != 2 || out.Results[0].Skipped == "" || out.Results[1].Skipped == "" || writes != 0 {
		t.Errorf("bot event: got results %s and %d writes, want both skipped and none", jobs(out.Results), writes)
	}
}

func jobs(rs []*runner.Result) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Job+" (skipped: "+r.Skipped+")")
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

// seedExample puts the bundled example repository on the fake's main branch.
func seedExample(t testing.TB, gh *githubtest.Server) {
	t.Helper()
	root := "../../examples/mentoring"
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		gh.SetFile("cncf", "mentoring", "main", filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var repoJSON = map[string]any{"id": 1, "name": "mentoring", "full_name": "cncf/mentoring", "default_branch": "main", "owner": map[string]any{"login": "cncf"}}

func payload(t testing.TB, fields map[string]any) []byte {
	t.Helper()
	fields["repository"] = repoJSON
	fields["installation"] = map[string]any{"id": 1}
	if _, ok := fields["sender"]; !ok {
		fields["sender"] = map[string]any{"login": "alice", "type": "User"}
	}
	data, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestIssuesEventValidatesProposal(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) {
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	})
	seedExample(t, a.gh)
	var ex struct {
		Title, Body string
		User        struct{ Login string }
	}
	data, _ := os.ReadFile("../../examples/issues/proposal-12-argo-metrics.json")
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	is := a.gh.SeedIssue("cncf", "mentoring", githubtest.Issue{Title: ex.Title, Body: ex.Body, User: "alice",
		Labels: []string{"lfx mentorship", "Proposal", "Needs Validation", "help wanted"}})
	issue := map[string]any{"id": is.ID, "number": is.Number, "title": is.Title, "body": is.Body, "state": "open",
		"user": map[string]any{"login": "alice"}, "labels": []map[string]any{{"name": "lfx mentorship"}, {"name": "Proposal"}, {"name": "Needs Validation"}, {"name": "help wanted"}}}
	body := payload(t, map[string]any{"action": "opened", "issue": issue})
	if s, msg := a.deliver(t, "issues", "i-1", body); s != 200 {
		t.Fatalf("got %d %q, want 200 handled", s, msg)
	}
	a.drain(t)
	got, _ := a.gh.Issue("cncf", "mentoring", is.Number)
	labels := strings.Join(got.Labels, ",")
	if !strings.Contains(labels, "Validation ") || strings.Contains(labels, "Needs Validation") || !strings.Contains(labels, "help wanted") {
		t.Errorf("got labels %v, want a validation label, Needs Validation gone and the human's label kept; logs:\n%s", got.Labels, a.logs)
	}
	if cs := a.gh.Comments("cncf", "mentoring", is.Number); len(cs) != 1 {
		t.Errorf("got %d comments, want 1 report", len(cs))
	}
}

func TestPushOfNewTermOpensUmbrella(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) {
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	})
	seedExample(t, a.gh)
	body := payload(t, map[string]any{
		"ref": "refs/heads/main", "before": "a", "after": "b",
		"commits": []map[string]any{{"added": []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"}, "modified": []string{}, "removed": []string{}}},
	})
	if s, msg := a.deliver(t, "push", "p-1", body); s != 200 {
		t.Fatalf("got %d %q, want 200 handled", s, msg)
	}
	// A push to another branch is not the default branch: ignored.
	other := payload(t, map[string]any{"ref": "refs/heads/feature", "commits": []map[string]any{}})
	if s, msg := a.deliver(t, "push", "p-2", other); s != 200 || !strings.Contains(msg, "ignored") {
		t.Errorf("push to a feature branch: got %d %q, want 200 ignored", s, msg)
	}
	a.drain(t)
	issues := a.gh.Issues("cncf", "mentoring")
	if len(issues) == 0 || issues[0].Title != "LFX Mentorship 2027 Term 1 (Mar-May)" {
		t.Fatalf("got %d issues, want the umbrella first; logs:\n%s", len(issues), a.logs)
	}
	if len(issues[0].SubIssues) == 0 {
		t.Errorf("umbrella has no sub-issues")
	}
}

func TestSchedulerCommitsMeetingStubOnce(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedExample(t, gh)
	const path = "mentoring-wg/2026-meeting-minutes.md"
	before, _ := gh.FileContent("cncf", "mentoring", "main", path)
	commits := gh.Commits("cncf", "mentoring", "main")
	tweak := func(o *server.Options) {
		o.ScheduleInterval, o.ScheduleRepos = time.Hour, []string{"cncf/mentoring"}
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	}
	a := newApp(t, gh, tweak)
	waitFor(t, func() bool { return gh.Commits("cncf", "mentoring", "main") > commits })
	a.drain(t)
	after, _ := gh.FileContent("cncf", "mentoring", "main", path)
	if after == before || !strings.Contains(after, "## December 17, 2026") {
		t.Fatalf("minutes file has no stub for December 17; logs:\n%s", a.logs)
	}
	// A second replica's tick finds the stub in place: no commit.
	b := newApp(t, gh, tweak)
	waitFor(t, func() bool { return strings.Contains(b.logs.String(), `"event":"schedule"`) })
	b.drain(t)
	if got := gh.Commits("cncf", "mentoring", "main"); got != commits+1 {
		t.Errorf("got %d commits, want exactly one for the due meeting", got-commits)
	}
}

func TestConcurrentDeliveriesForOneIssueMakeOneComment(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) {
		o.Workers = 4
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	})
	seedExample(t, a.gh)
	data, _ := os.ReadFile("../../examples/issues/proposal-12-argo-metrics.json")
	var ex struct{ Title, Body string }
	json.Unmarshal(data, &ex)
	is := a.gh.SeedIssue("cncf", "mentoring", githubtest.Issue{Title: ex.Title, Body: ex.Body, User: "alice",
		Labels: []string{"lfx mentorship", "Proposal"}})
	issue := map[string]any{"id": is.ID, "number": is.Number, "title": is.Title, "body": is.Body, "state": "open",
		"user": map[string]any{"login": "alice"}, "labels": []map[string]any{{"name": "lfx mentorship"}, {"name": "Proposal"}}}
	// opened, edited, labeled: distinct deliveries, queued together.
	for i, action := range []string{"opened", "edited", "labeled", "reopened"} {
		body := payload(t, map[string]any{"action": action, "issue": issue})
		if s, msg := a.deliver(t, "issues", fmt.Sprintf("c-%d", i), body); s != 200 {
			t.Fatalf("got %d %q, want 200 handled", s, msg)
		}
	}
	a.drain(t)
	if cs := a.gh.Comments("cncf", "mentoring", is.Number); len(cs) != 1 {
		t.Errorf("got %d report comments, want 1", len(cs))
	}
}

func TestIssueCommentRunsCommands(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) {
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	})
	seedExample(t, a.gh)
	data, _ := os.ReadFile("../../examples/issues/proposal-12-argo-metrics.json")
	var ex struct{ Title, Body string }
	json.Unmarshal(data, &ex)
	is := a.gh.SeedIssue("cncf", "mentoring", githubtest.Issue{Title: ex.Title, Body: ex.Body, User: "alice",
		Labels: []string{"lfx mentorship", "Proposal", "Needs Validation"}})
	issue := map[string]any{"id": is.ID, "number": is.Number, "title": is.Title, "body": is.Body, "state": "open",
		"user": map[string]any{"login": "alice"}, "labels": []map[string]any{{"name": "lfx mentorship"}, {"name": "Proposal"}}}
	// The proposal is checked first (issues opened), then approved.
	a.deliver(t, "issues", "cm-1", payload(t, map[string]any{"action": "opened", "issue": issue}))
	c := a.gh.SeedComment("cncf", "mentoring", is.Number, "argo-maint", "Looks good.\n\n/approve")
	comment := map[string]any{"id": c.ID, "body": c.Body, "user": map[string]any{"login": "argo-maint", "type": "User"}}
	body := payload(t, map[string]any{"action": "created", "issue": issue, "comment": comment,
		"sender": map[string]any{"login": "argo-maint", "type": "User"}})
	if s, msg := a.deliver(t, "issue_comment", "cm-2", body); s != 200 {
		t.Fatalf("got %d %q, want 200 handled", s, msg)
	}
	a.drain(t)
	got, _ := a.gh.Issue("cncf", "mentoring", is.Number)
	if !strings.Contains(strings.Join(got.Labels, ","), "Maintainer/Contribex Approved") {
		t.Errorf("got labels %v, want Maintainer/Contribex Approved; logs:\n%s", got.Labels, a.logs)
	}
	var reactions []string
	for _, cm := range a.gh.Comments("cncf", "mentoring", is.Number) {
		if cm.ID == c.ID {
			for _, r := range cm.Reactions {
				reactions = append(reactions, r.Content)
			}
		}
	}
	if !strings.Contains(strings.Join(reactions, ","), "+1") {
		t.Errorf("got reactions %v on the command, want +1", reactions)
	}
}

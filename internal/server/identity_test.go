package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

// TestAppLearnsItsOwnLogin: an App whose slug is not "mentorbot", started
// without a bot login, asks GitHub (GET /app) and writes as
// "<slug>[bot]": its report is recognised as its own on the next delivery
// and edited, not posted again; events it sends itself are skipped.
func TestAppLearnsItsOwnLogin(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	gh.AppSlug, gh.Login = "cncf-mentoring-bot", "cncf-mentoring-bot[bot]"
	a := newApp(t, gh, func(o *server.Options) {
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	})
	seedExample(t, a.gh)
	data, err := os.ReadFile("../../examples/issues/proposal-12-argo-metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var ex struct{ Title, Body string }
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	is := a.gh.SeedIssue("cncf", "mentoring", githubtest.Issue{Title: ex.Title, Body: ex.Body, User: "alice", Labels: []string{"lfx mentorship", "Proposal"}})
	for i, body := range []string{ex.Body, ex.Body + "\n\nOne more line."} {
		issue := map[string]any{"id": is.ID, "number": is.Number, "title": is.Title, "body": body, "state": "open",
			"user": map[string]any{"login": "alice"}, "labels": []map[string]any{{"name": "lfx mentorship"}, {"name": "Proposal"}}}
		if s, msg := a.deliver(t, "issues", fmt.Sprintf("id-%d", i), payload(t, map[string]any{"action": "edited", "issue": issue})); s != 200 {
			t.Fatalf("delivery %d: got %d %q, want 200 handled; logs:\n%s", i, s, msg, a.logs)
		}
	}
	// The app's own edit comes back as an event: skipped.
	self := payload(t, map[string]any{"action": "edited", "issue": map[string]any{"number": is.Number, "title": is.Title, "body": ex.Body},
		"sender": map[string]any{"login": "cncf-mentoring-bot[bot]", "type": "User"}})
	calls := len(a.gh.Log())
	if s, msg := a.deliver(t, "issues", "id-self", self); s/100 != 2 {
		t.Fatalf("own event: got %d %q, want 2xx", s, msg)
	}
	a.drain(t)
	cs := a.gh.Comments("cncf", "mentoring", is.Number)
	if len(cs) != 1 {
		t.Errorf("got %d comments, want 1 report, edited in place", len(cs))
	}
	for _, c := range cs {
		if c.User != "cncf-mentoring-bot[bot]" {
			t.Errorf("got a comment by %q, want cncf-mentoring-bot[bot]", c.User)
		}
	}
	if got := a.gh.Count("GET /app"); got != 1 {
		t.Errorf("got %d GET /app, want 1 (the login is learned once)", got)
	}
	if extra := a.gh.Log()[calls:]; len(extra) != 0 {
		t.Errorf("got requests %v for the app's own event, want none", extra)
	}
	if !strings.Contains(a.logs.String(), "cncf-mentoring-bot[bot]") {
		t.Errorf("got no log line naming the learned login")
	}
}

// TestAppLoginUnknownFailsTheDelivery: while GitHub does not say who the
// app is, a delivery fails (GitHub records it; the recovery loop
// redelivers it) rather than run as an unknown identity; once GitHub
// answers, the next one succeeds.
func TestAppLoginUnknownFailsTheDelivery(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	gh.Inject(githubtest.Fault{Route: "GET /app", Status: 502, Times: 4}) // every retry of one lookup
	a := newApp(t, gh, nil)
	seedPullRequest(a.gh)
	body := fixture(t, "pull_request.opened.json")
	if s, msg := a.deliver(t, "pull_request", "u-1", body); s < 500 {
		t.Fatalf("got %d %q, want a 5xx while the app's login is unknown", s, msg)
	}
	if crs := a.gh.CheckRuns("cncf", "mentoring"); len(crs) != 0 {
		t.Errorf("got %d check runs, want none written as an unknown identity", len(crs))
	}
	if s, msg := a.deliver(t, "pull_request", "u-2", body); s != 200 {
		t.Fatalf("got %d %q, want 200 once GitHub answers; logs:\n%s", s, msg, a.logs)
	}
	if got, err := a.srv.BotLogin(context.Background()); err != nil || got != "mentorbot[bot]" {
		t.Errorf("got login %q (%v), want mentorbot[bot]", got, err)
	}
}

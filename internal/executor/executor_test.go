package executor_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// sleeps records the waits the retrying transport asked for, without
// sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return nil
}

func setup(t *testing.T) (*githubtest.Server, *github.Client, *sleeps) {
	t.Helper()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	sl := &sleeps{}
	gh, err := githubapi.NewClient("tok", srv.URL, &githubapi.Retry{Sleep: sl.sleep, BaseDelay: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return srv, gh, sl
}

func labelPlan(n int) *plan.Plan {
	return &plan.Plan{Actions: []plan.Action{
		plan.EnsureLabel{Name: "Validation Passed", Color: "0e8a16"},
		plan.AddLabels{Issue: plan.Issue(n), Labels: []string{"Validation Passed", "2026"}},
		plan.RemoveLabel{Issue: plan.Issue(n), Label: "Needs Validation"},
		plan.UpsertComment{Issue: plan.Issue(n), Marker: "<!-- mb:report -->", Body: "<!-- mb:report -->\nall good"},
	}}
}

func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p", Labels: []string{"Needs Validation", "help wanted"}})
	ex := executor.New(gh, "o", "r")

	rep, err := ex.Apply(context.Background(), labelPlan(is.Number))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rep.Count(executor.Applied), 4; got != want {
		t.Errorf("first apply: got %d applied, want %d", got, want)
	}
	got, _ := srv.Issue("o", "r", is.Number)
	if diff := cmp.Diff([]string{"help wanted", "Validation Passed", "2026"}, got.Labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if cs := srv.Comments("o", "r", is.Number); len(cs) != 1 || cs[0].Body != "<!-- mb:report -->\nall good" {
		t.Errorf("got comments %+v, want one report", cs)
	}

	_, writesBefore := srv.Total()
	rep, err = ex.Apply(context.Background(), labelPlan(is.Number))
	if err != nil {
		t.Fatal(err)
	}
	_, writesAfter := srv.Total()
	if writesAfter != writesBefore {
		t.Errorf("second apply made %d writes, want 0", writesAfter-writesBefore)
	}
	if got, want := rep.Count(executor.Unchanged), 4; got != want {
		t.Errorf("second apply: got %d unchanged, want %d", got, want)
	}
}

func TestUpsertCommentEditsInPlace(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p"})
	srv.SeedComment("o", "r", is.Number, "alice", "unrelated")
	old := srv.SeedComment("o", "r", is.Number, "mentorbot[bot]", "<!-- mb:report -->\nold")
	p := &plan.Plan{Actions: []plan.Action{plan.UpsertComment{Issue: plan.Issue(is.Number), Marker: "<!-- mb:report -->", Body: "<!-- mb:report -->\nnew"}}}
	if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	cs := srv.Comments("o", "r", is.Number)
	if len(cs) != 2 || cs[1].ID != old.ID || cs[1].Body != "<!-- mb:report -->\nnew" {
		t.Errorf("got comments %+v, want the marked one edited in place", cs)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fault     githubtest.Fault
		wantSleep []time.Duration
	}{
		{
			name:      "secondary rate limit 403 with Retry-After",
			fault:     githubtest.Fault{Route: "POST /repos/{owner}/{repo}/issues/{number}/labels", Status: 403, Header: map[string]string{"Retry-After": "7"}, Body: "You have exceeded a secondary rate limit"},
			wantSleep: []time.Duration{7 * time.Second},
		},
		{
			name:      "429 with Retry-After",
			fault:     githubtest.Fault{Route: "POST /repos/{owner}/{repo}/issues/{number}/labels", Status: 429, Header: map[string]string{"Retry-After": "3"}, Times: 2},
			wantSleep: []time.Duration{3 * time.Second, 3 * time.Second},
		},
		{
			name:      "502 on a read backs off",
			fault:     githubtest.Fault{Route: "GET /repos/{owner}/{repo}/issues/{number}", Status: 502, Times: 2},
			wantSleep: []time.Duration{time.Second, 2 * time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, gh, sl := setup(t)
			is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p"})
			srv.Inject(tt.fault)
			p := &plan.Plan{Actions: []plan.Action{plan.AddLabels{Issue: plan.Issue(is.Number), Labels: []string{"x"}}}}
			if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
				t.Fatalf("got error %v, want the retries to succeed", err)
			}
			if got, _ := srv.Issue("o", "r", is.Number); !cmp.Equal(got.Labels, []string{"x"}) {
				t.Errorf("got labels %v, want [x]", got.Labels)
			}
			if diff := cmp.Diff(tt.wantSleep, sl.d); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if n := srv.FaultsLeft(); n != 0 {
				t.Errorf("got %d faults unfired, want 0", n)
			}
		})
	}
}

func TestRetryGivesUpAfterBoundedAttempts(t *testing.T) {
	t.Parallel()
	srv, gh, sl := setup(t)
	is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p"})
	srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/issues/{number}", Status: 503, Times: 10})
	p := &plan.Plan{Actions: []plan.Action{
		plan.AddLabels{Issue: plan.Issue(is.Number), Labels: []string{"x"}},
		plan.CreateComment{Issue: plan.Issue(is.Number), Body: "never"},
	}}
	rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
	if err == nil {
		t.Fatal("got no error, want the 503s to fail the plan")
	}
	if got := srv.Count("GET /repos/{owner}/{repo}/issues/{number}"); got != 4 {
		t.Errorf("got %d attempts, want 4", got)
	}
	if len(sl.d) != 3 {
		t.Errorf("got %d waits, want 3", len(sl.d))
	}
	if got := []executor.Status{rep.Outcomes[0].Status, rep.Outcomes[1].Status}; !cmp.Equal(got, []executor.Status{executor.Failed, executor.Skipped}) {
		t.Errorf("got statuses %v, want [failed skipped]", got)
	}
	if cs := srv.Comments("o", "r", is.Number); len(cs) != 0 {
		t.Errorf("got %d comments, want none after a failure", len(cs))
	}
}

func TestRateLimitWaitTooLongIsNotMade(t *testing.T) {
	t.Parallel()
	srv, gh, sl := setup(t)
	is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p"})
	srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/issues/{number}", Status: 403, Header: map[string]string{"Retry-After": "3600"}})
	p := &plan.Plan{Actions: []plan.Action{plan.AddLabels{Issue: plan.Issue(is.Number), Labels: []string{"x"}}}}
	if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err == nil {
		t.Fatal("got no error, want the hour-long limit reported")
	}
	if len(sl.d) != 0 {
		t.Errorf("got waits %v, want none", sl.d)
	}
}

func TestCreateIssueAfter502DoesNotDuplicate(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	// GitHub applied the create and then failed: the fault's Before creates
	// the issue as GitHub would have, the 502 hides it.
	srv.Inject(githubtest.Fault{Route: "POST /repos/{owner}/{repo}/issues", Status: 502, Before: func() {
		srv.SeedIssue("o", "r", githubtest.Issue{Title: "T", Body: "<!-- mb:k -->", Labels: []string{"admin"}})
	}})
	p := &plan.Plan{Actions: []plan.Action{plan.CreateIssue{Ref: "k", Marker: "<!-- mb:k -->", Title: "T", Body: "<!-- mb:k -->", Labels: []string{"admin"}}}}
	rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Issues("o", "r")); n != 1 {
		t.Errorf("got %d issues, want 1", n)
	}
	if got := srv.Count("POST /repos/{owner}/{repo}/issues"); got != 1 {
		t.Errorf("got %d create calls, want 1 (no blind retry of a POST)", got)
	}
	if rep.Outcomes[0].Status != executor.Unchanged {
		t.Errorf("got status %s, want unchanged (found after the 502)", rep.Outcomes[0].Status)
	}
}

func TestCreateIssueAndSubIssues(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	p := &plan.Plan{Actions: []plan.Action{
		plan.CreateIssue{Ref: "parent", Marker: "<!-- p -->", Title: "Parent", Body: "<!-- p -->", Labels: []string{"admin"}},
		plan.CreateIssue{Ref: "child", Marker: "<!-- c -->", Title: "Child", Body: "<!-- c -->", Labels: []string{"admin"}},
		plan.AddSubIssue{Parent: plan.IssueRef{Ref: "parent"}, Child: plan.IssueRef{Ref: "child"}},
	}}
	for run := range 2 {
		ex := executor.New(gh, "o", "r")
		if _, err := ex.Apply(context.Background(), p); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	is := srv.Issues("o", "r")
	if len(is) != 2 {
		t.Fatalf("got %d issues, want 2", len(is))
	}
	if len(is[0].SubIssues) != 1 || is[0].SubIssues[0] != is[1].ID {
		t.Errorf("got sub-issues %v of #1, want [%d]", is[0].SubIssues, is[1].ID)
	}
}

func TestPutFileConflict(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	srv.SetFile("o", "r", "main", "m.md", "v1")
	base := githubtest.BlobSHA("v1")
	// Someone commits between our read and our write.
	srv.Inject(githubtest.Fault{Route: "PUT /repos/{owner}/{repo}/contents/{path...}", Before: func() {
		srv.SetFile("o", "r", "main", "m.md", "v1 + a human edit")
	}})
	p := &plan.Plan{Actions: []plan.Action{plan.PutFile{Path: "m.md", Content: "v2", BaseSHA: base, Message: "stub"}}}
	_, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
	if !errors.Is(err, executor.ErrConflict) {
		t.Fatalf("got error %v, want ErrConflict", err)
	}
	if got, _ := srv.FileContent("o", "r", "main", "m.md"); got != "v1 + a human edit" {
		t.Errorf("got %q, want the human edit kept", got)
	}
}

func TestPutFileStaleSHA(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	srv.SetFile("o", "r", "main", "m.md", "v1")
	srv.Inject(githubtest.Fault{Route: "PUT /repos/{owner}/{repo}/contents/{path...}", Status: 409})
	p := &plan.Plan{Actions: []plan.Action{plan.PutFile{Path: "m.md", Content: "v2", BaseSHA: githubtest.BlobSHA("v1"), Message: "stub"}}}
	_, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
	if !errors.Is(err, executor.ErrConflict) {
		t.Fatalf("got error %v, want ErrConflict from a 409", err)
	}
	// Applied again with no fault, it commits once, then changes nothing.
	for range 2 {
		if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Commits("o", "r", "main"); got != 2 {
		t.Errorf("got %d commits, want 2 (the seed and one write)", got)
	}
}

func TestPullRequestFlow(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	srv.SetFile("o", "r", "main", "m.md", "v1")
	mk := func(body string) *plan.Plan {
		return &plan.Plan{Actions: []plan.Action{
			plan.EnsureBranch{Name: "bot/stub", From: "main"},
			plan.PutFile{Path: "m.md", Content: "v2", BaseSHA: githubtest.BlobSHA("v1"), Branch: "bot/stub", Message: "stub"},
			plan.EnsurePullRequest{Head: "bot/stub", Base: "main", Title: "Stub", Body: body},
		}}
	}
	for _, body := range []string{"b1", "b1", "b2"} {
		if _, err := executor.New(gh, "o", "r").Apply(context.Background(), mk(body)); err != nil {
			t.Fatal(err)
		}
	}
	prs := srv.Pulls("o", "r")
	if len(prs) != 1 || prs[0].Body != "b2" {
		t.Errorf("got pulls %+v, want one with the latest body", prs)
	}
	if got, _ := srv.FileContent("o", "r", "bot/stub", "m.md"); got != "v2" {
		t.Errorf("branch file: got %q, want v2", got)
	}
	if got, _ := srv.FileContent("o", "r", "main", "m.md"); got != "v1" {
		t.Errorf("main file: got %q, want v1 untouched", got)
	}
}

func TestCheckRunBatchesAnnotations(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	var anns []plan.Annotation
	for i := range 120 {
		anns = append(anns, plan.Annotation{Path: "a.md", Line: i + 1, Level: "failure", Message: "m"})
	}
	p := &plan.Plan{Actions: []plan.Action{plan.CreateCheckRun{Name: "mentorbot", HeadSHA: "abc", Conclusion: "failure", Title: "t", Summary: "s", Annotations: anns}}}
	for range 2 { // the second apply finds the first check run
		if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	crs := srv.CheckRuns("o", "r")
	if len(crs) != 1 || len(crs[0].Annotations) != 120 {
		t.Fatalf("got %d check runs, want one with 120 annotations", len(crs))
	}
	if got := srv.Count("PATCH /repos/{owner}/{repo}/check-runs/{id}"); got != 2 {
		t.Errorf("got %d update calls, want 2 (50+50+20)", got)
	}
}

func TestReactionFailureIsBestEffort(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p"})
	c := srv.SeedComment("o", "r", is.Number, "alice", "/approve")
	srv.Inject(githubtest.Fault{Route: "POST /repos/{owner}/{repo}/issues/comments/{id}/reactions", Status: 404})
	p := &plan.Plan{Actions: []plan.Action{
		plan.AddReaction{CommentID: c.ID, Content: "eyes"},
		plan.AddLabels{Issue: plan.Issue(is.Number), Labels: []string{"ok"}},
	}}
	rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
	if err != nil {
		t.Fatalf("got %v, want a failed reaction not to fail the plan", err)
	}
	if rep.Outcomes[0].Status != executor.Failed || rep.Outcomes[1].Status != executor.Applied {
		t.Errorf("got %s, %s; want failed, applied", rep.Outcomes[0].Status, rep.Outcomes[1].Status)
	}
}

// TestSnapshotIsSharedWithTheLoaders: what the event's loaders read
// through the snapshot is not read again by the executor, and what the
// executor writes shows in the snapshot, so a second job of the same event
// (here: the same plan again) reads nothing and writes nothing.
func TestSnapshotIsSharedWithTheLoaders(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p", Labels: []string{"Needs Validation"}})
	snap := githubapi.NewSnapshot(gh, "o", "r")
	ctx := context.Background()
	if _, err := snap.Issue(ctx, is.Number); err != nil {
		t.Fatal(err)
	}
	if _, err := snap.Comments(ctx, is.Number, false); err != nil {
		t.Fatal(err)
	}
	if _, err := snap.LabelNames(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	ex := executor.New(gh, "o", "r").WithSnapshot(snap)
	if _, err := ex.Apply(ctx, labelPlan(is.Number)); err != nil {
		t.Fatal(err)
	}
	if all, writes := srv.Total(); all != writes || writes == 0 {
		t.Errorf("got %d reads and %d writes, want writes only: the snapshot covers the reads (%v)", all-writes, writes, srv.Calls())
	}
	srv.ResetCalls()
	if _, err := executor.New(gh, "o", "r").WithSnapshot(snap).Apply(ctx, labelPlan(is.Number)); err != nil {
		t.Fatal(err)
	}
	if all, _ := srv.Total(); all != 0 {
		t.Errorf("second job: got %d calls, want 0: the snapshot holds the first job's writes (%v)", all, srv.Calls())
	}
}

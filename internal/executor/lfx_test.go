package executor_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// TestEditIssueBody: the body is written only while it is the one the plan
// was made from; a second run is unchanged; a body edited meanwhile is
// not overwritten, and the run fails.
func TestEditIssueBody(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	n := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p", Body: "proposal"}).Number
	p := &plan.Plan{Actions: []plan.Action{plan.EditIssueBody{Issue: plan.Issue(n), Old: "proposal", New: "pin\n\nproposal", What: "pin"}}}
	for run, want := range []executor.Status{executor.Applied, executor.Unchanged} {
		rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Outcomes[0].Status; got != want {
			t.Errorf("run %d: got %s, want %s", run+1, got, want)
		}
	}
	if is, _ := srv.Issue("o", "r", n); is.Body != "pin\n\nproposal" {
		t.Errorf("got body %q, want the pinned one", is.Body)
	}
	if _, _, err := gh.Issues.Edit(context.Background(), "o", "r", n, &github.IssueRequest{Body: github.String("rewritten by the proposer")}); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
	if err == nil || rep.Outcomes[0].Status != executor.Failed || !strings.Contains(err.Error(), "changed since the plan was made") {
		t.Errorf("stale body: got %v, %+v; want a failure saying the body changed", err, rep.Outcomes)
	}
	if is, _ := srv.Issue("o", "r", n); is.Body != "rewritten by the proposer" {
		t.Errorf("stale body: got %q, want the proposer's", is.Body)
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("stale body: got %d writes, want none", writes)
	}
}

// TestDeleteBranch: deleted once; a branch already gone is unchanged; a
// failed delete is a failure naming the permission.
func TestDeleteBranch(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	srv.AddBranch("o", "r", "mentorbot/lfx-export-2027-1", "main", "c1")
	p := &plan.Plan{Actions: []plan.Action{plan.DeleteBranch{Name: "mentorbot/lfx-export-2027-1"}}}
	var got []executor.Status
	for run := 0; run < 2; run++ {
		rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rep.Outcomes[0].Status)
	}
	if diff := cmp.Diff([]executor.Status{executor.Applied, executor.Unchanged}, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if srv.HasBranch("o", "r", "mentorbot/lfx-export-2027-1") {
		t.Error("got the branch still there, want it deleted")
	}
	srv.AddBranch("o", "r", "b2", "main", "c2")
	srv.Inject(githubtest.Fault{Route: "DELETE /repos/{owner}/{repo}/git/refs/{ref...}", Status: 403, Body: "Resource not accessible by integration"})
	_, err := executor.New(gh, "o", "r").Apply(context.Background(), &plan.Plan{Actions: []plan.Action{plan.DeleteBranch{Name: "b2"}}})
	if err == nil || !strings.Contains(err.Error(), "contents: write") {
		t.Errorf("403: got %v, want a failure naming contents: write", err)
	}
	if !srv.HasBranch("o", "r", "b2") {
		t.Error("403: got the branch deleted, want it kept")
	}
}

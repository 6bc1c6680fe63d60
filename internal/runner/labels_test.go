package runner

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

const testLabeler = `'lfx mentorship':
  - programs/lfx-mentorship/**/*
2027:
  - programs/lfx-mentorship/2027/**/*
'Term 1: March-May':
  - programs/lfx-mentorship/*/01-Mar-May/**/*
`

func TestLabelsFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	srv.SetFile(propOwner, propRepo, "main", ".github/labeler.yml", testLabeler) // the example's, with a year
	pr := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "2027 term 1", IsPull: true, User: "alice", Labels: []string{"do not merge", "2027"}})
	srv.SetPullFiles(propOwner, propRepo, pr.Number, []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"})
	gh := srv.Client("token")
	ev := &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo,
		PullRequest: &event.PullRequest{Number: pr.Number, HeadRef: "term", BaseRef: "main"}}

	srv.ResetCalls()
	res, err := Labels(ctx, propEnv(gh, ev))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Outputs["labels_added"], "lfx mentorship,Term 1: March-May"; got != want {
		t.Errorf("got labels_added %q, want %q", got, want)
	}
	is, _ := srv.Issue(propOwner, propRepo, pr.Number)
	if diff := cmp.Diff([]string{"do not merge", "2027", "lfx mentorship", "Term 1: March-May"}, is.Labels); diff != "" {
		t.Errorf("labels mismatch (-want +got):\n%s", diff)
	}
	// One read of labeler.yml, one of the files, one of the issue, one write.
	all, writes := srv.Total()
	if writes != 1 || all > 5 {
		t.Errorf("got %d requests, %d writes (%v), want at most 5 and 1", all, writes, srv.Log())
	}
	t.Logf("labels for a pull request: %d requests, %d write", all, writes)

	// A re-run writes nothing; a person removing a label later is not
	// undone by anything but a new push, and a label a person added stays.
	srv.ResetCalls()
	res, err = Labels(ctx, propEnv(gh, ev))
	if err != nil {
		t.Fatal(err)
	}
	if _, writes := srv.Total(); writes != 0 || !res.Plan.Empty() {
		t.Errorf("re-run: got %d writes and plan %v, want none", writes, res.Plan.Text())
	}
}

func TestLabelsFailedRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	srv.SetFile(propOwner, propRepo, "main", ".github/labeler.yml", testLabeler)
	pr := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "x", IsPull: true, User: "alice"})
	srv.SetPullFiles(propOwner, propRepo, pr.Number, []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"})
	srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/pulls/{number}/files", Status: 404})
	ev := &event.Event{Name: "pull_request", Action: "synchronize", Owner: propOwner, Repo: propRepo,
		PullRequest: &event.PullRequest{Number: pr.Number}}
	if _, err := Labels(ctx, propEnv(srv.Client("token"), ev)); err == nil {
		t.Fatal("got no error, want the failed read of the files")
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("got %d writes, want none after a failed read", writes)
	}
}

func TestLabelsSkips(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	gh := srv.Client("token")
	tests := []struct {
		name string
		ev   *event.Event
	}{
		{"no event", nil},
		{"closed", &event.Event{Name: "pull_request", Action: "closed", PullRequest: &event.PullRequest{Number: 1}}},
		{"no labeler.yml", &event.Event{Name: "pull_request", Action: "opened", PullRequest: &event.PullRequest{Number: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := propEnv(gh, tt.ev)
			env.FS = fstest.MapFS{}
			res, err := Labels(context.Background(), env)
			if err != nil || res.Skipped == "" {
				t.Errorf("got skipped %q, err %v; want a reason and no error", res.Skipped, err)
			}
		})
	}
}

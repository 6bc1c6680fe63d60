package executor_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// TestReactionFailureFailsTheApply: a reaction is a follow-up, so the rest
// of the plan is applied whatever happens to it, but a reaction that could
// not be added fails the apply (a success would leave it missing for
// good); a lost answer is tried again (GitHub keeps one reaction of a kind
// per user); a comment that is gone (404) is no failure.
func TestReactionFailureFailsTheApply(t *testing.T) {
	t.Parallel()
	const route = "POST /repos/{owner}/{repo}/issues/comments/{id}/reactions"
	tests := []struct {
		name      string
		fault     githubtest.Fault
		wantErr   bool
		reactions int
	}{
		{name: "refused (409)", fault: githubtest.Fault{Route: route, Status: 409}, wantErr: true},
		{name: "answer lost after it was applied", fault: githubtest.Fault{Route: route, Status: 502, After: true}, reactions: 1},
		{name: "connection dropped before", fault: githubtest.Fault{Route: route, Drop: true}, reactions: 1},
		{name: "comment gone (404)", fault: githubtest.Fault{Route: route, Status: 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, gh, _ := setup(t)
			is := srv.SeedIssue("o", "r", githubtest.Issue{Title: "p"})
			c := srv.SeedComment("o", "r", is.Number, "alice", "/approve")
			srv.Inject(tt.fault)
			p := &plan.Plan{Actions: []plan.Action{
				plan.AddReaction{CommentID: c.ID, Content: "eyes"},
				plan.AddLabels{Issue: plan.Issue(is.Number), Labels: []string{"ok"}},
			}}
			rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
			if (err != nil) != tt.wantErr {
				t.Errorf("got error %v, want error %v", err, tt.wantErr)
			}
			if rep.Outcomes[1].Status != executor.Applied {
				t.Errorf("got the label %s, want applied", rep.Outcomes[1].Status)
			}
			if got := len(srv.Comments("o", "r", is.Number)[0].Reactions); got != tt.reactions {
				t.Errorf("got %d reactions, want %d", got, tt.reactions)
			}
		})
	}
}

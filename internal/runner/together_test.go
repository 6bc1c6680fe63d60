package runner

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// issueState is what an issue ends as: its labels (sorted), state and
// every comment's author and body, oldest first.
type issueState struct {
	Labels   []string
	State    string
	Comments []string
}

func stateOf(t *testing.T, r *cmdRig) issueState {
	t.Helper()
	is, ok := r.srv.Issue(propOwner, propRepo, r.number)
	if !ok {
		t.Fatalf("issue #%d is gone", r.number)
	}
	st := issueState{Labels: slices.Sorted(slices.Values(is.Labels)), State: is.State}
	for _, c := range r.srv.Comments(propOwner, propRepo, r.number) {
		st.Comments = append(st.Comments, c.User+": "+c.Body)
	}
	return st
}

// TestProposalWithGatesSameEndState runs issues events the way Route
// runs them (the proposal job writing the command job's gates too, then
// the command job) and the way they ran before (the proposal job, then
// the command job, each writing its own): the issue must end the same.
func TestProposalWithGatesSameEndState(t *testing.T) {
	t.Parallel()
	approveThenEdit := func(t *testing.T, r *cmdRig) *event.Event {
		c := r.srv.SeedComment(propOwner, propRepo, r.number, "argo-maint", "/approve")
		appFace(t, r, r.commentEvent("created", *c))
		is, _ := r.srv.Issue(propOwner, propRepo, r.number)
		prev := is.Body
		body := strings.Replace(is.Body, "metrics", "metrics and traces", 1)
		if body == prev {
			t.Fatal("the example proposal has no \"metrics\" to edit")
		}
		if _, _, err := r.gh.Issues.Edit(context.Background(), propOwner, propRepo, r.number, &github.IssueRequest{Body: &body}); err != nil {
			t.Fatal(err)
		}
		return r.issueEvent("edited", &prev)
	}
	for _, tc := range []struct {
		name    string
		issue   int
		checked bool
		event   func(t *testing.T, r *cmdRig) *event.Event
	}{
		{"opened, #12", 12, false, func(_ *testing.T, r *cmdRig) *event.Event { return r.issueEvent("opened", nil) }},
		{"opened, #13", 13, false, func(_ *testing.T, r *cmdRig) *event.Event { return r.issueEvent("opened", nil) }},
		{"reopened, checked", 12, true, func(_ *testing.T, r *cmdRig) *event.Event { return r.issueEvent("reopened", nil) }},
		{"edited after an approval: approvals cleared", 12, true, approveThenEdit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got [2]issueState
			var writes [2]int
			for i, routed := range []bool{true, false} {
				r := togetherRig(t, tc.issue, tc.checked)
				ev := tc.event(t, r)
				r.srv.ResetCalls()
				env := r.env(ev)
				jobs := []Job{job("proposal"), job("command")}
				if routed {
					var why string
					jobs, why = Route(ev, env.Config)
					if why != "" {
						t.Fatalf("Route: %s", why)
					}
				}
				for _, j := range jobs {
					if _, err := j.Run(context.Background(), env, nil); err != nil {
						t.Fatalf("%s: %v", j.Name, err)
					}
				}
				got[i] = stateOf(t, r)
				_, writes[i] = r.srv.Total()
			}
			t.Logf("writes: %d routed together, %d one job after the other; end state %q", writes[0], writes[1], got[0])
			if writes[0] > writes[1] {
				t.Errorf("got %d writes routed together, want at most the %d of one job after the other", writes[0], writes[1])
			}
			if diff := cmp.Diff(got[1], got[0]); diff != "" {
				t.Errorf("end state, routed together (+) against one job after the other (-):\n%s", diff)
			}
			if len(got[0].Labels) == 0 || len(got[0].Comments) == 0 {
				t.Errorf("got end state %+v, want labels and the report", got[0])
			}
		})
	}
}

// togetherRig is budgetRig with example issue n.
func togetherRig(t *testing.T, n int, checked bool) *cmdRig {
	t.Helper()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	for _, l := range usedLabels(t) {
		srv.SeedLabel(propOwner, propRepo, l)
	}
	ex := exampleIssues(t)[n]
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: ex.Body, Labels: ex.Labels, User: ex.Author})
	srv.SetPermission(propOwner, propRepo, "argo-maint", "write")
	r := &cmdRig{t: t, srv: srv, gh: srv.Client("tok"), number: is.Number}
	r.cfg = propEnv(r.gh, nil).Config
	if checked {
		appFace(t, r, r.issueEvent("opened", nil))
	}
	return r
}

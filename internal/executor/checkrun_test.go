package executor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/plan"
)

const (
	routeCreateCheckRun = "POST /repos/{owner}/{repo}/check-runs"
	routeUpdateCheckRun = "PATCH /repos/{owner}/{repo}/check-runs/{id}"
	routeListCheckRuns  = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs"
	routeAnnotations    = "GET /repos/{owner}/{repo}/check-runs/{id}/annotations"
)

func checkRunPlan(n int, conclusion string) *plan.Plan {
	var anns []plan.Annotation
	for i := range n {
		anns = append(anns, plan.Annotation{Path: "a.md", Line: i + 1, Level: "failure", Title: "rule", Message: fmt.Sprintf("finding %d", i+1)})
	}
	return &plan.Plan{Actions: []plan.Action{plan.CreateCheckRun{Name: "mentorbot", HeadSHA: "abc", Conclusion: conclusion, Title: "t", Summary: "s", Annotations: anns}}}
}

// annotationMessages are the messages of a check run's annotations, in order.
func annotationMessages(cr githubtest.CheckRun) []string {
	var out []string
	for _, a := range cr.Annotations {
		out = append(out, fmt.Sprint(a["message"]))
	}
	return out
}

// TestCheckRunUnderFaults applies a check run of 120 annotations (a
// create and two updates) with one fault on one of its writes, then, when
// that apply failed, once more (a redelivery): there is one check run on
// the commit, completed, with every annotation exactly once.
func TestCheckRunUnderFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults []githubtest.Fault
		// failsFirst: the first apply reports the failure (the fault is
		// final, or the state cannot be told), a second one completes.
		failsFirst bool
	}{
		{name: "update answered 502 after it was applied", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Status: 502, After: true}}},
		{name: "update timed out after it was applied", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Drop: true, After: true}}},
		{name: "last update timed out after it was applied", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Drop: true, After: true, Times: 1}}},
		{name: "update timed out before it was applied", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Drop: true}}},
		{name: "update answered 502, not applied", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Status: 502}}},
		{name: "create answered 502 after it was applied", faults: []githubtest.Fault{{Route: routeCreateCheckRun, Status: 502, After: true}}},
		{name: "create timed out after it was applied", faults: []githubtest.Fault{{Route: routeCreateCheckRun, Drop: true, After: true}}},
		{name: "create timed out before it was applied", faults: []githubtest.Fault{{Route: routeCreateCheckRun, Drop: true}}},
		// A final refusal of the second update leaves the run in progress
		// with 50 annotations; the next apply completes that run.
		{name: "run left in progress by an earlier attempt", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Status: 409}}, failsFirst: true},
		// The answer is lost and what is there cannot be read: the apply
		// fails; the next one finds the annotations and adds the rest.
		{name: "annotations unreadable after a lost answer", faults: []githubtest.Fault{{Route: routeUpdateCheckRun, Status: 502, After: true}, {Route: routeAnnotations, Status: 409}}, failsFirst: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, gh, _ := setup(t)
			for _, f := range tt.faults {
				srv.Inject(f)
			}
			p := checkRunPlan(120, "failure")
			_, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
			if tt.failsFirst != (err != nil) {
				t.Fatalf("first apply: got error %v, want failed %v", err, tt.failsFirst)
			}
			if err != nil {
				if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
					t.Fatalf("second apply: %v", err)
				}
			}
			if srv.FaultsLeft() != 0 {
				t.Fatalf("the fault never fired; calls %v", srv.Log())
			}
			crs := srv.CheckRuns("o", "r")
			if len(crs) != 1 {
				t.Fatalf("got %d check runs, want 1", len(crs))
			}
			want := annotationMessages(githubtest.CheckRun{})
			for _, a := range p.Actions[0].(plan.CreateCheckRun).Annotations {
				want = append(want, a.Message)
			}
			if diff := cmp.Diff(want, annotationMessages(crs[0])); diff != "" {
				t.Errorf("annotations (-want +got):\n%s", diff)
			}
			if crs[0].Status != "completed" || crs[0].Conclusion != "failure" {
				t.Errorf("got status %q conclusion %q, want completed failure", crs[0].Status, crs[0].Conclusion)
			}
			// Applying again changes nothing.
			_, writes := srv.Total()
			rep, err := executor.New(gh, "o", "r").Apply(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			if _, after := srv.Total(); after != writes || rep.Outcomes[0].Status != executor.Unchanged {
				t.Errorf("third apply: got %d writes, status %s, want none, unchanged", after-writes, rep.Outcomes[0].Status)
			}
		})
	}
}

// TestCheckRunKeepsOnePerCommit: a failed check run (a read failure, no
// annotations) and then the real result on the same commit and name are one
// check run, updated in place; a result whose annotations differ from the
// ones there cannot be (GitHub never removes an annotation) and is a new
// run, which GitHub shows in place of the old one.
func TestCheckRunKeepsOnePerCommit(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	apply := func(p *plan.Plan) {
		t.Helper()
		if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	apply(checkRunPlan(0, "failure"))
	apply(checkRunPlan(70, "failure"))
	crs := srv.CheckRuns("o", "r")
	if len(crs) != 1 || len(crs[0].Annotations) != 70 || crs[0].Status != "completed" {
		t.Fatalf("got %d check runs (%+v), want one completed with 70 annotations", len(crs), crs)
	}
	apply(checkRunPlan(0, "success"))
	if crs := srv.CheckRuns("o", "r"); len(crs) != 2 || crs[1].Conclusion != "success" || len(crs[1].Annotations) != 0 {
		t.Errorf("got %d check runs, want a second, successful one without annotations", len(crs))
	}
}

// TestCheckRunUnfinishedOtherResult: a run left in progress whose
// annotations are not the planned ones (the findings changed between two
// attempts) is closed as cancelled, and the result is a new run.
func TestCheckRunUnfinishedOtherResult(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	srv.Inject(githubtest.Fault{Route: routeUpdateCheckRun, Status: 409})
	if _, err := executor.New(gh, "o", "r").Apply(context.Background(), checkRunPlan(70, "failure")); err == nil {
		t.Fatal("got no error, want the refused update to fail the apply")
	}
	other := checkRunPlan(70, "failure")
	cr := other.Actions[0].(plan.CreateCheckRun)
	cr.Annotations[0].Message = "another finding"
	other.Actions[0] = cr
	if _, err := executor.New(gh, "o", "r").Apply(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	crs := srv.CheckRuns("o", "r")
	if len(crs) != 2 {
		t.Fatalf("got %d check runs, want 2", len(crs))
	}
	if crs[0].Status != "completed" || crs[0].Conclusion != "cancelled" {
		t.Errorf("unfinished run: got %s %s, want completed cancelled", crs[0].Status, crs[0].Conclusion)
	}
	if crs[1].Status != "completed" || len(crs[1].Annotations) != 70 || fmt.Sprint(crs[1].Annotations[0]["message"]) != "another finding" {
		t.Errorf("new run: got %s with %d annotations, want completed with the 70 new ones", crs[1].Status, len(crs[1].Annotations))
	}
}

// TestCheckRunOutputFitsGitHub: a summary or text over 65,535 characters
// is cut, with a note, rather than refused by GitHub.
func TestCheckRunOutputFitsGitHub(t *testing.T) {
	t.Parallel()
	srv, gh, _ := setup(t)
	long := strings.Repeat("| error | `a.md` | 1 | `rule` | é message |\n", 3000)
	p := &plan.Plan{Actions: []plan.Action{plan.CreateCheckRun{Name: "mentorbot", HeadSHA: "abc", Conclusion: "failure", Title: "t", Summary: long, Text: long}}}
	if _, err := executor.New(gh, "o", "r").Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	crs := srv.CheckRuns("o", "r")
	if len(crs) != 1 {
		t.Fatalf("got %d check runs, want 1", len(crs))
	}
	for name, s := range map[string]string{"summary": crs[0].Summary, "text": crs[0].Text} {
		if n := utf8.RuneCountInString(s); n > plan.CheckRunTextLimit {
			t.Errorf("%s: got %d characters, want at most %d", name, n, plan.CheckRunTextLimit)
		}
		if !strings.Contains(s, "annotation of this check run") {
			t.Errorf("%s: got no note saying where the rest is", name)
		}
		if !strings.HasPrefix(s, long[:1000]) {
			t.Errorf("%s: got a summary that does not start with the planned one", name)
		}
	}
}

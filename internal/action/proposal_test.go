package action

import (
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/runner"
)

// TestProposalIssuesEvent runs the Action as an issues "opened" event
// would, with command auto, on the example repository and the broken
// example proposal in the fake GitHub: the proposal job labels the issue,
// posts its report and sets its outputs; the bot's own event does nothing.
func TestProposalIssuesEvent(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	is := seedExampleIssue(t, srv, "proposal-13-flux-docs.json", "ann-smith", "lfx mentorship", "Proposal", "Needs Validation")
	run := func(sender string) (*Outcome, string) {
		return runEvent(t, srv, "issues", map[string]any{"action": "opened",
			"sender": map[string]any{"login": sender, "type": "User"}, "issue": issueJSON(is)},
			map[string]string{"FAIL_ON": "never"})
	}

	out, outputs := run("ann-smith")
	// An issues event runs the proposal check, then the command job (which
	// clears approvals after a material edit; on a new issue it does nothing),
	// then the board job (skipped: the example repository has no board.json).
	if len(out.Results) != 3 || out.Results[0].Job != "proposal" || out.Results[0].Skipped != "" || out.Results[1].Job != "command" || out.Results[2].Job != "board" {
		t.Fatalf("got results %s, want the proposal job, not skipped, then the command and board jobs", jobs(out.Results))
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
	// The routing table's one bot check runs no job on it.
	if _, writes := srv.Total(); len(out.Results) != 0 || writes != 0 {
		t.Errorf("bot event: got results %s and %d writes, want no job and none", jobs(out.Results), writes)
	}
}

func jobs(rs []*runner.Result) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Job+" (skipped: "+r.Skipped+")")
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

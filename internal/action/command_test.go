package action

import (
	"slices"
	"strings"
	"testing"
)

// TestCommandIssueCommentEvent runs the Action as an issue_comment
// "created" event would, with command auto, on the example repository (its
// config lists argo-maint as Argo's approver) and the valid example
// proposal: the command job approves, reacts and sets its outputs.
func TestCommandIssueCommentEvent(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	is := seedExampleIssue(t, srv, "proposal-12-argo-metrics.json", "janedoe", "lfx mentorship", "Proposal", "Validation Passed")
	c := srv.SeedComment("example", "mentoring", is.Number, "argo-maint", "/approve")
	out, outputs := runEvent(t, srv, "issue_comment", map[string]any{"action": "created",
		"sender":  map[string]any{"login": "argo-maint", "type": "User"},
		"issue":   issueJSON(is),
		"comment": map[string]any{"id": c.ID, "body": c.Body, "user": map[string]any{"login": "argo-maint"}}}, nil)
	if len(out.Results) != 3 || out.Results[0].Job != "command" || out.Results[0].Skipped != "" || out.Results[1].Job != "board" ||
		out.Results[2].Job != "lfx" || out.Results[2].Skipped == "" {
		t.Fatalf("got results %+v, want the command job, not skipped, then the board job, then the lfx job skipped (no /export or /lfx-url)", out.Results)
	}
	for _, want := range []string{"done<<", "refused<<", "issue<<"} {
		if !strings.Contains(string(outputs), want) {
			t.Errorf("outputs lack %q:\n%s", want, outputs)
		}
	}
	got, _ := srv.Issue("example", "mentoring", is.Number)
	if !slices.Contains(got.Labels, "Maintainer/Contribex Approved") {
		t.Errorf("got labels %v, want Maintainer/Contribex Approved", got.Labels)
	}
	var reactions []string
	for _, cm := range srv.Comments("example", "mentoring", is.Number) {
		if cm.ID == c.ID {
			for _, r := range cm.Reactions {
				reactions = append(reactions, r.Content)
			}
		}
	}
	if want := []string{"eyes", "+1"}; !slices.Equal(reactions, want) {
		t.Errorf("got reactions %q, want %q", reactions, want)
	}
}

package action

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/proposal"
)

// TestUserCommentWithReportMarkerIsNotTheReport runs the Action on a
// proposal where a person posted a comment carrying the report and
// over-quota markers before mentorbot reported: mentorbot neither adopts
// nor edits that comment, and posts its own report.
func TestUserCommentWithReportMarkerIsNotTheReport(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	is := seedExampleIssue(t, srv, "proposal-13-flux-docs.json", "ann-smith", "lfx mentorship", "Proposal", "Needs Validation")
	fake := proposal.Marker + "\n<!-- mentorbot:over-quota -->\n### ✅ Proposal check passed\n"
	c := srv.SeedComment("example", "mentoring", is.Number, "mallory", fake)
	runEvent(t, srv, "issues", map[string]any{"action": "opened",
		"sender": map[string]any{"login": "ann-smith", "type": "User"}, "issue": issueJSON(is)},
		map[string]string{"FAIL_ON": "never"})
	var reports int
	for _, cm := range srv.Comments("example", "mentoring", is.Number) {
		switch {
		case cm.ID == c.ID && cm.Body != fake:
			t.Errorf("got mallory's comment edited to\n%s\nwant it left alone", cm.Body)
		case cm.User == "mentorbot[bot]" && strings.HasPrefix(cm.Body, proposal.Marker):
			reports++
			if !strings.Contains(cm.Body, "Proposal check failed") {
				t.Errorf("got report\n%s\nwant the real verdict", cm.Body)
			}
		}
	}
	if reports != 1 {
		t.Errorf("got %d reports by mentorbot, want 1", reports)
	}
}

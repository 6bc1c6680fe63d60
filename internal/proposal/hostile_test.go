package proposal

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// TestUserCommentWithReportMarkerIsNotTheReport: a person's comment
// carrying the report and over-quota markers is not adopted as the report:
// the Over Quota label is still added and mentorbot plans its own report.
func TestUserCommentWithReportMarkerIsNotTheReport(t *testing.T) {
	t.Parallel()
	in := proposalInput(t, validBody, "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed")
	for n := 1; n <= 4; n++ {
		in.Open = append(in.Open, other(n, "Argo", "2026 Term 3 (Sep-Nov)", fmt.Sprintf("https://github.com/argoproj/argo/issues/%d", n)))
	}
	in.Comment, in.CommentAuthor = Marker+"\n"+quotaMarker+"\nlooks fine to me", "mallory"
	r := Plan(in)
	if !slices.Contains(r.Labels, "Over Quota") {
		t.Errorf("got labels %q, want Over Quota added", r.Labels)
	}
	if strings.Contains(r.Comment, "removed by hand") {
		t.Errorf("got a report that takes the quota as waived:\n%s", r.Comment)
	}
	var upserts int
	for _, a := range r.Plan.Actions {
		if u, ok := a.(plan.UpsertComment); ok && u.Body == r.Comment {
			upserts++
		}
	}
	if upserts != 1 {
		t.Errorf("got %d report upserts, want 1:\n%s", upserts, r.Plan.Text())
	}
	// The same comment written by mentorbot is its report.
	in.CommentAuthor = "mentorbot[bot]"
	if r := Plan(in); slices.Contains(r.Labels, "Over Quota") {
		t.Errorf("mentorbot's own record: got labels %q, want the waived Over Quota left off", r.Labels)
	}
}

// TestProgramNameCannotForgeGatesState: a Program Name carrying a gates
// record, echoed in the report, does not put a record (or any marker) in
// it: the only mentorbot markers in the report are the ones it wrote.
func TestProgramNameCannotForgeGatesState(t *testing.T) {
	t.Parallel()
	body := strings.Replace(validBody, "Add Prometheus metrics to the workflow controller", `Metrics <!-- mentorbot:gates-state {"fields":{}} -->`, 1)
	r := Plan(proposalInput(t, body, baseLabels...))
	if !strings.Contains(r.Comment, "Metrics <\u200b!--") {
		t.Fatalf("the program name is not echoed; the test proves nothing:\n%s", r.Comment)
	}
	if got := strings.Count(r.Comment, "<!--"); got != 1 {
		t.Errorf("got %d HTML comments in the report, want 1 (the marker):\n%s", got, r.Comment)
	}
}

// TestMentorNameEchoedSafely: a mentor "name" holding a team mention and
// HTML is echoed inside a code span, without the mention.
func TestMentorNameEchoedSafely(t *testing.T) {
	t.Parallel()
	body := strings.Replace(validBody, "Jane Doe | @janedoe | jane@example.com", "@kubernetes/sig-x <b>x</b> | @janedoe | jane@", 1)
	r := Plan(proposalInput(t, body, baseLabels...))
	if strings.Contains(r.Comment, "@kubernetes") {
		t.Errorf("got a report that mentions @kubernetes:\n%s", r.Comment)
	}
	if want := "(`@\u200bkubernetes/sig-x <b>x</b>`)"; !strings.Contains(r.Comment, want) {
		t.Errorf("got report\n%s\nwant the name quoted as %q", r.Comment, want)
	}
}

// TestManyMentorLinesFitOneComment: 5,079 mentor lines still make a report
// GitHub accepts (at most 65,536 characters), which says it is cut.
func TestManyMentorLinesFitOneComment(t *testing.T) {
	t.Parallel()
	var lines strings.Builder
	for i := range 5079 {
		fmt.Fprintf(&lines, "@kubernetes/sig-%d <b>x</b> | @team/x%d | nobody@ | a b\n", i, i)
	}
	body := strings.Replace(validBody, "Jane Doe | @janedoe | jane@example.com | janedoe\n", lines.String(), 1)
	r := Plan(proposalInput(t, body, baseLabels...))
	if len(r.Comment) > quote.MaxComment-gatesRoom {
		t.Errorf("got a report of %d bytes, want at most %d", len(r.Comment), quote.MaxComment-gatesRoom)
	}
	if !strings.Contains(r.Comment, "more: fix the ones above first") {
		t.Errorf("got a report that does not say it lists only some errors")
	}
	if n := strings.Count(r.Comment, "@kubernetes"); n > 0 {
		t.Errorf("got %d mentions of @kubernetes, want none", n)
	}
}

// FuzzReport: whatever the proposal says, its report holds no HTML
// comment but the markers mentorbot writes, no bare team mention, and fits
// its share of a comment.
func FuzzReport(f *testing.F) {
	f.Add("Metrics <!-- mentorbot:gates-state {\"fields\":{}} -->", "@kubernetes/sig-x <b>x</b> | @a | b@ | c")
	f.Add("x`y``z", "a | @cncf/toc\r\n<!--\n| x")
	f.Fuzz(func(t *testing.T, name, mentors string) {
		body := strings.Replace(validBody, "Add Prometheus metrics to the workflow controller", name, 1)
		body = strings.Replace(body, "Jane Doe | @janedoe | jane@example.com | janedoe", mentors, 1)
		r := Plan(proposalInput(t, body, baseLabels...))
		want := 1
		if strings.Contains(r.Comment, quotaMarker) {
			want = 2
		}
		if got := strings.Count(r.Comment, "<!--"); got != want {
			t.Fatalf("got %d HTML comments in the report, want %d:\n%s", got, want, r.Comment)
		}
		if len(r.Comment) > maxReport {
			t.Fatalf("got a report of %d bytes, want at most %d", len(r.Comment), maxReport)
		}
		if strings.Contains(r.Comment, "@cncf/") || strings.Contains(r.Comment, "@kubernetes/") {
			t.Fatalf("got a team mention in the report:\n%s", r.Comment)
		}
	})
}

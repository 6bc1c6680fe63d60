package event

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	tests := []struct {
		name, file, event string
		want              *Event
	}{
		{
			name: "issue edited", file: "issues-edited.json", event: "issues",
			want: &Event{Name: "issues", Action: "edited", Owner: "cncf", Repo: "mentoring", DefaultBranch: "main",
				Sender: "alice", SenderType: "User", InstallationID: 42,
				Issue:   &Issue{ID: 9001, Number: 7, Title: "[CNCF LFX Proposal] Foo", Body: "### CNCF Project\n\nFoo", State: "open", User: "alice", Labels: []string{"lfx mentorship", "Proposal"}, HTMLURL: "https://github.com/cncf/mentoring/issues/7"},
				Changes: &Changes{Body: str("old body")}},
		},
		{
			name: "push", file: "push.json", event: "push",
			want: &Event{Name: "push", Owner: "cncf", Repo: "mentoring", DefaultBranch: "main", Sender: "bob", SenderType: "User",
				Push: &Push{Ref: "refs/heads/main", Before: "aaa", After: "bbb",
					Added:   []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"},
					Changed: []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md", "README.md"}}},
		},
		{
			name: "check run re-requested", file: "check_run-rerequested.json", event: "check_run",
			want: &Event{Name: "check_run", Action: "rerequested", Owner: "cncf", Repo: "mentoring", DefaultBranch: "main",
				Sender: "carol", SenderType: "User", InstallationID: 42,
				CheckRun:    &CheckRun{ID: 4242, Name: "mentorbot / term folders", HeadSHA: "ccc"},
				PullRequest: &PullRequest{Number: 12, HeadSHA: "ccc", HeadRef: "term-2027-1", BaseSHA: "aaa", BaseRef: "main"}},
		},
		{
			name: "pull request merged", file: "pull_request-closed-merged.json", event: "pull_request",
			want: &Event{Name: "pull_request", Action: "closed", Owner: "cncf", Repo: "mentoring", DefaultBranch: "main",
				Sender: "dana", SenderType: "User", InstallationID: 42,
				PullRequest: &PullRequest{Number: 31, HeadSHA: "hhh", HeadRef: "mentorbot/lfx-export-2027-1", BaseSHA: "bbb", BaseRef: "main",
					HeadRepo: "cncf/mentoring", Merged: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(tt.event, data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRejectsBadJSON(t *testing.T) {
	t.Parallel()
	if _, err := Parse("issues", []byte("{")); err == nil {
		t.Error("got no error for truncated JSON, want one")
	}
}

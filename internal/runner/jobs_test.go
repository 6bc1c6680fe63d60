package runner

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
)

func TestRoute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		ev             event.Event
		want           []string
		wantWhyContain string
	}{
		{"pull request opened", event.Event{Name: "pull_request", Action: "opened", Sender: "ann"}, []string{"validate", "labels"}, ""},
		{"pull request closed", event.Event{Name: "pull_request", Action: "closed", Sender: "ann"}, []string{"lfx"}, ""},
		{"pull request edited", event.Event{Name: "pull_request", Action: "edited", Sender: "ann"}, nil, "no job handles"},
		{"issue edited", event.Event{Name: "issues", Action: "edited", Sender: "ann"}, []string{"proposal", "command", "board"}, ""},
		{"issue labeled", event.Event{Name: "issues", Action: "labeled", Sender: "ann"}, []string{"proposal", "board"}, ""},
		{"issue unlabeled", event.Event{Name: "issues", Action: "unlabeled", Sender: "ann"}, []string{"board"}, ""},
		{"comment created", event.Event{Name: "issue_comment", Action: "created", Sender: "ann"}, []string{"command", "board", "lfx"}, ""},
		{"comment deleted", event.Event{Name: "issue_comment", Action: "deleted", Sender: "ann"}, nil, "no job handles"},
		{"push", event.Event{Name: "push", Sender: "ann"}, []string{"umbrella", "calendar", "admin-board"}, ""},
		{"dispatch", event.Event{Name: "workflow_dispatch", Sender: "ann"}, []string{"meeting", "umbrella", "reminder", "announce", "calendar", "admin-board"}, ""},
		{"schedule", event.Event{Name: "schedule"}, []string{"meeting", "reminder", "announce", "admin-board"}, ""},
		{"mentorbot itself", event.Event{Name: "issues", Action: "edited", Sender: "mentorbot[bot]", SenderType: "Bot"}, nil, "sent by a bot"},
		{"the configured bot login", event.Event{Name: "issues", Action: "edited", Sender: "cncf-mentorbot"}, nil, "sent by a bot"},
		{"another bot", event.Event{Name: "issue_comment", Action: "created", Sender: "dependabot[bot]"}, nil, "sent by a bot"},
	}
	cfg := config.Default()
	cfg.Bot.Logins = append(cfg.Bot.Logins, "cncf-mentorbot")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			jobs, why := Route(&tt.ev, cfg)
			var got []string
			for _, j := range jobs {
				got = append(got, j.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("jobs (-want +got):\n%s", diff)
			}
			if !strings.Contains(why, tt.wantWhyContain) || (tt.wantWhyContain == "" && why != "") {
				t.Errorf("got reason %q, want one containing %q", why, tt.wantWhyContain)
			}
		})
	}
}

// TestRoutingTableIsDocumented: docs/DEVELOPING.md shows the routing table
// as the code has it.
func TestRoutingTableIsDocumented(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../docs/DEVELOPING.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), RoutingTable()) {
		t.Errorf("docs/DEVELOPING.md lacks the routing table; put this in it:\n%s", RoutingTable())
	}
}

package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMeetingDefaults(t *testing.T) {
	t.Parallel()
	got := Default().Meeting
	want := Meeting{
		Path:          "*/{year}-meeting-minutes.md",
		Schedule:      MeetingSchedule{Timezone: "America/Los_Angeles", Duration: "1h"},
		Mode:          "commit",
		Branch:        "mentorbot/meeting-stub",
		CommitMessage: "minutes: add stub for the {date} meeting",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	if p := got.MinutesPath(2025); p != "*/2025-meeting-minutes.md" {
		t.Errorf("MinutesPath(2025): got %q, want */2025-meeting-minutes.md", p)
	}
}

func TestMeetingParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		yaml    string
		want    func(*Meeting)
		wantErr string
	}{
		{
			name: "full section",
			yaml: "meeting:\n  path: toc/{year}-minutes.md\n  schedule:\n    rule: 2nd and 4th Wednesday\n    time: \"16:30\"\n    timezone: Europe/Berlin\n    duration: 45m\n  skip:\n    - date: 2026-12-23\n      reason: holidays\n  show_cancelled: true\n  mode: pull_request\n",
			want: func(m *Meeting) {
				m.Path = "toc/{year}-minutes.md"
				m.Schedule = MeetingSchedule{Rule: "2nd and 4th Wednesday", Time: "16:30", Timezone: "Europe/Berlin", Duration: "45m"}
				m.Skip = []MeetingSkip{{Date: "2026-12-23", Reason: "holidays"}}
				m.ShowCancelled = true
				m.Mode = "pull_request"
			},
		},
		{name: "no placeholder", yaml: "meeting:\n  path: minutes.md\n", wantErr: `meeting.path "minutes.md" has no {year} placeholder`},
		{name: "bad mode", yaml: "meeting:\n  mode: push\n", wantErr: `meeting.mode "push" is not commit or pull_request`},
		{name: "pull request without branch", yaml: "meeting:\n  mode: pull_request\n  branch: \"\"\n", wantErr: "meeting.branch is empty"},
		{name: "rule without time", yaml: "meeting:\n  schedule:\n    rule: 3rd Thursday\n", wantErr: `meeting.schedule.time "" is not a 24-hour time`},
		{name: "12-hour time", yaml: "meeting:\n  schedule:\n    rule: 3rd Thursday\n    time: 10AM\n", wantErr: `meeting.schedule.time "10AM"`},
		{name: "bad zone", yaml: "meeting:\n  schedule:\n    timezone: Pacific\n", wantErr: `meeting.schedule.timezone "Pacific" is not an IANA time zone`},
		{name: "bad duration", yaml: "meeting:\n  schedule:\n    duration: an hour\n", wantErr: `meeting.schedule.duration "an hour"`},
		{name: "bad skip date", yaml: "meeting:\n  skip:\n    - date: Dec 19\n", wantErr: `meeting.skip[0].date "Dec 19" is not a date`},
		{name: "unknown key", yaml: "meeting:\n  schedual: {}\n", wantErr: `unknown key "schedual" in section meeting`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse([]byte(tt.yaml), ".github/mentorbot.yml")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			want := Default().Meeting
			tt.want(&want)
			if diff := cmp.Diff(want, c.Meeting); diff != "" {
				t.Errorf("meeting section (-want +got):\n%s", diff)
			}
		})
	}
}

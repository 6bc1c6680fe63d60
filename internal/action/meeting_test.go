package action

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// TestMeetingScheduledRun runs the Action as a schedule event would, on the
// example minutes file in the fake GitHub, and checks the commit and the
// outputs; the workflow_dispatch date input plans as of that date.
func TestMeetingScheduledRun(t *testing.T) {
	t.Parallel()
	const path = "mentoring-wg/2026-meeting-minutes.md"
	data, err := os.ReadFile(filepath.Join("../../examples/mentoring", path))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, event, command, date string
		wantDate, wantUTC          string
	}{
		{name: "schedule, auto", event: "schedule", command: "auto", wantDate: "2026-12-17", wantUTC: "2026-12-17T18:00:00Z"},
		{name: "dispatch with a date", event: "workflow_dispatch", command: "meeting", date: "2027-01-02", wantDate: "2027-01-21", wantUTC: "2027-01-21T18:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo("example", "mentoring")
			srv.SetFile("example", "mentoring", "main", path, string(data))
			outFile := filepath.Join(t.TempDir(), "output")
			env := map[string]string{
				"GITHUB_EVENT_NAME": tt.event, "GITHUB_REPOSITORY": "example/mentoring", "GITHUB_API_URL": srv.URL,
				"GITHUB_OUTPUT": outFile, "INPUT_COMMAND": tt.command, "INPUT_TOKEN": "token", "INPUT_DATE": tt.date,
			}
			var stdout bytes.Buffer
			h := Host{Getenv: func(k string) string { return env[k] }, Stdout: &stdout,
				Now: func() time.Time { return time.Date(2026, 11, 21, 7, 17, 0, 0, time.UTC) }}
			out, err := Run(context.Background(), h)
			if err != nil {
				t.Fatalf("Run: got error %v, want none (stdout %s)", err, stdout.String())
			}
			// The dates jobs run on a schedule too, and skip when off.
			if len(out.Results) == 0 || out.Results[0].Job != "meeting" {
				t.Fatalf("got results %+v, want the meeting job first", out.Results)
			}
			for _, r := range out.Results[1:] {
				if r.Skipped == "" {
					t.Errorf("got job %s planning with the default config, want it skipped", r.Job)
				}
			}
			outputs, _ := os.ReadFile(outFile)
			for _, want := range []string{"meeting_date<<", "\n" + tt.wantDate + "\n", "\n" + tt.wantUTC + "\n", "changed<<", "\ntrue\n", "commit_sha<<"} {
				if !strings.Contains(string(outputs), want) {
					t.Errorf("outputs lack %q:\n%s", want, outputs)
				}
			}
			if n := srv.Count("PUT /repos/{owner}/{repo}/contents/{path...}"); n < 1 {
				t.Errorf("got %d PUTs, want at least 1", n)
			}
		})
	}
}

package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// TestActionBadInputsExitUsage runs the binary as the Action with each
// input mistake: it must exit 2 with an ::error:: annotation naming the
// input, and write nothing to GitHub.
func TestActionBadInputsExitUsage(t *testing.T) {
	t.Parallel()
	minutes, err := os.ReadFile("../../examples/mentoring/mentoring-wg/2026-meeting-minutes.md")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		event string
		env   []string
		want  string
	}{
		{"dry_run=yes", "pull_request", []string{"INPUT_DRY_RUN=yes"}, `::error title=mentorbot input::input dry_run "yes" is not true or false`},
		{"fail_on=errors", "pull_request", []string{"INPUT_FAIL_ON=errors"}, `::error title=mentorbot input::input fail_on "errors" is not one of error, warning, never`},
		{"command=valdiate", "pull_request", []string{"INPUT_COMMAND=valdiate"}, `::error title=mentorbot input::input command "valdiate" is not auto or one of`},
		{"date=11/01/2025", "workflow_dispatch", []string{"INPUT_COMMAND=meeting", "INPUT_DATE=11/01/2025"}, "::error title=mentorbot input::meeting: date: "},
		{"mode=push", "workflow_dispatch", []string{"INPUT_COMMAND=meeting", "INPUT_MODE=push"}, `::error title=mentorbot input::meeting: mode "push" is not commit or pull_request`},
		{"config_path missing", "pull_request", []string{"INPUT_CONFIG_PATH=.github/mentorbot.yaml"}, `::error title=mentorbot input::input config_path ".github/mentorbot.yaml": no such file on the default branch`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo("o", "r")
			srv.SetFile("o", "r", "main", "mentoring-wg/2026-meeting-minutes.md", string(minutes))
			srv.SetPullFiles("o", "r", 5, []string{"README.md"})
			ws := copyTree(t, "../../internal/cli/testdata/repo")
			var payload any = pullRequestEvent(5)
			if tt.event != "pull_request" {
				payload = map[string]any{"repository": map[string]any{"name": "r", "owner": map[string]any{"login": "o"}, "default_branch": "main"}}
			}
			r := runAction(t, srv, ws, tt.event, payload, tt.env...)
			if r.code != 2 {
				t.Errorf("got exit code %d, want 2; stdout:\n%s", r.code, r.stdout)
			}
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("got stdout\n%s\nwant it to contain %q", r.stdout, tt.want)
			}
			if _, writes := srv.Total(); writes != 0 {
				t.Errorf("got %d writes, want 0", writes)
			}
		})
	}
}

// TestActionConfigPathGiven checks that a config_path that exists is used.
func TestActionConfigPathGiven(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	srv.SetFile("o", "r", "main", "ci/mentorbot.yml", "severity:\n  timezone-abbreviation: off\n  utc-mismatch: off\n  weekday-mismatch: off\n")
	srv.SetPullFiles("o", "r", 5, []string{"programs/lfx-mentorship/2025/02-Jun-Aug/README.md"})
	ws := copyTree(t, "../../internal/cli/testdata/repo")
	os.Remove(filepath.Join(ws, ".github/mentorbot.yml"))
	r := runAction(t, srv, ws, "pull_request", pullRequestEvent(5), "INPUT_CONFIG_PATH=ci/mentorbot.yml")
	if r.code != 0 {
		t.Errorf("got exit code %d, want 0 (the rules at fault are off in ci/mentorbot.yml); stdout:\n%s", r.code, r.stdout)
	}
}

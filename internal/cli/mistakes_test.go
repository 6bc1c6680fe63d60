package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// TestMistakesExitUsage runs each mistake a newcomer makes that used to do
// nothing and exit 0 (or fail as a runtime error): each must exit 2 and say
// what is wrong.
func TestMistakesExitUsage(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	unknownRule := filepath.Join(tmp, "unknown-rule.yml")
	if err := os.WriteFile(unknownRule, []byte("severity:\n  no-such-rule: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(tmp, "empty-repo")
	if err := os.MkdirAll(filepath.Join(empty, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	const repo = "../../examples/mentoring"
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"folder that is not a term folder", []string{"validate", "--repo", repo, "mentoring-wg"},
			"no term folder in mentoring-wg: term folders are programs/lfx-mentorship/<year>/<NN-Mon-Mon>"},
		{"path that does not exist", []string{"validate", "--repo", repo, "programs/lfx-mentorship/2031/01-Mar-May"},
			"programs/lfx-mentorship/2031/01-Mar-May does not exist"},
		{"path outside the repo", []string{"validate", "--repo", repo, "../../go.mod"}, "../../go.mod is not inside --repo"},
		{"config that does not exist", []string{"validate", "--repo", repo, "--config", "no-such.yml"},
			"--config: open no-such.yml: no such file or directory"},
		{"config relative to --repo", []string{"validate", "--repo", repo, "--config", ".github/mentorbot.yml"},
			"the path is relative to the current directory, not to --repo"},
		{"unknown severity rule", []string{"validate", "--repo", repo, "--config", unknownRule},
			`severity: unknown rule "no-such-rule"`},
		{"repo without term folders", []string{"validate", "--repo", empty}, "holds no term folder"},
		{"--all with paths", []string{"validate", "--repo", repo, "--all", "programs"}, "do not go together"},
		{"unconfigured term number", []string{"umbrella", "--repo", repo, "--term", "2027-4"},
			"--term 2027-4: term number 4 is not configured"},
		{"apply without a token", []string{"umbrella", "--repo", repo, "--github", "cncf/mentoring", "--apply"},
			"--apply writes to GitHub and needs a token: set GITHUB_TOKEN"},
		{"meeting with a missing config", []string{"meeting", "--repo", repo, "--config", "no-such.yml"}, "--config: open no-such.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := run(t, tt.args...)
			if code != ExitUsage {
				t.Errorf("got exit code %d, want %d (stdout %q, stderr %q)", code, ExitUsage, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("got stderr %q, want it to contain %q", stderr, tt.want)
			}
		})
	}
}

// TestValidateFolderPaths checks the PATH forms that must work: a term
// folder, a year folder, a file, each relative to the current directory or
// to --repo.
func TestValidateFolderPaths(t *testing.T) {
	t.Parallel()
	const repo = "../../examples/mentoring"
	tests := []struct {
		name    string
		path    string
		checked int
	}{
		{"term folder, repo-relative", "programs/lfx-mentorship/2026/03-Sep-Nov", 1},
		{"term folder, cwd-relative", repo + "/programs/lfx-mentorship/2026/03-Sep-Nov", 1},
		{"year folder", "programs/lfx-mentorship/2027", 1},
		{"root folder", "programs/lfx-mentorship", 2},
		{"file", "programs/lfx-mentorship/2026/03-Sep-Nov/README.md", 1},
		{"trailing slash", "programs/lfx-mentorship/2026/03-Sep-Nov/", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := run(t, "validate", "--repo", repo, "--format", "json", "--fail-on", "never", tt.path)
			if code != ExitOK {
				t.Fatalf("got exit code %d, want 0 (stderr %q)", code, stderr)
			}
			var got ValidateJSON
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatal(err)
			}
			if got.TermsChecked != tt.checked {
				t.Errorf("got %d term folders checked, want %d", got.TermsChecked, tt.checked)
			}
		})
	}
}

// TestUmbrellaAnonymousReadSays checks that a dry run against GitHub without
// a token says it reads anonymously, and sends no token.
func TestUmbrellaAnonymousReadSays(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	var out, errb bytes.Buffer
	st := &State{Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "GITHUB_API_URL" {
				return srv.URL
			}
			return ""
		},
		Now: func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }}
	code := Main(context.Background(), []string{"umbrella", "--repo", "../../examples/mentoring", "--github", "o/r"}, st)
	if code != ExitOK {
		t.Errorf("got exit code %d, want 0 (stderr %q)", code, errb.String())
	}
	if want := "GITHUB_TOKEN is not set: reading anonymously"; !strings.Contains(errb.String(), want) {
		t.Errorf("got stderr %q, want it to contain %q", errb.String(), want)
	}
	if all, writes := srv.Total(); all == 0 || writes != 0 {
		t.Errorf("got %d requests, %d writes; want reads only", all, writes)
	}
	if !strings.Contains(out.String(), "(dry run: nothing is written)") {
		t.Errorf("got stdout %q, want the dry-run header", out.String())
	}
}

// TestErrorsAsJSON checks that with --format json a failure is JSON on
// stdout too, with the exit code.
func TestErrorsAsJSON(t *testing.T) {
	t.Parallel()
	stdout, _, code := run(t, "validate", "--repo", "testdata/nope", "--format", "json")
	var got ErrorJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("got stdout %q, want JSON: %v", stdout, err)
	}
	if got.Error.Code != code || code != ExitUsage || !strings.Contains(got.Error.Message, "testdata/nope is not a directory") {
		t.Errorf("got %+v (exit %d), want code 2 and the message", got, code)
	}
}

package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// commandArgs runs the example three-command comment on example issue 12.
func commandArgs(format string, extra ...string) []string {
	return append([]string{"proposal", "command", "--repo", "../../examples/mentoring", "--now", "2027-01-10T17:00:00Z",
		"--issue-json", "../../examples/issues/proposal-12-argo-metrics.json",
		"--comment-json", "../../examples/comments/9003-12-three-commands.json", "--format", format}, extra...)
}

// TestProposalCommandText: the issue is checked first (it has no
// validation label); without history the CNCF approval is refused, the
// label is added, /lgtm is ignored.
func TestProposalCommandText(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, commandArgs("text")...)
	if code != ExitOK {
		t.Errorf("got exit code %d, want %d (stderr %q)", code, ExitOK, stderr)
	}
	golden(t, "proposal-command.text.golden", []byte(out))
}

// TestProposalCommandJSON: with the history (approval, confirmation) and
// the issue validated, all gates are met.
func TestProposalCommandJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		extra    []string
		statuses string
		cncf     bool
	}{
		{"no history", nil, "done,refused", false},
		{"history", []string{"--comments-json", "testdata/command-history.json"}, "done,done", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, stderr, code := run(t, commandArgs("json", tt.extra...)...)
			if code != ExitOK {
				t.Fatalf("got exit code %d, want 0 (stderr %q)", code, stderr)
			}
			var got struct {
				CommandJSON
				Plan json.RawMessage `json:"plan"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("decoding %s: %v", out, err)
			}
			var st []string
			for _, o := range got.Outcomes {
				st = append(st, string(o.Status))
			}
			if s := strings.Join(st, ","); s != tt.statuses {
				t.Errorf("statuses: got %s, want %s", s, tt.statuses)
			}
			if got.Gates == nil || got.Gates.CNCFApproved != tt.cncf {
				t.Errorf("gates: got %+v, want CNCF approved %v", got.Gates, tt.cncf)
			}
		})
	}
}

func TestProposalCommandFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no files", []string{"proposal", "command", "--repo", "../../examples/mentoring"}, "--issue-json and --comment-json are required"},
		{"bad role", append(commandArgs("text"), "--role", "ann=boss"), `role "boss" is not one of`},
		{"bad comment", []string{"proposal", "command", "--repo", "../../examples/mentoring", "--issue-json", "../../examples/issues/proposal-12-argo-metrics.json", "--comment-json", "testdata/command-history.json"}, "are not an issue and a comment object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, code := run(t, tt.args...)
			if code != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("got exit code %d and stderr %q, want %d and %q", code, stderr, ExitUsage, tt.want)
			}
		})
	}
}

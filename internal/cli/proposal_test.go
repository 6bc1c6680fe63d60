package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// proposalArgs checks the broken example proposal against the example
// repository, before 2027 Term 1's proposals close.
func proposalArgs(format string) []string {
	return []string{"proposal", "check", "--repo", "../../examples/mentoring", "--now", "2027-01-10T17:00:00Z",
		"--title", "[CNCF LFX Proposal] Flux docs", "--body", "testdata/proposal-broken.md",
		"--labels", "lfx mentorship,Proposal,Needs Validation,help wanted", "--number", "13", "--format", format}
}

func TestProposalCheckFormats(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out, stderr, code := run(t, proposalArgs(format)...)
			if code != ExitFindings {
				t.Errorf("got exit code %d, want %d (stderr %q)", code, ExitFindings, stderr)
			}
			golden(t, "proposal-check."+format+".golden", []byte(out))
		})
	}
}

func TestProposalCheckJSONShape(t *testing.T) {
	t.Parallel()
	out, _, _ := run(t, proposalArgs("json")...)
	var got struct {
		Fields        map[string]any   `json:"fields"`
		Findings      []map[string]any `json:"findings"`
		DesiredLabels []string         `json:"desired_labels"`
		Comment       string           `json:"comment"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
	if got.Fields["cncf_project"] != "Flux" {
		t.Errorf("got fields.cncf_project %v, want Flux", got.Fields["cncf_project"])
	}
	for _, f := range got.Findings {
		for _, k := range []string{"field", "severity", "rule", "message"} {
			if f[k] == nil || f[k] == "" {
				t.Errorf("got finding %v without %s, want all of field, severity, rule, message", f, k)
			}
		}
	}
	if want := "help wanted"; !strings.Contains(strings.Join(got.DesiredLabels, ","), want) {
		t.Errorf("got desired_labels %v, want the person's label %q kept", got.DesiredLabels, want)
	}
	if !strings.HasPrefix(got.Comment, "<!-- mentorbot:proposal-report -->") {
		t.Errorf("got comment %q, want it to start with the marker", got.Comment)
	}
}

func TestProposalCommandUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no subcommand", []string{"proposal"}, ExitUsage},
		{"unknown subcommand", []string{"proposal", "frobnicate"}, ExitUsage},
		{"help", []string{"proposal", "-h"}, ExitOK},
		{"check without body", []string{"proposal", "check", "--title", "x"}, ExitUsage},
		{"check with missing body file", []string{"proposal", "check", "--body", "testdata/nope.md"}, ExitUsage},
		{"check bad format", []string{"proposal", "check", "--body", "testdata/proposal-broken.md", "--format", "xml"}, ExitUsage},
		{"findings with --fail-on never", []string{"proposal", "check", "--repo", "../../examples/mentoring", "--now", "2027-01-10T17:00:00Z",
			"--body", "testdata/proposal-broken.md", "--fail-on", "never"}, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, stderr, code := run(t, tt.args...); code != tt.want {
				t.Errorf("got exit code %d, want %d (stderr %q)", code, tt.want, stderr)
			}
		})
	}
}

func TestPlanShowsProposals(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "plan", "--repo", "../../examples/mentoring", "--now", "2027-01-10T17:00:00Z")
	if code != ExitOK {
		t.Fatalf("got exit code %d, want 0 (stderr %q)", code, stderr)
	}
	for _, want := range []string{"issue=12", "valid=true", "issue=13", "valid=false", `remove label "Needs Validation" from #13`} {
		if !strings.Contains(out, want) {
			t.Errorf("got plan without %q, want the proposal sections:\n%s", want, out)
		}
	}
}

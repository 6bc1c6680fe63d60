package proposal

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

func TestWithGates(t *testing.T) {
	t.Parallel()
	const report = Marker + "\n### ✅ Proposal check passed\n\n<sub>footer</sub>\n"
	const sec = GatesStart + "\n#### Gates\n" + GatesEnd + "\n"
	const sec2 = GatesStart + "\n#### Gates v2\n" + GatesEnd + "\n"
	withSec := Marker + "\n### ✅ Proposal check passed\n\n" + sec + "\n<sub>footer</sub>\n"
	tests := []struct {
		name, comment, section, want string
	}{
		{"insert before footer", report, sec, withSec},
		{"replace", withSec, sec2, strings.Replace(withSec, "Gates\n", "Gates v2\n", 1)},
		{"same", withSec, sec, withSec},
		{"drop", withSec, "", report},
		{"no footer", Marker + "\n", sec, Marker + "\n" + sec},
		{"empty comment", "", sec, sec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := WithGates(tt.comment, tt.section)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("WithGates: got != want (-want +got):\n%s", diff)
			}
			if got, want := GatesSection(got), tt.section; got != want {
				t.Errorf("GatesSection: got %q, want %q", got, want)
			}
		})
	}
}

// TestPlanKeepsGates checks that re-checking a proposal keeps the gates
// section another run put in the report, and that Input.Gates replaces it.
func TestPlanKeepsGates(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	is := Issue{Number: 7, Title: "[CNCF LFX Proposal] x", Body: "### CNCF Project\n\nArgo\n", Labels: []string{cfg.Labels.Program, cfg.Labels.Proposal}}
	first := Plan(Input{Issue: is, Config: cfg})
	sec := GatesStart + "\nawaiting @jane\n" + GatesEnd + "\n"
	in := Input{Issue: is, Config: cfg, Comment: WithGates(first.Comment, sec), CommentAuthor: "mentorbot[bot]"}
	if got := GatesSection(Plan(in).Comment); got != sec {
		t.Errorf("kept section: got %q, want %q", got, sec)
	}
	in.Gates = GatesStart + "\napproved\n" + GatesEnd + "\n"
	if got, want := GatesSection(Plan(in).Comment), in.Gates; got != want {
		t.Errorf("replaced section: got %q, want %q", got, want)
	}
}

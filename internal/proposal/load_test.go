package proposal

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/finding"
)

// TestRelevantOpenChangesNoResult: dropping the open proposals of other
// projects that link other issues leaves the plan exactly as it was, over
// quota and duplicate cases.
func TestRelevantOpenChangesNoResult(t *testing.T) {
	t.Parallel()
	const up = "https://github.com/argoproj/argo-workflows/issues/1234"
	tests := []struct {
		name     string
		open     []Issue
		wantKept []int
		// wantRule is a finding the open proposals cause, "" for none.
		wantRule string
	}{
		{"none", nil, nil, ""},
		{"other projects only", []Issue{
			other(1, "Flux", "2026 Term 3 (Sep-Nov)", "https://github.com/fluxcd/flux2/issues/1"),
			other(2, "Jaeger", "2026 Term 3 (Sep-Nov)", "https://github.com/jaegertracing/jaeger/issues/2"),
		}, nil, ""},
		{"same project fills the quota", []Issue{
			other(1, "Argo", "2026 Term 3 (Sep-Nov)", "https://github.com/argoproj/argo-cd/issues/1"),
			other(2, "Argo", "2026 Term 3 (Sep-Nov)", "https://github.com/argoproj/argo-cd/issues/2"),
			other(3, "Argo", "2026 Term 3 (Sep-Nov)", "https://github.com/argoproj/argo-cd/issues/3"),
			other(4, "Flux", "2026 Term 3 (Sep-Nov)", "https://github.com/fluxcd/flux2/issues/4"),
		}, []int{1, 2, 3}, RuleOverQuota},
		{"same project, another term", []Issue{
			other(1, "Argo", "2027 Term 1 (Mar-May)", "https://github.com/argoproj/argo-cd/issues/1"),
		}, []int{1}, ""},
		{"another project links the same issue", []Issue{
			other(1, "Flux", "2026 Term 3 (Sep-Nov)", up+"/"),
			other(2, "Flux", "2026 Term 3 (Sep-Nov)", "https://github.com/fluxcd/flux2/issues/9"),
		}, []int{1}, RuleDuplicateUpstream},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			cfg.Proposals.Quota.Default = 2
			in := Input{Issue: Issue{Number: 1000, Body: validBody, Labels: baseLabels}, Config: cfg, Terms: testTerms(), Now: testNow, Open: tt.open}
			kept := relevantOpen(in.Issue, in.Open)
			var got []int
			for _, o := range kept {
				got = append(got, o.Number)
			}
			if diff := cmp.Diff(tt.wantKept, got); diff != "" {
				t.Errorf("kept (-want +got):\n%s", diff)
			}
			all := Plan(in)
			if tt.wantRule != "" && !slices.ContainsFunc(all.Findings, func(f finding.Finding) bool { return f.Rule == tt.wantRule }) {
				t.Fatalf("got findings %v, want one %s: the case tests nothing", all.Findings, tt.wantRule)
			}
			in.Open = kept
			if diff := cmp.Diff(all.Findings, Plan(in).Findings); diff != "" {
				t.Errorf("findings with all open proposals vs the relevant ones (-all +relevant):\n%s", diff)
			}
			if diff := cmp.Diff(all.Labels, Plan(in).Labels); diff != "" {
				t.Errorf("labels (-all +relevant):\n%s", diff)
			}
		})
	}
}

package proposal

import (
	"fmt"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", "golden", name), []byte(got))
}

// baseLabels are the labels the issue form puts on a new proposal.
var baseLabels = []string{"lfx mentorship", "Proposal", "Needs Validation"}

// repoLabels are the labels cncf/mentoring has before mentorbot runs.
var repoLabels = []string{"lfx mentorship", "Proposal", "Needs Validation", "Term 1: March-May", "Term 2: June-Aug", "Term 3: Sept-Nov", "2025", "good first issue"}

func proposalInput(t *testing.T, body string, labels ...string) Input {
	return Input{
		Issue:      Issue{Number: 10, Title: "[CNCF LFX Proposal] Argo metrics", Body: body, Labels: labels, Author: "janedoe"},
		Terms:      testTerms(),
		RepoLabels: repoLabels,
		Config:     testConfig(),
		Now:        testNow,
	}
}

func other(n int, project, term, upstream string) Issue {
	body := strings.NewReplacer(
		"\nArgo\n", "\n"+project+"\n",
		"2026 Term 3 (Sep-Nov)", term,
		"https://github.com/argoproj/argo-workflows/issues/1234", upstream,
	).Replace(validBody)
	return Issue{Number: n, Title: "[CNCF LFX Proposal] other", Body: body, Labels: baseLabels}
}

var validBody = func() string {
	b, err := os.ReadFile(filepath.Join("testdata", "valid.md"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func TestPlan(t *testing.T) {
	t.Parallel()
	brokenBody := strings.Replace(validBody, "jane@example.com", "jane@", 1)
	num := plan.Issue(10)
	tests := []struct {
		name       string
		in         func(t *testing.T) Input
		wantLabels []string
		// wantActions are the plan's actions, UpsertComment shown by kind
		// only (its body is checked by the golden tests).
		wantActions []string
		golden      string
	}{
		{
			name:       "new valid proposal",
			in:         func(t *testing.T) Input { return proposalInput(t, validBody, baseLabels...) },
			wantLabels: []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed"},
			wantActions: []string{
				`ensure-label create label "2026" (#ededed) if missing`,
				`ensure-label create label "Validation Passed" (#0e8a16) if missing`,
				`add-labels add labels ["Term 3: Sept-Nov", "2026", "Validation Passed"] to #10`,
				`remove-label remove label "Needs Validation" from #10`,
				"upsert-comment",
			},
			golden: "comment-valid.md",
		},
		{
			name: "repeat with nothing changed",
			in: func(t *testing.T) Input {
				in := proposalInput(t, validBody, "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed")
				in.Comment, in.CommentAuthor = strings.ReplaceAll(Plan(proposalInput(t, validBody)).Comment, "\n", "\r\n"), "mentorbot[bot]"
				return in
			},
			wantLabels:  []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed"},
			wantActions: []string{},
		},
		{
			name:       "new broken proposal",
			in:         func(t *testing.T) Input { return proposalInput(t, brokenBody, baseLabels...) },
			wantLabels: []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Failed"},
			wantActions: []string{
				`ensure-label create label "2026" (#ededed) if missing`,
				`ensure-label create label "Validation Failed" (#d93f0b) if missing`,
				`add-labels add labels ["Term 3: Sept-Nov", "2026", "Validation Failed"] to #10`,
				`remove-label remove label "Needs Validation" from #10`,
				"upsert-comment",
			},
			golden: "comment-failed.md",
		},
		{
			name: "fixed proposal flips the labels",
			in: func(t *testing.T) Input {
				in := proposalInput(t, validBody, "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Failed")
				in.RepoLabels = append(in.RepoLabels, "2026", "Validation Failed", "Validation Passed")
				in.Comment, in.CommentAuthor = Plan(proposalInput(t, brokenBody)).Comment, "mentorbot[bot]"
				return in
			},
			wantLabels: []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed"},
			wantActions: []string{
				`add-labels add labels ["Validation Passed"] to #10`,
				`remove-label remove label "Validation Failed" from #10`,
				"upsert-comment",
			},
		},
		{
			name: "labels a person added survive, term and year are replaced",
			in: func(t *testing.T) Input {
				return proposalInput(t, validBody, "lfx mentorship", "Proposal", "good first issue", "Term 2: June-Aug", "2025", "Validation Passed", "CNCF Approved")
			},
			wantLabels: []string{"lfx mentorship", "Proposal", "good first issue", "Validation Passed", "CNCF Approved", "Term 3: Sept-Nov", "2026"},
			wantActions: []string{
				`ensure-label create label "2026" (#ededed) if missing`,
				`add-labels add labels ["Term 3: Sept-Nov", "2026"] to #10`,
				`remove-label remove label "Term 2: June-Aug" from #10`,
				`remove-label remove label "2025" from #10`,
				"upsert-comment",
			},
		},
		{
			name: "unreadable term keeps term labels",
			in: func(t *testing.T) Input {
				return proposalInput(t, strings.Replace(validBody, "2026 Term 3 (Sep-Nov)", "next one", 1), "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026")
			},
			wantLabels: []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Failed"},
			wantActions: []string{
				`ensure-label create label "Validation Failed" (#d93f0b) if missing`,
				`add-labels add labels ["Validation Failed"] to #10`,
				"upsert-comment",
			},
		},
		{
			name: "over quota",
			in: func(t *testing.T) Input {
				in := proposalInput(t, validBody, baseLabels...)
				for n := 1; n <= 4; n++ {
					in.Open = append(in.Open, other(n, "Argo", "2026 Term 3 (Sep-Nov)", fmt.Sprintf("https://github.com/argoproj/argo/issues/%d", n)))
				}
				in.Open = append(in.Open, other(5, "Argo", "2026 Term 2 (Jun-Aug)", "https://github.com/x/y/issues/5"),
					other(6, "Argo CD", "2026 Term 3 (Sep-Nov)", "https://github.com/x/y/issues/6"),
					other(11, "Argo", "2026 Term 3 (Sep-Nov)", "https://github.com/x/y/issues/11"),
					in.Issue)
				return in
			},
			wantLabels: []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed", "Over Quota"},
			wantActions: []string{
				`ensure-label create label "2026" (#ededed) if missing`,
				`ensure-label create label "Validation Passed" (#0e8a16) if missing`,
				`ensure-label create label "Over Quota" (#fbca04) if missing`,
				`add-labels add labels ["Term 3: Sept-Nov", "2026", "Validation Passed", "Over Quota"] to #10`,
				`remove-label remove label "Needs Validation" from #10`,
				"upsert-comment",
			},
			golden: "comment-over-quota.md",
		},
		{
			name: "over quota label removed by a person stays off",
			in: func(t *testing.T) Input {
				in := proposalInput(t, validBody, "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed")
				for n := 1; n <= 4; n++ {
					in.Open = append(in.Open, other(n, "Argo", "2026 Term 3 (Sep-Nov)", fmt.Sprintf("https://github.com/argoproj/argo/issues/%d", n)))
				}
				in.Comment, in.CommentAuthor = Marker+"\n"+quotaMarker+"\nold report", "mentorbot[bot]"
				return in
			},
			wantLabels:  []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed"},
			wantActions: []string{"upsert-comment"},
		},
		{
			name: "under quota again removes the label",
			in: func(t *testing.T) Input {
				in := proposalInput(t, validBody, "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed", "Over Quota")
				in.Open = []Issue{other(1, "Argo", "2026 Term 3 (Sep-Nov)", "https://github.com/argoproj/argo/issues/1")}
				return in
			},
			wantLabels: []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed"},
			wantActions: []string{
				`remove-label remove label "Over Quota" from #10`,
				"upsert-comment",
			},
		},
		{
			name: "duplicate upstream",
			in: func(t *testing.T) Input {
				in := proposalInput(t, validBody, "lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed")
				in.Open = []Issue{other(3, "Flux", "2026 Term 3 (Sep-Nov)", "http://www.github.com/argoproj/argo-workflows/issues/1234/#top")}
				return in
			},
			wantLabels:  []string{"lfx mentorship", "Proposal", "Term 3: Sept-Nov", "2026", "Validation Passed"},
			wantActions: []string{"upsert-comment"},
			golden:      "comment-duplicate.md",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Plan(tt.in(t))
			if !r.Proposal {
				t.Fatalf("got Proposal false, want true")
			}
			if diff := cmp.Diff(tt.wantLabels, r.Labels); diff != "" {
				t.Errorf("labels mismatch (-want +got):\n%s", diff)
			}
			got := []string{}
			for _, a := range r.Plan.Actions {
				if u, ok := a.(plan.UpsertComment); ok {
					if u.Marker != Marker || u.Issue != num || u.Body != r.Comment {
						t.Errorf("got upsert %+v, want marker %q on %v with the result's comment", u, Marker, num)
					}
					got = append(got, a.Kind())
					continue
				}
				got = append(got, a.Kind()+" "+a.Describe())
			}
			if diff := cmp.Diff(tt.wantActions, got); diff != "" {
				t.Errorf("actions mismatch (-want +got):\n%s", diff)
			}
			if tt.golden != "" {
				golden(t, tt.golden, r.Comment)
			}
		})
	}
}

func TestPlanIgnoresOtherIssues(t *testing.T) {
	t.Parallel()
	in := proposalInput(t, "The README has a broken link.", "bug")
	in.Issue.Title = "Broken link"
	r := Plan(in)
	if r.Proposal || !r.Plan.Empty() || r.Comment != "" {
		t.Errorf("got %+v, want an empty result for a non-proposal", r)
	}
}

func TestPlanIsIdempotent(t *testing.T) {
	t.Parallel()
	bodies := map[string]string{"valid": validBody, "broken": strings.Replace(validBody, "| samlee42", "| TBD", 1)}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := proposalInput(t, body, baseLabels...)
			first := Plan(in)
			in.Issue.Labels = first.Labels
			in.Comment, in.CommentAuthor = first.Comment, "mentorbot[bot]"
			if second := Plan(in); !second.Plan.Empty() {
				t.Errorf("got second plan %s, want no changes", second.Plan.Text())
			}
		})
	}
}

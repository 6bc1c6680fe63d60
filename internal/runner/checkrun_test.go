package runner

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// TestCheckRunSummaryFitsGitHub: with more findings than GitHub's 65,535
// characters of summary hold (about 310 made it fail), the check run's
// summary lists what fits and says how many were left out and where they
// all are; every finding is still an annotation, sent 50 a request.
func TestCheckRunSummaryFitsGitHub(t *testing.T) {
	t.Parallel()
	tests := []struct {
		findings int
		wantCut  bool
	}{{findings: 10}, {findings: 2000, wantCut: true}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.findings), func(t *testing.T) {
			t.Parallel()
			var fs []finding.Finding
			for i := range tt.findings {
				fs = append(fs, finding.Finding{Path: "programs/lfx-mentorship/2027/01-Mar-May/README.md", Line: i + 1,
					Severity: finding.SeverityError, Rule: "mentee-link", Message: fmt.Sprintf("finding %d: the mentee link is not an LFX project URL", i+1)})
			}
			cr := CheckRun("headsha", 1, fs)
			if n := utf8.RuneCountInString(cr.Summary); n > plan.CheckRunTextLimit {
				t.Errorf("got a summary of %d characters, want at most %d", n, plan.CheckRunTextLimit)
			}
			rows := strings.Count(cr.Summary, "| error |")
			note := fmt.Sprintf("**%d of %d findings are not listed here**", tt.findings-rows, tt.findings)
			if got := strings.Contains(cr.Summary, note); got != tt.wantCut {
				t.Errorf("got note %q in the summary %v, want %v", note, got, tt.wantCut)
			}
			if !tt.wantCut && rows != tt.findings {
				t.Errorf("got %d rows, want %d", rows, tt.findings)
			}
			if len(cr.Annotations) != tt.findings {
				t.Errorf("got %d annotations, want %d", len(cr.Annotations), tt.findings)
			}

			srv := githubtest.NewServer(t)
			srv.AddRepo(propOwner, propRepo)
			p := &plan.Plan{Actions: []plan.Action{cr}}
			if _, err := executor.New(srv.Client("tok"), propOwner, propRepo).Apply(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			crs := srv.CheckRuns(propOwner, propRepo)
			if len(crs) != 1 || len(crs[0].Annotations) != tt.findings {
				t.Fatalf("got %d check runs, want one with %d annotations", len(crs), tt.findings)
			}
			writes := srv.Count("POST /repos/{owner}/{repo}/check-runs") + srv.Count("PATCH /repos/{owner}/{repo}/check-runs/{id}")
			if want := max((tt.findings+49)/50, 1); writes != want {
				t.Errorf("got %d check run writes, want %d (50 annotations each)", writes, want)
			}
		})
	}
}

package runner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// A proposal is judged by the form it was filed with: the repository's
// form changed on 2026-07-31 (the custom prerequisite moved to a section of
// its own); a proposal filed before on the old form passes, the same body
// filed after fails for the heading the form then had, and a failed read
// of the form's history fails the run instead of judging by today's form.
func TestProposalJudgedByTheFormOfItsTime(t *testing.T) {
	t.Parallel()
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "cncf-mentoring")
	oldForm, err := os.ReadFile(filepath.Join(corpus, "history/cd59661f/.github/ISSUE_TEMPLATE/lfx-program-proposal.yml"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	newForm, err := os.ReadFile(filepath.Join(corpus, ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := time.Date(2026, 7, 31, 12, 0, 0, 0, time.UTC)
	// The example proposal as the old form rendered it.
	body := exampleIssues(t)[12].Body
	body = strings.Replace(body, "### Custom Prerequisites\n\n- [ ] Custom Prerequisite (fill in details below)\n\n", "", 1)
	body = strings.Replace(body, "- [X] Coding Challenge\n", "- [X] Coding Challenge\n- [ ] "+proposal.PrereqCustomOld+"\n", 1)
	run := func(t *testing.T, filed time.Time, fault bool) (failed bool, err error) {
		srv := githubtest.NewServer(t)
		seedExampleRepo(t, srv)
		formPath := ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml"
		srv.CommitFileAt(propOwner, propRepo, "main", formPath, string(oldForm), changed.AddDate(-1, 0, 0))
		srv.CommitFileAt(propOwner, propRepo, "main", formPath, string(newForm), changed)
		ex := exampleIssues(t)[12]
		is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: body, Labels: ex.Labels, User: ex.Author, CreatedAt: filed})
		if fault {
			srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/commits", Status: 502, Times: 100})
		}
		gh := srv.Client("tok")
		r := &cmdRig{t: t, srv: srv, gh: gh, number: is.Number}
		env := propEnv(gh, r.issueEvent("opened", nil))
		env.Now = filed.Add(time.Hour)
		_, pr, err := ProposalCheck(context.Background(), env, ProposalOptions{})
		if err != nil {
			return false, err
		}
		for _, f := range pr.Findings {
			if f.Rule == proposal.RuleMissingHeading {
				return true, nil
			}
		}
		return false, nil
	}
	if missing, err := run(t, changed.AddDate(0, 0, -10), false); err != nil || missing {
		t.Errorf("filed before the change: got missing heading %v, error %v; want judged by the old form", missing, err)
	}
	if missing, err := run(t, changed.AddDate(0, 0, 10), false); err != nil || !missing {
		t.Errorf("filed after the change: got missing heading %v, error %v; want the Custom Prerequisites heading asked for", missing, err)
	}
	if _, err := run(t, changed.AddDate(0, 0, -10), true); err == nil || !strings.Contains(err.Error(), "502") {
		t.Errorf("history unreadable: got %v, want the run to fail", err)
	}
}

package runner

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

const exportFolder = "programs/lfx-mentorship/2027/01-Mar-May/"

// seedExportIssues seeds the example export issues (two approved, one
// not) and returns the numbers the fake gave the approved ones.
func seedExportIssues(t testing.TB, srv *githubtest.Server, copies int) []int {
	t.Helper()
	data, err := os.ReadFile("../../examples/export-issues-2027-1.json")
	if err != nil {
		t.Fatal(err)
	}
	issues, _, err := export.DecodeIssues(data)
	if err != nil {
		t.Fatal(err)
	}
	var approved []int
	for i := 0; i < copies; i++ {
		for _, is := range issues {
			body := is.Body
			if copies > 1 {
				body = strings.Replace(body, "### Program Name\n\n", fmt.Sprintf("### Program Name\n\nPart %d: ", i), 1)
			}
			s := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: is.Title, Body: body, Labels: is.Labels, User: is.Author})
			if is.HasLabel("CNCF Approved") {
				approved = append(approved, s.Number)
			}
		}
	}
	return approved
}

func exportEnv(gh *github.Client) *Env {
	env := propEnv(gh, nil)
	env.Now = time.Date(2027, 2, 20, 17, 0, 0, 0, time.UTC)
	return env
}

func TestExportFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	approved := seedExportIssues(t, srv, 1)
	gh := srv.Client("token")
	branch := "mentorbot/lfx-export-2027-1"

	// Export: the files on the branch, one pull request, the labels.
	_, er, err := Export(ctx, exportEnv(gh), ExportOptions{Term: "2027-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(er.Added) != 2 {
		t.Fatalf("got %d programs added, want 2", len(er.Added))
	}
	for _, name := range []string{"lfx-export.json", "lfx-tracking.csv", "README.md"} {
		if _, ok := srv.FileContent(propOwner, propRepo, branch, exportFolder+name); !ok {
			t.Errorf("got no %s on %s, want it", name, branch)
		}
	}
	pulls := srv.Pulls(propOwner, propRepo)
	if len(pulls) != 1 || pulls[0].Head != branch || pulls[0].Base != "main" || !strings.Contains(pulls[0].Body, "**Added** (2)") {
		t.Fatalf("got pull requests %+v, want one from %s listing 2 added programs", pulls, branch)
	}
	for _, n := range approved {
		if is, _ := srv.Issue(propOwner, propRepo, n); !slices.Contains(is.Labels, "Exported") {
			t.Errorf("#%d: got labels %v, want Exported", n, is.Labels)
		}
	}
	exported, _ := srv.FileContent(propOwner, propRepo, branch, exportFolder+"lfx-export.json")

	// A re-run, a day later: nothing written.
	srv.ResetCalls()
	later := exportEnv(gh)
	later.Now = later.Now.Add(24 * time.Hour)
	if _, _, err := Export(ctx, later, ExportOptions{Term: "2027-1"}); err != nil {
		t.Fatal(err)
	}
	if all, writes := srv.Total(); writes != 0 {
		t.Errorf("re-run: got %d writes (of %d requests), want none:\n%s", writes, all, strings.Join(srv.Log(), "\n"))
	}

	// The merge: main gets the branch's files; each new issue gets one comment.
	srv.AddBranch(propOwner, propRepo, "before-merge", "main", "base0000")
	for _, name := range []string{"lfx-export.json", "lfx-tracking.csv", "README.md"} {
		c, _ := srv.FileContent(propOwner, propRepo, branch, exportFolder+name)
		srv.SetFile(propOwner, propRepo, "main", exportFolder+name, c)
	}
	for run := 0; run < 2; run++ {
		if _, err := ExportMerged(ctx, exportEnv(gh), ExportMergedOptions{Term: "2027-1", PullRequest: pulls[0].Number, BaseSHA: "base0000"}); err != nil {
			t.Fatal(err)
		}
		for _, n := range approved {
			var marked int
			for _, c := range srv.Comments(propOwner, propRepo, n) {
				if strings.HasPrefix(c.Body, export.ExportedMarker(term20271(t, exportEnv(gh)))) {
					marked++
				}
			}
			if marked != 1 {
				t.Errorf("run %d, #%d: got %d export comments, want 1", run+1, n, marked)
			}
		}
	}

	// A material edit clears the approval: the program stays as exported.
	if _, err := gh.Issues.RemoveLabelForIssue(ctx, propOwner, propRepo, approved[0], "CNCF Approved"); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	_, er, err = Export(ctx, exportEnv(gh), ExportOptions{Term: "2027-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(er.Kept) != 1 || er.Kept[0].Issue != approved[0] || er.Changed {
		t.Errorf("lapsed label: got kept %v, changed %v; want #%d kept, nothing changed", er.Kept, er.Changed, approved[0])
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("lapsed label: got %d writes, want none", writes)
	}
	merged, _ := srv.FileContent(propOwner, propRepo, "main", exportFolder+"lfx-export.json")
	if diff := cmp.Diff(exported, merged); diff != "" {
		t.Errorf("the merged export is not the one exported (-exported +merged):\n%s", diff)
	}

	// A later approval: the merged branch is reset to main and written again.
	var third int
	for _, is := range srv.Issues(propOwner, propRepo) {
		if !slices.Contains(approved, is.Number) {
			third = is.Number
		}
	}
	if _, _, err := gh.Issues.AddLabelsToIssue(ctx, propOwner, propRepo, third, []string{"CNCF Approved"}); err != nil {
		t.Fatal(err)
	}
	_, er, err = Export(ctx, exportEnv(gh), ExportOptions{Term: "2027-1"})
	if err != nil {
		t.Fatal(err)
	}
	onBranch, _ := srv.FileContent(propOwner, propRepo, branch, exportFolder+"lfx-export.json")
	if len(er.Added) != 1 || er.Added[0].Issue != third || !strings.Contains(onBranch, fmt.Sprintf(`"issue_number": %d,`, third)) {
		t.Errorf("later approval: got added %v, want #%d added and on %s", er.Added, third, branch)
	}
}

// term20271 is the example export's term.
func term20271(t testing.TB, env *Env) export.Term {
	t.Helper()
	term, err := export.ParseTerm("2027-1", env.Config)
	if err != nil {
		t.Fatal(err)
	}
	return term
}

// TestExport59Requests measures an export of 59 programs, as many as
// reached LFX for 2026 Term 3, and its no-op re-run, in requests.
func TestExport59Requests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	approved := seedExportIssues(t, srv, 30)[:59]
	for _, is := range srv.Issues(propOwner, propRepo) {
		if is.Number > approved[len(approved)-1] && slices.Contains(is.Labels, "CNCF Approved") {
			if _, err := srv.Client("token").Issues.RemoveLabelForIssue(ctx, propOwner, propRepo, is.Number, "CNCF Approved"); err != nil {
				t.Fatal(err)
			}
		}
	}
	gh := srv.Client("token")
	srv.ResetCalls()
	_, er, err := Export(ctx, exportEnv(gh), ExportOptions{Term: "2027-1"})
	if err != nil {
		t.Fatal(err)
	}
	all, writes := srv.Total()
	t.Logf("export of %d programs: %d requests, %d writes: %v", er.Export.Count, all, writes, srv.Calls())
	if er.Export.Count != 59 {
		t.Fatalf("got %d programs, want 59", er.Export.Count)
	}
	want := map[string]int{
		"POST /repos/{owner}/{repo}/git/refs":               1,
		"PUT /repos/{owner}/{repo}/contents/{path...}":      3,
		"POST /repos/{owner}/{repo}/pulls":                  1,
		"POST /repos/{owner}/{repo}/labels":                 1,
		"POST /repos/{owner}/{repo}/issues/{number}/labels": 59,
	}
	for route, n := range want {
		if got := srv.Count(route); got != n {
			t.Errorf("%s: got %d requests, want %d", route, got, n)
		}
	}
	if writes != 65 {
		t.Errorf("got %d writes, want 65 (branch, 3 files, pull request, label, 59 issue labels):\n%v", writes, srv.Calls())
	}
	srv.ResetCalls()
	if _, _, err := Export(ctx, exportEnv(gh), ExportOptions{Term: "2027-1"}); err != nil {
		t.Fatal(err)
	}
	all, writes = srv.Total()
	t.Logf("no-op re-run: %d requests, %d writes: %v", all, writes, srv.Calls())
	if writes != 0 {
		t.Errorf("re-run: got %d writes, want none", writes)
	}
}

package runner

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

const propOwner, propRepo = "cncf", "mentoring"

// exampleIssues reads examples/issues: #12 is a valid proposal for 2027
// Term 1, #13 a broken one.
func exampleIssues(t testing.TB) map[int]proposal.Issue {
	t.Helper()
	list, err := ReadIssues(os.DirFS("../../examples/issues"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]proposal.Issue{}
	for _, is := range list {
		out[is.Number] = is
	}
	if out[12].Body == "" || out[13].Body == "" {
		t.Fatalf("got %d example issues without #12 or #13, want both", len(out))
	}
	return out
}

// propEnv is an online run over the example repository, before 2027 Term
// 1's proposal window closes. The repository is read as the App and the
// Action read it: through the contents API of the fake, at main (see
// seedExampleRepo); config, which the face reads before any job, from disk.
func propEnv(gh *github.Client, ev *event.Event) *Env {
	cfg, err := config.Load(os.DirFS("../../examples/mentoring"), "")
	if err != nil {
		panic(err)
	}
	return &Env{Owner: propOwner, Repo: propRepo, DefaultBranch: "main",
		FS:     githubapi.NewFS(context.Background(), gh, propOwner, propRepo, "main"),
		Config: cfg, Now: time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC), GH: gh, Event: ev}
}

// seedExampleRepo creates the repository in the fake with every file of
// examples/mentoring on main.
func seedExampleRepo(t testing.TB, srv *githubtest.Server) {
	t.Helper()
	srv.AddRepo(propOwner, propRepo)
	root := "../../examples/mentoring"
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		srv.SetFile(propOwner, propRepo, "main", filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func issuesEvent(action, sender string, n int) *event.Event {
	return &event.Event{Name: "issues", Action: action, Owner: propOwner, Repo: propRepo, Sender: sender, SenderType: "User",
		Issue: &event.Issue{Number: n}}
}

// seedProposal files the broken example #13's body as a new issue, with
// the labels the form adds.
func seedProposal(t *testing.T, srv *githubtest.Server, body string) int {
	t.Helper()
	seedExampleRepo(t, srv)
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "[CNCF LFX Proposal] Flux docs", Body: body,
		Labels: []string{"lfx mentorship", "Proposal", "Needs Validation"}, User: "ann-smith"})
	return is.Number
}

func runProposal(t *testing.T, srv *githubtest.Server, ev *event.Event) (*Result, int, int) {
	t.Helper()
	srv.ResetCalls()
	res, err := Proposal(context.Background(), propEnv(srv.Client("token"), ev), ProposalOptions{})
	if err != nil {
		t.Fatalf("Proposal(%s %s): %v", ev.Name, ev.Action, err)
	}
	all, writes := srv.Total()
	return res, all, writes
}

func issueLabels(t *testing.T, srv *githubtest.Server, n int) []string {
	t.Helper()
	is, ok := srv.Issue(propOwner, propRepo, n)
	if !ok {
		t.Fatalf("issue #%d is gone", n)
	}
	return is.Labels
}

// TestProposalLifecycle follows one proposal through the fake GitHub:
// filed broken, fixed by an edit, the edit event delivered twice, a label
// added by a person, and the bot's own event. It logs the API calls per
// event and bounds them.
func TestProposalLifecycle(t *testing.T) {
	t.Parallel()
	ex := exampleIssues(t)
	srv := githubtest.NewServer(t)
	broken := strings.Replace(ex[12].Body, "jane@example.com", "jane@example", 1)
	n := seedProposal(t, srv, broken)
	gh := srv.Client("token")

	// Opened: labels and exactly one comment.
	res, opened, writes := runProposal(t, srv, issuesEvent("opened", "ann-smith", n))
	if res.Skipped != "" {
		t.Fatalf("got skipped %q, want a check", res.Skipped)
	}
	wantFailed := []string{"lfx mentorship", "Proposal", "Term 1: March-May", "2027", "Validation Failed"}
	if diff := cmp.Diff(wantFailed, issueLabels(t, srv, n)); diff != "" {
		t.Errorf("opened: labels mismatch (-want +got):\n%s", diff)
	}
	cs := srv.Comments(propOwner, propRepo, n)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, proposal.Marker) || !strings.Contains(cs[0].Body, "proposal-mentor-email") {
		t.Fatalf("opened: got comments %+v, want one report naming proposal-mentor-email", cs)
	}
	commentID := cs[0].ID
	if got := res.Outputs["valid"]; got != "false" {
		t.Errorf("opened: got output valid=%s, want false", got)
	}
	for _, l := range []string{"2027", "Validation Failed"} {
		if !slices.Contains(srv.RepoLabels(propOwner, propRepo), l) {
			t.Errorf("opened: repository has no label %q, want it created", l)
		}
	}

	// Edited to fix it: labels flip, the same comment is edited.
	if _, _, err := gh.Issues.Edit(context.Background(), propOwner, propRepo, n, &github.IssueRequest{Body: github.String(ex[12].Body)}); err != nil {
		t.Fatal(err)
	}
	_, fixed, fixedWrites := runProposal(t, srv, issuesEvent("edited", "ann-smith", n))
	wantPassed := []string{"lfx mentorship", "Proposal", "Term 1: March-May", "2027", "Validation Passed"}
	if diff := cmp.Diff(wantPassed, issueLabels(t, srv, n)); diff != "" {
		t.Errorf("fixed: labels mismatch (-want +got):\n%s", diff)
	}
	cs = srv.Comments(propOwner, propRepo, n)
	if len(cs) != 1 || cs[0].ID != commentID || !strings.Contains(cs[0].Body, "passed") {
		t.Errorf("fixed: got comments %+v, want comment %d edited to say passed", cs, commentID)
	}
	if got := srv.Count("POST /repos/{owner}/{repo}/issues/{number}/comments"); got != 0 {
		t.Errorf("fixed: got %d comments created, want 0 (edit in place)", got)
	}

	// The same event again: nothing to write.
	res, repeat, repeatWrites := runProposal(t, srv, issuesEvent("edited", "ann-smith", n))
	contentsReads := srv.Count("GET /repos/{owner}/{repo}/contents/{path...}")
	if contentsReads != 2 {
		t.Errorf("repeat: got %d contents reads, want 2 (the form and the term's README)", contentsReads)
	}
	if repeatWrites != 0 || !res.Plan.Empty() {
		t.Errorf("repeat: got %d writes and plan\n%s\nwant none; calls: %v", repeatWrites, res.Plan.Text(), srv.Log())
	}

	// A person adds a label mentorbot does not manage: it survives.
	if _, _, err := gh.Issues.AddLabelsToIssue(context.Background(), propOwner, propRepo, n, []string{"good first issue"}); err != nil {
		t.Fatal(err)
	}
	_, _, labeledWrites := runProposal(t, srv, issuesEvent("labeled", "maintainer", n))
	if got := issueLabels(t, srv, n); !slices.Contains(got, "good first issue") || labeledWrites != 0 {
		t.Errorf("labeled: got labels %v and %d writes, want \"good first issue\" kept and no write", got, labeledWrites)
	}

	// The bot's own event is ignored before any call.
	res, botCalls, _ := runProposal(t, srv, issuesEvent("labeled", "github-actions[bot]", n))
	if res.Skipped == "" || botCalls != 0 {
		t.Errorf("bot event: got skipped %q after %d calls, want skipped with no call", res.Skipped, botCalls)
	}

	t.Logf("API calls per event: opened %d (%d writes), edited-fixed %d (%d writes), edited-no-change %d (%d writes); each includes %d contents reads",
		opened, writes, fixed, fixedWrites, repeat, repeatWrites, contentsReads)
	// Every event reads the issue, its comments, the labels, the open
	// proposals and, through the contents API, the issue form and the named
	// term's README (6). The executor starts from those reads, so opened
	// adds only its writes: 3 label creates (term, year, Validation
	// Failed), the add, the remove and the comment (12). The fix creates
	// Validation Passed, new to this repository, flips the labels and edits
	// the comment (10).
	for _, c := range []struct {
		name      string
		got, want int
	}{{"opened", opened, 12}, {"edited-fixed", fixed, 10}, {"edited-no-change", repeat, 6}} {
		if c.got > c.want {
			t.Errorf("%s: got %d API calls, want at most %d", c.name, c.got, c.want)
		}
	}
}

func TestProposalSkips(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		ev    func(n int) *event.Event
		issue githubtest.Issue
		want  string
	}{
		{
			name:  "not a proposal",
			ev:    func(n int) *event.Event { return issuesEvent("opened", "octocat", n) },
			issue: githubtest.Issue{Title: "Broken link", Body: "The README links nowhere.", Labels: []string{"bug"}},
			want:  "is not a proposal",
		},
		{
			name:  "closed",
			ev:    func(n int) *event.Event { return issuesEvent("edited", "octocat", n) },
			issue: githubtest.Issue{Title: "[CNCF LFX Proposal] x", State: "closed", Labels: []string{"lfx mentorship", "Proposal"}},
			want:  "is closed",
		},
		{
			name:  "unlabeled",
			ev:    func(n int) *event.Event { return issuesEvent("unlabeled", "octocat", n) },
			issue: githubtest.Issue{Title: "[CNCF LFX Proposal] x", Labels: []string{"lfx mentorship", "Proposal"}},
			want:  `"unlabeled" does not change a proposal`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			seedExampleRepo(t, srv)
			is := srv.SeedIssue(propOwner, propRepo, tt.issue)
			res, _, writes := runProposal(t, srv, tt.ev(is.Number))
			if !strings.Contains(res.Skipped, tt.want) || writes != 0 {
				t.Errorf("got skipped %q and %d writes, want %q and none", res.Skipped, writes, tt.want)
			}
		})
	}
}

// TestProposalQuotaCountsOpenProposals files five Argo proposals for one
// term: the fifth is over the default quota of 4.
func TestProposalQuotaCountsOpenProposals(t *testing.T) {
	t.Parallel()
	ex := exampleIssues(t)
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	var last int
	for i := 1; i <= 5; i++ {
		body := strings.Replace(ex[12].Body, "issues/1234", "issues/"+strings.Repeat("9", i), 1)
		last = srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "[CNCF LFX Proposal] Argo", Body: body,
			Labels: []string{"lfx mentorship", "Proposal"}}).Number
	}
	res, _, _ := runProposal(t, srv, issuesEvent("opened", "janedoe", last))
	if got := issueLabels(t, srv, last); !slices.Contains(got, "Over Quota") || !slices.Contains(got, "Validation Passed") {
		t.Errorf("got labels %v, want Over Quota and Validation Passed", got)
	}
	if !slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.Rule == proposal.RuleOverQuota }) {
		t.Errorf("got findings %v, want %s", res.Findings, proposal.RuleOverQuota)
	}
}

func TestReadIssues(t *testing.T) {
	t.Parallel()
	ex := exampleIssues(t)
	if got, want := ex[13].Labels, []string{"lfx mentorship", "Proposal", "Needs Validation"}; !slices.Equal(got, want) {
		t.Errorf("got labels %v, want %v", got, want)
	}
	if got, want := ex[13].Author, "ann-smith"; got != want {
		t.Errorf("got author %q, want %q", got, want)
	}
}

// BenchmarkProposalEvent measures one event end to end through the fake
// GitHub (real HTTP) in the steady state: an edit event on a proposal whose
// labels and comment are already right (four reads, no write).
func BenchmarkProposalEvent(b *testing.B) {
	ex := exampleIssues(b)
	srv := githubtest.NewServer(b)
	seedExampleRepo(b, srv)
	n := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex[12].Title, Body: ex[12].Body,
		Labels: []string{"lfx mentorship", "Proposal", "Needs Validation"}}).Number
	gh := srv.Client("token")
	ev := issuesEvent("edited", "janedoe", n)
	ctx := context.Background()
	if _, err := Proposal(ctx, propEnv(gh, ev), ProposalOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		// A fresh Env per event, as each delivery gets: its own snapshot.
		res, err := Proposal(ctx, propEnv(gh, ev), ProposalOptions{})
		if err != nil || !res.Plan.Empty() {
			b.Fatalf("got %v and plan %v, want no error and no change", err, res.Plan)
		}
	}
}

// TestProposalProjectsFromForm checks that, with no project list in
// config, the issue form's dropdown is the list: exact names only.
func TestProposalProjectsFromForm(t *testing.T) {
	t.Parallel()
	const form = `name: LFX Mentorship Program Proposal
body:
  - type: markdown
    attributes:
      value: hello
  - type: dropdown
    id: cncf_project
    attributes:
      label: CNCF Project
      options:
        - "Argo"
        - "SpinKube"
`
	ex := exampleIssues(t)
	tests := []struct {
		name, project string
		files         fstest.MapFS
		wantErr       bool
	}{
		{"listed", "Argo", fstest.MapFS{".github/ISSUE_TEMPLATE/lfx-program-proposal.yml": {Data: []byte(form)}}, false},
		{"Spin is not SpinKube", "Spin", fstest.MapFS{".github/ISSUE_TEMPLATE/lfx-program-proposal.yml": {Data: []byte(form)}}, true},
		{"no form: any project", "Spin", fstest.MapFS{}, false},
		{"broken form: any project", "Spin", fstest.MapFS{".github/ISSUE_TEMPLATE/lfx-program-proposal.yml": {Data: []byte("body: [")}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			is := ex[12]
			is.Body = strings.Replace(is.Body, "\nArgo\n", "\n"+tt.project+"\n", 1)
			env := &Env{Owner: "local", Repo: "r", FS: tt.files, Config: config.Default(), Now: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), DryRun: true}
			res, err := Proposal(context.Background(), env, ProposalOptions{Issue: &is})
			if err != nil {
				t.Fatal(err)
			}
			got := slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.Rule == proposal.RuleUnknownProject })
			if got != tt.wantErr {
				t.Errorf("got %s finding %v, want %v; findings: %v", proposal.RuleUnknownProject, got, tt.wantErr, res.Findings)
			}
		})
	}
}

// TestProposalTermWithoutFolder names a term the example repository has no
// folder for: the finding lists the terms it has.
func TestProposalTermWithoutFolder(t *testing.T) {
	t.Parallel()
	is := exampleIssues(t)[12]
	is.Body = strings.Replace(is.Body, "2027 Term 1 (Mar-May)", "2028 Term 2 (Jun-Aug)", 1)
	cfg, err := config.Load(os.DirFS("../../examples/mentoring"), "")
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Owner: "local", Repo: "mentoring", FS: os.DirFS("../../examples/mentoring"), Config: cfg,
		Now: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), DryRun: true}
	res, err := Proposal(context.Background(), env, ProposalOptions{Issue: &is})
	if err != nil {
		t.Fatal(err)
	}
	want := `the repository has no folder for 2028 Term 2: pick one of "2026 Term 3 (Sep-Nov)", "2027 Term 1 (Mar-May)"`
	if len(res.Findings) != 1 || res.Findings[0].Message != want {
		t.Errorf("got findings %v, want one: %s", res.Findings, want)
	}
}

// TestProposalInterruptedRunHeals fails the report comment's creation: the
// run reports the error with the labels already applied, and the next
// event writes only the missing comment (exactly one).
func TestProposalInterruptedRunHeals(t *testing.T) {
	t.Parallel()
	ex := exampleIssues(t)
	srv := githubtest.NewServer(t)
	n := seedProposal(t, srv, ex[12].Body)
	srv.Inject(githubtest.Fault{Route: "POST /repos/{owner}/{repo}/issues/{number}/comments", Status: 500, Times: 2})
	_, err := Proposal(context.Background(), propEnv(srv.Client("token"), issuesEvent("opened", "janedoe", n)), ProposalOptions{})
	if err == nil {
		t.Fatal("got no error with the comment failing, want one")
	}
	if got := issueLabels(t, srv, n); !slices.Contains(got, "Validation Passed") {
		t.Errorf("got labels %v after the cut, want Validation Passed applied before the comment", got)
	}
	_, _, writes := runProposal(t, srv, issuesEvent("edited", "janedoe", n))
	if cs := srv.Comments(propOwner, propRepo, n); len(cs) != 1 || writes != 1 {
		t.Errorf("got %d comments after %d writes, want 1 comment from 1 write", len(cs), writes)
	}
}

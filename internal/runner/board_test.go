package runner

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/board"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/plan"
)

const (
	prodBoard = "PVT_kwDOAM1Res4BbdSM"
	forkBoard = "PVT_kwHOAEP2W84BXacI"
)

var boardColumns = append([]string{board.Inbox, board.Awaiting, board.Approved, board.CNCFApproved, board.Exported, board.Closed}, board.AdminColumns...)

// boardJSON is board.json in cncf/mentoring's format: production and a fork.
const boardJSON = `{
  "environments": {
    "ann-smith/mentoring": {"_role": "dev", "projectId": "` + forkBoard + `"},
    "cncf/mentoring": {"_role": "prod", "projectId": "` + prodBoard + `"}
  }
}`

func boardServer(t *testing.T, columns ...string) (*githubtest.Server, *github.Client) {
	t.Helper()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	srv.SetFile(propOwner, propRepo, "main", "programs/lfx-mentorship/"+board.ConfigFile, boardJSON)
	srv.AddProject(prodBoard, "CNCF LFX Mentorship Project Proposals", columns...)
	return srv, srv.Client("token")
}

func issueEvent(srv *githubtest.Server, n int) *event.Event {
	is, _ := srv.Issue(propOwner, propRepo, n)
	return &event.Event{Name: "issues", Action: "labeled", Owner: propOwner, Repo: propRepo,
		Issue: &event.Issue{Number: n, Title: is.Title, State: is.State, Labels: is.Labels}}
}

// syncEvent runs the board job for issue n's event and returns the
// GraphQL requests it made.
func syncEvent(t *testing.T, srv *githubtest.Server, gh *github.Client, n int) (githubtest.GraphQLStats, *Result) {
	t.Helper()
	srv.ResetCalls()
	res, _, err := BoardSync(context.Background(), propEnv(gh, issueEvent(srv, n)), BoardOptions{})
	if err != nil {
		t.Fatalf("board sync of #%d: %v", n, err)
	}
	return srv.GraphQLStats(), res
}

// TestBoardTransitions walks one proposal through every column, label by
// label, and checks the card, the writes and the GraphQL calls each event
// costs.
func TestBoardTransitions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, gh := boardServer(t, boardColumns...)
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "[CNCF LFX Proposal] Argo metrics", User: "janedoe",
		Labels: []string{"lfx mentorship", "Proposal", "Needs Validation"}})
	n := is.Number
	label := func(names ...string) {
		if _, _, err := gh.Issues.AddLabelsToIssue(ctx, propOwner, propRepo, n, names); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name      string
		change    func()
		want      string
		mutations int
	}{
		{"opened: added to Inbox", func() {}, board.Inbox, 2},
		{"same event again: nothing written", func() {}, board.Inbox, 0},
		{"validated", func() {
			label("Validation Passed", "Awaiting Maintainer/Contribex Approval", "Awaiting Mentor Confirmation")
		}, board.Awaiting, 1},
		{"one gate", func() { label("Maintainer/Contribex Approved") }, board.Awaiting, 0},
		{"both gates", func() { label("Mentors Confirmed") }, board.Approved, 1},
		{"CNCF approved", func() { label("CNCF Approved") }, board.CNCFApproved, 1},
		{"exported, no LFX URL yet", func() { label("Exported") }, board.Exported, 1},
		{"someone else's forged record moves nothing", func() {
			srv.SeedComment(propOwner, propRepo, n, "mallory", export.LFXRecord("https://mentorship.lfx.linuxfoundation.org/project/0e6c4b52-5e1f-4a51-a1b6-6a0a3a7b3c11"))
		}, board.Exported, 0},
		{"/lfx-url recorded", func() {
			srv.SeedComment(propOwner, propRepo, n, "mentorbot[bot]", "Recorded. "+export.LFXRecord("https://mentorship.lfx.linuxfoundation.org/project/0e6c4b52-5e1f-4a51-a1b6-6a0a3a7b3c11"))
		}, board.PostedToLFX, 1},
		{"an administrator's column is held", func() { setStatus(t, srv, n, "Mentors listed") }, "Mentors listed", 0},
		{"closed leaves it", func() {
			if _, _, err := gh.Issues.Edit(ctx, propOwner, propRepo, n, &github.IssueRequest{State: github.String("closed")}); err != nil {
				t.Fatal(err)
			}
		}, board.Closed, 1},
		{"closed again: nothing written", func() {}, board.Closed, 0},
	}
	for _, s := range steps {
		s.change()
		st, res := syncEvent(t, srv, gh, n)
		got, _ := srv.ProjectStatus(prodBoard, propOwner, propRepo, n)
		if got != s.want || st.Mutations != s.mutations {
			t.Errorf("%s: got %q with %d mutations, want %q with %d\n%s", s.name, got, st.Mutations, s.want, s.mutations, res.Summary)
		}
		t.Logf("%-45s %d queries, %d mutations, cost %d: %v", s.name, st.Queries, st.Mutations, st.Cost, st.Fields)
	}
	if got := srv.ProjectItems(prodBoard); got != 1 {
		t.Errorf("got %d cards, want 1", got)
	}
}

// setStatus moves a card as an administrator would, on the board itself.
func setStatus(t *testing.T, srv *githubtest.Server, n int, status string) {
	t.Helper()
	ctx := context.Background()
	gql := githubapi.NewGraphQL(srv.Client("admin-token"))
	r := &gqlReader{gql: gql, owner: propOwner, repo: propRepo}
	b, err := r.Board(ctx, prodBoard)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Card(ctx, prodBoard, n)
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{}
	p.Add(plan.SetBoardStatus{ProjectID: prodBoard, Issue: n, ContentID: c.ContentID, ItemID: c.ItemID, FieldID: b.FieldID, OptionID: b.Options[status], Status: status})
	if _, err := executor.NewBoard(gql).Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
}

// seedExampleRepoAs copies examples/mentoring onto owner/name's main.
func seedExampleRepoAs(t *testing.T, srv *githubtest.Server, owner, name string) {
	t.Helper()
	root := "../../examples/mentoring"
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		srv.SetFile(owner, name, "main", filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBoardHeldColumns(t *testing.T) {
	t.Parallel()
	srv, gh := boardServer(t, boardColumns...)
	for _, col := range board.AdminColumns {
		is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: col, User: "janedoe",
			Labels: []string{"Proposal", "Validation Passed", "Maintainer/Contribex Approved", "Mentors Confirmed", "CNCF Approved"}})
		srv.AddProjectItem(prodBoard, propOwner, propRepo, is.Number, col)
		st, res := syncEvent(t, srv, gh, is.Number)
		got, _ := srv.ProjectStatus(prodBoard, propOwner, propRepo, is.Number)
		if got != col || st.Mutations != 0 || !strings.Contains(res.Summary, "belongs to the administrators") {
			t.Errorf("%s: got %q after %d mutations, want it held\n%s", col, got, st.Mutations, res.Summary)
		}
	}
}

// TestBoardFailedRead: a card a person placed is never pulled back by a
// read that failed (a GraphQL error, a 502) or a Status it cannot read.
func TestBoardFailedRead(t *testing.T) {
	t.Parallel()
	srv, gh := boardServer(t, boardColumns...)
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "x", User: "janedoe", Labels: []string{"Proposal"}})
	srv.AddProjectItem(prodBoard, propOwner, propRepo, is.Number, board.Approved) // placed by a person; labels say Inbox
	env := propEnv(gh, issueEvent(srv, is.Number))

	srv.InjectGraphQL(githubtest.GraphQLFault{Field: "repository", Message: "Resource not accessible by integration"})
	if _, _, err := BoardSync(context.Background(), env, BoardOptions{}); err == nil || !strings.Contains(err.Error(), "not accessible") {
		t.Errorf("GraphQL error: got %v, want the failed read", err)
	}
	srv.Inject(githubtest.Fault{Route: "POST /graphql", Status: 502, Times: 20})
	if _, _, err := BoardSync(context.Background(), env, BoardOptions{}); err == nil {
		t.Errorf("502: got no error, want the failed read")
	}
	if st := srv.GraphQLStats(); st.Mutations != 0 {
		t.Errorf("got %d mutations after failed reads, want none", st.Mutations)
	}
	if got, _ := srv.ProjectStatus(prodBoard, propOwner, propRepo, is.Number); got != board.Approved {
		t.Errorf("got %q, want the card left in %q", got, board.Approved)
	}

	// A Status option that no longer exists: the card is not moved.
	for srv.FaultsLeft() > 0 {
		srv.ResetCalls()
		_, _, _ = BoardSync(context.Background(), env, BoardOptions{})
	}
	is2 := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "y", User: "janedoe", Labels: []string{"Proposal", "Validation Passed"}})
	srv.AddProjectItem(prodBoard, propOwner, propRepo, is2.Number, "Parked (deleted column)")
	st, res := syncEvent(t, srv, gh, is2.Number)
	if st.Mutations != 0 || !strings.Contains(res.Summary, "cannot be read") {
		t.Errorf("unreadable Status: got %d mutations, summary\n%s\nwant none and the reason", st.Mutations, res.Summary)
	}
}

// TestBoardFork: a fork's board, with its own ids, is found through
// board.json and resolved by name; the production board is not touched.
func TestBoardFork(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("ann-smith", "mentoring")
	seedExampleRepoAs(t, srv, "ann-smith", "mentoring")
	srv.SetFile("ann-smith", "mentoring", "main", "programs/lfx-mentorship/"+board.ConfigFile, boardJSON)
	srv.AddProject(prodBoard, "prod", boardColumns...)
	srv.AddProject("PVT_other", "unrelated", "Closed", "Inbox") // other ids first
	srv.AddProject(forkBoard, "DEMO CNCF LFX Mentorship Intake", boardColumns...)
	is := srv.SeedIssue("ann-smith", "mentoring", githubtest.Issue{Title: "x", User: "ann-smith", Labels: []string{"Proposal", "Validation Passed"}})
	gh := srv.Client("token")
	env := propEnv(gh, &event.Event{Name: "issues", Action: "opened", Owner: "ann-smith", Repo: "mentoring",
		Issue: &event.Issue{Number: is.Number, Labels: is.Labels}})
	env.Owner, env.Repo = "ann-smith", "mentoring"
	env.FS = githubapi.NewFS(context.Background(), gh, "ann-smith", "mentoring", "main")
	if _, _, err := BoardSync(context.Background(), env, BoardOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, ok := srv.ProjectStatus(forkBoard, "ann-smith", "mentoring", is.Number); !ok || got != board.Awaiting {
		t.Errorf("fork board: got %q (on it: %v), want %q", got, ok, board.Awaiting)
	}
	if srv.ProjectItems(prodBoard) != 0 {
		t.Errorf("got %d cards on the production board, want none", srv.ProjectItems(prodBoard))
	}
}

// TestBoardWarnings: a board without a Status field, or without a column,
// is a warning finding and no write, not a failure.
func TestBoardWarnings(t *testing.T) {
	t.Parallel()
	srv, gh := boardServer(t) // no Status field
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "x", User: "janedoe", Labels: []string{"Proposal"}})
	st, res := syncEvent(t, srv, gh, is.Number)
	if st.Mutations != 0 || len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Message, `no single-select field "Status"`) {
		t.Errorf("no Status field: got %d mutations, findings %+v; want none and one warning", st.Mutations, res.Findings)
	}

	srv2, gh2 := boardServer(t, board.Inbox, board.Closed) // no Awaiting column
	is2 := srv2.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "x", User: "janedoe", Labels: []string{"Proposal", "Validation Passed"}})
	st, res = syncEvent(t, srv2, gh2, is2.Number)
	if st.Mutations != 0 || len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Message, `no Status option "Awaiting approvals/confirmations"`) {
		t.Errorf("missing column: got %d mutations, findings %+v; want none and one warning", st.Mutations, res.Findings)
	}
}

func TestBoardSkips(t *testing.T) {
	t.Parallel()
	srv, gh := boardServer(t, boardColumns...)
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "x", User: "janedoe", Labels: []string{"administration"}})
	st, res := syncEvent(t, srv, gh, is.Number)
	if res.Skipped == "" || st.Queries != 0 {
		t.Errorf("not a proposal: got skipped %q after %d queries, want a reason and no query", res.Skipped, st.Queries)
	}
	for _, action := range []string{"deleted", "transferred", "assigned"} {
		ev := issueEvent(srv, is.Number)
		ev.Action, ev.Issue.Labels = action, []string{"Proposal"}
		if res, _, err := BoardSync(context.Background(), propEnv(gh, ev), BoardOptions{}); err != nil || !strings.Contains(res.Skipped, action) {
			t.Errorf("issues %s: got %+v, %v; want it skipped", action, res, err)
		}
	}
	env := propEnv(gh, issueEvent(srv, is.Number))
	env.Repo = "elsewhere"
	if res, _, err := BoardSync(context.Background(), env, BoardOptions{Issue: is.Number}); err != nil || !strings.Contains(res.Skipped, "names no board") {
		t.Errorf("no board for the repository: got %+v, %v", res, err)
	}
}

// TestBoardSyncAll places 60 proposals (40 on the board in various
// columns, 20 not yet) and counts the GraphQL calls of one --all run and of
// a re-run.
func TestBoardSyncAll(t *testing.T) {
	t.Parallel()
	srv, gh := boardServer(t, boardColumns...)
	labelSets := [][]string{
		{"Proposal"},
		{"Proposal", "Validation Passed"},
		{"Proposal", "Validation Passed", "Maintainer/Contribex Approved", "Mentors Confirmed"},
		{"Proposal", "Validation Passed", "Maintainer/Contribex Approved", "Mentors Confirmed", "CNCF Approved"},
	}
	// On the board: Inbox that stays, Inbox that moves to Awaiting,
	// Approved that stays, and an administrators' column that is held.
	placed := []string{board.Inbox, board.Inbox, board.Approved, "Open for Applications"}
	wantMoves := 0
	for i := 0; i < 60; i++ {
		is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: fmt.Sprintf("proposal %d", i), User: "janedoe", Labels: labelSets[i%4]})
		switch {
		case i >= 40: // not on the board yet: added
			wantMoves++
		case i%4 == 1:
			wantMoves++
			fallthrough
		default:
			srv.AddProjectItem(prodBoard, propOwner, propRepo, is.Number, placed[i%4])
		}
	}
	env := propEnv(gh, nil)
	srv.ResetCalls()
	res, moves, err := BoardSync(context.Background(), env, BoardOptions{All: true})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.GraphQLStats()
	if len(moves) != 60 || st.Mutations != wantMoves+20 { // a new card is two mutations
		t.Errorf("got %d cards, %d mutations, want 60 and %d\n%s", len(moves), st.Mutations, wantMoves+20, res.Summary)
	}
	t.Logf("board sync --all of 60 cards: %d queries (cost %d), %d mutations for %d moves", st.Queries, st.Cost-st.Mutations, st.Mutations, wantMoves)

	srv.ResetCalls()
	if _, _, err := BoardSync(context.Background(), env, BoardOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	st = srv.GraphQLStats()
	if st.Mutations != 0 {
		t.Errorf("re-run: got %d mutations, want none", st.Mutations)
	}
	t.Logf("re-run of board sync --all: %d queries (cost %d), %d mutations", st.Queries, st.Cost, st.Mutations)
	if srv.ProjectItems(prodBoard) != 60 {
		t.Errorf("got %d cards, want 60", srv.ProjectItems(prodBoard))
	}
}

// TestBoardFailedWrite: a mutation that fails is a failed run naming the
// permission, and the board is resolved again on the next run (an option
// may have been renamed).
func TestBoardFailedWrite(t *testing.T) {
	t.Parallel()
	srv, gh := boardServer(t, boardColumns...)
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "x", User: "janedoe", Labels: []string{"Proposal", "Validation Passed"}})
	srv.AddProjectItem(prodBoard, propOwner, propRepo, is.Number, board.Inbox)
	srv.InjectGraphQL(githubtest.GraphQLFault{Field: "updateProjectV2ItemFieldValue", Message: "Resource not accessible by integration"})
	env := propEnv(gh, issueEvent(srv, is.Number))
	res, _, err := BoardSync(context.Background(), env, BoardOptions{})
	if err == nil || !strings.Contains(err.Error(), "organization projects write") || res.Report.Count(executor.Failed) != 1 {
		t.Fatalf("got %v and report %+v, want a failed write naming the permission", err, res.Report)
	}
	if got, _ := srv.ProjectStatus(prodBoard, propOwner, propRepo, is.Number); got != board.Inbox {
		t.Errorf("got %q, want the card still in Inbox", got)
	}
	st, _ := syncEvent(t, srv, gh, is.Number)
	if st.Fields["query node"] != 1 || st.Mutations != 1 {
		t.Errorf("after a failed write: got %v, want the board resolved again and the move made", st.Fields)
	}
	if got, _ := srv.ProjectStatus(prodBoard, propOwner, propRepo, is.Number); got != board.Awaiting {
		t.Errorf("got %q, want %q", got, board.Awaiting)
	}
}

package runner

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

const adminBoardPath = "programs/lfx-mentorship/automation/admin-board.json"

// adminFixture opens the example 2027 Term 2 tree through the fake and
// returns it with a board holding the given Status options and date
// fields (none: the board lacks them).
func adminFixture(t *testing.T, boardJSON string, statuses []string, dates ...string) (*githubtest.Server, fstest.MapFS, map[string]int) {
	t.Helper()
	gh := githubtest.NewServer(t)
	gh.AddRepo(umbOwner, umbRepo)
	gh.AddProject("PVT_admin", "2027 T2 admin", statuses...)
	for _, d := range dates {
		gh.AddProjectDateField("PVT_admin", d)
	}
	fsys := umbFS(t, exampleTasks(t))
	fsys[adminBoardPath] = &fstest.MapFile{Data: []byte(boardJSON)}
	if _, err := Umbrella(context.Background(), umbEnv(gh.Client("t"), fsys), UmbrellaOptions{Term: "2027-2"}); err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]int{}
	for _, is := range gh.Issues(umbOwner, umbRepo) {
		byTitle[is.Title] = is.Number
	}
	return gh, fsys, byTitle
}

const adminByID = `{"environments": {"cncf/mentoring": {"projectId": "PVT_admin"}}}`

func adminSync(t *testing.T, gh *githubtest.Server, fsys fstest.MapFS) (*Result, error) {
	t.Helper()
	return AdminBoardSync(context.Background(), umbEnv(gh.Client("t"), fsys), AdminBoardOptions{Term: "2027-2"})
}

// TestAdminBoard: every admin issue gets a card in Todo with the
// timeline's Start and Due; a re-run writes nothing; a card a person moved
// keeps its column while a date edited by hand is put back to the
// timeline's.
func TestAdminBoard(t *testing.T) {
	t.Parallel()
	gh, fsys, byTitle := adminFixture(t, adminByID, []string{"Todo", "In Progress", "Done"}, "Start", "Due")
	umb := byTitle["LFX Mentorship 2027 Term 2 (Jun-Aug)"]
	if umb == 0 {
		t.Fatalf("no umbrella issue among %v", byTitle)
	}
	gh.ResetCalls()
	if _, err := adminSync(t, gh, fsys); err != nil {
		t.Fatal(err)
	}
	if got, want := gh.ProjectItems("PVT_admin"), treeSize(t, exampleTasks(t)); got != want {
		t.Errorf("got %d cards, want %d (every admin issue)", got, want)
	}
	first := gh.GraphQLStats()
	type card struct{ Status, Start, Due string }
	get := func(n int) card {
		st, _ := gh.ProjectStatus("PVT_admin", umbOwner, umbRepo, n)
		return card{st, gh.ProjectDate("PVT_admin", umbOwner, umbRepo, n, "Start"), gh.ProjectDate("PVT_admin", umbOwner, umbRepo, n, "Due")}
	}
	for _, tt := range []struct {
		title string
		want  card
	}{
		{"LFX Mentorship 2027 Term 2 (Jun-Aug)", card{"Todo", "2027-04-07", "2027-08-27"}},
		{"Proposals close", card{"Todo", "2027-04-07", "2027-04-27"}},
		{"Term starts", card{"Todo", "", "2027-06-07"}},
		{"[LFX 2027 T2] 0. Key dates", card{"Todo", "", ""}},
	} {
		if d := cmp.Diff(tt.want, get(byTitle[tt.title])); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.title, d)
		}
	}
	// Again: reads only.
	gh.ResetCalls()
	if _, err := adminSync(t, gh, fsys); err != nil {
		t.Fatal(err)
	}
	if st := gh.GraphQLStats(); st.Mutations != 0 || st.Queries != 2 {
		t.Errorf("re-run: got %d queries and %d mutations, want 2 and 0", st.Queries, st.Mutations)
	}
	// A person moves the umbrella card and edits its Start.
	n := byTitle["Proposals close"]
	gh.SetProjectStatus("PVT_admin", umbOwner, umbRepo, n, "Done")
	gh.SetProjectDate("PVT_admin", umbOwner, umbRepo, n, "Start", "2027-01-01")
	gh.ResetCalls()
	if _, err := adminSync(t, gh, fsys); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(card{"Done", "2027-04-07", "2027-04-27"}, get(n)); d != "" {
		t.Errorf("after a person's edit (-want +got):\n%s", d)
	}
	if st := gh.GraphQLStats(); st.Mutations != 1 {
		t.Errorf("got %d mutations, want 1 (the Start date)", st.Mutations)
	}
	t.Logf("GraphQL, first sync of %d issues: %d queries, %d mutations, cost %d", len(byTitle), first.Queries, first.Mutations, first.Cost)
}

// TestAdminBoardMissingFields: a board without Status, Todo or the date
// fields gets its cards with warnings naming what is missing; nothing fails.
func TestAdminBoardMissingFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		statuses []string
		dates    []string
		want     []string
	}{
		{"no fields", nil, nil, []string{`no single-select field "Status"`, `no date field "Start"`, `no date field "Due"`}},
		{"no Todo, no Due", []string{"Backlog", "Done"}, []string{"Start"}, []string{`no Status option "Todo"`, `no date field "Due"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gh, fsys, _ := adminFixture(t, adminByID, tt.statuses, tt.dates...)
			res, err := adminSync(t, gh, fsys)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Message)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got warnings %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) || res.Findings[i].Severity != "warning" {
					t.Errorf("warning %d: got %q, want one with %q", i, got[i], w)
				}
			}
			if got, want := gh.ProjectItems("PVT_admin"), treeSize(t, exampleTasks(t)); got != want {
				t.Errorf("got %d cards, want %d", got, want)
			}
		})
	}
}

// TestAdminBoardByOwnerNumberAndFailures: owner/number resolves the board;
// a failed read of the board or its cards writes nothing.
func TestAdminBoardByOwnerNumberAndFailures(t *testing.T) {
	t.Parallel()
	gh, fsys, _ := adminFixture(t, `{"environments": {"CNCF/Mentoring": {"owner": "cncf", "number": 7}}}`, []string{"Todo"}, "Start", "Due")
	gh.SetProjectNumber("PVT_admin", "cncf", 7)
	for _, faults := range [][]githubtest.GraphQLFault{
		{{Field: "organization"}, {Field: "user"}},
		{{Field: "node", Message: "Resource not accessible by integration"}},
	} {
		for _, f := range faults {
			gh.InjectGraphQL(f)
		}
		gh.ResetCalls()
		_, err := adminSync(t, gh, fsys)
		if err == nil {
			t.Errorf("%s failing: got no error, want a failed read", faults[0].Field)
		}
		if st := gh.GraphQLStats(); st.Mutations != 0 || gh.ProjectItems("PVT_admin") != 0 {
			t.Errorf("%s failing: got %d mutations and %d cards, want none", faults[0].Field, st.Mutations, gh.ProjectItems("PVT_admin"))
		}
	}
	gh2, fsys2, _ := adminFixture(t, `{"environments": {"cncf/mentoring": {"owner": "cncf", "number": 7}}}`, []string{"Todo"}, "Start", "Due")
	gh2.SetProjectNumber("PVT_admin", "cncf", 7)
	if _, err := adminSync(t, gh2, fsys2); err != nil {
		t.Fatal(err)
	}
	if got, want := gh2.ProjectItems("PVT_admin"), treeSize(t, exampleTasks(t)); got != want {
		t.Errorf("by owner/number: got %d cards, want %d", got, want)
	}
}

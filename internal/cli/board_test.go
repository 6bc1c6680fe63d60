package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

func boardCLI(t *testing.T, srv *githubtest.Server, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			switch k {
			case "GITHUB_API_URL":
				return srv.URL
			case "GITHUB_TOKEN":
				return "token"
			}
			return ""
		},
		Now: func() time.Time { return time.Date(2027, 1, 10, 17, 0, 0, 0, time.UTC) }}
	code := Main(context.Background(), args, st)
	return out.String(), errb.String(), code
}

func TestBoardSync(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	if err := os.WriteFile(filepath.Join(dir, "programs/lfx-mentorship/automation/board.json"),
		[]byte(`{"environments": {"example/mentoring": {"projectId": "PVT_1"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := githubtest.NewServer(t)
	srv.AddRepo("example", "mentoring")
	srv.AddProject("PVT_1", "Proposals", "Inbox", "Awaiting approvals/confirmations", "Approved/confirmed", "CNCF Approved", "Exported", "Closed")
	a := srv.SeedIssue("example", "mentoring", githubtest.Issue{Title: "a", User: "x", Labels: []string{"Proposal", "Validation Passed"}})
	b := srv.SeedIssue("example", "mentoring", githubtest.Issue{Title: "b", User: "x", Labels: []string{"Proposal"}})
	srv.AddProjectItem("PVT_1", "example", "mentoring", b.Number, "Inbox")
	args := []string{"board", "sync", "--github", "example/mentoring", "--all", "--repo", dir}

	stdout, stderr, code := boardCLI(t, srv, args...)
	want := "(dry run: nothing is written)\n" +
		"#2 stays: Inbox -> Inbox: not validated yet\n" +
		"#1 moves: (not on the board) -> Awaiting approvals/confirmations: validated; the approval and confirmation gates are open\n" +
		"2 card(s), 1 to move\n"
	if code != ExitOK || stdout != want {
		t.Errorf("dry run: got exit %d, stdout\n%s\nstderr %s\nwant 0 and\n%s", code, stdout, stderr, want)
	}
	if st := srv.GraphQLStats(); st.Mutations != 0 {
		t.Errorf("dry run: got %d mutations, want none", st.Mutations)
	}

	stdout, _, code = boardCLI(t, srv, append(args, "--apply")...)
	if got, _ := srv.ProjectStatus("PVT_1", "example", "mentoring", a.Number); code != ExitOK || got != "Awaiting approvals/confirmations" || !strings.Contains(stdout, "#1 moved") {
		t.Errorf("--apply: got exit %d, status %q, stdout\n%s", code, got, stdout)
	}

	stdout, _, code = boardCLI(t, srv, "board", "sync", "--github", "example/mentoring", "--issue", "2", "--repo", dir, "--format", "json")
	if code != ExitOK || !strings.Contains(stdout, `"reason": "not validated yet"`) {
		t.Errorf("--issue --format json: got exit %d, stdout\n%s", code, stdout)
	}
}

func TestBoardSyncUsage(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	for _, args := range [][]string{
		{"board", "sync", "--github", "o/r"},
		{"board", "sync", "--github", "o/r", "--all", "--issue", "3"},
		{"board", "sync", "--github", "o", "--all"},
		{"board", "move"},
	} {
		if _, _, code := boardCLI(t, srv, args...); code != ExitUsage {
			t.Errorf("%v: got exit %d, want %d", args, code, ExitUsage)
		}
	}
	if _, stderr, code := run(t, "board", "sync", "--github", "o/r", "--all"); code != ExitUsage || !strings.Contains(stderr, "GITHUB_TOKEN") {
		t.Errorf("no token: got exit %d, stderr %q; want 2 naming GITHUB_TOKEN", code, stderr)
	}
}

package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckRunRerequested: the Re-run button re-validates the pull request
// at the check run's head (here after the term README was fixed), and the
// other check_run actions run nothing.
func TestCheckRunRerequested(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	seedPullRequest(a.gh)
	if status, body := a.deliver(t, "pull_request", "d-1", fixture(t, "pull_request.opened.json")); status != http.StatusOK {
		t.Fatalf("pull_request: got %d %q, want 200", status, body)
	}
	fixed := strings.ReplaceAll(badTerm, "11AM PST (18:00 UTC)", "11AM PDT (18:00 UTC)")
	a.gh.SetFileAt("cncf", "mentoring", "fix-term", "programs/lfx-mentorship/2025/02-Jun-Aug/README.md", fixed)
	rerun := fixture(t, "check_run.rerequested.json")
	completed := bytes.Replace(rerun, []byte(`"rerequested"`), []byte(`"completed"`), 1)
	if status, body := a.deliver(t, "check_run", "d-2", completed); status != http.StatusOK || !strings.Contains(body, "no job") {
		t.Errorf("check_run completed: got %d %q, want 200 and no job", status, body)
	}
	if status, body := a.deliver(t, "check_run", "d-3", rerun); status != http.StatusOK || !strings.Contains(body, "handled") {
		t.Fatalf("check_run rerequested: got %d %q, want 200 handled", status, body)
	}
	a.drain(t)
	crs := a.gh.CheckRuns("cncf", "mentoring")
	if len(crs) != 2 {
		t.Fatalf("got %d check runs, want 2 (the first and the re-run); logs:\n%s", len(crs), a.logs)
	}
	if cr := crs[1]; cr.HeadSHA != "HEADSHA" || cr.Conclusion != "success" || len(cr.Annotations) != 0 {
		t.Errorf("got re-run %+v, want a success on HEADSHA without annotations", cr)
	}
}

// TestBadConfigAnnotatesEachProblem: a config that does not load fails the
// pull request's check with one annotation per problem, on its line.
func TestBadConfigAnnotatesEachProblem(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	seedPullRequest(a.gh)
	a.gh.SetFile("cncf", "mentoring", "main", ".github/mentorbot.yml", "meeting:\n  mode: push\nlabels:\n  program: \"\"\n")
	if status, body := a.deliver(t, "pull_request", "d-1", fixture(t, "pull_request.opened.json")); status != http.StatusOK {
		t.Fatalf("got %d %q, want 200 (a bad config is not a retryable failure)", status, body)
	}
	a.drain(t)
	crs := a.gh.CheckRuns("cncf", "mentoring")
	if len(crs) != 1 {
		t.Fatalf("got %d check runs, want 1; logs:\n%s", len(crs), a.logs)
	}
	var got []string
	for _, an := range crs[0].Annotations {
		got = append(got, fmt.Sprintf("%v:%v: %v", an["path"], an["start_line"], an["message"]))
	}
	want := []string{
		`.github/mentorbot.yml:2: meeting.mode "push" is not commit or pull_request`,
		".github/mentorbot.yml:4: labels.program is empty",
	}
	if diff := cmp.Diff(want, got); diff != "" || crs[0].Conclusion != "failure" {
		t.Errorf("got conclusion %q, annotations (-want +got):\n%s", crs[0].Conclusion, diff)
	}
}

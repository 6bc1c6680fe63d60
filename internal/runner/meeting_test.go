package runner

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
)

const (
	minutes26 = "mentoring-wg/2026-meeting-minutes.md"
	minutes27 = "mentoring-wg/2027-meeting-minutes.md"
	putRoute  = "PUT /repos/{owner}/{repo}/contents/{path...}"
)

// exampleMinutes is the example repository's minutes file: upcoming
// meeting November 19, 2026.
func exampleMinutes(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../examples/mentoring/" + minutes26)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// meetingRepo starts a fake GitHub holding the example minutes file.
func meetingRepo(t *testing.T, content string) *githubtest.Server {
	t.Helper()
	srv := githubtest.NewServer(t)
	srv.AddRepo("example", "mentoring")
	srv.SetFile("example", "mentoring", "main", minutes26, content)
	return srv
}

// onlineEnv is the Action's Env: the default branch read through the
// contents API.
func onlineEnv(srv *githubtest.Server, now string, mutate func(*config.Config)) *Env {
	gh := srv.Client("token")
	cfg := config.Default()
	if mutate != nil {
		mutate(cfg)
	}
	t, _ := time.Parse(time.RFC3339, now)
	return &Env{
		Owner: "example", Repo: "mentoring", DefaultBranch: "main",
		FS:     githubapi.NewFS(context.Background(), gh, "example", "mentoring", "main"),
		Config: cfg, Now: t, GH: gh,
	}
}

// expected is what the planner makes of content at now: the file as the
// run should leave it.
func expected(t *testing.T, files map[string]string, now string) map[string]string {
	t.Helper()
	in := meeting.Input{Config: config.Default().Meeting, Files: map[string]meeting.Blob{}}
	in.Now, _ = time.Parse(time.RFC3339, now)
	out := map[string]string{}
	for p, c := range files {
		in.Files[p] = meeting.Blob{Content: []byte(c)}
		out[p] = c
	}
	res, err := meeting.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Changes {
		out[c.Path] = string(c.New)
	}
	return out
}

func writes(srv *githubtest.Server) int {
	_, w := srv.Total()
	return w
}

func TestMeetingCommitIsIdempotent(t *testing.T) {
	t.Parallel()
	const now = "2026-11-21T09:00:00Z"
	orig := exampleMinutes(t)
	srv := meetingRepo(t, orig)
	ctx := context.Background()

	res, err := Meeting(ctx, onlineEnv(srv, now, nil), MeetingOptions{})
	if err != nil {
		t.Fatalf("first run: got error %v, want none", err)
	}
	got, _ := srv.FileContent("example", "mentoring", "main", minutes26)
	if diff := cmp.Diff(expected(t, map[string]string{minutes26: orig}, now)[minutes26], got); diff != "" {
		t.Errorf("file after the first run (-want +got):\n%s", diff)
	}
	if !strings.Contains(got, "## December 17, 2026\n\n10:00 AM Pacific Time (18:00 UTC on 2026-12-17)\n") {
		t.Errorf("file after the first run has no December 17 stub:\n%s", got)
	}
	if n := srv.Count(putRoute); n != 1 {
		t.Errorf("first run: got %d PUTs, want 1", n)
	}
	wantOut := map[string]string{
		"meeting_date": "2026-12-17", "meeting_utc": "2026-12-17T18:00:00Z", "meeting_path": minutes26,
		"changed": "true", "commit_sha": res.Report.Outcomes[0].SHA,
	}
	if diff := cmp.Diff(wantOut, res.Outputs); diff != "" {
		t.Errorf("first run outputs (-want +got):\n%s", diff)
	}
	if res.Outputs["commit_sha"] == "" {
		t.Errorf("first run: got no commit_sha, want the commit")
	}

	// The second run, an hour later, finds the stub and writes nothing.
	srv.ResetCalls()
	res, err = Meeting(ctx, onlineEnv(srv, "2026-11-21T10:00:00Z", nil), MeetingOptions{})
	if err != nil {
		t.Fatalf("second run: got error %v, want none", err)
	}
	if w := writes(srv); w != 0 {
		t.Errorf("second run: got %d writes, want 0 (log %v)", w, srv.Log())
	}
	if res.Outputs["changed"] != "false" || res.Outputs["commit_sha"] != "" {
		t.Errorf("second run: got changed=%s commit_sha=%q, want false and empty", res.Outputs["changed"], res.Outputs["commit_sha"])
	}
	if c := srv.Commits("example", "mentoring", "main"); c != 2 {
		t.Errorf("got %d commits on main, want 2 (the seed and one stub)", c)
	}
}

func TestMeetingConcurrentEditLosesNothing(t *testing.T) {
	t.Parallel()
	const now = "2026-11-21T09:00:00Z"
	orig := exampleMinutes(t)
	// A person adds a note to the November meeting while mentorbot runs.
	edited := func(n int) string {
		return strings.Replace(orig, "* AL to post the info session dates on the discussion board\n",
			"* AL to post the info session dates on the discussion board\n* GH: recording uploaded"+strings.Repeat("!", n)+"\n", 1)
	}
	tests := []struct {
		name      string
		faults    int // concurrent edits, one before each PUT
		wantPUTs  int
		wantErr   bool
		wantFinal string
	}{
		{name: "one edit: re-read, re-plan, write", faults: 1, wantPUTs: 2, wantFinal: expected(t, map[string]string{minutes26: edited(1)}, now)[minutes26]},
		{name: "an edit before every try: give up, nothing lost", faults: 3, wantPUTs: 3, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := meetingRepo(t, orig)
			n := 0
			srv.Inject(githubtest.Fault{Route: putRoute, Times: tt.faults, Before: func() {
				n++
				srv.SetFile("example", "mentoring", "main", minutes26, edited(n))
			}})
			res, err := Meeting(context.Background(), onlineEnv(srv, now, nil), MeetingOptions{})
			if tt.wantErr {
				if !errors.Is(err, executor.ErrConflict) {
					t.Fatalf("got error %v, want ErrConflict", err)
				}
			} else if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if c := srv.Count(putRoute); c != tt.wantPUTs {
				t.Errorf("got %d PUTs, want %d", c, tt.wantPUTs)
			}
			got, _ := srv.FileContent("example", "mentoring", "main", minutes26)
			if !strings.Contains(got, "* GH: recording uploaded") {
				t.Errorf("the concurrent edit was lost:\n%s", got)
			}
			if tt.wantFinal != "" {
				if diff := cmp.Diff(tt.wantFinal, got); diff != "" {
					t.Errorf("final file (-want +got):\n%s", diff)
				}
				if res.Outputs["changed"] != "true" {
					t.Errorf("got changed=%s, want true", res.Outputs["changed"])
				}
			}
		})
	}
}

func TestMeetingYearRollover(t *testing.T) {
	t.Parallel()
	const now = "2026-11-21T09:00:00Z"
	const after = "2026-12-17T19:30:00Z" // the December meeting has ended
	srv := meetingRepo(t, exampleMinutes(t))
	ctx := context.Background()
	if _, err := Meeting(ctx, onlineEnv(srv, now, nil), MeetingOptions{}); err != nil {
		t.Fatal(err)
	}
	dec, _ := srv.FileContent("example", "mentoring", "main", minutes26)
	srv.ResetCalls()
	res, err := Meeting(ctx, onlineEnv(srv, after, nil), MeetingOptions{})
	if err != nil {
		t.Fatalf("rollover run: got error %v, want none", err)
	}
	want := expected(t, map[string]string{minutes26: dec}, after)
	for _, p := range []string{minutes26, minutes27} {
		got, ok := srv.FileContent("example", "mentoring", "main", p)
		if !ok {
			t.Fatalf("%s does not exist after the rollover", p)
		}
		if diff := cmp.Diff(want[p], got); diff != "" {
			t.Errorf("%s after the rollover (-want +got):\n%s", p, diff)
		}
	}
	jan, _ := srv.FileContent("example", "mentoring", "main", minutes27)
	for _, s := range []string{"(2027)", "## January 21, 2027", "(18:00 UTC on 2027-01-21)", "* [2026 Meeting Minutes](2026-meeting-minutes.md)"} {
		if !strings.Contains(jan, s) {
			t.Errorf("the 2027 file lacks %q", s)
		}
	}
	if c := srv.Count(putRoute); c != 2 {
		t.Errorf("got %d PUTs, want 2 (one commit per file)", c)
	}
	if res.Outputs["meeting_date"] != "2027-01-21" || res.Outputs["meeting_path"] != minutes27 {
		t.Errorf("got outputs %v, want meeting_date 2027-01-21 in %s", res.Outputs, minutes27)
	}
	srv.ResetCalls()
	if _, err := Meeting(ctx, onlineEnv(srv, after, nil), MeetingOptions{}); err != nil {
		t.Fatal(err)
	}
	if w := writes(srv); w != 0 {
		t.Errorf("run after the rollover: got %d writes, want 0", w)
	}
}

func TestMeetingPullRequestMode(t *testing.T) {
	t.Parallel()
	const now = "2026-11-21T09:00:00Z"
	orig := exampleMinutes(t)
	srv := meetingRepo(t, orig)
	ctx := context.Background()
	prMode := func(c *config.Config) { c.Meeting.Mode = "pull_request" }
	res, err := Meeting(ctx, onlineEnv(srv, now, prMode), MeetingOptions{})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if got, _ := srv.FileContent("example", "mentoring", "main", minutes26); got != orig {
		t.Errorf("pull_request mode changed the default branch")
	}
	got, _ := srv.FileContent("example", "mentoring", "mentorbot/meeting-stub", minutes26)
	if diff := cmp.Diff(expected(t, map[string]string{minutes26: orig}, now)[minutes26], got); diff != "" {
		t.Errorf("file on the branch (-want +got):\n%s", diff)
	}
	pulls := srv.Pulls("example", "mentoring")
	if len(pulls) != 1 || pulls[0].Head != "mentorbot/meeting-stub" || pulls[0].Base != "main" || pulls[0].Title != "minutes: add stub for the 2026-12-17 meeting" {
		t.Fatalf("got pull requests %+v, want one from mentorbot/meeting-stub into main", pulls)
	}
	if res.Outputs["pull_request"] != "1" || res.Outputs["changed"] != "true" {
		t.Errorf("got outputs %v, want pull_request=1 changed=true", res.Outputs)
	}
	srv.ResetCalls()
	res, err = Meeting(ctx, onlineEnv(srv, "2026-11-22T09:00:00Z", prMode), MeetingOptions{})
	if err != nil {
		t.Fatalf("second run: got error %v, want none", err)
	}
	if w := writes(srv); w != 0 {
		t.Errorf("second run: got %d writes, want 0 (log %v)", w, srv.Log())
	}
	if res.Outputs["changed"] != "false" {
		t.Errorf("second run: got changed=%s, want false", res.Outputs["changed"])
	}
}

func TestMeetingDryRunAndDate(t *testing.T) {
	t.Parallel()
	srv := meetingRepo(t, exampleMinutes(t))
	env := onlineEnv(srv, "2026-11-21T09:00:00Z", nil)
	env.DryRun = true
	res, err := Meeting(context.Background(), env, MeetingOptions{Date: "2026-12-17"})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if w := writes(srv); w != 0 {
		t.Errorf("dry run: got %d writes, want 0", w)
	}
	// Planned as of midnight Pacific on December 17: that day's meeting is next.
	if res.Outputs["meeting_date"] != "2026-12-17" || res.Outputs["changed"] != "false" {
		t.Errorf("got outputs %v, want meeting_date=2026-12-17 changed=false (a dry run changes nothing)", res.Outputs)
	}
	if len(res.Plan.Actions) != 1 {
		t.Fatalf("got %d actions, want 1", len(res.Plan.Actions))
	}
	put, ok := res.Plan.Actions[0].(plan.PutFile)
	if !ok || put.BaseSHA != githubtest.BlobSHA(exampleMinutes(t)) || !strings.Contains(put.Diff, "+## December 17, 2026\n") {
		t.Errorf("got action %+v, want a PutFile from the current sha with a diff adding December 17", res.Plan.Actions[0])
	}
	if _, err := Meeting(context.Background(), env, MeetingOptions{Date: "17/12/2026"}); err == nil {
		t.Errorf("bad date: got no error, want one")
	}
}

func TestMeetingLint(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(exampleMinutes(t), "(18:00 UTC on 2026-11-19)", "(17:00 UTC on 2026-11-19)", 1)
	srv := meetingRepo(t, bad)
	res, err := Meeting(context.Background(), onlineEnv(srv, "2026-11-21T09:00:00Z", nil), MeetingOptions{Lint: true})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != meeting.RuleTimeMismatch || res.Findings[0].Line != 36 {
		t.Errorf("got findings %v, want one %s on line 36", res.Findings, meeting.RuleTimeMismatch)
	}
	if res.Outputs["errors"] != "1" || res.Outputs["files_checked"] != "1" {
		t.Errorf("got outputs %v, want errors=1 files_checked=1", res.Outputs)
	}
}

func TestMeetingLintOlderFileIsHistory(t *testing.T) {
	t.Parallel()
	srv := meetingRepo(t, exampleMinutes(t))
	// Last year's file predates the sections and has a wrong template time.
	srv.SetFile("example", "mentoring", "main", "mentoring-wg/2025-meeting-minutes.md",
		"# Past Meetings\n\n# Meeting Template\n\n## December 18, 2025\n\n10:00 AM Pacific Time (17:00 UTC on 2025-12-18)\n")
	res, err := Meeting(context.Background(), onlineEnv(srv, "2026-11-21T09:00:00Z", nil), MeetingOptions{Lint: true})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	want := []string{"mentoring-wg/2025-meeting-minutes.md:7: warning: \"17:00 UTC on 2025-12-18\" should say 18:00 UTC: 10:00 AM Pacific Time on 2025-12-18 is 18:00 UTC [minutes-time-mismatch]"}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Outputs["files_checked"] != "2" {
		t.Errorf("got files_checked=%s, want 2", res.Outputs["files_checked"])
	}
}

func TestMeetingDeletedStubIsNotPutBack(t *testing.T) {
	t.Parallel()
	const now = "2026-11-21T09:00:00Z"
	srv := meetingRepo(t, exampleMinutes(t))
	ctx := context.Background()
	if _, err := Meeting(ctx, onlineEnv(srv, now, nil), MeetingOptions{}); err != nil {
		t.Fatal(err)
	}
	// A person removes the December stub: that meeting will not happen.
	withStub, _ := srv.FileContent("example", "mentoring", "main", minutes26)
	start := strings.Index(withStub, "## December 17, 2026")
	end := strings.Index(withStub, "# Past Meetings")
	removed := withStub[:start] + withStub[end:]
	srv.SetFile("example", "mentoring", "main", minutes26, removed)

	// The fake keeps no commit messages: serve the history GitHub would
	// give, and pass everything else to the fake.
	history := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/repos/example/mentoring/commits" {
			if r.URL.Query().Get("path") != minutes26 {
				t.Errorf("listed commits of %q, want %s", r.URL.Query().Get("path"), minutes26)
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `[{"sha":"c2","commit":{"message":"Remove the December stub"}},{"sha":"c1","commit":{"message":"minutes: add stub for the 2026-12-17 meeting"}}]`)
			return
		}
		u, _ := url.Parse(srv.URL)
		httputil.NewSingleHostReverseProxy(u).ServeHTTP(w, r)
	}))
	defer history.Close()
	env := onlineEnv(srv, "2026-11-25T09:00:00Z", nil)
	env.GH, _ = githubapi.NewClient("token", history.URL, http.DefaultTransport)
	env.FS = githubapi.NewFS(ctx, env.GH, "example", "mentoring", "main")
	srv.ResetCalls()
	res, err := Meeting(ctx, env, MeetingOptions{})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if w := writes(srv); w != 0 {
		t.Errorf("got %d writes, want 0: the removed stub was put back (log %v)", w, srv.Log())
	}
	if got, _ := srv.FileContent("example", "mentoring", "main", minutes26); got != removed {
		t.Errorf("the file changed after a person removed the stub")
	}
	if res.Outputs["changed"] != "false" {
		t.Errorf("got changed=%s, want false", res.Outputs["changed"])
	}
}

func TestMeetingWithoutMinutesIsSkipped(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("example", "mentoring")
	for _, lint := range []bool{false, true} {
		res, err := Meeting(context.Background(), onlineEnv(srv, "2026-11-21T09:00:00Z", nil), MeetingOptions{Lint: lint})
		if err != nil {
			t.Fatalf("lint %v: got error %v, want none", lint, err)
		}
		want := `no minutes file: nothing matches meeting.path "*/{year}-meeting-minutes.md" (for 2026: */2026-meeting-minutes.md)`
		if res.Skipped != want {
			t.Errorf("lint %v: got skipped %q, want %q", lint, res.Skipped, want)
		}
	}
	if w := writes(srv); w != 0 {
		t.Errorf("got %d writes, want 0", w)
	}
}

func TestMeetingRolloverRacesAHandMadeFile(t *testing.T) {
	t.Parallel()
	const after = "2026-12-17T19:30:00Z"
	srv := meetingRepo(t, exampleMinutes(t))
	ctx := context.Background()
	// While mentorbot writes the 2026 file, a person creates 2027's by hand.
	handMade := "# Upcoming Meetings\n\n# Past Meetings\n\n# Notes\n\nStarted by hand.\n"
	srv.Inject(githubtest.Fault{Route: putRoute, Before: func() {
		srv.SetFile("example", "mentoring", "main", minutes27, handMade)
	}})
	res, err := Meeting(ctx, onlineEnv(srv, after, nil), MeetingOptions{})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	got, _ := srv.FileContent("example", "mentoring", "main", minutes27)
	want := expected(t, map[string]string{minutes27: handMade, minutes26: exampleMinutes(t)}, after)[minutes27]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("2027 file (-want +got):\n%s", diff)
	}
	if !strings.Contains(got, "Started by hand.") || !strings.Contains(got, "## January 21, 2027") {
		t.Errorf("got 2027 file %q, want the hand-made file with the January stub", got)
	}
	// 2026 written once; 2027: the create lost the race, then one update.
	if c := srv.Count(putRoute); c != 2 {
		t.Errorf("got %d PUTs, want 2 (log %v)", c, srv.Log())
	}
	if res.Outputs["changed"] != "true" || res.Outputs["meeting_date"] != "2027-01-21" {
		t.Errorf("got outputs %v, want changed=true meeting_date=2027-01-21", res.Outputs)
	}
}

package runner

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/board"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// soakRuns is how many runs of each job the soak makes: a few always,
// more with -soak (go test ./internal/runner -run Soak -soak -v).
var soakRuns = flag.Int("soak", 0, "runs of each job in TestSoakUnderFaults (default 4; 50 is the long soak)")

// soakLog logs the requests of each run that went wrong.
var soakLog = flag.Bool("soak.log", false, "log the requests of each soak run that ends wrong")

// soakRate is the share of requests that fail.
const soakRate = 0.2

// soakAttempts bounds the deliveries of one event under faults (the App's
// redeliveries, the Action's re-runs); a last one is made once GitHub has
// recovered.
const soakAttempts = 30

// soakRun is one delivery of a job's event: fresh Env and snapshot, as the
// App makes per delivery, over a client shared by the deliveries.
type soakRun func(ctx context.Context, gh *github.Client) (*Result, error)

// soakCase seeds a fake GitHub for one job and returns its delivery.
type soakCase struct {
	job   string
	repos [][2]string // the repositories whose state is compared
	setup func(t *testing.T, srv *githubtest.Server) soakRun
}

// appEnv is propEnv with the repository read as the App reads it: through
// the event's snapshot at ref (the git tree, blobs by sha).
func appEnv(ctx context.Context, gh *github.Client, ev *event.Event, ref string) *Env {
	env := propEnv(gh, ev)
	env.FS = env.Reads().FS(ctx, ref)
	return env
}

// soakTerm is a term README whose dates do not match its folder: many
// findings.
const soakTerm = `# Term 02 - 2025 June - August

Status: Complete

### Timeline

| Activity | Date |
| --- | --- |
| Project Proposals Open | Wed, April 16 – Tue, May 13, 2025 11AM PDT (18:00 UTC) |
| Mentee Applications Open | Thu, May 15 – Tue, May 27, 2025 11AM PST (18:00 UTC) |
| Selection Notifications | Wed, June 4, 2025 |
| Last Day of Term | Fri, August 29, 2025 |
`

var soakCases = []soakCase{
	{job: "validate (check run, many annotations)", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		srv.AddBranch(propOwner, propRepo, "change", "main", "headsha")
		var files []string
		for y := 2030; y < 2050; y++ {
			for _, tm := range []string{"01-Mar-May", "02-Jun-Aug", "03-Sep-Nov"} {
				p := fmt.Sprintf("programs/lfx-mentorship/%d/%s/README.md", y, tm)
				srv.SetFileAt(propOwner, propRepo, "change", p, soakTerm)
				files = append(files, p)
			}
		}
		srv.SetPullFiles(propOwner, propRepo, 7, files)
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			ev := &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo,
				PullRequest: &event.PullRequest{Number: 7, HeadSHA: "headsha"}}
			return validateJob(ctx, appEnv(ctx, gh, ev, "headsha"), appParams)
		}
	}},
	{job: "validate (check run, passing)", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		srv.AddBranch(propOwner, propRepo, "change", "main", "headsha")
		srv.SetPullFiles(propOwner, propRepo, 7, []string{termReadme2027T1})
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			ev := &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo,
				PullRequest: &event.PullRequest{Number: 7, HeadSHA: "headsha"}}
			return validateJob(ctx, appEnv(ctx, gh, ev, "headsha"), appParams)
		}
	}},
	{job: "meeting", repos: [][2]string{{"example", "mentoring"}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		srv.AddRepo("example", "mentoring")
		srv.SetFile("example", "mentoring", "main", minutes26, exampleMinutes(t))
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			env := onlineEnv(srv, "2026-11-21T09:00:00Z", nil)
			env.GH = gh
			env.FS = env.Reads().FS(ctx, "main")
			return meetingJob(ctx, env, nil)
		}
	}},
	{job: "meeting (pull request)", repos: [][2]string{{"example", "mentoring"}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		srv.AddRepo("example", "mentoring")
		srv.SetFile("example", "mentoring", "main", minutes26, exampleMinutes(t))
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			env := onlineEnv(srv, "2026-11-21T09:00:00Z", nil)
			env.GH = gh
			env.FS = env.Reads().FS(ctx, "main")
			return meetingJob(ctx, env, func(n string) string { return map[string]string{"mode": "pull_request"}[n] })
		}
	}},
	{job: "proposal", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		n := seedProposal(t, srv, exampleIssues(t)[12].Body)
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			return proposalJob(ctx, appEnv(ctx, gh, issuesEvent("opened", "ann-smith", n), "main"), nil)
		}
	}},
	{job: "command", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		ex := exampleIssues(t)[12]
		is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: ex.Body, Labels: ex.Labels, User: ex.Author})
		srv.SetPermission(propOwner, propRepo, "argo-maint", "write")
		c := srv.SeedComment(propOwner, propRepo, is.Number, "argo-maint", "/approve")
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			ev := &event.Event{Name: "issue_comment", Action: "created", Owner: propOwner, Repo: propRepo,
				Sender: "argo-maint", SenderType: "User",
				Issue:   &event.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels, User: is.User, State: "open"},
				Comment: &event.Comment{ID: c.ID, User: c.User, Body: c.Body}}
			return commandJob(ctx, appEnv(ctx, gh, ev, "main"), nil)
		}
	}},
	{job: "umbrella", repos: [][2]string{{umbOwner, umbRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		srv.AddRepo(umbOwner, umbRepo)
		fsys := umbFS(t, exampleTasks(t))
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			return umbrellaJob(ctx, umbEnv(gh, fsys), func(string) string { return "2027-2" })
		}
	}},
	{job: "export", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		seedExportIssues(t, srv, 1)
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			env := exportEnv(gh)
			env.FS = env.Reads().FS(ctx, "main")
			return exportJob(ctx, env, func(n string) string { return map[string]string{"term": "2027-1"}[n] })
		}
	}},
	{job: "reminder", repos: [][2]string{{umbOwner, umbRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		_, fsys, cfg, _ := remSetupOn(t, srv, "comment")
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			env := &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", FS: fsys, Config: cfg, GH: gh,
				Now: time.Date(2026, 11, 17, 20, 0, 0, 0, time.UTC)}
			return reminderJob(ctx, env, nil)
		}
	}},
	{job: "announce", repos: [][2]string{{umbOwner, umbRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		src, err := os.ReadFile("../../examples/mentoring/" + annMinutes)
		if err != nil {
			t.Fatal(err)
		}
		srv.AddRepo(umbOwner, umbRepo)
		srv.SetFile(umbOwner, umbRepo, "main", annMinutes, string(src))
		srv.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: "Talk about stipends", Labels: []string{"wg-agenda"}})
		cfg := config.Default()
		cfg.Announce.Enabled, cfg.Announce.AgendaLabel, cfg.Announce.OnTheDay = true, "wg-agenda", true
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			env := &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", Config: cfg, GH: gh,
				Now: time.Date(2026, 11, 13, 1, 0, 0, 0, time.UTC)}
			env.FS = env.Reads().FS(ctx, "main")
			return announceJob(ctx, env, nil)
		}
	}},
	{job: "calendar", repos: [][2]string{{umbOwner, umbRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		srv.AddRepo(umbOwner, umbRepo)
		calSeed(t, srv)
		cfg := config.Default()
		cfg.Calendar.Commit, cfg.TimelineChart.Readme = true, true
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			env := &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", Config: cfg, GH: gh,
				Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}
			env.FS = env.Reads().FS(ctx, "main")
			return calendarJobRun(ctx, env, nil)
		}
	}},
	{job: "labels", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		srv.SetFile(propOwner, propRepo, "main", ".github/labeler.yml", testLabeler)
		pr := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "2027 term 1", IsPull: true, User: "alice", Labels: []string{"do not merge", "2027"}})
		srv.SetPullFiles(propOwner, propRepo, pr.Number, []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"})
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			ev := &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo,
				PullRequest: &event.PullRequest{Number: pr.Number, HeadRef: "term", BaseRef: "main"}}
			return labelsJob(ctx, appEnv(ctx, gh, ev, "main"), nil)
		}
	}},
	{job: "projects", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		seedLandscape(t, srv)
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			return projectsJob(ctx, appEnv(ctx, gh, nil, "main"), nil)
		}
	}},
	{job: "board", repos: [][2]string{{propOwner, propRepo}}, setup: func(t *testing.T, srv *githubtest.Server) soakRun {
		seedExampleRepo(t, srv)
		srv.SetFile(propOwner, propRepo, "main", "programs/lfx-mentorship/"+board.ConfigFile, boardJSON)
		srv.AddProject(prodBoard, "CNCF LFX Mentorship Project Proposals", boardColumns...)
		is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "[CNCF LFX Proposal] Argo metrics", User: "janedoe",
			Labels: []string{"lfx mentorship", "Proposal", "Validation Passed", "Maintainer Approved", "Mentors Confirmed"}})
		return func(ctx context.Context, gh *github.Client) (*Result, error) {
			return boardJob(ctx, appEnv(ctx, gh, issueEvent(srv, is.Number), "main"), nil)
		}
	}},
}

// remSetupOn is remSetup on a given fake.
func remSetupOn(t *testing.T, srv *githubtest.Server, post string) (*githubtest.Server, fstest.MapFS, *config.Config, int) {
	t.Helper()
	_, fsys, cfg, _ := remSetup(t, post)
	srv.AddRepo(umbOwner, umbRepo)
	tm := umbrella.Term{Year: 2026, Number: 3}
	labels, err := umbrella.Labels(tm, cfg)
	if err != nil {
		t.Fatal(err)
	}
	u := srv.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: "LFX Mentorship 2026 Term 3", User: "mentorbot[bot]",
		Body: "Umbrella\n\n" + umbrella.Marker(tm, umbrella.KeyUmbrella) + "\n", Labels: labels})
	return srv, fsys, cfg, u.Number
}

// soakTally is what the soak counts over every run of every job.
type soakTally struct {
	mu                                     sync.Mutex
	runs, attempts, convergedUnderFaults   int
	wrongFinal, duplicates, falseSuccesses int
	faults                                 map[githubtest.FaultKind]int
	failures                               []string
}

func (s *soakTally) fault(kinds map[githubtest.FaultKind]int) {
	for k, v := range kinds {
		s.faults[k] += v
	}
}

// TestSoakUnderFaults runs every job's event again and again against a
// fake GitHub that fails 20% of requests (403 with Retry-After, 429, 502,
// 409, a connection dropped before or after the write was applied, a 502
// after it was applied), redelivering it until a delivery succeeds (at
// most soakAttempts, then once more with GitHub recovered), as the App's
// recovery loop does. The retrying transport's waits are not slept. Each
// run's final state is compared with a run without faults: wrong final
// states, duplicates and false successes (a delivery that succeeded while
// its writes are not all there) must all be 0.
func TestSoakUnderFaults(t *testing.T) {
	t.Parallel()
	runs := *soakRuns
	if runs <= 0 {
		runs = 4
		if testing.Short() {
			runs = 1
		}
	}
	tally := &soakTally{faults: map[githubtest.FaultKind]int{}}
	for ci, sc := range soakCases {
		t.Run(sc.job, func(t *testing.T) {
			t.Parallel()
			want, wantDups := soakReference(t, sc)
			for r := range runs {
				soakOnce(t, sc, int64(ci*100000+r), want, wantDups, tally)
			}
		})
	}
	t.Cleanup(func() {
		var kinds []string
		total := 0
		for _, k := range githubtest.FaultKinds {
			kinds = append(kinds, fmt.Sprintf("%s: %d", k, tally.faults[k]))
			total += tally.faults[k]
		}
		sort.Strings(tally.failures)
		t.Logf("soak at %.0f%% faults over %d jobs: %d runs, %d deliveries, %d converged under faults (the rest on the delivery after GitHub recovered); "+
			"%d faults injected (%s); wrong final states %d, duplicates %d, false successes %d",
			soakRate*100, len(soakCases), tally.runs, tally.attempts, tally.convergedUnderFaults, total, strings.Join(kinds, ", "),
			tally.wrongFinal, tally.duplicates, tally.falseSuccesses)
		for _, f := range tally.failures {
			t.Error(f)
		}
	})
}

// soakClient is the App's and the Action's client on the fake: the
// retrying transport, with its waits recorded, not slept.
func soakClient(t *testing.T, srv *githubtest.Server) *github.Client {
	t.Helper()
	gh, err := githubapi.NewClient("tok", srv.URL, &githubapi.Retry{
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return gh
}

// soakReference is the state a run without faults leaves, and the
// duplicates the seed itself holds.
func soakReference(t *testing.T, sc soakCase) (string, map[string]bool) {
	t.Helper()
	srv := githubtest.NewServer(t)
	run := sc.setup(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := run(ctx, soakClient(t, srv))
	if err != nil {
		t.Fatalf("%s without faults: %v", sc.job, err)
	}
	// A job that writes nothing would soak nothing.
	all, writes := srv.Total()
	if writes == 0 {
		t.Fatalf("%s without faults: got no writes (skipped %q), want the job to write", sc.job, res.Skipped)
	}
	t.Logf("%s without faults: %d requests, %d writes", sc.job, all, writes)
	return soakState(srv, sc), soakDups(srv, sc)
}

func soakState(srv *githubtest.Server, sc soakCase) string {
	var b strings.Builder
	for _, r := range sc.repos {
		b.WriteString(srv.State(r[0], r[1]))
	}
	return b.String()
}

func soakDups(srv *githubtest.Server, sc soakCase) map[string]bool {
	out := map[string]bool{}
	for _, r := range sc.repos {
		for _, d := range srv.Duplicates(r[0], r[1]) {
			out[d] = true
		}
	}
	return out
}

// soakOnce is one run: a fresh fake, faults on, deliveries until one
// succeeds, then the checks.
func soakOnce(t *testing.T, sc soakCase, seed int64, want string, wantDups map[string]bool, tally *soakTally) {
	t.Helper()
	srv := githubtest.NewServer(t)
	run := sc.setup(t, srv)
	gh := soakClient(t, srv)
	srv.SetChaos(githubtest.Chaos{Rate: soakRate, Seed: seed})
	var failures []string
	fail := func(format string, args ...any) {
		failures = append(failures, fmt.Sprintf("%s, seed %d: ", sc.job, seed)+fmt.Sprintf(format, args...))
	}
	deliver := func() error {
		// A bound, not an assertion: no delivery waits on anything.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := run(ctx, gh)
		return err
	}
	attempts, ok := 0, false
	for attempts < soakAttempts && !ok {
		attempts++
		if err := deliver(); err != nil {
			continue
		}
		ok = true
		if got := soakState(srv, sc); got != want {
			fail("false success: delivery %d succeeded, but the state differs from a run without faults:\n%s", attempts, stateDiff(want, got))
		}
	}
	injected := srv.ChaosInjected()
	srv.SetChaos(githubtest.Chaos{})
	if !ok {
		attempts++
		if err := deliver(); err != nil {
			fail("wrong final state: the delivery after GitHub recovered failed: %v", err)
		}
	}
	got := soakState(srv, sc)
	wrong := got != want
	if wrong {
		fail("wrong final state:\n%s", stateDiff(want, got))
		if *soakLog {
			t.Logf("%s, seed %d: requests:\n%s", sc.job, seed, strings.Join(srv.Log(), "\n"))
		}
	}
	var dups []string
	for _, d := range srv.Duplicates(sc.repos[0][0], sc.repos[0][1]) {
		if !wantDups[d] {
			dups = append(dups, d)
		}
	}
	if len(dups) > 0 {
		fail("duplicates: %v", dups)
	}
	tally.mu.Lock()
	defer tally.mu.Unlock()
	tally.runs++
	tally.attempts += attempts
	if ok {
		tally.convergedUnderFaults++
	}
	if wrong {
		tally.wrongFinal++
	}
	tally.duplicates += len(dups)
	for _, f := range failures {
		if strings.Contains(f, "false success") {
			tally.falseSuccesses++
		}
	}
	tally.fault(injected)
	tally.failures = append(tally.failures, failures...)
}

// stateDiff lists the lines of one state missing from the other.
func stateDiff(want, got string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := count(want), count(got)
	var out []string
	for l, n := range w {
		if g[l] < n {
			out = append(out, "- "+l)
		}
	}
	for l, n := range g {
		if w[l] < n {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	if len(out) > 20 {
		out = append(out[:20], fmt.Sprintf("... and %d more", len(out)-20))
	}
	return strings.Join(out, "\n")
}

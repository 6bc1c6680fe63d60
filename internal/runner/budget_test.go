package runner

import (
	"context"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// face runs one event's jobs as the App or the Action does and returns
// the requests it made to the fake GitHub.
type face func(t *testing.T, r *cmdRig, ev *event.Event) []string

// appFace is the App: a fresh Env per delivery, config and files read
// through the event's snapshot at the default branch, the jobs the routing
// table gives; one client across deliveries, as the App keeps one per
// installation.
func appFace(t *testing.T, r *cmdRig, ev *event.Event) []string {
	t.Helper()
	srv := r.srv
	srv.ResetCalls()
	ctx := context.Background()
	env := propEnv(r.gh, ev)
	env.FS = env.Reads().FS(ctx, "main")
	cfg, err := config.Load(env.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	env.Config = cfg
	if ev.PullRequest != nil {
		env.FS = env.Reads().FS(ctx, ev.PullRequest.HeadSHA) // the head's files, never run
	}
	jobs, _ := Route(ev, cfg)
	for _, j := range jobs {
		if _, err := j.Run(ctx, env, appParams); err != nil {
			t.Fatalf("%s: %v", j.Name, err)
		}
	}
	return srv.Log()
}

// actionFace is the Action with one command: the checked-out workspace
// for files and config, the job by name.
func actionFace(command string) face {
	return func(t *testing.T, r *cmdRig, ev *event.Event) []string {
		t.Helper()
		srv := r.srv
		srv.ResetCalls()
		env := propEnv(r.gh, ev)
		env.FS = memRepo(t)
		if _, err := job(command).Run(context.Background(), env, nil); err != nil {
			t.Fatalf("%s: %v", command, err)
		}
		return srv.Log()
	}
}

// writesIn counts the requests of log that are not reads.
func writesIn(log []string) []string {
	var out []string
	for _, l := range log {
		if !strings.HasPrefix(l, "GET ") {
			out = append(out, l)
		}
	}
	return out
}

// TestRequestBudgets asserts, per face, exactly how many requests an event
// costs (the issue's targets: at most 4 for an edit that changes nothing,
// in the App and in the Action with command: proposal; at most 9 for a new
// proposal; at most 4 for a repeated command comment, writing nothing but
// reactions) and which writes it makes.
func TestRequestBudgets(t *testing.T) {
	t.Parallel()
	edited := func(r *cmdRig) *event.Event { return r.issueEvent("edited", nil) }
	opened := func(r *cmdRig) *event.Event { return r.issueEvent("opened", nil) }
	approve := func(r *cmdRig) *event.Event {
		c := r.srv.SeedComment(propOwner, propRepo, r.number, "argo-maint", "/approve")
		return r.commentEvent("created", *c)
	}
	pullRequest := func(r *cmdRig) *event.Event {
		r.srv.AddBranch(propOwner, propRepo, "change", "main", "headsha")
		// A pull request is an issue too, as on GitHub: its labels are the
		// issue's.
		pr := r.srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "Add the 2027 Term 1 folder", User: "ann"})
		r.srv.SetPullFiles(propOwner, propRepo, pr.Number, []string{termReadme2027T1})
		r.srv.ResetCalls()
		return &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo, Sender: "ann", SenderType: "User",
			PullRequest: &event.PullRequest{Number: pr.Number, HeadSHA: "headsha"}}
	}
	tests := []struct {
		name string
		face face
		// checked: the proposal was checked before (steady state).
		checked bool
		// warm: the App read the repository's files before (blob cache).
		warm  bool
		event func(r *cmdRig) *event.Event
		// repeat delivers the event twice and counts the second.
		repeat     bool
		want       int
		wantWrites int
		// conditional: the App's client, with its ETag cache; wantCounted
		// is then the requests not answered 304.
		conditional bool
		wantCounted int
	}{
		// The tree (config, form, README from the blob cache), the issue, its
		// comments, the open proposals; the command job reads nothing more.
		{name: "App: proposal edited, no change", face: appFace, checked: true, event: edited, want: 4},
		{name: "Action proposal: edited, no change", face: actionFace("proposal"), checked: true, event: edited, want: 3},
		// With conditional requests (githubapi.NewClient), an event on a
		// repository that did not change since the last one is all 304s,
		// which GitHub does not count against the rate limit.
		{name: "App: proposal edited, no change, again", face: appFace, checked: true, conditional: true, event: edited, repeat: true, want: 4, wantCounted: 0},
		// Reads as above plus the labels (the executor's EnsureLabel
		// check); writes: labels added (with the command job's gate
		// labels) and removed, the report (with the command job's gates
		// section): in the App both jobs run, and the proposal job writes
		// what the command job would (together.go), which then writes
		// nothing.
		{name: "App: proposal opened, warm cache", face: appFace, warm: true, event: opened, want: 8, wantWrites: 3},
		{name: "App: proposal opened, cold cache", face: appFace, event: opened, want: 11, wantWrites: 3},
		{name: "Action proposal: opened", face: actionFace("proposal"), event: opened, want: 7, wantWrites: 3},
		// The default branch's tree (config), the changed files, the head's
		// tree (the term README's blob is the default branch's: cached),
		// the head's check runs (the executor's idempotency check); the
		// check run is a write; the labels job adds the blob of
		// .github/labeler.yml, the pull request's issue (its labels) and the
		// labels it adds, the other write.
		{name: "App: pull request opened", face: appFace, warm: true, event: pullRequest, want: 8, wantWrites: 2},
		// The issue, its comments, the commenter's role (and the tree in
		// the App); no write: the report records the comment judged the
		// first time, so the replay plans no reactions (command/judged.go).
		{name: "App: repeated command comment", face: appFace, checked: true, event: approve, repeat: true, want: 4, wantWrites: 0},
		{name: "Action command: repeated command comment", face: actionFace("command"), checked: true, event: approve, repeat: true, want: 3, wantWrites: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := budgetRig(t, tt.checked, tt.conditional)
			if tt.warm {
				r.gh = warmClient(t, r.srv)
			}
			ev := tt.event(r)
			log := tt.face(t, r, ev)
			if tt.repeat {
				log = tt.face(t, r, ev)
			}
			sort.Strings(log)
			t.Logf("%d requests: %v", len(log), log)
			if len(log) != tt.want {
				t.Errorf("got %d requests, want %d", len(log), tt.want)
			}
			if counted := len(log) - r.srv.NotModified(); tt.conditional && counted != tt.wantCounted {
				t.Errorf("got %d requests counted against the rate limit (not 304), want %d", counted, tt.wantCounted)
			}
			w := writesIn(log)
			if len(w) != tt.wantWrites {
				t.Errorf("got writes %v, want %d", w, tt.wantWrites)
			}
			for _, l := range w {
				if tt.repeat && !strings.HasSuffix(l, "/reactions") {
					t.Errorf("got write %s on a repeated comment, want reactions only", l)
				}
			}
		})
	}
}

// budgetRig is example proposal #12 in the fake, checked once by the App
// when checked is set; with conditional, the client is the App's
// (githubapi.NewClient: ETag cache, blob cache).
func budgetRig(t *testing.T, checked, conditional bool) *cmdRig {
	t.Helper()
	labels := usedLabels(t)
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	// The repository has the labels mentorbot uses, as cncf/mentoring does.
	for _, l := range labels {
		srv.SeedLabel(propOwner, propRepo, l)
	}
	ex := exampleIssues(t)[12]
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: ex.Body, Labels: ex.Labels, User: ex.Author})
	srv.SetPermission(propOwner, propRepo, "argo-maint", "write")
	r := &cmdRig{t: t, srv: srv, gh: srv.Client("tok"), number: is.Number}
	if conditional {
		gh, err := githubapi.NewClient("tok", srv.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		r.gh = gh
	}
	r.cfg = propEnv(r.gh, nil).Config
	if checked {
		appFace(t, r, r.issueEvent("opened", nil))
	}
	srv.ResetCalls()
	return r
}

// usedLabels are the labels mentorbot uses in the example config, which
// cncf/mentoring has: the program's, the terms', the years' and every
// styled (check and gate) label.
func usedLabels(t *testing.T) []string {
	t.Helper()
	l := config.Default().Labels
	out := []string{l.Program, l.Proposal, l.Administration, l.NeedsValidation, "2026", "2027"}
	for _, name := range l.Terms {
		out = append(out, name)
	}
	for name := range l.Styles {
		out = append(out, name)
	}
	return out
}

// warmClient is a client whose blob cache holds the repository's files,
// as the App's installation client does after its first event.
func warmClient(t *testing.T, srv *githubtest.Server) *github.Client {
	t.Helper()
	gh := srv.Client("tok")
	fsys := githubapi.NewTreeFS(context.Background(), gh, propOwner, propRepo, "main")
	for _, p := range []string{".github/mentorbot.yml", ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml", termReadme2027T1} {
		if _, err := fs.ReadFile(fsys, p); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetCalls()
	return gh
}

// job returns the row of the job named name.
func job(name string) Job {
	for _, j := range Jobs {
		if j.Name == name {
			return j
		}
	}
	panic("no job " + name)
}

package runner

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/scaffold"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

const (
	umbOwner, umbRepo = "cncf", "mentoring"
	umbTasks          = ".github/term-issues.yml"
	routeCreateIssue  = "POST /repos/{owner}/{repo}/issues"
	routeListIssues   = "GET /repos/{owner}/{repo}/issues"
	routeAddSubIssue  = "POST /repos/{owner}/{repo}/issues/{number}/sub_issues"
	routeListSubIssue = "GET /repos/{owner}/{repo}/issues/{number}/sub_issues"
)

// umbFS is a repository holding the 2027 Term 2 folder, scaffolded from the
// example schedule, and a task tree.
func umbFS(t testing.TB, tasks string) fstest.MapFS {
	t.Helper()
	data, err := os.ReadFile("../../examples/schedules/2027-t2.yml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scaffold.Parse(data, "2027-t2.yml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := scaffold.Render(s, config.Default(), scaffold.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{umbTasks: {Data: []byte(tasks)}}
	for _, f := range res.Files {
		fsys[f.Path] = &fstest.MapFile{Data: []byte(f.Content)}
	}
	return fsys
}

func exampleTasks(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("../../examples/mentoring/" + umbTasks)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func umbEnv(gh *github.Client, fsys fstest.MapFS) *Env {
	cfg := config.Default()
	cfg.Umbrella.Tasks = umbTasks
	return &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", FS: fsys, Config: cfg,
		Now: time.Date(2027, 4, 1, 17, 0, 0, 0, time.UTC), GH: gh}
}

// treeSize is how many issues the example tree opens: the umbrella and
// every section and task.
func treeSize(t testing.TB, tasks string) int {
	t.Helper()
	tr, err := umbrella.ParseTasks([]byte(tasks), "tasks")
	if err != nil {
		t.Fatal(err)
	}
	return 1 + tr.Count()
}

// checkTree asserts the fake holds exactly one issue per marker, n in all,
// each linked under the parent the layout gives it, with the term's labels.
func checkTree(t *testing.T, srv *githubtest.Server, fsys fstest.MapFS, n int) {
	t.Helper()
	issues := srv.Issues(umbOwner, umbRepo)
	if len(issues) != n {
		t.Fatalf("got %d issues, want %d", len(issues), n)
	}
	tm := umbrella.Term{Year: 2027, Number: 2}
	byKey := map[string]githubtest.Issue{}
	byID := map[int64]githubtest.Issue{}
	for _, is := range issues {
		key := umbrella.KeyOf(tm, umbrella.FindMarker(is.Body))
		if key == "" {
			t.Errorf("issue #%d %q has no marker of term %s", is.Number, is.Title, tm)
			continue
		}
		if prev, dup := byKey[key]; dup {
			t.Errorf("issues #%d and #%d both carry %s", prev.Number, is.Number, key)
		}
		byKey[key] = is
		byID[is.ID] = is
		if got, want := strings.Join(is.Labels, ","), "lfx mentorship,Term 2: June-Aug,2027,administration"; got != want {
			t.Errorf("issue #%d: got labels %s, want %s", is.Number, got, want)
		}
	}
	env := umbEnv(nil, fsys)
	loaded, err := umbrella.Load(context.Background(), nil, env.FS, env.Config, umbrella.LoadOptions{Term: "2027-2"})
	if err != nil || len(loaded.Inputs) != 1 {
		t.Fatalf("got %d inputs, %v; want one", len(loaded.Inputs), err)
	}
	in := loaded.Inputs[0]
	layout, err := umbrella.Layout(in, env.Config)
	if err != nil {
		t.Fatal(err)
	}
	for key, parentKey := range layout {
		child, parent := byKey[key], byKey[parentKey]
		if child.ParentID != parent.ID || parent.ID == 0 {
			t.Errorf("%s (#%d): got parent #%d, want #%d (%s)", key, child.Number, byID[child.ParentID].Number, parent.Number, parentKey)
		}
	}
}

func TestUmbrellaCreatesTreeOnce(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo(umbOwner, umbRepo)
	tasks := exampleTasks(t)
	fsys := umbFS(t, tasks)
	n := treeSize(t, tasks)

	res, err := Umbrella(context.Background(), umbEnv(srv.Client("token"), fsys), UmbrellaOptions{})
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	checkTree(t, srv, fsys, n)
	if got, want := res.Outputs["umbrella_issue"], "1"; got != want {
		t.Errorf("got umbrella_issue %s, want %s", got, want)
	}
	if got, want := res.Outputs["umbrella_url"], "https://github.com/cncf/mentoring/issues/1"; got != want {
		t.Errorf("got umbrella_url %s, want %s", got, want)
	}
	if got, want := res.Outputs["issues_created"], itoa(n); got != want {
		t.Errorf("got issues_created %s, want %s", got, want)
	}
	// One list by labels, shared by the loader and the executor through
	// the event's snapshot; labels listed once; every issue and link
	// written once.
	for route, want := range map[string]int{
		routeCreateIssue: n, routeAddSubIssue: n - 1, routeListIssues: 1,
		"GET /repos/{owner}/{repo}/labels": 1, "POST /repos/{owner}/{repo}/labels": 4,
	} {
		if got := srv.Count(route); got != want {
			t.Errorf("first run: got %d calls to %s, want %d", got, route, want)
		}
	}
	all, writes := srv.Total()
	t.Logf("new term: %d issues, %d API calls (%d writes)", n, all, writes)

	srv.ResetCalls()
	res, err = Umbrella(context.Background(), umbEnv(srv.Client("token"), fsys), UmbrellaOptions{})
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if !res.Plan.Empty() {
		t.Errorf("second run: got plan\n%s\nwant no changes", res.Plan.Text())
	}
	all, writes = srv.Total()
	if all != 1 || writes != 0 || srv.Count(routeListIssues) != 1 {
		t.Errorf("second run: got %d calls (%d writes): %v; want the one issue list", all, writes, srv.Log())
	}
	if got, want := res.Outputs["umbrella_issue"], "1"; got != want {
		t.Errorf("second run: got umbrella_issue %s, want %s", got, want)
	}
	checkTree(t, srv, fsys, n)
}

// cutTransport cuts the connection from the nth request matching method
// and path on: every such request fails, before it reaches the server or,
// for the nth with deliver, after the server handled it (the response is
// lost). These are the two ways a run is cut off half way.
type cutTransport struct {
	base         http.RoundTripper
	method, path string
	nth          int
	deliver      bool
	mu           sync.Mutex
	seen         int
}

var errCut = errors.New("connection reset by peer")

func (c *cutTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == c.method && strings.HasPrefix(r.URL.Path, c.path) {
		c.mu.Lock()
		c.seen++
		seen := c.seen
		c.mu.Unlock()
		if seen >= c.nth {
			if c.deliver && seen == c.nth {
				if resp, err := c.base.RoundTrip(r); err == nil {
					resp.Body.Close()
				}
			}
			return nil, errCut
		}
	}
	return c.base.RoundTrip(r)
}

func TestUmbrellaResumesAfterFaults(t *testing.T) {
	t.Parallel()
	issuesPath := "/repos/cncf/mentoring/issues"
	for _, tc := range []struct {
		name   string
		cut    *cutTransport
		inject *githubtest.Fault
	}{
		{name: "create refused half way", cut: &cutTransport{method: "POST", path: issuesPath, nth: 12}},
		{name: "create response lost half way", cut: &cutTransport{method: "POST", path: issuesPath, nth: 12, deliver: true}},
		{name: "link response lost", cut: &cutTransport{method: "POST", path: issuesPath + "/2/sub_issues", nth: 1, deliver: true}},
		{name: "links refused half way", cut: &cutTransport{method: "POST", path: issuesPath + "/", nth: 10}},
		{name: "link fails with 502", inject: &githubtest.Fault{Route: routeAddSubIssue, Status: 502}},
		{name: "labels fail with 500", inject: &githubtest.Fault{Route: "POST /repos/{owner}/{repo}/labels", Status: 500}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo(umbOwner, umbRepo)
			tasks := exampleTasks(t)
			fsys := umbFS(t, tasks)
			n := treeSize(t, tasks)
			gh := srv.Client("token")
			if tc.cut != nil {
				tc.cut.base = http.DefaultTransport
				gh = srv.Configure(github.NewClient(&http.Client{Transport: tc.cut}))
			}
			if tc.inject != nil {
				srv.Inject(*tc.inject)
			}
			res, err := Umbrella(context.Background(), umbEnv(gh, fsys), UmbrellaOptions{})
			if err == nil {
				t.Fatalf("first run: got no error, want the injected fault to stop it")
			}
			if res != nil && res.Report == nil {
				t.Errorf("first run: got no report, want the outcome of every action")
			}
			first := len(srv.Issues(umbOwner, umbRepo))

			srv.ResetCalls()
			res, err = Umbrella(context.Background(), umbEnv(srv.Client("token"), fsys), UmbrellaOptions{})
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			checkTree(t, srv, fsys, n)
			if got, want := srv.Count(routeCreateIssue), n-first; got != want {
				t.Errorf("second run: got %d issues created, want the %d missing", got, want)
			}
			if got, want := res.Outputs["issues_created"], itoa(n-first); got != want {
				t.Errorf("second run: got issues_created %s, want %s", got, want)
			}

			srv.ResetCalls()
			if _, err := Umbrella(context.Background(), umbEnv(srv.Client("token"), fsys), UmbrellaOptions{}); err != nil {
				t.Fatalf("third run: %v", err)
			}
			if _, writes := srv.Total(); writes != 0 {
				t.Errorf("third run: got %d writes (%v), want none", writes, srv.Log())
			}
		})
	}
}

// TestUmbrellaRelinksOnlyMissing seeds a tree a person has worked on: a
// task whose link is missing is linked again, a task moved under another
// issue, edited and closed is left alone, and nothing is created twice.
func TestUmbrellaRelinksOnlyMissing(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo(umbOwner, umbRepo)
	tasks := "sections:\n  - title: \"4. Midterm\"\n    children:\n      - title: Approve stipends\n      - title: Share the form\n"
	fsys := umbFS(t, tasks)
	tm := umbrella.Term{Year: 2027, Number: 2}
	labels := []string{"lfx mentorship", "Term 2: June-Aug", "2027", "administration"}
	seed := func(title, key string) *githubtest.Issue {
		return srv.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: title, Body: "edited by a person\n" + umbrella.Marker(tm, key), Labels: labels})
	}
	root := seed("LFX Mentorship 2027 Term 2 (Jun-Aug)", umbrella.KeyUmbrella)
	section := seed("[LFX 2027 T2] 4. Midterm", "task/4-midterm")
	unlinked := seed("Approve stipends", "task/4-midterm/approve-stipends")
	moved := seed("Share the form", "task/4-midterm/share-the-form")
	other := srv.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: "a person's epic"})
	env := umbEnv(srv.Client("token"), fsys)
	env.Config.Umbrella.Tasks = umbTasks
	// Link the section under the umbrella and "moved" under another issue,
	// through the API as a person would.
	for _, l := range [][2]*githubtest.Issue{{root, section}, {other, moved}} {
		req, _ := env.GH.NewRequest("POST", "repos/cncf/mentoring/issues/"+itoa(l[0].Number)+"/sub_issues", map[string]int64{"sub_issue_id": l[1].ID})
		if _, err := env.GH.Do(context.Background(), req, nil); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetCalls()
	res, err := Umbrella(context.Background(), env, UmbrellaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The issue list cannot tell "moved elsewhere" from "not linked", so
	// both are linked; GitHub refuses to move an issue that has a parent
	// (422 without replace_parent), which the executor records as
	// unchanged.
	if got, want := res.Plan.Text(), "1. link #3 as a sub-issue of #2\n2. link #4 as a sub-issue of #2\n"; got != want {
		t.Errorf("got plan %q, want %q", got, want)
	}
	if got, want := res.Report.Count(executor.Applied), 1; got != want {
		t.Errorf("got %d applied actions, want %d: %+v", got, want, res.Report.Outcomes)
	}
	if srv.Count(routeCreateIssue) != 0 {
		t.Errorf("got calls %v, want no issue created", srv.Calls())
	}
	for _, c := range []struct {
		is     *githubtest.Issue
		parent int64
	}{{unlinked, section.ID}, {moved, other.ID}} {
		got, _ := srv.Issue(umbOwner, umbRepo, c.is.Number)
		if got.ParentID != c.parent {
			t.Errorf("#%d: got parent id %d, want %d", c.is.Number, got.ParentID, c.parent)
		}
		if !strings.HasPrefix(got.Body, "edited by a person") {
			t.Errorf("#%d: body changed to %q", c.is.Number, got.Body)
		}
	}
}

func TestUmbrellaEvents(t *testing.T) {
	t.Parallel()
	readme := "programs/lfx-mentorship/2027/02-Jun-Aug/README.md"
	for _, tc := range []struct {
		name        string
		push        *event.Push
		wantSkipped string
		wantCreated bool
	}{
		{"push adds the term folder", &event.Push{Ref: "refs/heads/main", Added: []string{readme}}, "", true},
		{"push to another branch", &event.Push{Ref: "refs/heads/draft", Added: []string{readme}}, "push to draft, not the default branch main", false},
		{"push without a new term folder", &event.Push{Ref: "refs/heads/main", Added: []string{"README.md"}}, "the push added no term folder", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo(umbOwner, umbRepo)
			env := umbEnv(srv.Client("token"), umbFS(t, "sections: []\n"))
			env.Event = &event.Event{Name: "push", Push: tc.push}
			res, err := umbrellaJob(context.Background(), env, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Skipped != tc.wantSkipped {
				t.Errorf("got skipped %q, want %q", res.Skipped, tc.wantSkipped)
			}
			if got := len(srv.Issues(umbOwner, umbRepo)) == 1; got != tc.wantCreated {
				t.Errorf("got umbrella created %v, want %v", got, tc.wantCreated)
			}
		})
	}
}

// TestUmbrellaPushPayload runs the job on a push payload as the Action and
// the App receive it: the term folder the merge added gets its tree.
func TestUmbrellaPushPayload(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/umbrella/push-new-term.json")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := event.Parse("push", data)
	if err != nil {
		t.Fatal(err)
	}
	srv := githubtest.NewServer(t)
	srv.AddRepo(umbOwner, umbRepo)
	tasks := exampleTasks(t)
	fsys := umbFS(t, tasks)
	env := umbEnv(srv.Client("token"), fsys)
	env.Event = ev
	var job *Job
	for i := range Jobs {
		if Jobs[i].Name == "umbrella" {
			job = &Jobs[i]
		}
	}
	if job == nil || len(JobsFor("push")) == 0 {
		t.Fatalf("got no umbrella job for push events in runner.Jobs, want one")
	}
	res, err := job.Run(context.Background(), env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Outputs["terms"], "2027-2"; got != want {
		t.Errorf("got terms %q, want %q", got, want)
	}
	checkTree(t, srv, fsys, treeSize(t, tasks))
}

// TestUmbrellaCorpusTree opens cncf/mentoring's real task tree and records
// the API calls a full term and a no-op re-run take.
func TestUmbrellaCorpusTree(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../../shared/corpus/cncf-mentoring/programs/lfx-mentorship/automation/term-issues.yml")
	if err != nil {
		t.Skipf("corpus not available (%v): the real task tree lives in ../shared/corpus", err)
	}
	srv := githubtest.NewServer(t)
	srv.AddRepo(umbOwner, umbRepo)
	fsys := umbFS(t, string(data))
	n := treeSize(t, string(data))
	if _, err := Umbrella(context.Background(), umbEnv(srv.Client("token"), fsys), UmbrellaOptions{}); err != nil {
		t.Fatal(err)
	}
	checkTree(t, srv, fsys, n)
	all, writes := srv.Total()
	t.Logf("full cncf/mentoring tree: %d issues; %d API calls, %d writes: %v", n, all, writes, srv.Calls())
	if want := 4 + n + (n - 1); writes != want {
		t.Errorf("got %d writes, want %d (4 labels, %d issues, %d links)", writes, want, n, n-1)
	}
	srv.ResetCalls()
	if _, err := Umbrella(context.Background(), umbEnv(srv.Client("token"), fsys), UmbrellaOptions{}); err != nil {
		t.Fatal(err)
	}
	if all, _ := srv.Total(); all != 1 {
		t.Errorf("re-run: got %d calls %v, want 1", all, srv.Calls())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

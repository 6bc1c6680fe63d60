package runner

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// Routes of the fake GitHub that the jobs read from.
const (
	routeContents    = "GET /repos/{owner}/{repo}/contents/{path...}"
	routePullFiles   = "GET /repos/{owner}/{repo}/pulls/{number}/files"
	routeGetIssue    = "GET /repos/{owner}/{repo}/issues/{number}"
	routeComments    = "GET /repos/{owner}/{repo}/issues/{number}/comments"
	routeLabels      = "GET /repos/{owner}/{repo}/labels"
	routePermission  = "GET /repos/{owner}/{repo}/collaborators/{user}/permission"
	routeCheckRuns   = "POST /repos/{owner}/{repo}/check-runs"
	routeCommits     = "GET /repos/{owner}/{repo}/commits"
	routeTree        = "GET /repos/{owner}/{repo}/git/trees/{ref...}"
	routeBlob        = "GET /repos/{owner}/{repo}/git/blobs/{sha}"
	routeGetRef      = "GET /repos/{owner}/{repo}/git/ref/{ref...}"
	readFailTimeout  = 2 * time.Second
	termReadme2027T1 = "programs/lfx-mentorship/2027/01-Mar-May/README.md"
)

// readFailRig is one job's run in the App over the fake GitHub, with the
// repository read through the contents API under ctx.
type readFailRig struct {
	// setup seeds the fake and returns the run.
	setup func(t *testing.T, srv *githubtest.Server) func(ctx context.Context) (*Result, error)
	// reads are the reads the run makes: route and, for the contents
	// route, the path of one file.
	reads []struct{ route, path string }
}

func read(route, path string) struct{ route, path string } {
	return struct{ route, path string }{route, path}
}

// onlineFS is env with its snapshot read through the fake at ref, under ctx.
func onlineFS(ctx context.Context, env *Env, ref string) *Env {
	env.FS = githubapi.NewFS(ctx, env.GH, env.Owner, env.Repo, ref)
	return env
}

var readFailRigs = map[string]readFailRig{
	"validate": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			seedExampleRepo(t, srv)
			srv.AddBranch(propOwner, propRepo, "change", "main", "headsha")
			srv.SetPullFiles(propOwner, propRepo, 7, []string{termReadme2027T1})
			return func(ctx context.Context) (*Result, error) {
				ev := &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo,
					PullRequest: &event.PullRequest{Number: 7, HeadSHA: "headsha"}}
				env := onlineFS(ctx, propEnv(srv.Client("token"), ev), "headsha")
				return validateJob(ctx, env, appParams)
			}
		},
		reads: []struct{ route, path string }{
			read(routePullFiles, ""),
			read(routeContents, "/2027/01-Mar-May"),
			read(routeContents, termReadme2027T1),
		},
	},
	// The App's face of validation: the pull request's head read through
	// the event's snapshot (git trees and blobs).
	"validate-app": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			seedExampleRepo(t, srv)
			srv.AddBranch(propOwner, propRepo, "change", "main", "headsha")
			srv.SetPullFiles(propOwner, propRepo, 7, []string{termReadme2027T1})
			return func(ctx context.Context) (*Result, error) {
				ev := &event.Event{Name: "pull_request", Action: "opened", Owner: propOwner, Repo: propRepo,
					PullRequest: &event.PullRequest{Number: 7, HeadSHA: "headsha"}}
				env := propEnv(srv.Client("token"), ev)
				env.FS = env.Reads().FS(ctx, "headsha")
				return validateJob(ctx, env, appParams)
			}
		},
		reads: []struct{ route, path string }{read(routeTree, ""), read(routeBlob, "")},
	},
	"meeting": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			srv.AddRepo("example", "mentoring")
			srv.SetFile("example", "mentoring", "main", minutes26, exampleMinutes(t))
			return func(ctx context.Context) (*Result, error) {
				env := onlineEnv(srv, "2026-11-10T17:00:00Z", nil)
				return meetingJob(ctx, onlineFS(ctx, env, "main"), nil)
			}
		},
		reads: []struct{ route, path string }{read(routeContents, minutes26), read(routeCommits, "")},
	},
	"meeting-pull-request": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			srv.AddRepo("example", "mentoring")
			srv.SetFile("example", "mentoring", "main", minutes26, exampleMinutes(t))
			srv.AddBranch("example", "mentoring", "mentorbot/meeting-stub", "main", "stubsha")
			return func(ctx context.Context) (*Result, error) {
				env := onlineEnv(srv, "2026-11-21T09:00:00Z", nil)
				return meetingJob(ctx, onlineFS(ctx, env, "main"), func(n string) string {
					return map[string]string{"mode": "pull_request"}[n]
				})
			}
		},
		reads: []struct{ route, path string }{read(routeGetRef, ""), read(routeContents, minutes26)},
	},
	"umbrella": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			srv.AddRepo(umbOwner, umbRepo)
			fsys := umbFS(t, exampleTasks(t))
			for p, f := range fsys {
				srv.SetFile(umbOwner, umbRepo, "main", p, string(f.Data))
			}
			return func(ctx context.Context) (*Result, error) {
				env := umbEnv(srv.Client("token"), fsys)
				return umbrellaJob(ctx, onlineFS(ctx, env, "main"), func(string) string { return "2027-2" })
			}
		},
		reads: []struct{ route, path string }{
			read(routeContents, "README.md"),
			read(routeContents, umbTasks),
			read(routeListIssues, ""),
		},
	},
	"proposal": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			n := seedProposal(t, srv, exampleIssues(t)[12].Body)
			return func(ctx context.Context) (*Result, error) {
				env := onlineFS(ctx, propEnv(srv.Client("token"), issuesEvent("edited", "ann-smith", n)), "main")
				return proposalJob(ctx, env, nil)
			}
		},
		reads: []struct{ route, path string }{
			read(routeGetIssue, ""),
			read(routeComments, ""),
			read(routeLabels, ""),
			read(routeListIssues, ""),
			read(routeContents, "lfx-program-proposal.yml"),
			read(routeContents, termReadme2027T1),
		},
	},
	"command": {
		setup: func(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
			seedExampleRepo(t, srv)
			ex := exampleIssues(t)[12]
			is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: ex.Body, Labels: ex.Labels, User: ex.Author})
			c := srv.SeedComment(propOwner, propRepo, is.Number, "argo-maint", "/approve")
			return func(ctx context.Context) (*Result, error) {
				ev := &event.Event{Name: "issue_comment", Action: "created", Owner: propOwner, Repo: propRepo,
					Sender: "argo-maint", SenderType: "User",
					Issue:   &event.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels, User: is.User, State: "open"},
					Comment: &event.Comment{ID: c.ID, User: c.User, Body: c.Body}}
				return commandJob(ctx, onlineFS(ctx, propEnv(srv.Client("token"), ev), "main"), nil)
			}
		},
		reads: []struct{ route, path string }{
			read(routeGetIssue, ""),
			read(routeComments, ""),
			read(routePermission, "argo-maint"),
		},
	},
	// /lfx-url on an exported proposal: the issue, its comments, then the
	// export's reads (lfx_test.go has the rigs).
	"lfx-command": {setup: lfxCommandRig, reads: []struct{ route, path string }{
		read(routeGetIssue, ""),
		read(routeComments, ""),
		read(routeContents, "automation/projects.yml"),
		read(routeGetRef, "lfx-export"),
		read("GET /repos/{owner}/{repo}/issues", ""),
		read(routeLabels, ""),
	}},
	// The merge of the export pull request: the export as merged and as
	// it was at the base, and the branch to delete.
	"lfx-merged": {setup: lfxMergedRig, reads: []struct{ route, path string }{
		read(routeContents, "lfx-export.json"),
		read(routeGetRef, "lfx-export"),
	}},
}

// appParams are the App's job options (see internal/server).
func appParams(name string) string {
	if name == "check_run" {
		return "true"
	}
	return ""
}

// TestReadFailureIsNeverSuccess makes each read of each job fail with a
// 502, a 403 and a timeout: the run must end in an error (exit 3 in the
// Action, a failed delivery in the App), write nothing but, for
// validation, a failed check run, and never report a green result.
func TestReadFailureIsNeverSuccess(t *testing.T) {
	t.Parallel()
	faults := map[string]func(release chan struct{}) githubtest.Fault{
		"502": func(chan struct{}) githubtest.Fault {
			return githubtest.Fault{Status: http.StatusBadGateway, Times: 100}
		},
		"403": func(chan struct{}) githubtest.Fault {
			return githubtest.Fault{Status: http.StatusForbidden, Body: "Resource not accessible by integration", Times: 100}
		},
		"timeout": func(release chan struct{}) githubtest.Fault {
			return githubtest.Fault{Times: 100, Before: func() {
				select {
				case <-release:
				case <-time.After(10 * time.Second):
				}
			}}
		},
	}
	for job, rig := range readFailRigs {
		for _, rd := range rig.reads {
			for kind, mk := range faults {
				name := job + "/" + rd.route + rd.path + "/" + kind
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					srv := githubtest.NewServer(t)
					run := rig.setup(t, srv)
					release := make(chan struct{})
					t.Cleanup(func() { close(release) }) // before the server closes
					f := mk(release)
					f.Route, f.Path = rd.route, rd.path
					srv.Inject(f)
					deadline := 30 * time.Second // the machine may be slow: only the timeout case waits for it
					if kind == "timeout" {
						deadline = readFailTimeout
					}
					ctx, cancel := context.WithTimeout(context.Background(), deadline)
					defer cancel()
					res, err := run(ctx)
					if srv.FaultsLeft() == 100 {
						t.Fatalf("the run never made the read %s %s; calls: %v", rd.route, rd.path, srv.Log())
					}
					if err == nil {
						skipped := ""
						if res != nil {
							skipped = res.Skipped
						}
						t.Fatalf("got no error (skipped %q), want the failed read to fail the run", skipped)
					}
					if res != nil && res.Skipped != "" {
						t.Errorf("got skipped %q, want a failed run", res.Skipped)
					}
					if job == "validate" {
						for _, cr := range srv.CheckRuns(propOwner, propRepo) {
							if cr.Conclusion != "failure" {
								t.Errorf("got a check run concluding %q, want only failures", cr.Conclusion)
							}
						}
						if crs := srv.CheckRuns(propOwner, propRepo); len(crs) != 1 {
							t.Errorf("got %d check runs, want 1 failed check run", len(crs))
						}
					}
				})
			}
		}
	}
}

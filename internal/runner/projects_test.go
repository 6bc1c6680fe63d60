package runner

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/projects"
)

// seedLandscape puts the projects package's test landscape on the fake's
// cncf/landscape and a .project repository in every organisation of it but
// cloud-custodian's.
func seedLandscape(t *testing.T, srv *githubtest.Server) {
	t.Helper()
	data, err := os.ReadFile("../projects/testdata/landscape.yml")
	if err != nil {
		t.Fatal(err)
	}
	srv.AddRepo("cncf", "landscape")
	srv.SetFile("cncf", "landscape", "main", "landscape.yml", string(data))
	for _, org := range []string{"argoproj", "containers", "buildpacks", "cdk8s-team"} {
		srv.AddRepo(org, ".project")
	}
}

func TestProjectsSyncFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	seedLandscape(t, srv)
	gh := srv.Client("token")
	env := propEnv(gh, nil)
	cfg := env.Config

	srv.ResetCalls()
	res, pr, err := ProjectsSync(ctx, env, ProjectsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !pr.Changed || pr.Count != 5 || pullRequestOf(res.Report) == 0 {
		t.Fatalf("got changed %v, %d projects, report %+v; want a change to 5 projects and a pull request", pr.Changed, pr.Count, res.Report)
	}
	got, ok := srv.FileContent(propOwner, propRepo, projects.Branch, cfg.Export.Projects)
	if !ok || got != pr.Projects || !strings.Contains(got, "- name: Cloud Custodian\n  slug: c7n\n") {
		t.Errorf("got projects.yml on %s:\n%s\nwant the generated list", projects.Branch, got)
	}
	form, _ := srv.FileContent(propOwner, propRepo, projects.Branch, cfg.Proposals.Form)
	if !strings.Contains(form, `options: ["Argo", "bootc", "Buildpacks", "CDK for Kubernetes (CDK8s)", "Cloud Custodian"]`) {
		t.Errorf("got form\n%s\nwant the flow-style options rewritten", form)
	}
	pulls := srv.Pulls(propOwner, propRepo)
	if len(pulls) != 1 || pulls[0].Head != projects.Branch {
		t.Fatalf("got pull requests %+v, want one from %s", pulls, projects.Branch)
	}
	is, _ := srv.Issue(propOwner, propRepo, pulls[0].Number)
	if !slices.Contains(is.Labels, cfg.Labels.Administration) {
		t.Errorf("got labels %v on the pull request, want %s", is.Labels, cfg.Labels.Administration)
	}
	all, writes := srv.Total()
	t.Logf("first sync: %d requests, %d writes", all, writes)

	// The next week, with the pull request still open: nothing is written.
	srv.ResetCalls()
	env.Now = env.Now.AddDate(0, 0, 7)
	if _, _, err = ProjectsSync(ctx, env, ProjectsOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("re-run: got %d writes (%v), want none", writes, srv.Log())
	}
	if got2, _ := srv.FileContent(propOwner, propRepo, projects.Branch, cfg.Export.Projects); got2 != got {
		t.Errorf("re-run changed the list (its date?):\n%s", got2)
	}
}

// TestProjectsSyncQuiet: the default branch already holds the list: no
// branch, no pull request, no write.
func TestProjectsSyncQuiet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	seedLandscape(t, srv)
	gh := srv.Client("token")
	env := propEnv(gh, nil)
	env.DryRun = true
	_, pr, err := ProjectsSync(ctx, env, ProjectsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetFile(propOwner, propRepo, "main", env.Config.Export.Projects, pr.Projects)
	srv.SetFile(propOwner, propRepo, "main", env.Config.Proposals.Form, pr.Form)
	env = propEnv(gh, nil)
	env.Now = env.Now.AddDate(0, 1, 0)
	srv.ResetCalls()
	res, pr, err := ProjectsSync(ctx, env, ProjectsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, writes := srv.Total(); writes != 0 || pr.Changed || !res.Plan.Empty() || len(srv.Pulls(propOwner, propRepo)) != 0 {
		t.Errorf("got %d writes, changed %v, plan %s, pulls %v; want nothing", writes, pr.Changed, res.Plan.Text(), srv.Pulls(propOwner, propRepo))
	}
}

// TestProjectsSyncFailedRead: a failed .project lookup is a failed run,
// never "no .project".
func TestProjectsSyncFailedRead(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	seedLandscape(t, srv)
	srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}", Status: 502, Times: 10})
	if _, _, err := ProjectsSync(context.Background(), propEnv(srv.Client("token"), nil), ProjectsOptions{}); err == nil {
		t.Fatal("got no error, want the failed read")
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("got %d writes, want none", writes)
	}
}

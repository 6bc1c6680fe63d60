package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/projects"
)

// TermsFile is automation/terms.yml under the terms root.
const TermsFile = "automation/terms.yml"

// Landscape is where the CNCF landscape is read from online.
var Landscape = struct{ Owner, Repo, Path string }{"cncf", "landscape", "landscape.yml"}

// ProjectsOptions gives the projects job what it cannot read itself.
type ProjectsOptions struct {
	// Landscape is landscape.yml's content; nil online means: read it
	// from cncf/landscape's default branch.
	Landscape []byte
	// DotProject answers which organisations have a `.project`
	// repository; nil online means: ask GitHub (GET /repos/{org}/.project).
	DotProject projects.Reader
}

// ProjectsSync regenerates the CNCF project list and the proposal form's
// CNCF Project and Term dropdowns, and (online, not dry) opens or updates
// one pull request from projects.Branch labelled with the administration
// label (labels.administration in config) when either
// file differs from the default branch. A quiet week plans nothing.
func ProjectsSync(ctx context.Context, env *Env, opts ProjectsOptions) (*Result, *projects.Result, error) {
	res := &Result{Job: "projects"}
	in, err := projectsInput(ctx, env, opts)
	if err != nil {
		return nil, nil, err
	}
	pr, err := projects.Plan(in)
	if err != nil {
		return nil, nil, err
	}
	res.Plan = pr.Plan
	res.Plan.Owner, res.Plan.Repo = env.Owner, env.Repo
	res.Summary = fmt.Sprintf("### mentorbot: CNCF project list\n\n%d projects from cncf/landscape; changed: %v.\n", pr.Count, pr.Changed)
	if err := res.Apply(ctx, env); err != nil {
		return res, pr, fmt.Errorf("opening the project list pull request: %w", err)
	}
	if n := pullRequestOf(res.Report); n > 0 {
		res.Summary += fmt.Sprintf("\nPull request: #%d.\n", n)
		// The number is known only now: label it in a second, one-action
		// plan (the executor adds only a missing label).
		lp := &plan.Plan{Owner: env.Owner, Repo: env.Repo}
		label := env.Config.Labels.Administration
		lp.Add(plan.AddLabels{Issue: plan.Issue(n), Labels: []string{label}})
		rep, err := executor.New(env.GH, env.Owner, env.Repo).Apply(ctx, lp)
		res.Report.Outcomes = append(res.Report.Outcomes, rep.Outcomes...)
		if err != nil {
			return res, pr, fmt.Errorf("labelling pull request #%d %s (needs issues or pull requests write): %w", n, label, err)
		}
	}
	return res, pr, nil
}

func pullRequestOf(rep *executor.Report) int {
	if rep == nil {
		return 0
	}
	for _, o := range rep.Outcomes {
		if o.Kind == (plan.EnsurePullRequest{}).Kind() && o.Number > 0 {
			return o.Number
		}
	}
	return 0
}

func projectsInput(ctx context.Context, env *Env, opts ProjectsOptions) (*projects.Input, error) {
	cfg := env.Config
	in := &projects.Input{ProjectsPath: cfg.Export.Projects, FormPath: cfg.Proposals.Form,
		DefaultBranch: env.DefaultBranch, Now: env.Now}
	var err error
	if in.Base, err = projects.LoadFiles(env.FS, in.ProjectsPath, in.FormPath); err != nil {
		return nil, err
	}
	if in.Terms, err = projects.LoadTerms(env.FS, path.Join(cfg.Terms.Root, TermsFile)); err != nil {
		return nil, err
	}
	data := opts.Landscape
	if data == nil {
		if env.Offline() {
			return nil, &OptionError{Name: "landscape", Msg: "an offline run needs the landscape file"}
		}
		if data, err = readRaw(ctx, env.GH, Landscape.Owner, Landscape.Repo, Landscape.Path); err != nil {
			return nil, err
		}
	}
	if in.Projects, err = projects.ParseLandscape(data); err != nil {
		return nil, err
	}
	r := opts.DotProject
	if r == nil {
		if env.Offline() {
			return nil, &OptionError{Name: "dot_project", Msg: "an offline run needs to be told which organisations have a .project repository"}
		}
		r = dotProjectREST{env.GH}
	}
	if in.DotProject, err = projects.LoadDotProject(ctx, r, in.Projects); err != nil {
		return nil, err
	}
	if !env.Offline() {
		if in.Sync, err = syncBranch(ctx, env, in); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// syncBranch reads the two files on projects.Branch, or nil when the
// branch does not exist.
func syncBranch(ctx context.Context, env *Env, in *projects.Input) (*projects.Files, error) {
	_, resp, err := env.GH.Git.GetRef(ctx, env.Owner, env.Repo, "heads/"+projects.Branch)
	switch {
	case resp != nil && resp.StatusCode == http.StatusNotFound:
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("reading branch %s: %w", projects.Branch, err)
	}
	f, err := projects.LoadFiles(githubapi.NewFS(ctx, env.GH, env.Owner, env.Repo, projects.Branch), in.ProjectsPath, in.FormPath)
	if err != nil {
		return nil, fmt.Errorf("branch %s: %w", projects.Branch, err)
	}
	return &f, nil
}

// dotProjectREST asks GitHub whether ORG/.project exists: 200 yes, 404 no,
// anything else a failed read.
type dotProjectREST struct{ gh *github.Client }

func (d dotProjectREST) HasDotProject(ctx context.Context, org string) (bool, error) {
	_, resp, err := d.gh.Repositories.Get(ctx, org, ".project")
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

// readRaw reads a file of another repository whole: the raw media type
// takes files past the contents API's 1 MB JSON limit (landscape.yml is
// larger). A server that answers with the JSON form is decoded too.
func readRaw(ctx context.Context, gh *github.Client, owner, repo, file string) ([]byte, error) {
	req, err := gh.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/contents/%s", owner, repo, file), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github.raw+json")
	var buf bytes.Buffer
	resp, err := gh.Do(ctx, req, &buf)
	if err != nil {
		return nil, fmt.Errorf("reading %s from %s/%s: %w", file, owner, repo, err)
	}
	if ct := resp.Header.Get("Content-Type"); len(ct) >= 16 && ct[:16] == "application/json" {
		var fc github.RepositoryContent
		if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
			return nil, fmt.Errorf("reading %s from %s/%s: %w", file, owner, repo, err)
		}
		s, err := fc.GetContent()
		if err != nil {
			return nil, fmt.Errorf("decoding %s from %s/%s: %w", file, owner, repo, err)
		}
		return []byte(s), nil
	}
	return buf.Bytes(), nil
}

// projectsJob runs ProjectsSync online (the weekly schedule chooses it by
// name: command: projects).
func projectsJob(ctx context.Context, env *Env, _ Params) (*Result, error) {
	res, _, err := ProjectsSync(ctx, env, ProjectsOptions{})
	return res, err
}

package runner

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// ExportOptions selects the term an export run is for.
type ExportOptions struct {
	// Term is "YYYY-N". Paths come from it only.
	Term string
	// LFXURLs are LFX URLs just recorded (the /lfx-url command), by issue
	// number; the others come from the export files.
	LFXURLs map[int]string
	// Issues are the repository's issues for an offline run (the CLI's
	// --issues file), with Comments, by issue number, from which the LFX
	// URLs mentorbot recorded are read. Online runs read GitHub and
	// ignore both.
	Issues   []export.Issue
	Comments map[int][]export.Comment
}

// Export plans (and, unless dry, applies) term opts.Term's LFX export: the
// files on the export branch, one pull request, and the Exported label on
// every exported issue. Online it reads the term folder on the default
// branch (env.FS) and on the export branch, the open issues labelled CNCF
// Approved (one list call a hundred), the projects file and the labels. A
// read that fails, or a corrupt previous export, fails the run.
func Export(ctx context.Context, env *Env, opts ExportOptions) (*Result, *export.Result, error) {
	res := &Result{Job: "export"}
	cfg := env.Config
	t, err := export.ParseTerm(opts.Term, cfg)
	if err != nil {
		return nil, nil, &OptionError{Name: "term", Msg: "not a term to export", Err: err}
	}
	in := &export.Input{Term: t, DefaultBranch: env.DefaultBranch, LFXURLs: opts.LFXURLs, Config: cfg, Now: env.Now}
	if in.Projects, err = export.LoadProjects(env.FS, cfg); err != nil {
		return nil, nil, err
	}
	if in.Base, err = export.LoadFiles(env.FS, t, cfg); err != nil {
		return nil, nil, err
	}
	if !env.Offline() {
		if err := readExportState(ctx, env, in); err != nil {
			return nil, nil, err
		}
	} else {
		offlineExportState(env, in, opts)
	}
	er, err := export.Plan(in)
	if err != nil {
		return nil, nil, err
	}
	res.Plan = er.Plan
	res.Plan.Owner, res.Plan.Repo = env.Owner, env.Repo
	applyErr := res.Apply(ctx, env)
	res.SetOutput("export_programs", strconv.Itoa(er.Export.Count))
	res.SetOutput("export_added", strconv.Itoa(len(er.Added)))
	res.SetOutput("export_updated", strconv.Itoa(len(er.Updated)))
	res.SetOutput("export_kept", strconv.Itoa(len(er.Kept)))
	res.SetOutput("export_changed", strconv.FormatBool(er.Changed))
	if res.Report != nil {
		for _, o := range res.Report.Outcomes {
			if o.Kind == (plan.EnsurePullRequest{}).Kind() && o.Number > 0 {
				res.SetOutput("export_pull_request", strconv.Itoa(o.Number))
			}
		}
	}
	res.Summary = export.PRBody(t, er)
	return res, er, applyErr
}

// readExportState reads what only GitHub knows: the export branch's files,
// the approved issues and the repository's labels.
func readExportState(ctx context.Context, env *Env, in *export.Input) error {
	snap := env.Reads()
	branch := export.Branch(in.Term, env.Config)
	ok, err := snap.BranchExists(ctx, branch)
	if err != nil {
		return fmt.Errorf("reading branch %s: %w", branch, err)
	}
	if ok {
		if in.Branch, err = export.LoadFiles(snap.FS(ctx, branch), in.Term, env.Config); err != nil {
			return fmt.Errorf("branch %s: %w", branch, err)
		}
	}
	list, err := snap.Issues(ctx, "open", []string{env.Config.Labels.CNCFApproved}, false)
	if err != nil {
		return fmt.Errorf("listing approved proposals: %w", err)
	}
	for _, is := range list {
		if !is.IsPullRequest() {
			in.Issues = append(in.Issues, exportIssue(is))
		}
	}
	in.RepoLabels, err = snap.LabelNames(ctx)
	return err
}

// offlineExportState fills in the issues of an offline run and the LFX
// URLs recorded in their comments (by mentorbot only); a URL given in
// opts.LFXURLs wins.
func offlineExportState(env *Env, in *export.Input, opts ExportOptions) {
	in.Issues = opts.Issues
	urls := map[int]string{}
	for n, cs := range opts.Comments {
		if u := export.RecordedLFXURL(cs, func(l string) bool {
			return slices.ContainsFunc(env.selfLogins(), func(s string) bool { return strings.EqualFold(s, l) })
		}); u != "" {
			urls[n] = u
		}
	}
	for n, u := range opts.LFXURLs {
		urls[n] = u
	}
	in.LFXURLs = urls
}

func exportIssue(is *github.Issue) export.Issue {
	out := export.Issue{Number: is.GetNumber(), Title: is.GetTitle(), Body: is.GetBody(), State: is.GetState(),
		URL: is.GetHTMLURL(), Author: is.GetUser().GetLogin(), Labels: []string{}}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}

// ExportMergedOptions names the merged export pull request.
type ExportMergedOptions struct {
	Term string
	// PullRequest is the merged pull request's number, BaseSHA the commit
	// it was based on (pull_request.base.sha of the closed event).
	PullRequest int
	BaseSHA     string
	// DeleteBranch, when set, is the merged export branch, deleted once
	// the comments are posted.
	DeleteBranch string
}

// ExportMerged comments once on each issue the merge of a term's export
// pull request newly exported: in the export as merged (env.FS, the
// default branch) and not in the export at the pull request's base; then
// it deletes opts.DeleteBranch, when set (a branch already gone is fine).
func ExportMerged(ctx context.Context, env *Env, opts ExportMergedOptions) (*Result, error) {
	res := &Result{Job: "export-merged"}
	cfg := env.Config
	t, err := export.ParseTerm(opts.Term, cfg)
	if err != nil {
		return nil, err
	}
	after, err := loadExport(env.FS, t, env)
	if err != nil {
		return nil, err
	}
	if after == nil {
		res.Skipped = "the default branch has no export for " + t.Label()
		return res, nil
	}
	var before *export.File
	if opts.BaseSHA != "" && !env.Offline() {
		if before, err = loadExport(githubapi.NewFS(ctx, env.GH, env.Owner, env.Repo, opts.BaseSHA), t, env); err != nil {
			return nil, fmt.Errorf("the export before the merge: %w", err)
		}
	}
	res.Plan = export.PlanMerged(t, before, after, opts.PullRequest)
	if opts.DeleteBranch != "" && !env.Offline() {
		// Read first, so that a re-run (the branch gone) writes nothing.
		ok, err := env.Reads().BranchExists(ctx, opts.DeleteBranch)
		if err != nil {
			return nil, err
		}
		if ok {
			res.Plan.Add(plan.DeleteBranch{Name: opts.DeleteBranch})
		}
	}
	res.Plan.Owner, res.Plan.Repo = env.Owner, env.Repo
	return res, res.Apply(ctx, env)
}

// loadExport reads and decodes a term's lfx-export.json; nil when there is
// none.
func loadExport(fsys fs.FS, t export.Term, env *Env) (*export.File, error) {
	files, err := export.LoadFiles(fsys, t, env.Config)
	if err != nil {
		return nil, err
	}
	f, ok := files[export.ExportName]
	if !ok {
		return nil, nil
	}
	out, err := export.Decode([]byte(f.Content), t.Path(env.Config, export.ExportName))
	if err != nil {
		return nil, err
	}
	return out, nil
}

package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/term"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// UmbrellaOptions selects the term the umbrella job opens issues for.
type UmbrellaOptions struct {
	// Term is "YYYY-N". Empty means: the newest term folder a push to the
	// default branch added, or, without a push event, the newest term
	// folder in the repository (backfill, scheduled runs).
	Term string
	// Mentees are the GitHub logins of accepted mentees, for onboarding
	// issues when umbrella.mentee_onboarding is on.
	Mentees []string
}

// Umbrella plans (and, unless dry, applies) the umbrella issue and its
// sub-issue tree of each selected term. Online, it reads each term's
// existing tree with one list call by the term's labels (plus one sub-issue
// list per parent whose sub-issue count falls short), so the plan holds
// only what is missing.
func Umbrella(ctx context.Context, env *Env, opts UmbrellaOptions) (*Result, error) {
	res := &Result{Job: "umbrella"}
	ids, skip, err := umbrellaTerms(env, opts.Term)
	if err != nil {
		return nil, err
	}
	if skip != "" {
		res.Skipped = skip
		return res, nil
	}
	res.Plan = &plan.Plan{Owner: env.Owner, Repo: env.Repo}
	var terms []umbrella.Term
	existing := map[string]listedIssue{} // by plan ref
	for _, id := range ids {
		in, err := umbrellaInput(env, id, opts)
		if err != nil {
			return nil, err
		}
		if !env.Offline() {
			found, err := readTermIssues(ctx, env, &in)
			if err != nil {
				return nil, err
			}
			for key, is := range found {
				existing[umbrella.Ref(in.Term, key).Ref] = is
			}
		}
		p, err := umbrella.Plan(in, env.Config)
		if err != nil {
			return nil, fmt.Errorf("term %s: %w", in.Term, err)
		}
		res.Plan.Add(p.Actions...)
		terms = append(terms, in.Term)
	}
	applyErr := res.Apply(ctx, env)
	umbrellaOutputs(res, terms, existing, !env.DryRun && !env.Offline())
	return res, applyErr
}

// umbrellaTerms picks the terms, or says why the run has nothing to do.
func umbrellaTerms(env *Env, want string) ([]term.ID, string, error) {
	cfg := env.Config
	if want != "" {
		t, err := umbrella.ParseTerm(want)
		if err != nil {
			return nil, "", &OptionError{Name: "term", Msg: "not a term such as 2027-1", Err: err}
		}
		id, err := term.For(t.Year, t.Number, cfg.Terms)
		if err != nil {
			return nil, "", &OptionError{Name: "term", Msg: "not a configured term", Err: err}
		}
		return []term.ID{id}, "", nil
	}
	if ev := env.Event; ev != nil && ev.Push != nil {
		if branch := strings.TrimPrefix(ev.Push.Ref, "refs/heads/"); env.DefaultBranch != "" && branch != env.DefaultBranch {
			return nil, fmt.Sprintf("push to %s, not the default branch %s", branch, env.DefaultBranch), nil
		}
		var ids []term.ID
		for _, dir := range term.Touched(ev.Push.Added, cfg.Terms.Root) {
			if id, err := term.ParseFolder(dir, cfg.Terms); err == nil {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, "the push added no term folder", nil
		}
		return ids, "", nil
	}
	dirs, err := term.Discover(env.FS, cfg.Terms.Root)
	if err != nil {
		return nil, "", fmt.Errorf("finding term folders under %s: %w", cfg.Terms.Root, err)
	}
	// The newest term: folders sort by year, then by the zero-padded number.
	for i := len(dirs) - 1; i >= 0; i-- {
		if id, err := term.ParseFolder(dirs[i], cfg.Terms); err == nil {
			return []term.ID{id}, "", nil
		}
	}
	return nil, "no term folder under " + cfg.Terms.Root, nil
}

// umbrellaInput reads the term README's timeline and the task tree.
func umbrellaInput(env *Env, id term.ID, opts UmbrellaOptions) (umbrella.Input, error) {
	cfg := env.Config
	doc, err := term.Load(env.FS, cfg, id)
	if err != nil {
		return umbrella.Input{}, err
	}
	in := umbrella.Input{
		Term: umbrella.Term{Year: id.Year, Number: id.Number},
		Dir:  id.Dir(cfg.Terms.Root), Branch: env.DefaultBranch,
		Mentees: opts.Mentees, Now: env.Now,
	}
	if env.Owner != "" && env.Owner != "local" {
		in.Repo = env.Owner + "/" + env.Repo
	}
	for _, e := range doc.Timeline {
		in.Timeline = append(in.Timeline, umbrella.Date{Activity: e.Activity, Text: e.Text, Start: e.Start, End: e.End, HasTime: e.HasTime, Zone: e.Zone})
	}
	p, explicit := cfg.Umbrella.TasksPath(cfg.Terms.Root)
	if p != "" {
		data, err := fs.ReadFile(env.FS, p)
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return in, nil // no task tree in this repository: the umbrella issue alone
		}
		if err != nil {
			return umbrella.Input{}, fmt.Errorf("reading the task tree %s (umbrella.tasks): %w", p, err)
		}
		if in.Tasks, err = umbrella.ParseTasks(data, p); err != nil {
			return umbrella.Input{}, err
		}
	}
	return in, nil
}

// listedIssue is the part of GitHub's issue object the umbrella job reads;
// go-github v62 has no field for sub_issues_summary.
type listedIssue struct {
	ID          int64  `json:"id"`
	Number      int    `json:"number"`
	Body        string `json:"body"`
	HTMLURL     string `json:"html_url"`
	PullRequest *struct {
		URL string `json:"url"`
	} `json:"pull_request"`
	SubIssuesSummary *struct {
		Total int `json:"total"`
	} `json:"sub_issues_summary"`
}

// readTermIssues lists the term's issues once by label, keeps those with a
// marker of the term, and finds which are linked under their parent. It
// fills in.Existing and returns the issues by key.
func readTermIssues(ctx context.Context, env *Env, in *umbrella.Input) (map[string]listedIssue, error) {
	labels, err := umbrella.Labels(in.Term, env.Config)
	if err != nil {
		return nil, err
	}
	q := url.Values{"state": {"all"}, "labels": {strings.Join(labels, ",")}, "per_page": {"100"}}
	byKey := map[string]listedIssue{}
	for page := 1; page != 0; {
		q.Set("page", fmt.Sprint(page))
		var list []listedIssue
		next, err := getJSON(ctx, env, fmt.Sprintf("repos/%s/%s/issues?%s", env.Owner, env.Repo, q.Encode()), &list)
		if err != nil {
			return nil, fmt.Errorf("listing issues labelled %s: %w", strings.Join(labels, ", "), err)
		}
		for _, is := range list {
			key := umbrella.KeyOf(in.Term, umbrella.FindMarker(is.Body))
			if is.PullRequest != nil || key == "" {
				continue
			}
			if prev, dup := byKey[key]; !dup || is.Number < prev.Number {
				byKey[key] = is
			}
		}
		page = next
	}
	parentOf, err := linkedParents(ctx, env, *in, byKey)
	if err != nil {
		return nil, err
	}
	for key, is := range byKey {
		in.Existing = append(in.Existing, umbrella.Issue{Number: is.Number, Marker: umbrella.Marker(in.Term, key), Parent: parentOf[is.Number]})
	}
	return byKey, nil
}

// linkedParents returns, by child number, the parent each existing child is
// linked under. A parent whose sub_issues_summary counts at least its
// existing children is trusted without reading its list.
func linkedParents(ctx context.Context, env *Env, in umbrella.Input, byKey map[string]listedIssue) (map[int]int, error) {
	layout, err := umbrella.Layout(in, env.Config)
	if err != nil {
		return nil, err
	}
	kids := map[string][]listedIssue{}
	for key, parentKey := range layout {
		if child, ok := byKey[key]; ok {
			kids[parentKey] = append(kids[parentKey], child)
		}
	}
	parentOf := map[int]int{}
	for parentKey, children := range kids {
		parent, ok := byKey[parentKey]
		if !ok {
			continue // a new parent: its children get linked to it
		}
		if s := parent.SubIssuesSummary; s != nil && s.Total >= len(children) {
			for _, c := range children {
				parentOf[c.Number] = parent.Number
			}
			continue
		}
		linked, err := subIssueNumbers(ctx, env, parent.Number)
		if err != nil {
			return nil, err
		}
		for _, c := range children {
			if linked[c.Number] {
				parentOf[c.Number] = parent.Number
			}
		}
	}
	return parentOf, nil
}

func subIssueNumbers(ctx context.Context, env *Env, parent int) (map[int]bool, error) {
	out := map[int]bool{}
	for page := 1; page != 0; {
		var list []listedIssue
		next, err := getJSON(ctx, env, fmt.Sprintf("repos/%s/%s/issues/%d/sub_issues?per_page=100&page=%d", env.Owner, env.Repo, parent, page), &list)
		if err != nil {
			return nil, fmt.Errorf("listing sub-issues of #%d: %w", parent, err)
		}
		for _, is := range list {
			out[is.Number] = true
		}
		page = next
	}
	return out, nil
}

// getJSON GETs a REST path through the client's raw request, for fields
// and endpoints go-github v62 lacks, and returns the next page (0 at the
// end).
func getJSON(ctx context.Context, env *Env, path string, v any) (int, error) {
	req, err := env.GH.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return 0, err
	}
	resp, err := env.GH.Do(ctx, req, v)
	if err != nil {
		return 0, err
	}
	return resp.NextPage, nil
}

// umbrellaOutputs sets the Action outputs: the umbrella issue's number and
// URL (of the last term, when it exists or was just opened) and how many
// issues the run opened (or, in a dry run, would open).
func umbrellaOutputs(res *Result, terms []umbrella.Term, existing map[string]listedIssue, applied bool) {
	var names []string
	for _, t := range terms {
		names = append(names, t.String())
		if is, ok := existing[umbrella.Ref(t, umbrella.KeyUmbrella).Ref]; ok {
			res.SetOutput("umbrella_issue", fmt.Sprint(is.Number))
			res.SetOutput("umbrella_url", is.HTMLURL)
		}
	}
	res.SetOutput("terms", strings.Join(names, " "))
	planned, links := 0, 0
	for _, a := range res.Plan.Actions {
		switch a.(type) {
		case plan.CreateIssue:
			planned++
		case plan.AddSubIssue:
			links++
		}
	}
	created := 0
	if applied {
		var outcomes []executor.Outcome
		if res.Report != nil {
			outcomes = res.Report.Outcomes
		}
		for _, o := range outcomes {
			c, ok := o.Action.(plan.CreateIssue)
			if !ok {
				continue
			}
			if o.Status == executor.Applied {
				created++
			}
			if strings.HasSuffix(c.Ref, "/"+umbrella.KeyUmbrella) && o.Number > 0 {
				res.SetOutput("umbrella_issue", fmt.Sprint(o.Number))
				res.SetOutput("umbrella_url", o.URL)
			}
		}
		res.SetOutput("issues_created", fmt.Sprint(created))
	} else {
		res.SetOutput("issues_to_create", fmt.Sprint(planned))
	}
	res.Summary = umbrellaSummary(res, names, planned, links, created)
}

func umbrellaSummary(res *Result, terms []string, planned, links, created int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### mentorbot: umbrella issue of term %s\n\n", strings.Join(terms, ", "))
	if n := res.Outputs["umbrella_issue"]; n != "" {
		fmt.Fprintf(&b, "Umbrella issue: [#%s](%s)\n\n", n, res.Outputs["umbrella_url"])
	}
	switch {
	case res.Report != nil:
		fmt.Fprintf(&b, "Opened %d issue(s); %d action(s) applied, %d unchanged, %d failed.\n", created,
			res.Report.Count(executor.Applied), res.Report.Count(executor.Unchanged), res.Report.Count(executor.Failed))
	case planned == 0 && links == 0:
		b.WriteString("The term's issue tree is complete: nothing to do.\n")
	default:
		fmt.Fprintf(&b, "Dry run: would open %d issue(s) and link %d sub-issue(s).\n", planned, links)
	}
	return b.String()
}

// umbrellaJob runs Umbrella with the options "term" and "mentees" (logins,
// comma- or space-separated) of the Action or the App.
func umbrellaJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	mentees := strings.FieldsFunc(p.Get("mentees"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
	return Umbrella(ctx, env, UmbrellaOptions{Term: strings.TrimSpace(p.Get("term")), Mentees: mentees})
}

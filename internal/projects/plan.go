package projects

import (
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// Branch is the branch the sync pull request comes from.
const Branch = "mentorbot/projects-sync"

// File is one file as it is on a branch.
type File struct {
	Exists  bool
	Content string
	// SHA is the blob sha, the base of a contents-API write.
	SHA string
}

// Files are the two generated files on one branch.
type Files struct {
	Projects, Form File
}

// Input is everything the planner reads.
type Input struct {
	// Projects are the landscape's CNCF projects (ParseLandscape).
	Projects []Project
	// DotProject is the set of organisations (lower-case) that have a
	// `.project` repository.
	DotProject map[string]bool
	// Terms are automation/terms.yml's terms, for the form's Term dropdown.
	Terms []string
	// ProjectsPath and FormPath name the files in the repository.
	ProjectsPath, FormPath string
	// Base is the default branch's files; Sync the sync branch's, nil when
	// there is no such branch.
	Base Files
	Sync *Files
	// DefaultBranch is the pull request's base.
	DefaultBranch string
	// Now dates a changed list (YYYY-MM-DD, UTC).
	Now time.Time
}

// Result is what the planner decided.
type Result struct {
	// Projects and Form are the files as they should be.
	Projects, Form string
	// Count is the number of projects.
	Count int
	// Changed reports whether either file differs from the default branch;
	// without a change the plan is empty and no pull request is opened.
	Changed bool
	// ProjectsChanged and FormChanged say which.
	ProjectsChanged, FormChanged bool
	// Plan writes the files on Branch and opens or updates the pull
	// request; the runner labels it once its number is known.
	Plan *plan.Plan
}

// Plan regenerates projects.yml and the proposal form and plans the pull
// request that brings them to the default branch. The "Last updated" date
// changes only when the list does: a list equal to the default branch's
// (or to the pending pull request's) keeps that file's date.
func Plan(in *Input) (*Result, error) {
	if !in.Base.Projects.Exists && in.ProjectsPath == "" {
		return nil, fmt.Errorf("no path for projects.yml")
	}
	if !in.Base.Form.Exists {
		return nil, fmt.Errorf("%s: the proposal form is not on the default branch", in.FormPath)
	}
	if len(in.Projects) == 0 {
		return nil, fmt.Errorf("the landscape lists no CNCF project: refusing to empty %s", in.ProjectsPath)
	}
	ps := append([]Project(nil), in.Projects...)
	Sort(ps)
	SetDotProject(ps, in.DotProject)
	res := &Result{Count: len(ps), Plan: &plan.Plan{}}
	res.Projects = projectsFile(in, ps)

	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	form, err := RewriteForm([]byte(in.Base.Form.Content), ProjectField, names)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.FormPath, err)
	}
	if len(in.Terms) > 0 {
		if form, err = RewriteForm(form, TermField, in.Terms); err != nil {
			return nil, fmt.Errorf("%s: %w", in.FormPath, err)
		}
	}
	res.Form = string(form)
	res.ProjectsChanged = !in.Base.Projects.Exists || in.Base.Projects.Content != res.Projects
	res.FormChanged = in.Base.Form.Content != res.Form
	res.Changed = res.ProjectsChanged || res.FormChanged
	if res.Changed {
		planDelivery(in, res)
	}
	return res, nil
}

// projectsFile renders the list, with the date of an existing file whose
// entries are the same.
func projectsFile(in *Input, ps []Project) string {
	entries := Entries(ps)
	candidates := []File{in.Base.Projects}
	if in.Sync != nil {
		candidates = append(candidates, in.Sync.Projects)
	}
	for _, c := range candidates {
		if !c.Exists {
			continue
		}
		_, e := splitFile(c.Content)
		if e == entries {
			if date, ok := lastUpdated(c.Content); ok {
				return Render(ps, date)
			}
		}
	}
	return Render(ps, in.Now.UTC().Format(time.DateOnly))
}

// lastUpdated reads the "# Last updated: YYYY-MM-DD" header line.
func lastUpdated(content string) (string, bool) {
	header, _ := splitFile(content)
	for _, l := range strings.Split(header, "\n") {
		if d, ok := strings.CutPrefix(l, "# Last updated: "); ok {
			if _, err := time.Parse(time.DateOnly, strings.TrimSpace(d)); err == nil {
				return strings.TrimSpace(d), true
			}
		}
	}
	return "", false
}

// planDelivery writes what differs onto the sync branch (reset to the
// default branch once an earlier pull request was merged) and opens or
// updates the pull request.
func planDelivery(in *Input, res *Result) {
	p := res.Plan
	merged := in.Sync != nil && in.Sync.Projects == in.Base.Projects && in.Sync.Form == in.Base.Form
	p.Add(plan.EnsureBranch{Name: Branch, From: in.DefaultBranch, Reset: merged})
	cur := in.Base
	if in.Sync != nil && !merged {
		cur = *in.Sync
	}
	put := func(path string, f File, want, what string) {
		if f.Exists && f.Content == want {
			return
		}
		var old []byte
		if f.Exists {
			old = []byte(f.Content)
		}
		a := plan.PutFile{Path: path, Content: want, Branch: Branch, Message: "Sync " + what + " from cncf/landscape",
			Diff: meeting.Diff(path, old, []byte(want))}
		if f.Exists {
			a.BaseSHA = f.SHA
		}
		p.Add(a)
	}
	put(in.ProjectsPath, cur.Projects, res.Projects, "the CNCF project list")
	put(in.FormPath, cur.Form, res.Form, "the proposal form's dropdowns")
	p.Add(plan.EnsurePullRequest{Head: Branch, Base: in.DefaultBranch,
		Title: "Sync the CNCF project list from the landscape", Body: prBody(in, res)})
}

func prBody(in *Input, res *Result) string {
	var b strings.Builder
	b.WriteString("<!-- mentorbot:projects-sync -->\n")
	fmt.Fprintf(&b, "mentorbot regenerated the CNCF project list from cncf/landscape: %d projects.\n\n", res.Count)
	if res.ProjectsChanged {
		fmt.Fprintf(&b, "- `%s` changed.\n", in.ProjectsPath)
	}
	if res.FormChanged {
		fmt.Fprintf(&b, "- `%s`: the CNCF Project and Term dropdowns changed.\n", in.FormPath)
	}
	b.WriteString("\nThe pull request is updated in place while it is open; merge it to publish the list.\n")
	return b.String()
}

package meeting

import (
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/plan"
)

// actions turns the changes into the plan: one PutFile per changed file on
// the default branch, or, in pull_request mode, on the meeting branch
// (created from the default branch when missing) with a pull request.
func actions(in Input, res Result) plan.Plan {
	p := plan.Plan{Owner: in.Owner, Repo: in.Repo}
	if len(res.Changes) == 0 {
		return p
	}
	branch := ""
	if in.Config.Mode == "pull_request" {
		branch = in.Config.Branch
		p.Add(plan.EnsureBranch{Name: branch, From: in.DefaultBranch})
	}
	var notes []string
	for _, c := range res.Changes {
		base := c.BaseSHA
		if branch != "" && in.Branch != nil && in.Branch.Exists {
			// The branch exists: the write goes on top of its file.
			base = in.Branch.SHAs[c.Path]
		}
		p.Add(plan.PutFile{Path: c.Path, Content: string(c.New), BaseSHA: base, Branch: branch, Message: c.Message, Diff: Diff(c.Path, c.Old, c.New)})
		for _, n := range c.Notes {
			notes = append(notes, fmt.Sprintf("- `%s`: %s", c.Path, n))
		}
	}
	if branch != "" {
		title := res.Changes[len(res.Changes)-1].Message
		body := fmt.Sprintf("The next meeting is on %s, %s.\n\n%s\n\n---\nOpened by mentorbot, which keeps this pull request up to date until it is merged. Merge it to publish the stub.\n",
			res.Next.Date.Long(), TimeLine(res.Next.Start), strings.Join(notes, "\n"))
		p.Add(plan.EnsurePullRequest{Head: branch, Base: in.DefaultBranch, Title: title, Body: body})
	}
	return p
}

package plan

import "fmt"

// EditIssueBody rewrites the body of an issue mentorbot did not open (a
// proposal) from Old to New, where New is Old with only mentorbot's own
// block changed (the pinned LFX link). The executor writes New only while
// the issue's body is still Old: a body someone edited since the plan was
// made is never overwritten, and the run fails so that it is planned
// again. A body already New is unchanged.
type EditIssueBody struct {
	Issue IssueRef `json:"issue"`
	Old   string   `json:"old"`
	New   string   `json:"new"`
	// What says what the edit does, for the plan's rendering.
	What string `json:"what"`
}

func (EditIssueBody) Kind() string { return "edit-issue-body" }
func (a EditIssueBody) Describe() string {
	return fmt.Sprintf("edit the body of %s: %s", a.Issue, a.What)
}

// DeleteBranch deletes branch Name of the repository (a merged export
// branch). A branch already gone is unchanged.
type DeleteBranch struct {
	Name string `json:"name"`
}

func (DeleteBranch) Kind() string       { return "delete-branch" }
func (a DeleteBranch) Describe() string { return fmt.Sprintf("delete branch %s", a.Name) }

package plan

import "fmt"

// EditIssue keeps an existing issue's title and body as given: it writes
// them when they differ and changes nothing otherwise. The body must carry
// Marker, and the executor refuses an issue whose body does not, so an
// issue mentorbot did not write (or one a person rewrote) is never
// overwritten by a plan made from stale state. Announcements are edited in
// place with it.
type EditIssue struct {
	Issue  IssueRef `json:"issue"`
	Marker string   `json:"marker"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
}

func (EditIssue) Kind() string { return "edit-issue" }
func (a EditIssue) Describe() string {
	return fmt.Sprintf("update the title and body of %s to %q", a.Issue, a.Title)
}
func (a EditIssue) Detail() string { return a.Body }

package plan

import "fmt"

// CreateDiscussion opens a GitHub Discussion in a category. The ids were
// resolved by name when the plan was made (Category is for people); the
// body carries Marker, by which mentorbot finds its own discussion again.
type CreateDiscussion struct {
	Ref          string `json:"ref,omitempty"`
	RepositoryID string `json:"repository_id"`
	CategoryID   string `json:"category_id"`
	Category     string `json:"category"`
	Marker       string `json:"marker"`
	Title        string `json:"title"`
	Body         string `json:"body"`
}

func (CreateDiscussion) Kind() string { return "create-discussion" }
func (a CreateDiscussion) Describe() string {
	return fmt.Sprintf("open discussion %q in category %q", a.Title, a.Category)
}
func (a CreateDiscussion) Detail() string { return a.Body }

// UpdateDiscussion sets the title and body of mentorbot's own discussion
// ID (number Number). The planner plans it only when either differs from
// what it read, so a re-run writes nothing.
type UpdateDiscussion struct {
	ID     string `json:"id"`
	Number int    `json:"number"`
	Title  string `json:"title"`
	Body   string `json:"body"`
}

func (UpdateDiscussion) Kind() string { return "update-discussion" }
func (a UpdateDiscussion) Describe() string {
	return fmt.Sprintf("update the title and body of discussion #%d to %q", a.Number, a.Title)
}
func (a UpdateDiscussion) Detail() string { return a.Body }

// CloseDiscussion closes discussion ID with Reason: RESOLVED (the meeting
// is over) or OUTDATED (it was cancelled).
type CloseDiscussion struct {
	ID     string `json:"id"`
	Number int    `json:"number"`
	Reason string `json:"reason"`
}

func (CloseDiscussion) Kind() string { return "close-discussion" }
func (a CloseDiscussion) Describe() string {
	return fmt.Sprintf("close discussion #%d as %s", a.Number, a.Reason)
}

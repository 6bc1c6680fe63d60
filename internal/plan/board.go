package plan

import "fmt"

// SetBoardStatus puts an issue's card on a Projects v2 board in a Status
// column: it adds the issue to the board first when ItemID is "" (adding an
// issue that is already there returns its card), then sets the single-select
// field FieldID to OptionID. The ids were resolved from the board by name
// when the plan was made; Status, From and Reason are for people.
type SetBoardStatus struct {
	ProjectID string `json:"project_id"`
	Issue     int    `json:"issue"`
	ContentID string `json:"content_id"`
	ItemID    string `json:"item_id,omitempty"`
	FieldID   string `json:"field_id"`
	OptionID  string `json:"option_id"`
	Status    string `json:"status"`
	From      string `json:"from,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

func (SetBoardStatus) Kind() string { return "set-board-status" }
func (a SetBoardStatus) Describe() string {
	from := "not on the board"
	if a.ItemID != "" {
		from = fmt.Sprintf("%q", a.From)
		if a.From == "" {
			from = "no status"
		}
	}
	return fmt.Sprintf("move #%d on the board from %s to %q (%s)", a.Issue, from, a.Status, a.Reason)
}

package plan

import (
	"fmt"
	"strings"
)

// SetBoardFields puts an admin issue's card on a Projects v2 board and
// sets its fields: it adds the issue first when ItemID is "" (adding an
// issue already there returns its card), then, when StatusFieldID is set,
// the single-select Status to OptionID, then each date. The ids were
// resolved from the board by name when the plan was made; Status and the
// dates' Field names are for people.
type SetBoardFields struct {
	ProjectID     string      `json:"project_id"`
	Issue         int         `json:"issue"`
	ContentID     string      `json:"content_id"`
	ItemID        string      `json:"item_id,omitempty"`
	StatusFieldID string      `json:"status_field_id,omitempty"`
	OptionID      string      `json:"option_id,omitempty"`
	Status        string      `json:"status,omitempty"`
	Dates         []BoardDate `json:"dates,omitempty"`
}

// BoardDate is one date field's value, "YYYY-MM-DD".
type BoardDate struct {
	FieldID string `json:"field_id"`
	Field   string `json:"field"`
	Date    string `json:"date"`
}

func (SetBoardFields) Kind() string { return "set-board-fields" }
func (a SetBoardFields) Describe() string {
	var parts []string
	if a.ItemID == "" {
		parts = append(parts, "add it")
	}
	if a.StatusFieldID != "" {
		parts = append(parts, fmt.Sprintf("Status %q", a.Status))
	}
	for _, d := range a.Dates {
		parts = append(parts, fmt.Sprintf("%s %s", d.Field, d.Date))
	}
	return fmt.Sprintf("on the admin board, #%d: %s", a.Issue, strings.Join(parts, ", "))
}

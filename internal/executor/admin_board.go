package executor

import (
	"context"
	"fmt"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/shurcooL/githubv4"
)

// UpdateProjectV2ItemFieldValueInput is githubv4's input of the same name
// with the value's date as GitHub's Date scalar writes it ("2026-03-01"):
// githubv4.Date encodes a whole timestamp. The GraphQL client names the
// variable's type after the Go type, so the name must stay.
type UpdateProjectV2ItemFieldValueInput struct {
	ProjectID githubv4.ID `json:"projectId"`
	ItemID    githubv4.ID `json:"itemId"`
	FieldID   githubv4.ID `json:"fieldId"`
	Value     struct {
		Date string `json:"date"`
	} `json:"value"`
}

// AdminBoard applies plan.SetBoardFields through GraphQL: one mutation to
// add a card that is not on the board, one per field set. It stops at the
// first failure and marks the rest skipped, like Board.
type AdminBoard struct {
	gql GraphQL
	set *Board
}

// NewAdminBoard returns an admin board executor over gql.
func NewAdminBoard(gql GraphQL) *AdminBoard { return &AdminBoard{gql: gql, set: NewBoard(gql)} }

// Apply applies p's SetBoardFields actions; any other action is an error.
func (e *AdminBoard) Apply(ctx context.Context, p *plan.Plan) (*Report, error) {
	return applyInOrder(p, "admin board", boardPermission, only(ctx, e.fields))
}

func (e *AdminBoard) fields(ctx context.Context, a plan.SetBoardFields, o *Outcome) error {
	o.Number = a.Issue
	item, added, err := ensureItem(ctx, e.gql, a.ProjectID, a.ContentID, a.ItemID, a.Issue)
	if err != nil {
		return err
	}
	if added {
		o.Detail = "added; "
	}
	if a.StatusFieldID != "" {
		st := plan.SetBoardStatus{ProjectID: a.ProjectID, Issue: a.Issue, ItemID: item, FieldID: a.StatusFieldID, OptionID: a.OptionID, Status: a.Status}
		if err := e.set.setStatus(ctx, st, &Outcome{}); err != nil {
			return err
		}
		o.Detail += "Status " + a.Status + "; "
	}
	for _, d := range a.Dates {
		var m updateFieldValue
		in := UpdateProjectV2ItemFieldValueInput{ProjectID: githubv4.ID(a.ProjectID), ItemID: githubv4.ID(item), FieldID: githubv4.ID(d.FieldID)}
		in.Value.Date = d.Date
		if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
			return fmt.Errorf("setting %s of #%d: %w", d.Field, a.Issue, err)
		}
		o.Detail += d.Field + " " + d.Date + "; "
	}
	return nil
}

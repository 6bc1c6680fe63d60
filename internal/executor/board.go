package executor

import (
	"context"
	"fmt"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/shurcooL/githubv4"
)

// Board applies board actions (plan.SetBoardStatus) through GitHub's
// GraphQL API. Like Executor it applies actions in order and stops at the
// first failure, marking the rest skipped. It does not read a card before
// writing it: the plan was made from the card as just read, and the
// planner writes nothing for a card already in its column, so a re-run is
// a no-op without a read here.
type Board struct {
	gql GraphQL
}

// NewBoard returns a board executor over gql.
func NewBoard(gql GraphQL) *Board { return &Board{gql: gql} }

// Apply applies p's board actions; any other action is an error.
func (e *Board) Apply(ctx context.Context, p *plan.Plan) (*Report, error) {
	return applyInOrder(p, "board", boardPermission, only(ctx, e.setStatus))
}

func (e *Board) setStatus(ctx context.Context, a plan.SetBoardStatus, o *Outcome) error {
	o.Number = a.Issue
	item, added, err := ensureItem(ctx, e.gql, a.ProjectID, a.ContentID, a.ItemID, a.Issue)
	if err != nil {
		return err
	}
	if added {
		o.Detail = "added to the board; "
	}
	var m updateFieldValue
	opt := githubv4.String(a.OptionID)
	in := githubv4.UpdateProjectV2ItemFieldValueInput{ProjectID: githubv4.ID(a.ProjectID), ItemID: githubv4.ID(item),
		FieldID: githubv4.ID(a.FieldID), Value: githubv4.ProjectV2FieldValue{SingleSelectOptionID: &opt}}
	if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
		return fmt.Errorf("setting the Status of #%d: %w", a.Issue, err)
	}
	o.Detail += "Status " + a.Status
	return nil
}

package executor

import (
	"context"
	"fmt"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/shurcooL/githubv4"
)

// GraphQL is the part of githubv4.Client the board executor uses.
type GraphQL interface {
	Mutate(ctx context.Context, m any, input githubv4.Input, variables map[string]any) error
}

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
	rep := &Report{}
	if p == nil {
		return rep, nil
	}
	var firstErr error
	for _, a := range p.Actions {
		o := Outcome{Action: a, Kind: a.Kind()}
		if firstErr != nil {
			o.Status = Skipped
			rep.Outcomes = append(rep.Outcomes, o)
			continue
		}
		s, ok := a.(plan.SetBoardStatus)
		if !ok {
			firstErr = fmt.Errorf("the board executor cannot apply %s", a.Kind())
		} else if err := e.setStatus(ctx, s, &o); err != nil {
			firstErr = fmt.Errorf("%s: %w (the App needs organization projects write, the Action a token with project scope)", a.Describe(), err)
		}
		if firstErr != nil {
			o.Status, o.Error = Failed, firstErr.Error()
		}
		rep.Outcomes = append(rep.Outcomes, o)
	}
	return rep, firstErr
}

func (e *Board) setStatus(ctx context.Context, a plan.SetBoardStatus, o *Outcome) error {
	o.Number = a.Issue
	item := a.ItemID
	if item == "" {
		var m struct {
			AddProjectV2ItemByID struct {
				Item struct{ ID githubv4.ID }
			} `graphql:"addProjectV2ItemById(input: $input)"`
		}
		in := githubv4.AddProjectV2ItemByIdInput{ProjectID: githubv4.ID(a.ProjectID), ContentID: githubv4.ID(a.ContentID)}
		if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
			return fmt.Errorf("adding #%d to the board: %w", a.Issue, err)
		}
		item, _ = m.AddProjectV2ItemByID.Item.ID.(string)
		if item == "" {
			return fmt.Errorf("adding #%d to the board: no item id in the answer", a.Issue)
		}
		o.Detail = "added to the board; "
	}
	var m struct {
		UpdateProjectV2ItemFieldValue struct {
			ProjectV2Item struct{ ID githubv4.ID } `graphql:"projectV2Item"`
		} `graphql:"updateProjectV2ItemFieldValue(input: $input)"`
	}
	opt := githubv4.String(a.OptionID)
	in := githubv4.UpdateProjectV2ItemFieldValueInput{ProjectID: githubv4.ID(a.ProjectID), ItemID: githubv4.ID(item),
		FieldID: githubv4.ID(a.FieldID), Value: githubv4.ProjectV2FieldValue{SingleSelectOptionID: &opt}}
	if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
		return fmt.Errorf("setting the Status of #%d: %w", a.Issue, err)
	}
	o.Status = Applied
	o.Detail += "Status " + a.Status
	return nil
}

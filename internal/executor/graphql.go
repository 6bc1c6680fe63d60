package executor

import (
	"context"
	"fmt"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/shurcooL/githubv4"
)

// GraphQL is the part of githubv4.Client the GraphQL executors use.
type GraphQL interface {
	Mutate(ctx context.Context, m any, input githubv4.Input, variables map[string]any) error
}

// boardPermission is what a failed board write needed.
const boardPermission = "the App needs organization projects write, the Action a token with project scope"

// applyInOrder is the loop the GraphQL executors share: it applies p's
// actions in order through apply, stops at the first failure and marks the
// rest skipped. apply reports ok false for an action it does not apply,
// which fails the plan as something the named executor cannot apply; an
// error from apply is wrapped with the action and the permission a failed
// write needed.
func applyInOrder(p *plan.Plan, executor, permission string, apply func(a plan.Action, o *Outcome) (ok bool, err error)) (*Report, error) {
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
		ok, err := apply(a, &o)
		switch {
		case !ok:
			firstErr = fmt.Errorf("the %s executor cannot apply %s", executor, a.Kind())
		case err != nil:
			firstErr = fmt.Errorf("%s: %w (%s)", a.Describe(), err, permission)
		}
		if firstErr != nil {
			o.Status, o.Error = Failed, firstErr.Error()
		} else {
			o.Status = Applied
		}
		rep.Outcomes = append(rep.Outcomes, o)
	}
	return rep, firstErr
}

// only adapts apply, which applies one kind of action, to applyInOrder:
// any other kind is not applied.
func only[A plan.Action](ctx context.Context, apply func(context.Context, A, *Outcome) error) func(plan.Action, *Outcome) (bool, error) {
	return func(a plan.Action, o *Outcome) (bool, error) {
		x, ok := a.(A)
		if !ok {
			return false, nil
		}
		return true, apply(ctx, x, o)
	}
}

// addProjectItem adds the issue or pull request contentID (#issue) to the
// project and returns the new card's item id.
// ensureItem returns the card's item id: itemID when the issue is on the
// board already, else the id of the card it adds (added true).
func ensureItem(ctx context.Context, gql GraphQL, projectID, contentID, itemID string, issue int) (item string, added bool, err error) {
	if itemID != "" {
		return itemID, false, nil
	}
	item, err = addProjectItem(ctx, gql, projectID, contentID, issue)
	return item, err == nil, err
}

func addProjectItem(ctx context.Context, gql GraphQL, projectID, contentID string, issue int) (string, error) {
	var m struct {
		AddProjectV2ItemByID struct {
			Item struct{ ID githubv4.ID }
		} `graphql:"addProjectV2ItemById(input: $input)"`
	}
	in := githubv4.AddProjectV2ItemByIdInput{ProjectID: githubv4.ID(projectID), ContentID: githubv4.ID(contentID)}
	if err := gql.Mutate(ctx, &m, in, nil); err != nil {
		return "", fmt.Errorf("adding #%d to the board: %w", issue, err)
	}
	item, _ := m.AddProjectV2ItemByID.Item.ID.(string)
	if item == "" {
		return "", fmt.Errorf("adding #%d to the board: no item id in the answer", issue)
	}
	return item, nil
}

// updateFieldValue is the answer to updateProjectV2ItemFieldValue.
type updateFieldValue struct {
	UpdateProjectV2ItemFieldValue struct {
		ProjectV2Item struct{ ID githubv4.ID } `graphql:"projectV2Item"`
	} `graphql:"updateProjectV2ItemFieldValue(input: $input)"`
}

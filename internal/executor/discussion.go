package executor

import (
	"context"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/shurcooL/githubv4"
)

// Discussions applies discussion actions (plan.CreateDiscussion,
// UpdateDiscussion, CloseDiscussion) through GitHub's GraphQL API: one
// mutation each, in order, stopping at the first failure and marking the
// rest skipped. It reads nothing: the planner compared what the loader
// read and plans a write only for a difference, so a re-run is a no-op.
type Discussions struct {
	gql GraphQL
}

// NewDiscussions returns a discussion executor over gql.
func NewDiscussions(gql GraphQL) *Discussions { return &Discussions{gql: gql} }

// discussionPermission is what a failed write needed.
const discussionPermission = "the App needs discussions write; the Action a token with discussions: write"

// Apply applies p's discussion actions; any other action is an error.
func (e *Discussions) Apply(ctx context.Context, p *plan.Plan) (*Report, error) {
	return applyInOrder(p, "discussion", discussionPermission, func(a plan.Action, o *Outcome) (bool, error) {
		switch a := a.(type) {
		case plan.CreateDiscussion:
			return true, e.create(ctx, a, o)
		case plan.UpdateDiscussion:
			return true, e.update(ctx, a, o)
		case plan.CloseDiscussion:
			return true, e.close(ctx, a, o)
		}
		return false, nil
	})
}

type discussionRef struct {
	ID     githubv4.ID
	Number int
	URL    string `graphql:"url"`
}

func (e *Discussions) create(ctx context.Context, a plan.CreateDiscussion, o *Outcome) error {
	if !strings.Contains(a.Body, a.Marker) || a.Marker == "" {
		return fmt.Errorf("the body does not carry its marker %q", a.Marker)
	}
	var m struct {
		CreateDiscussion struct {
			Discussion discussionRef
		} `graphql:"createDiscussion(input: $input)"`
	}
	in := githubv4.CreateDiscussionInput{RepositoryID: githubv4.ID(a.RepositoryID), CategoryID: githubv4.ID(a.CategoryID),
		Title: githubv4.String(a.Title), Body: githubv4.String(a.Body)}
	if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
		return err
	}
	d := m.CreateDiscussion.Discussion
	if d.Number == 0 {
		return fmt.Errorf("no discussion in the answer")
	}
	o.Number, o.URL, o.Detail = d.Number, d.URL, "opened in "+a.Category
	return nil
}

func (e *Discussions) update(ctx context.Context, a plan.UpdateDiscussion, o *Outcome) error {
	var m struct {
		UpdateDiscussion struct {
			Discussion discussionRef
		} `graphql:"updateDiscussion(input: $input)"`
	}
	title, body := githubv4.String(a.Title), githubv4.String(a.Body)
	in := githubv4.UpdateDiscussionInput{DiscussionID: githubv4.ID(a.ID), Title: &title, Body: &body}
	if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
		return err
	}
	o.Number, o.URL, o.Detail = a.Number, m.UpdateDiscussion.Discussion.URL, "title and body updated"
	return nil
}

func (e *Discussions) close(ctx context.Context, a plan.CloseDiscussion, o *Outcome) error {
	var m struct {
		CloseDiscussion struct {
			Discussion discussionRef
		} `graphql:"closeDiscussion(input: $input)"`
	}
	reason := githubv4.DiscussionCloseReason(a.Reason)
	in := githubv4.CloseDiscussionInput{DiscussionID: githubv4.ID(a.ID), Reason: &reason}
	if err := e.gql.Mutate(ctx, &m, in, nil); err != nil {
		return err
	}
	o.Number, o.URL, o.Detail = a.Number, m.CloseDiscussion.Discussion.URL, "closed as "+a.Reason
	return nil
}

package runner

import (
	"context"
	"fmt"

	"github.com/mentorbot/mentorbot/internal/board"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/shurcooL/githubv4"
)

// gqlReader reads the board and its cards through GitHub's GraphQL API
// (board.Reader). Each method is one query per page of 100.
type gqlReader struct {
	gql         GraphQLClient
	owner, repo string
	isBot       func(string) bool
	proposal    string
}

// statusValue is a card's Status: fieldValueByName is null without one.
type statusValue struct {
	SingleSelect struct {
		OptionID githubv4.String
	} `graphql:"... on ProjectV2ItemFieldSingleSelectValue"`
}

type labelNames struct {
	Nodes []struct{ Name string }
}

func (l labelNames) names() []string {
	out := make([]string, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		out = append(out, n.Name)
	}
	return out
}

func (r *gqlReader) Board(ctx context.Context, id string) (*board.Board, error) {
	var q struct {
		Node *struct {
			ProjectV2 struct {
				ID    githubv4.ID
				Title string
				Field *struct {
					SingleSelect struct {
						ID      githubv4.ID
						Options []struct{ ID, Name string }
					} `graphql:"... on ProjectV2SingleSelectField"`
				} `graphql:"field(name: $field)"`
			} `graphql:"... on ProjectV2"`
		} `graphql:"node(id: $id)"`
	}
	if err := r.gql.Query(ctx, &q, map[string]any{"id": githubv4.ID(id), "field": githubv4.String(board.StatusField)}); err != nil {
		return nil, err
	}
	if q.Node == nil || q.Node.ProjectV2.ID == nil {
		return nil, fmt.Errorf("%s is not a Projects v2 board the token can read", id)
	}
	b := &board.Board{ProjectID: id, Title: q.Node.ProjectV2.Title, Options: map[string]string{}}
	if f := q.Node.ProjectV2.Field; f != nil && f.SingleSelect.ID != nil {
		b.FieldID, _ = f.SingleSelect.ID.(string)
		for _, o := range f.SingleSelect.Options {
			b.Options[o.Name] = o.ID
		}
	}
	return b, nil
}

func (r *gqlReader) Card(ctx context.Context, projectID string, n int) (*board.Card, error) {
	var q struct {
		Repository struct {
			Issue struct {
				ID           githubv4.ID
				Number       int
				Title        string
				State        string
				Labels       labelNames `graphql:"labels(first: 100)"`
				ProjectItems struct {
					Nodes []struct {
						ID               githubv4.ID
						Project          struct{ ID githubv4.ID }
						FieldValueByName *statusValue `graphql:"fieldValueByName(name: $field)"`
					}
				} `graphql:"projectItems(first: 100)"`
			} `graphql:"issue(number: $number)"`
		} `graphql:"repository(owner: $owner, name: $name)"`
	}
	vars := map[string]any{"owner": githubv4.String(r.owner), "name": githubv4.String(r.repo),
		"number": githubv4.Int(n), "field": githubv4.String(board.StatusField)}
	if err := r.gql.Query(ctx, &q, vars); err != nil {
		return nil, err
	}
	is := q.Repository.Issue
	c := &board.Card{Number: is.Number, Title: is.Title, Closed: is.State == "CLOSED", Labels: is.Labels.names()}
	c.ContentID, _ = is.ID.(string)
	for _, it := range is.ProjectItems.Nodes {
		if pid, _ := it.Project.ID.(string); pid == projectID {
			c.ItemID, _ = it.ID.(string)
			c.OptionID = optionOf(it.FieldValueByName)
		}
	}
	return c, nil
}

func optionOf(v *statusValue) string {
	if v == nil {
		return ""
	}
	return string(v.SingleSelect.OptionID)
}

// boardItem is one card as Cards reads it.
type boardItem struct {
	ID               githubv4.ID
	FieldValueByName *statusValue `graphql:"fieldValueByName(name: $field)"`
	Content          struct {
		Issue struct {
			ID         githubv4.ID
			Number     int
			Title      string
			State      string
			Repository struct{ NameWithOwner string }
			Labels     labelNames `graphql:"labels(first: 100)"`
		} `graphql:"... on Issue"`
	}
}

func (r *gqlReader) Cards(ctx context.Context, projectID string) ([]board.Card, error) {
	var out []board.Card
	on := map[int]bool{}
	vars := map[string]any{"field": githubv4.String(board.StatusField)}
	err := projectItems(ctx, r.gql, projectID, vars, func(it boardItem) {
		is := it.Content.Issue
		if is.Number == 0 || !equalFold(is.Repository.NameWithOwner, r.owner+"/"+r.repo) {
			return // a draft, a pull request, another repository's issue
		}
		c := board.Card{Number: is.Number, Title: is.Title, Closed: is.State == "CLOSED", Labels: is.Labels.names(),
			OptionID: optionOf(it.FieldValueByName)}
		c.ContentID, _ = is.ID.(string)
		c.ItemID, _ = it.ID.(string)
		on[c.Number] = true
		out = append(out, c)
	})
	if err != nil {
		return nil, err
	}
	missing, err := r.openProposals(ctx, on)
	if err != nil {
		return nil, err
	}
	return append(out, missing...), nil
}

// openProposals lists the open proposals that are not on the board.
func (r *gqlReader) openProposals(ctx context.Context, on map[int]bool) ([]board.Card, error) {
	var out []board.Card
	var after *githubv4.String
	for {
		var q struct {
			Repository struct {
				Issues struct {
					Nodes []struct {
						ID     githubv4.ID
						Number int
						Title  string
						State  string
						Labels labelNames `graphql:"labels(first: 100)"`
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   githubv4.String
					}
				} `graphql:"issues(first: 100, after: $after, labels: $labels, states: OPEN)"`
			} `graphql:"repository(owner: $owner, name: $name)"`
		}
		vars := map[string]any{"owner": githubv4.String(r.owner), "name": githubv4.String(r.repo),
			"labels": []githubv4.String{githubv4.String(r.proposal)}, "after": after}
		if err := r.gql.Query(ctx, &q, vars); err != nil {
			return nil, fmt.Errorf("listing open proposals: %w", err)
		}
		for _, is := range q.Repository.Issues.Nodes {
			if on[is.Number] {
				continue
			}
			c := board.Card{Number: is.Number, Title: is.Title, Closed: is.State == "CLOSED", Labels: is.Labels.names()}
			c.ContentID, _ = is.ID.(string)
			out = append(out, c)
		}
		if !q.Repository.Issues.PageInfo.HasNextPage {
			return out, nil
		}
		cur := q.Repository.Issues.PageInfo.EndCursor
		after = &cur
	}
}

// LFXRecorded reads the issue's last 100 comments for mentorbot's own
// record of the LFX URL (export.RecordedLFXURL ignores anyone else's).
func (r *gqlReader) LFXRecorded(ctx context.Context, n int) (bool, error) {
	var q struct {
		Repository struct {
			Issue struct {
				Comments struct {
					Nodes []struct {
						Author struct{ Login string }
						Body   string
					}
				} `graphql:"comments(last: 100)"`
			} `graphql:"issue(number: $number)"`
		} `graphql:"repository(owner: $owner, name: $name)"`
	}
	vars := map[string]any{"owner": githubv4.String(r.owner), "name": githubv4.String(r.repo), "number": githubv4.Int(n)}
	if err := r.gql.Query(ctx, &q, vars); err != nil {
		return false, err
	}
	var cs []export.Comment
	for _, c := range q.Repository.Issue.Comments.Nodes {
		cs = append(cs, export.Comment{Author: c.Author.Login, Body: c.Body})
	}
	return export.RecordedLFXURL(cs, r.isBot) != "", nil
}

// projectItems reads the items of the board projectID, 100 a page, and
// hands each to each. N is the item's GraphQL selection; vars are the
// variables it uses besides $id and $after.
func projectItems[N any](ctx context.Context, gql GraphQLClient, projectID string, vars map[string]any, each func(N)) error {
	var after *githubv4.String
	for {
		var q struct {
			Node *struct {
				ProjectV2 struct {
					Items struct {
						Nodes    []N
						PageInfo struct {
							HasNextPage bool
							EndCursor   githubv4.String
						}
					} `graphql:"items(first: 100, after: $after)"`
				} `graphql:"... on ProjectV2"`
			} `graphql:"node(id: $id)"`
		}
		page := map[string]any{"id": githubv4.ID(projectID), "after": after}
		for k, v := range vars {
			page[k] = v
		}
		if err := gql.Query(ctx, &q, page); err != nil {
			return err
		}
		if q.Node == nil {
			return fmt.Errorf("%s is not a Projects v2 board the token can read", projectID)
		}
		items := q.Node.ProjectV2.Items
		for _, it := range items.Nodes {
			each(it)
		}
		if !items.PageInfo.HasNextPage {
			return nil
		}
		cur := items.PageInfo.EndCursor
		after = &cur
	}
}

func equalFold(a, b string) bool { return len(a) == len(b) && containsFold([]string{a}, b) }
